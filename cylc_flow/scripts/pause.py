"""cylc pause ID

Pause a workflow: no new jobs are submitted until "cylc play" resumes it."""

from __future__ import annotations

from cylc_flow.cli.options import make_parser


def main(argv: list[str] | None = None) -> int:
    from cylc_flow.cli.running import client_for

    parser = make_parser('cylc pause', __doc__)
    parser.add_argument('workflow', metavar='ID')
    args = parser.parse_args(argv)
    print(client_for(args.workflow).request('pause', {}))
    return 0
