"""cylc dump [OPTIONS] ID

Print information about a running workflow: its global settings and the
tasks in its active pool (n=0).

For more about a task, such as its prerequisites and outputs, see
"cylc show"; for monitoring see "cylc tui".

Examples:
  # the state of all active tasks, sorted by cycle point
  $ cylc dump --tasks --sort WORKFLOW_ID

  # active tasks of one cycle point
  $ cylc dump -t WORKFLOW_ID | grep 2010082406

  # the raw data, indented
  $ cylc dump -r -p WORKFLOW_ID
"""

from __future__ import annotations

from cylc_flow.cli.graphql_commands import add_comms_options
from cylc_flow.cli.options import add_common_options, make_parser


def main(argv: list[str] | None = None) -> int:
    from cylc_flow.cli.info.dump_run import DumpOptions, run_dump

    parser = make_parser('cylc dump', __doc__)
    parser.add_argument('workflow', metavar='ID')
    forms = parser.add_mutually_exclusive_group()
    forms.add_argument('-g', '--global', action='store_const', const='global',
                       dest='form', help='global information only')
    forms.add_argument('-t', '--tasks', action='store_const', const='tasks',
                       dest='form', help='task states only')
    forms.add_argument('-r', '--raw', '--raw-format', action='store_const',
                       const='raw', dest='form',
                       help='the raw data, as JSON')
    parser.add_argument('-f', '--flows', action='store_true',
                        help='print flow numbers with tasks')
    parser.add_argument('-p', '--pretty', '--pretty-print', action='store_true',
                        help='raw format with indents and newlines')
    parser.add_argument('-s', '--sort', action='store_true', dest='by_cycle',
                        help='task states only; sort by cycle point instead'
                        ' of name')
    parser.add_argument('-i', '--full-ids', action='store_true',
                        help='print only the full IDs of the tasks')
    parser.add_argument('-l', '--legacy', action='store_true',
                        help='print tasks as "name, cycle, state, held,'
                        ' queued, runahead" (the older format)')
    add_comms_options(parser, 15.0, debug=False)
    add_common_options(parser)
    args = parser.parse_args(argv)
    return run_dump(args.workflow, DumpOptions(
        form=args.form, flows=args.flows, pretty=args.pretty,
        by_cycle=args.by_cycle, full_ids=args.full_ids, legacy=args.legacy,
        timeout=args.comms_timeout))
