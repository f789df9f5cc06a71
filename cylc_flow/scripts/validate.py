"""cylc validate [OPTIONS] [PATH|ID]

Validate a workflow configuration.

Parses the workflow (Jinja2, includes), checks every item against the
flow.cylc specification, builds the graph and task definitions and checks
them for consistency (implicit tasks, outputs, completion expressions,
xtriggers, platforms, circular dependencies).  Prints "Valid for cylc-VERSION"
on success; one error line and exit status 1 on failure.
"""

from __future__ import annotations

from cylc_flow import __version__
from cylc_flow.cli.options import (
    add_common_options,
    add_cycle_point_options,
    add_template_options,
    make_parser,
)


def get_parser():
    parser = make_parser('cylc validate', __doc__)
    parser.add_argument('workflow', nargs='?', metavar='PATH|ID',
                        help='workflow source path or installed ID (default: .)')
    add_common_options(parser)
    add_template_options(parser)
    add_cycle_point_options(parser)
    parser.add_argument(
        '--check-circular', action='store_true',
        help='accepted for compatibility: circular dependencies are always checked',
    )
    parser.add_argument('-u', '--run-mode', default='live',
                        choices=('live', 'simulation', 'dummy', 'skip'),
                        help='validate for this run mode')
    return parser


def main(argv: list[str] | None = None) -> int:
    from cylc_flow.cli.workflow_loading import load_workflow_config

    args = get_parser().parse_args(argv)
    config = load_workflow_config(args, quiet=args.quiet > 0)
    if args.verbose:
        print(f'{len(config.taskdefs)} tasks,'
              f' {len(config.runtime.families)} families')
    print(f'Valid for cylc-{__version__}')
    return 0
