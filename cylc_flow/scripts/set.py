"""cylc set [OPTIONS] ID[//CYCLE/TASK] [CYCLE/TASK ...]

Complete task outputs or satisfy task prerequisites by command.

--out=a,b completes outputs (labels or messages; default: the required
outputs), spawning the tasks that depend on them; --pre=all (or
--pre=CYCLE/TASK:OUTPUT) satisfies prerequisites so the task can run.
"""

from __future__ import annotations

from cylc_flow.cli.options import make_parser
from cylc_flow.cli.task_ids import send_task_command


def main(argv: list[str] | None = None) -> int:
    parser = make_parser('cylc set', __doc__)
    parser.add_argument('ids', nargs='+', metavar='ID')
    parser.add_argument('-o', '--out', '--output', action='append', default=[],
                        dest='outputs', help='outputs to complete (comma lists ok)')
    parser.add_argument('-p', '--pre', action='append', default=[],
                        dest='prerequisites',
                        help='prerequisites to satisfy: all, or CYCLE/TASK:OUTPUT')
    parser.add_argument('--flow', action='append', default=[])
    parser.add_argument('--wait', '--flow-wait', dest='flow_wait',
                        action='store_true')
    parser.add_argument('--meta', dest='flow_descr')
    args = parser.parse_args(argv)

    def split(values: list[str]) -> list[str]:
        return [item.strip() for value in values for item in value.split(',')
                if item.strip()]

    return send_task_command('set', args.ids, {
        'outputs': split(args.outputs),
        'prerequisites': split(args.prerequisites),
        'flow': args.flow, 'flow_wait': args.flow_wait,
    })
