"""cylc kill ID[//CYCLE/TASK] [CYCLE/TASK ...]

Kill the jobs of active tasks: they fail (or retry, if they have retries).
"""

from __future__ import annotations

from cylc_flow.cli.options import make_parser
from cylc_flow.cli.task_ids import send_task_command


def main(argv: list[str] | None = None) -> int:
    parser = make_parser('cylc kill', __doc__)
    parser.add_argument('ids', nargs='+', metavar='ID')
    args = parser.parse_args(argv)
    return send_task_command('kill', args.ids, {})
