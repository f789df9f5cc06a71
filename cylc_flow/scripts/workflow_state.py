"""cylc workflow-state [OPTIONS] ID

Print task statuses or completed outputs from a workflow's database, polling
until something matches or the polls run out (--max-polls, --interval; use
--max-polls=1 for a single look).  The workflow need not be installed or
running yet: polls are spent waiting for its database.

ID is WORKFLOW[//CYCLE[/TASK]][:SELECTOR]; CYCLE and TASK may contain "*"
(quote the ID to keep it from the shell).  The selector is matched against:
  - task statuses, if it is one (waiting, expired, preparing, submit-failed,
    submitted, running, failed, succeeded);
  - else output triggers (e.g. "succeeded", "file1"); "finished" means
    succeeded or failed;
  - with --triggers, output triggers only;
  - with --messages, output messages only.
With no selector every status matches.

Statuses are the latest of each task; transient ones (submitted, running)
are easily missed between polls: poll for the "submitted" or "started"
trigger instead.  Outputs set with "cylc set" are recorded with the message
"(force-completed)", so poll for triggers rather than messages.

Results print as CYCLE/TASK:STATUS, or CYCLE/TASK:{outputs} for output
queries, followed by "(flows=N)" unless the task is in flow 1 only.  Cycle
points are converted to the workflow's cycle point format.

Exit status: 0 if the condition was met, 1 if the polls ran out.

Examples:
  # the status of every task of WORKFLOW (one look):
  $ cylc workflow-state --max-polls=1 WORKFLOW

  # every task in cycle 2033, and every task named foo:
  $ cylc workflow-state WORKFLOW//2033
  $ cylc workflow-state "WORKFLOW//*/foo"

  # wait for 2033/foo to succeed, or to complete its output file1:
  $ cylc workflow-state WORKFLOW//2033/foo:succeeded
  $ cylc workflow-state WORKFLOW//2033/foo:file1

  # in a job script: the same task one cycle earlier in another workflow:
  $ cylc workflow-state --offset=-PT6H "other//$CYLC_TASK_CYCLE_POINT/foo"

Deprecated (Cylc 8.0-8.2) options, still accepted:
  cylc workflow-state --task=NAME --point=CYCLE --status=STATUS WORKFLOW
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from cylc_flow.cli.options import add_common_options, make_parser

if TYPE_CHECKING:
    from cylc_flow.workflow_state.poller import WorkflowStatePoller

MAX_POLLS = 12
INTERVAL = 5.0
DEPRECATED = 'options --task, --status, --message, --output, --point'


def get_parser() -> argparse.ArgumentParser:
    parser = make_parser('cylc workflow-state', __doc__)
    parser.add_argument('ids', nargs='*', metavar='ID',
                        help='WORKFLOW[//CYCLE[/TASK]][:SELECTOR]')
    parser.add_argument(
        '-d', '--alt-cylc-run-dir', '--run-dir', metavar='DIR',
        dest='alt_cylc_run_dir',
        help="another cylc-run directory, e.g. for other users' workflows",
    )
    parser.add_argument(
        '-s', '--offset', metavar='DURATION',
        help='offset from the ID cycle point: an ISO 8601 duration for'
        ' date-time cycling (PT30M) or an integer interval (P2)',
    )
    parser.add_argument('--flow', type=int, metavar='INT', dest='flow_num',
                        help='flow number of the target tasks (default: any)')
    parser.add_argument('--triggers', action='store_true', dest='is_trigger',
                        help='the selector is an output trigger')
    parser.add_argument('--messages', action='store_true', dest='is_message',
                        help='the selector is an output message')
    parser.add_argument('--pretty', action='store_true',
                        help='print outputs as indented JSON')
    parser.add_argument('--old-format', action='store_true',
                        help='print "task, cycle, status" lines (legacy)')
    parser.add_argument('--max-polls', type=int, default=MAX_POLLS,
                        metavar='INT',
                        help=f'maximum number of polls (default {MAX_POLLS})')
    parser.add_argument('--interval', type=float, default=INTERVAL,
                        metavar='SECS',
                        help=f'seconds between polls (default {INTERVAL:g})')
    deprecated = parser.add_argument_group('deprecated options')
    deprecated.add_argument('-t', '--task', metavar='NAME', dest='old_task',
                            help='task name (use the ID)')
    deprecated.add_argument('-p', '--point', metavar='CYCLE', dest='old_point',
                            help='cycle point (use the ID)')
    deprecated.add_argument(
        '-T', '--task-point', action='store_true', dest='use_task_point',
        help='cycle point from $CYLC_TASK_CYCLE_POINT (use the ID)',
    )
    deprecated.add_argument('-S', '--status', metavar='STATUS',
                            dest='old_status', help='task status (use ID:STATUS)')
    deprecated.add_argument(
        '-O', '--output', '-m', '--message', metavar='MSG', dest='old_message',
        help='task output message (use ID:MSG with --messages)',
    )
    add_common_options(parser)
    return parser


def upgrade_deprecated_options(workflow_id: str, args: argparse.Namespace) -> str:
    """Fold the Cylc 8.0-8.2 options into the ID (warning on stderr)."""
    from cylc_flow.exceptions import InputError

    point = args.old_point
    if args.use_task_point:
        point = os.environ.get('CYLC_TASK_CYCLE_POINT')
        if not point:
            raise InputError('--task-point: $CYLC_TASK_CYCLE_POINT is not set')
    if not any((args.old_task, args.old_status, args.old_message, point)):
        return workflow_id
    if '//' in workflow_id or ':' in workflow_id:
        raise InputError(
            f'with the deprecated {DEPRECATED}, the argument must be a plain'
            ' workflow ID (no cycle, task or :selector)'
        )
    text = f'{workflow_id}//{point or "*"}'
    if args.old_task:
        text += f'/{args.old_task}'
    if args.old_status:
        text += f':{args.old_status}'
    elif args.old_message:
        text += f':{args.old_message}'
        args.is_message = True
    print(
        f'WARNING - {DEPRECATED} are deprecated. Please use the ID format:'
        f' {text}',
        file=sys.stderr,
    )
    return text


def _warn(message: str) -> None:
    print(f'WARNING - {message}', file=sys.stderr)


class _Progress:
    """Progress dots on stderr, and the inferred run name once found."""

    def __init__(self, poller: WorkflowStatePoller) -> None:
        self.poller = poller
        self.dots = False
        self.told = False

    def wait(self, _number: int) -> None:
        self.tell_inferred()
        sys.stderr.write('.')
        sys.stderr.flush()
        self.dots = True

    def tell_inferred(self) -> None:
        target = self.poller.target
        if target is not None and target.inferred and not self.told:
            self.end_dots()
            print(f'Inferred workflow ID: {target.workflow_id}',
                  file=sys.stderr)
            self.told = True

    def end_dots(self) -> None:
        if self.dots:
            sys.stderr.write('\n')
            self.dots = False


def main(argv: list[str] | None = None) -> int:
    from cylc_flow.exceptions import InputError
    from cylc_flow.workflow_state.display import format_result
    from cylc_flow.workflow_state.errors import PollingExhaustedError
    from cylc_flow.workflow_state.poller import WorkflowStatePoller
    from cylc_flow.workflow_state.query import build_query

    args = get_parser().parse_args(argv)
    if len(args.ids) != 1:
        raise InputError('Please give a single ID')
    if args.is_trigger and args.is_message:
        raise InputError('--triggers and --messages cannot be used together')
    workflow_id = upgrade_deprecated_options(args.ids[0].strip(), args)
    query = build_query(
        workflow_id,
        is_trigger=args.is_trigger,
        is_message=args.is_message,
        infer_trigger=True,
        offset=args.offset,
        flow_num=args.flow_num,
    )
    poller = WorkflowStatePoller(
        query, alt_cylc_run_dir=args.alt_cylc_run_dir, warn=_warn
    )
    progress = _Progress(poller)
    try:
        results = poller.poll(args.max_polls, args.interval,
                              on_wait=progress.wait)
    except PollingExhaustedError:
        progress.end_dots()
        raise
    progress.tell_inferred()
    progress.end_dots()
    lines = [
        format_result(result, args.old_format, args.pretty) for result in results
    ]
    print('\n'.join(lines))
    return 0
