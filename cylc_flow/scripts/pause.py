"""cylc pause [OPTIONS] ID [ID ...]

Pause workflows: no new jobs are submitted until "cylc play" resumes them.
Active jobs carry on, and their messages are still received.

Examples:
  $ cylc pause my_flow
  $ cylc pause 'my_flow*'
"""

from __future__ import annotations

from cylc_flow.cli.graphql_commands import (
    add_comms_options,
    run_mutation_command,
    workflow_mutation,
)
from cylc_flow.cli.options import make_parser
from cylc_flow.cli.task_ids import WORKFLOWS

MUTATION = workflow_mutation('pause')
RESUME_MUTATION = workflow_mutation('resume')


def main(argv: list[str] | None = None) -> int:
    parser = make_parser('cylc pause', __doc__)
    parser.add_argument('ids', nargs='+', metavar='ID')
    add_comms_options(parser)
    args = parser.parse_args(argv)

    def build(workflow_id, group):
        return MUTATION, {'wFlows': [workflow_id]}

    return run_mutation_command(args.ids, build, constraint=WORKFLOWS,
                                timeout=args.comms_timeout)
