"""cylc remove [OPTIONS] ID [ID ...]

Remove tasks from the scheduler's active window (n=0).

--flow=N (repeatable) removes the tasks from those flows only; a task left
with no flow is removed.

Examples:
  $ cylc remove my_flow//1234/foo
  $ cylc remove --flow=2 'my_flow//*/foo'
"""

from __future__ import annotations

from cylc_flow.cli.graphql_commands import (
    add_comms_options,
    run_mutation_command,
    task_mutation,
)
from cylc_flow.cli.options import make_parser
from cylc_flow.cli.task_ids import TASKS
from cylc_flow.exceptions import InputError

MUTATION = task_mutation('remove', {'flow': '[Flow!]'})


def get_parser():
    parser = make_parser('cylc remove', __doc__)
    parser.add_argument('ids', nargs='+', metavar='ID')
    parser.add_argument('--flow', action='append', dest='flow', metavar='INT',
                        default=None,
                        help='remove the tasks from this flow (repeatable;'
                             ' default all flows)')
    add_comms_options(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = get_parser().parse_args(argv)
    flows = [str(value).strip() for value in args.flow or ()]
    for value in flows:
        if not value.isdigit() or int(value) < 1:
            raise InputError(f'--flow must be a flow number, not {value!r}')

    def build(workflow_id, group):
        return MUTATION, {'wFlows': [workflow_id], 'tasks': group.tasks,
                          'flow': flows or None}

    return run_mutation_command(args.ids, build, constraint=TASKS,
                                timeout=args.comms_timeout)
