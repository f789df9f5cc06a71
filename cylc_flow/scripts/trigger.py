"""cylc trigger [OPTIONS] ID[//CYCLE/TASK] [CYCLE/TASK ...]

Run tasks now, whatever their prerequisites.

--flow=all (default: the flows of the task, or of the workflow), a flow
number (repeatable), "new" to start a new flow, or "none" to run the task
without spawning children.
"""

from __future__ import annotations

from cylc_flow.cli.options import make_parser
from cylc_flow.cli.task_ids import send_task_command


def main(argv: list[str] | None = None) -> int:
    parser = make_parser('cylc trigger', __doc__)
    parser.add_argument('ids', nargs='+', metavar='ID')
    parser.add_argument('--flow', action='append', default=[],
                        help='all, new, none, or a flow number (repeatable)')
    parser.add_argument('--wait', '--flow-wait', dest='flow_wait',
                        action='store_true',
                        help='wait for the flow to reach the task before continuing')
    parser.add_argument('--meta', dest='flow_descr', help='flow description')
    parser.add_argument('--on-resume', action='store_true',
                        help='(if paused) run once the workflow is resumed')
    args = parser.parse_args(argv)
    return send_task_command('trigger', args.ids, {
        'flow': args.flow, 'flow_wait': args.flow_wait,
        'flow_descr': args.flow_descr,
    })
