"""cylc client [OPTIONS] ID METHOD

Send a raw request to a running workflow and print the JSON reply.

The request's arguments are read as JSON from standard input, e.g.:

    echo '{"request_string": "{ taskProxies { id state } }"}' \\
        | cylc client myflow graphql
"""

from __future__ import annotations

import json
import sys

from cylc_flow.cli.options import make_parser
from cylc_flow.exceptions import InputError


def main(argv: list[str] | None = None) -> int:
    from cylc_flow.cli.running import request, resolve

    parser = make_parser('cylc client', __doc__)
    parser.add_argument('workflow', metavar='ID')
    parser.add_argument('method', metavar='METHOD')
    parser.add_argument('-n', '--no-input', action='store_true',
                        help='send no arguments (do not read stdin)')
    parser.add_argument('--timeout', type=float, default=30.0,
                        help='seconds to wait for the reply')
    args = parser.parse_args(argv)
    arguments: dict = {}
    if not args.no_input:
        text = sys.stdin.read()
        if text.strip():
            try:
                arguments = json.loads(text)
            except ValueError as exc:
                raise InputError(f'stdin is not valid JSON: {exc}') from None
            if not isinstance(arguments, dict):
                raise InputError('stdin must hold a JSON object of arguments')
    reply = request(resolve(args.workflow), args.method, arguments,
                    timeout=args.timeout)
    print(json.dumps(reply, indent=2, sort_keys=True))
    return 0
