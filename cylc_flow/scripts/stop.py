"""cylc stop [OPTIONS] ID[//CYCLE[/TASK]]

Stop a running workflow.

By default wait for active tasks to finish, submitting nothing new.
--kill kills active jobs first; --now stops without waiting (jobs carry on
and are polled at restart); --now --now stops at once.  ID//CYCLE stops after
that cycle point; ID//CYCLE/TASK stops after that task succeeds.
"""

from __future__ import annotations

from cylc_flow.cli.options import make_parser
from cylc_flow.exceptions import InputError


def get_parser():
    parser = make_parser('cylc stop', __doc__)
    parser.add_argument('workflow', metavar='ID')
    parser.add_argument('stop_point', nargs='?', metavar='STOP',
                        help='(Cylc 7 form) a cycle point or task to stop after')
    parser.add_argument('-k', '--kill', action='store_true',
                        help='kill active jobs, then stop')
    parser.add_argument('-n', '--now', action='count', default=0,
                        help='stop without waiting for active jobs (twice: at once)')
    parser.add_argument('--flow', dest='flow_num', type=int,
                        help='stop this flow only')
    parser.add_argument('-w', '--wall-clock', metavar='TIME',
                        help='stop at this wall clock time (ISO 8601)')
    parser.add_argument('--debug', action='store_true')
    return parser


def main(argv: list[str] | None = None) -> int:
    from cylc_flow.cli.running import client_for
    from cylc_flow.id import Tokens

    args = get_parser().parse_args(argv)
    tokens = Tokens.parse(args.workflow)
    request: dict = {}
    if tokens.task:
        request['task'] = f'{tokens.cycle}/{tokens.task}'
    elif tokens.cycle:
        request['cycle_point'] = tokens.cycle
    elif args.stop_point:
        request['cycle_point'] = args.stop_point
    if args.kill and args.now:
        raise InputError('--kill and --now cannot be used together')
    if args.kill:
        request['mode'] = 'Kill'
    elif args.now >= 2:
        request['mode'] = 'NowNow'
    elif args.now:
        request['mode'] = 'Now'
    if args.flow_num is not None:
        request['flow_num'] = args.flow_num
    if args.wall_clock:
        from datetime import datetime

        try:
            request['clock_time'] = datetime.fromisoformat(
                args.wall_clock.replace('Z', '+00:00')).timestamp()
        except ValueError:
            raise InputError(f'bad --wall-clock time: {args.wall_clock}') from None
    client = client_for(tokens.workflow_id())
    print(client.request('stop', request))
    return 0
