"""cylc install [OPTIONS] [SOURCE_NAME | PATH]

Install a workflow into ~/cylc-run.

The workflow can then be started, stopped, and targeted by name.

Normal installation creates a numbered run directory
"~/cylc-run/<workflow-name>/run<number>", with a "runN" symlink to the latest.

If a SOURCE_NAME is given, Cylc looks for it in the directories listed in
"global.cylc[install]source dirs" (default ~/cylc-src) and installs the first
match; the installed name is SOURCE_NAME unless --workflow-name is used.

If a PATH is given, the workflow is installed from that directory.  Relative
paths must start with "./" to avoid ambiguity with SOURCE_NAME ("foo/bar" is a
source name, "./foo/bar" a path).  The installed name is the base name of the
path unless --workflow-name is used.

With no argument, the workflow in the current directory is installed.

A "_cylc-install/source" symlink to the source directory is created in
"~/cylc-run/<workflow-name>".  Every file and directory of the source is
copied into the run directory except .git, .svn, log, share, work,
_cylc-install, .service and anything listed in a ".cylcignore" file (rsync
patterns, one per line).  A ".service" directory is also created.

Examples:
  # Install "dogs/fido" from the first source dir holding it, as
  # ~/cylc-run/dogs/fido/run1 (run2, run3... if run1 exists)
  $ cylc install dogs/fido

  # Install $PWD (~/bunny/rabbit) as ~/cylc-run/rabbit/run1
  $ cylc install

  # Install $PWD as ~/cylc-run/rabbit (no run sub-directory)
  $ cylc install --no-run-name

  # Install $PWD as ~/cylc-run/fido/run1, whatever $PWD is called
  $ cylc install --workflow-name=fido

  # Install ./bunny/rabbit or /home/somewhere/badger
  $ cylc install ./bunny/rabbit
  $ cylc install /home/somewhere/badger

  # Install $PWD (~/cats) as ~/cylc-run/cats/paws
  $ cylc install --run-name=paws

The same source can be installed under several names.
"""

from __future__ import annotations

import argparse
import sys

from cylc_flow.cli.options import add_common_options, make_parser


def get_parser() -> argparse.ArgumentParser:
    parser = make_parser('cylc install', __doc__)
    parser.add_argument(
        'source', nargs='?', metavar='SOURCE_NAME | PATH',
        help='workflow source name or path to source directory (default: .)',
    )
    parser.add_argument(
        '-n', '--workflow-name', metavar='WORKFLOW_NAME', dest='workflow_name',
        help='install into ~/cylc-run/<WORKFLOW_NAME>/runN',
    )
    parser.add_argument(
        '--symlink-dirs', metavar='SYMLINK_DIRS', dest='symlink_dirs',
        help=(
            "a comma separated list, 'log=path/to/store, share = $HOME/some/"
            "path, ...', overriding global.cylc for the run, log, work, share"
            " and share/cycle directories; '' to make no symlinks"
        ),
    )
    parser.add_argument(
        '-r', '--run-name', metavar='RUN_NAME', dest='run_name',
        help='give the run a custom name instead of automatically numbering it',
    )
    parser.add_argument(
        '--no-run-name', action='store_true', dest='no_run_name',
        help=(
            'install the workflow directly into ~/cylc-run/<workflow_name>,'
            ' without an automatic run number or custom run name'
        ),
    )
    parser.add_argument(
        '--no-ping', action='store_true', dest='no_ping',
        help=(
            'when scanning for active instances of the workflow, do not'
            ' attempt to contact the schedulers to get status'
        ),
    )
    add_common_options(parser)
    return parser


def report_active_runs(workflow_name: str) -> None:
    """Print a note about other runs of this workflow that are running."""
    from cylc_flow.install.contact import running_scheduler
    from cylc_flow.install.run_dirs import contained_workflows
    from cylc_flow.install.settings import max_depth
    from cylc_flow.workflow_paths import cylc_run_dir

    root = cylc_run_dir()
    active = [
        str(run_dir.relative_to(root))
        for run_dir in contained_workflows(root / workflow_name, max_depth() + 1)
        if running_scheduler(run_dir) is not None
    ]
    if not active:
        return
    count = len(active)
    plural = count > 1
    print(
        f'NOTE: {count} run{"s" if plural else ""} of "{workflow_name}"'
        f' {"are" if plural else "is"} already active:'
    )
    for name in active:
        print(f'  {name}')
    pattern = f"'{workflow_name}/*'" if plural else active[0]
    print(
        f'You can stop {"them all" if plural else "it"} with:\n'
        f'  cylc stop {pattern}\n'
        'See "cylc stop --help" for options.'
    )


def main(argv: list[str] | None = None) -> int:
    run_install(get_parser().parse_args(argv))
    return 0


def run_install(args: argparse.Namespace) -> str:
    """Install as the parsed command line says; return the workflow ID."""
    from cylc_flow.exceptions import InputError
    from cylc_flow.install.installer import install_workflow
    from cylc_flow.install.sources import source_location
    from cylc_flow.install.symlink_dirs import parse_cli_symlink_dirs

    if args.no_run_name and args.run_name is not None:
        raise InputError(
            'options --no-run-name and --run-name are mutually exclusive.'
        )
    source = source_location(args.source)
    cli_symlink_dirs = None
    if args.symlink_dirs is not None:
        cli_symlink_dirs = parse_cli_symlink_dirs(args.symlink_dirs)
    result = install_workflow(
        source,
        workflow_name=args.workflow_name,
        run_name=args.run_name,
        no_run_name=args.no_run_name,
        cli_symlink_dirs=cli_symlink_dirs,
    )
    for warning in result.warnings:
        print(f'WARNING - {warning}', file=sys.stderr)
    print(f'INSTALLED {result.workflow_id} from {result.source}')
    report_active_runs(result.workflow_name)
    return result.workflow_id
