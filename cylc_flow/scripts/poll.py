"""cylc poll ID[//CYCLE/TASK] [CYCLE/TASK ...]

Poll the jobs of active tasks and update their states from what the job
files and the job runner say.
"""

from __future__ import annotations

from cylc_flow.cli.options import make_parser
from cylc_flow.cli.task_ids import send_task_command


def main(argv: list[str] | None = None) -> int:
    parser = make_parser('cylc poll', __doc__)
    parser.add_argument('ids', nargs='+', metavar='ID')
    args = parser.parse_args(argv)
    return send_task_command('poll', args.ids, {})
