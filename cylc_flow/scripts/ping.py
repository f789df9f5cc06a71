"""cylc ping ID

Check that a workflow is running: exit 0 if it answers, 1 if not."""

from __future__ import annotations

from cylc_flow.cli.options import make_parser


def main(argv: list[str] | None = None) -> int:
    from cylc_flow.cli.running import client_for

    parser = make_parser('cylc ping', __doc__)
    parser.add_argument('workflow', metavar='ID')
    parser.add_argument('-v', '--verbose', action='store_true')
    args = parser.parse_args(argv)
    reply = client_for(args.workflow).request('ping', {})
    if args.verbose:
        print(f'{args.workflow}: {reply}')
    return 0
