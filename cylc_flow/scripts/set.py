"""cylc set [OPTIONS] ID [ID ...]

Complete task outputs, or satisfy task prerequisites, by command.

By default this completes the required outputs of the target tasks (the
same as --out=required).

Outputs (--out=a,b or repeated -o): the output trigger names (not messages)
as used in the graph.  Completing an output spawns the tasks that depend on
it; completing "succeeded", "failed" or "expired" sets the task's state.

Prerequisites (--pre=CYCLE/TASK[:OUTPUT], OUTPUT defaulting to succeeded, or
--pre=all): satisfy them, bringing the task into the active window; it runs
once they are all met.  Use --out or --pre, not both.

Examples:
  $ cylc set my_flow//3/bar
  $ cylc set --out=succeeded my_flow//3/bar
  $ cylc set --out=a --out=b,c my_flow//3/bar
  $ cylc set --pre=3/foo:x my_flow//3/bar
  $ cylc set --pre=all my_flow//3/bar
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
from cylc_flow.exceptions import InputError

MUTATION = task_mutation('set', {
    'prerequisites': '[PrerequisiteString]', 'outputs': '[OutputLabel]',
    'flow': '[Flow!]', 'flowWait': 'Boolean', 'flowDescr': 'String'})

SELECTOR_ERROR = 'Use "--output={1}" to specify outputs, not "{0}:{1}"'


def get_parser():
    parser = make_parser('cylc set', __doc__)
    parser.add_argument('ids', nargs='+', metavar='ID')
    parser.add_argument(
        '-o', '--out', '--output', action='append', default=None,
        dest='outputs', metavar='OUTPUT(s)',
        help='complete these outputs (repeat, or give a comma list;'
             ' "required" for the required outputs)')
    parser.add_argument(
        '-p', '--pre', '--prerequisite', action='append', default=None,
        dest='prerequisites', metavar='PREREQUISITE(s)',
        help='satisfy these prerequisites: CYCLE/TASK[:OUTPUT], or "all"')
    add_flow_options(parser)
    add_comms_options(parser)
    return parser


def check_selectors(tasks: list[str]) -> None:
    """Outputs are options, not ``:selectors`` (``1/foo:x`` is an error)."""
    from cylc_flow.id import Tokens

    for text in tasks:
        tokens = Tokens.parse(f'//{text}')
        for part, selector in ((tokens.cycle, tokens.cycle_sel),
                               (tokens.task, tokens.task_sel)):
            if selector:
                raise InputError(SELECTOR_ERROR.format(part, selector))


def main(argv: list[str] | None = None) -> int:
    from cylc_flow.scheduler.mutations.arguments import validate_set

    args = get_parser().parse_args(argv)
    outputs, prerequisites = validate_set(args.outputs, args.prerequisites)
    flows = flow_variables(args)

    def build(workflow_id, group):
        check_selectors(group.tasks)
        return MUTATION, {'wFlows': [workflow_id], 'tasks': group.tasks,
                          'outputs': outputs, 'prerequisites': prerequisites,
                          **flows}

    return run_mutation_command(args.ids, build, constraint=TASKS,
                                timeout=args.comms_timeout)
