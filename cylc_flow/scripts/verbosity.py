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

from cylc_flow.cli.options import make_parser

LEVELS = ('INFO', 'NORMAL', 'WARNING', 'ERROR', 'CRITICAL', 'DEBUG')

MUTATION = '''
mutation (
  $wFlows: [WorkflowID]!,
  $level: LogLevels!
) {
  setVerbosity (
    workflows: $wFlows,
    level: $level
  ) {
    result
  }
}
'''


def main(argv: list[str] | None = None) -> int:
    from cylc_flow.cli.workflow_mutations import mutate_workflows
    from cylc_flow.exceptions import InputError

    parser = make_parser('cylc verbosity', __doc__)
    parser.add_argument('level', metavar='LEVEL', help=', '.join(LEVELS))
    parser.add_argument('workflows', metavar='ID', nargs='+',
                        help='workflow ID(s)')
    parser.add_argument('--comms-timeout', metavar='SEC', type=float,
                        default=30.0, help='seconds to wait for each reply')
    args = parser.parse_args(argv)
    if args.level not in LEVELS:
        raise InputError(f'Illegal logging level, {args.level}'
                         f' (one of {", ".join(LEVELS)})')
    return mutate_workflows(args.workflows, 'setVerbosity', MUTATION,
                            {'level': args.level},
                            timeout=args.comms_timeout)
