"""cylc verbosity [OPTIONS] LEVEL ID [ID ...]

Set the logging severity level of a running scheduler.

Messages at or above the chosen level are logged: with WARNING (say) only
warnings, errors and critical messages are.  LEVEL is one of DEBUG, INFO,
NORMAL (the same as INFO), WARNING, ERROR, CRITICAL.

Examples:
  $ cylc verbosity DEBUG my_workflow   # log everything from now on
  $ cylc verbosity INFO my_workflow    # back to normal
"""

from __future__ import annotations

from cylc_flow.cli.graphql_commands import (
    add_comms_options,
    run_mutation_command,
    workflow_mutation,
)
from cylc_flow.cli.options import make_parser
from cylc_flow.cli.task_ids import WORKFLOWS
from cylc_flow.exceptions import InputError

LEVELS = ('INFO', 'NORMAL', 'WARNING', 'ERROR', 'CRITICAL', 'DEBUG')

MUTATION = workflow_mutation('setVerbosity', {'level': 'LogLevels!'})


def main(argv: list[str] | None = None) -> int:
    parser = make_parser('cylc verbosity', __doc__)
    parser.add_argument('level', metavar='LEVEL', help=', '.join(LEVELS))
    parser.add_argument('workflows', metavar='ID', nargs='+',
                        help='workflow ID(s)')
    add_comms_options(parser, 30.0)
    args = parser.parse_args(argv)
    if args.level not in LEVELS:
        raise InputError(f'Illegal logging level, {args.level}'
                         f' (one of {", ".join(LEVELS)})')

    def build(workflow_id, _group):
        return MUTATION, {'wFlows': [workflow_id], 'level': args.level}

    return run_mutation_command(args.workflows, build, constraint=WORKFLOWS,
                                timeout=args.comms_timeout)
