"""cylc release [OPTIONS] ID [ID ...]

Release held tasks, so that they can submit their jobs when ready.

--all releases every held task and removes the hold point (set by
"cylc hold --after" or "cylc play --hold-after").  See also "cylc hold".

Examples:
  $ cylc release my_flow//1234/mytask
  $ cylc release 'my_flow//1234/*'
  $ cylc release my_flow// --all
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

RELEASE_MUTATION = task_mutation('release')
RELEASE_HOLD_POINT_MUTATION = workflow_mutation('releaseHoldPoint')


def get_parser():
    parser = make_parser('cylc release', __doc__)
    parser.add_argument('ids', nargs='+', metavar='ID')
    parser.add_argument('--all', action='store_true', dest='release_all',
                        help='release all held tasks and remove the hold'
                             ' point')
    add_comms_options(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = get_parser().parse_args(argv)

    def build(workflow_id, group):
        if args.release_all:
            if group.tasks:
                raise InputError('Cannot combine --all with Cycle/Task IDs.')
            return RELEASE_HOLD_POINT_MUTATION, {'wFlows': [workflow_id]}
        if not group.tasks:
            raise InputError('Must define Cycles/Tasks.'
                             ' See "cylc release --help".')
        return RELEASE_MUTATION, {'wFlows': [workflow_id],
                                  'tasks': group.tasks}

    return run_mutation_command(args.ids, build, constraint=MIXED,
                                timeout=args.comms_timeout)
