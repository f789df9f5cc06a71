"""cylc clean [OPTIONS] WORKFLOW_ID [WORKFLOW_ID ...]

Delete a stopped workflow.

Remove workflow files from the local scheduler filesystem and any remote hosts
the workflow was installed on.

NOTE: this command is intended for workflows installed with "cylc install". If
it is run on a workflow written directly in ~/cylc-run and not backed up
elsewhere, the workflow will be lost.

It also removes the targets of symlinked directories
(global.cylc[install][symlink dirs]).

Workflow names can be hierarchical, corresponding to the path under ~/cylc-run;
cleaning a name that holds several runs cleans them all (after asking, or with
--yes).

Examples:
  # Remove the workflow at ~/cylc-run/foo/bar
  $ cylc clean foo/bar

  # Remove multiple workflows
  $ cylc clean one two three

  # Remove the workflow's log directory
  $ cylc clean foo/bar --rm log

  # Remove the log and work directories
  $ cylc clean foo/bar --rm log:work
  # or
  $ cylc clean foo/bar --rm log --rm work

  # Remove all job log files from the 2020 cycle points
  $ cylc clean foo/bar --rm 'log/job/2020*'

  # Remove all .csv files
  $ cylc clean foo/bar --rm '**/*.csv'

  # Only remove the workflow on the local filesystem
  $ cylc clean foo/bar --local-only

  # Only remove the workflow on remote install targets
  $ cylc clean foo/bar --remote-only
"""

from __future__ import annotations

import argparse
import fnmatch
import sys
from contextlib import suppress
from pathlib import Path

from cylc_flow.cli.options import add_common_options, make_parser

_GLOB_CHARS = frozenset('*?[')


def get_parser() -> argparse.ArgumentParser:
    parser = make_parser('cylc clean', __doc__)
    parser.add_argument('workflow_ids', nargs='+', metavar='WORKFLOW_ID',
                        help='workflow IDs (globs allowed)')
    parser.add_argument(
        '--rm', metavar='DIR[:DIR:...]', action='append', default=[],
        dest='rm_dirs',
        help=(
            'only clean the specified subdirectories (or files) in the run'
            ' directory, rather than the whole run directory; accepts quoted'
            ' globs'
        ),
    )
    parser.add_argument('--local-only', '--local', action='store_true',
                        dest='local_only',
                        help='only clean on the local filesystem (not remote hosts)')
    parser.add_argument('--remote-only', '--remote', action='store_true',
                        dest='remote_only',
                        help='only clean on remote hosts (not the local filesystem)')
    parser.add_argument(
        '-y', '--yes', action='store_true', dest='skip_interactive',
        help='skip the interactive prompt when cleaning several runs at once',
    )
    parser.add_argument(
        '--timeout', default='120', dest='remote_timeout',
        help=(
            'seconds (or an ISO 8601 duration) to wait for cleaning on remote'
            ' hosts before cancelling (default 120)'
        ),
    )
    parser.add_argument('--no-scan', action='store_true', dest='no_scan',
                        help=argparse.SUPPRESS)
    add_common_options(parser)
    return parser


def info(message: str) -> None:
    """Report what clean does, as Cylc's log lines."""
    print(f'INFO - {message}', file=sys.stderr)


def _installed_workflows(root: Path, depth: int) -> list[str]:
    from cylc_flow.install.run_dirs import contained_workflows

    return [str(path.relative_to(root)) for path in contained_workflows(root, depth)]


def expand_ids(ids: list[str], no_scan: bool) -> tuple[list[str], bool]:
    """The run IDs to clean, and whether more than one was implied."""
    from cylc_flow.install.run_dirs import contained_workflows
    from cylc_flow.install.settings import max_depth
    from cylc_flow.workflow_paths import cylc_run_dir

    root = cylc_run_dir()
    depth = max_depth() + 1
    multiple = len(ids) > 1
    found: list[str] = []
    installed: list[str] | None = None
    for text in ids:
        workflow_id = text.split('//', 1)[0].rstrip('/')
        if _GLOB_CHARS & set(workflow_id):
            multiple = True
            if installed is None:
                installed = _installed_workflows(root, depth)
            found.extend(
                name for name in installed if fnmatch.fnmatchcase(name, workflow_id)
            )
            continue
        contained = [] if no_scan else contained_workflows(root / workflow_id, depth)
        if contained:
            multiple = True
            found.extend(str(path.relative_to(root)) for path in contained)
        else:
            found.append(workflow_id)
    return sorted(dict.fromkeys(found)), multiple


def prompt(workflows: list[str]) -> None:
    """Ask before cleaning several runs; exit 1 if refused or not asked."""
    print('Would clean the following workflows:')
    for workflow in workflows:
        print(f'  {workflow}')
    if sys.stdin.isatty() and sys.stdout.isatty():
        while True:
            try:
                answer = input('Remove these workflows (y/n): ').strip().lower()
            except EOFError:
                sys.exit(1)
            if answer == 'y':
                return
            if answer == 'n':
                sys.exit(1)
    print('Use --yes to remove multiple workflows in non-interactive mode.',
          file=sys.stderr)
    sys.exit(1)


def clean_one(workflow_id: str, args: argparse.Namespace) -> None:
    """Clean one run (remote install targets first, then locally)."""
    from cylc_flow.exceptions import InputError
    from cylc_flow.install.cleaner import (
        ServiceFileError,
        check_not_running,
        clean_run,
        parse_rm_dirs,
    )
    from cylc_flow.install.names import validate_workflow_name
    from cylc_flow.install.remote_clean import (
        database_path,
        platforms_from_db,
        remote_clean,
        timeout_seconds,
    )
    from cylc_flow.install.run_dirs import infer_latest_run
    from cylc_flow.workflow_paths import cylc_run_dir

    validate_workflow_name(workflow_id)
    run_dir = cylc_run_dir() / workflow_id
    with suppress(InputError):
        run_dir, workflow_id = infer_latest_run(run_dir, implicit_run_n=False)
    if not run_dir.is_dir() and not run_dir.is_symlink():
        info(f'No directory to clean at {run_dir}')
        return
    database = database_path(run_dir)
    if not (args.local_only and not database.is_file()):
        check_not_running(workflow_id, run_dir, info)
    rm_dirs = parse_rm_dirs(args.rm_dirs) if args.rm_dirs else None
    if not args.local_only:
        if not database.is_file():
            if args.remote_only:
                raise ServiceFileError(
                    f'No workflow database for {workflow_id} - cannot perform'
                    ' remote clean'
                )
            info(f'No workflow database for {workflow_id} - will only clean'
                 ' locally')
        else:
            platforms = platforms_from_db(run_dir)
            if platforms and platforms != {'localhost'}:
                remote_clean(
                    workflow_id, platforms, timeout_seconds(args.remote_timeout),
                    args.rm_dirs or None, info,
                )
    if not args.remote_only:
        clean_run(workflow_id, run_dir, rm_dirs, info)


def main(argv: list[str] | None = None) -> int:
    from cylc_flow.exceptions import CylcError, InputError

    args = get_parser().parse_args(argv)
    if args.local_only and args.remote_only:
        raise InputError('--local and --remote options are mutually exclusive')
    workflows, multiple = expand_ids(args.workflow_ids, args.no_scan)
    if not workflows:
        print(f'WARNING - No workflows matching {", ".join(args.workflow_ids)}',
              file=sys.stderr)
        return 0
    if multiple and not args.skip_interactive:
        prompt(workflows)
    failed: dict[str, CylcError] = {}
    for workflow_id in workflows:
        try:
            clean_one(workflow_id, args)
        except CylcError as exc:
            if len(workflows) == 1:
                raise
            failed[workflow_id] = exc
    if failed:
        for workflow_id, exc in failed.items():
            print(f'ERROR - {workflow_id}: {exc}', file=sys.stderr)
        raise CylcError(f'Clean failed for: {", ".join(failed)}')
    return 0
