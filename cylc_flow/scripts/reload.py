"""cylc reload [OPTIONS] ID [ID ...]

Reload the configuration of a running workflow.

The scheduler re-reads the installed flow.cylc (run "cylc reinstall" first
to bring in changes from the source directory), with the template variables
the run was started with (cylc play --set ...).  The workflow pauses while
the new definitions are swapped in, then carries on:

  * tasks keep their states, outputs and satisfied prerequisites;
  * waiting tasks use the new settings for their next job; tasks already
    submitted or running finish with the settings they had;
  * new tasks and graph edges apply to tasks spawned from now on;
  * waiting tasks whose definition was removed are removed; active ones
    finish but spawn no children.

A flow.cylc that does not validate is reported, and the workflow carries on
with the configuration it had.

Examples:
  $ cylc reinstall my_workflow   # bring in the changed source files
  $ cylc reload my_workflow      # the running scheduler picks them up
  $ cylc reload -g my_workflow   # also re-read global.cylc
"""

from __future__ import annotations

from cylc_flow.cli.graphql_commands import (
    add_comms_options,
    run_mutation_command,
    workflow_mutation,
)
from cylc_flow.cli.options import make_parser
from cylc_flow.cli.task_ids import WORKFLOWS

MUTATION = workflow_mutation('reload', {'reloadGlobal': 'Boolean'})


def get_parser():
    parser = make_parser('cylc reload', __doc__)
    parser.add_argument('workflows', metavar='ID', nargs='+',
                        help='workflow ID(s)')
    parser.add_argument('-g', '--global', dest='reload_global',
                        action='store_true',
                        help='also reload the global configuration')
    add_comms_options(parser, 30.0)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = get_parser().parse_args(argv)

    def build(workflow_id, _group):
        return MUTATION, {'wFlows': [workflow_id],
                          'reloadGlobal': args.reload_global}

    return run_mutation_command(args.workflows, build, constraint=WORKFLOWS,
                                timeout=args.comms_timeout)
