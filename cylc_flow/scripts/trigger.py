"""cylc trigger [OPTIONS] ID [ID ...]

Run tasks now, whatever their prerequisites (even in a paused workflow).

IDs: WORKFLOW//CYCLE/TASK, more //CYCLE/TASK after it, WORKFLOW//CYCLE (the
tasks at a cycle), globs ('WORKFLOW//*/foo', active tasks only), families,
':state' selectors ('WORKFLOW//*:failed'), and several workflows per call.
Triggering several tasks at once triggers them as a group: prerequisites on
tasks outside the group are satisfied, those on tasks in the group are
respected, so the group runs in graph order.  Active tasks are not
retriggered.

Flows: by default tasks keep their flows (or, if inactive, join all active
flows); --flow=N (repeatable) assigns flow numbers, --flow=new starts a new
flow, --flow=none runs the task without spawning its children.

Examples:
  $ cylc trigger my_flow//1234/foo
  $ cylc trigger 'my_flow//*:failed'
  $ cylc trigger --flow=new --meta='rerun' my_flow//1234/foo
"""

from __future__ import annotations

from cylc_flow.cli.flow_options import add_flow_options, flow_variables
from cylc_flow.cli.graphql_commands import (
    add_comms_options,
    run_mutation_command,
    task_mutation,
)
from cylc_flow.cli.options import make_parser
from cylc_flow.cli.task_ids import TASKS

MUTATION = task_mutation('trigger', {
    'flow': '[Flow!]', 'flowWait': 'Boolean', 'flowDescr': 'String',
    'onResume': 'Boolean'})


def get_parser():
    parser = make_parser('cylc trigger', __doc__)
    parser.add_argument('ids', nargs='+', metavar='ID')
    add_flow_options(parser)
    parser.add_argument(
        '--on-resume', action='store_true', dest='on_resume',
        help='(deprecated) if the workflow is paused, wait until it is'
             ' resumed before running the triggered tasks')
    add_comms_options(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = get_parser().parse_args(argv)
    flows = flow_variables(args)

    def build(workflow_id, group):
        return MUTATION, {'wFlows': [workflow_id], 'tasks': group.tasks,
                          **flows, 'onResume': args.on_resume}

    return run_mutation_command(args.ids, build, constraint=TASKS,
                                timeout=args.comms_timeout)
