"""cylc hold [OPTIONS] ID [ID ...]

Hold tasks: held tasks do not submit their jobs even if ready to run.

A task that has not spawned yet is held as soon as it spawns (when named
explicitly); globs match active tasks only.  --after=POINT holds every task
after the cycle point, now and as they spawn.  To pause a whole workflow use
"cylc pause".  See also "cylc release".

Examples:
  $ cylc hold my_flow//1234/mytask
  $ cylc hold 'my_flow//1234/*'
  $ cylc hold 'my_flow//*:failed'
  $ cylc hold my_flow// --after=1234
  $ cylc hold my_flow// //1 //2 //3
  $ cylc hold my_flow_1//1 my_flow_2//1
"""

from __future__ import annotations

from cylc_flow.cli.graphql_commands import (
    add_comms_options,
    run_mutation_command,
    task_mutation,
    workflow_mutation,
)
from cylc_flow.cli.options import make_parser
from cylc_flow.cli.task_ids import MIXED
from cylc_flow.exceptions import InputError

HOLD_MUTATION = task_mutation('hold')
SET_HOLD_POINT_MUTATION = workflow_mutation('setHoldPoint',
                                            {'point': 'CyclePoint!'})


def get_parser():
    parser = make_parser('cylc hold', __doc__)
    parser.add_argument('ids', nargs='+', metavar='ID')
    parser.add_argument('--after', metavar='CYCLE_POINT',
                        dest='hold_point_string',
                        help='hold all tasks after this cycle point')
    add_comms_options(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = get_parser().parse_args(argv)

    def build(workflow_id, group):
        if args.hold_point_string:
            if group.tasks:
                raise InputError('Cannot combine --after with Cycle/Task IDs:'
                                 ' "cylc hold --after" holds ALL tasks after'
                                 ' the given cycle point.')
            return SET_HOLD_POINT_MUTATION, {
                'wFlows': [workflow_id], 'point': args.hold_point_string}
        if not group.tasks:
            raise InputError('Must define Cycles/Tasks. See "cylc hold --help".')
        return HOLD_MUTATION, {'wFlows': [workflow_id], 'tasks': group.tasks}

    return run_mutation_command(args.ids, build, constraint=MIXED,
                                timeout=args.comms_timeout)
