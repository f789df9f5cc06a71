"""cylc reinstall [OPTIONS] [WORKFLOW_ID]

Reinstall a previously installed workflow.

Examples:
  # Having previously installed:
  $ cylc install myflow

  # To reinstall the latest run:
  $ cylc reinstall myflow

  # Or, to reinstall a specific run:
  $ cylc reinstall myflow/run2

  # If the workflow is running:
  $ cylc reinstall myflow  # reinstall as usual
  $ cylc reload myflow     # pick up changes in the workflow config

What reinstall does:
  Reinstall synchronises files between the workflow source and the specified
  run directory.  Files added, updated or removed in the source are added,
  updated or removed in the run directory.

How changes are displayed:
  In a terminal, reinstall first shows the files it would change, in rsync
  format, and asks before going ahead:

    send foo   # the file "foo" would be added or updated
    del. bar   # the file "bar" would be deleted

  --dry-run shows the changes and stops; --yes skips the question.

How to prevent reinstall deleting files:
  Reinstall deletes files that are not in the source directory, except in
  "log/", "share/" and "work/" (the places for files made at run time).
  Paths listed in a ".cylcignore" file in the source (rsync patterns, e.g.
  "data" or "*.csv") are neither installed nor overwritten nor deleted.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from cylc_flow.cli.options import add_common_options, make_parser


def get_parser() -> argparse.ArgumentParser:
    parser = make_parser('cylc reinstall', __doc__)
    parser.add_argument('workflow_id', nargs='?', metavar='WORKFLOW_ID',
                        help='the installed workflow (default: the one in $PWD)')
    parser.add_argument('--dry-run', action='store_true', dest='dry_run',
                        help='show what would change, and change nothing')
    parser.add_argument('-y', '--yes', action='store_true', dest='yes',
                        help='do not ask before reinstalling')
    add_common_options(parser)
    return parser


def default_workflow_id() -> str:
    """The installed workflow whose run directory holds $PWD."""
    from cylc_flow.exceptions import InputError
    from cylc_flow.workflow_paths import cylc_run_dir

    root = cylc_run_dir().resolve()
    try:
        return str(Path.cwd().resolve().relative_to(root))
    except ValueError:
        raise InputError(
            'No workflow ID given (and $PWD is not in ~/cylc-run)'
        ) from None


def resolve_source(workflow_id: str) -> tuple[str, Path, Path]:
    """``(workflow ID, run dir, source dir)`` of an installed run."""
    from cylc_flow.exceptions import WorkflowFilesError
    from cylc_flow.install.installer import source_link_of
    from cylc_flow.install.run_dirs import installed_run_dir

    run_dir, workflow_id = installed_run_dir(workflow_id.split('//', 1)[0])
    if not run_dir.is_dir():
        raise WorkflowFilesError(f'"{workflow_id}" is not an installed workflow.')
    link = source_link_of(run_dir)
    if link is None:
        raise WorkflowFilesError(
            f'"{workflow_id}" was not installed with cylc install.'
        )
    source = Path(os.readlink(link))
    if not source.is_absolute():
        source = (link.parent / source).resolve()
    if not source.is_dir():
        raise WorkflowFilesError(
            f'Workflow source dir is not accessible: "{source}". Restore the'
            f' source or modify the "{link}" symlink to continue.'
        )
    return workflow_id, run_dir, source


def _is_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _confirm() -> bool:
    answer = ''
    while answer not in ('y', 'n'):
        try:
            answer = input('Continue [y/n]: ').strip().lower()
        except EOFError:
            return False
    return answer == 'y'


def main(argv: list[str] | None = None) -> int:
    from cylc_flow.install.contact import running_scheduler
    from cylc_flow.install.installer import reinstall_workflow

    args = get_parser().parse_args(argv)
    workflow_id, run_dir, source = resolve_source(
        args.workflow_id or default_workflow_id()
    )
    interactive = _is_terminal() and not args.yes
    if args.dry_run or interactive:
        changes = reinstall_workflow(source, workflow_id, run_dir, dry_run=True)
        if not changes:
            print(f'{workflow_id} up to date with {source}')
            return 0
        stream = sys.stdout if args.dry_run else sys.stderr
        for change in changes:
            print(change, file=stream)
        if args.dry_run:
            return 0
        print(
            '\nTIP: You can "exclude" files/dirs to prevent Cylc from'
            ' installing or overwriting\n     them by adding them to the'
            ' .cylcignore file. See cylc reinstall --help.\n'
            '\nReinstall would make the above changes.'
        )
        if not _confirm():
            print('Reinstall canceled, no changes made.')
            return 0
    reinstall_workflow(source, workflow_id, run_dir)
    print(f'REINSTALLED {workflow_id} from {source}')
    print('Successfully reinstalled.')
    if running_scheduler(run_dir) is not None:
        print(f'\nRun "cylc reload {workflow_id}" to pick up changes.')
    return 0
