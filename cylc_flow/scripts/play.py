"""cylc play [OPTIONS] ID

Start, restart or resume a workflow.

A stopped workflow starts (or restarts from its database, if it has run
before) as a scheduler process in the background; the command returns once
the scheduler is up.  A paused workflow is resumed.  --no-detach keeps the
scheduler in the foreground.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time

from cylc_flow.cli.options import (
    add_template_options,
    make_parser,
    template_vars_from,
)
from cylc_flow.cli.running import Target, resolve
from cylc_flow.exceptions import CylcError, InputError

STARTUP_TIMEOUT = 120.0


def get_parser():
    parser = make_parser('cylc play', __doc__)
    parser.add_argument('workflow', metavar='ID')
    parser.add_argument('-N', '--no-detach', '--non-daemon', action='store_true',
                        help='run the scheduler in the foreground')
    parser.add_argument('--pause', action='store_true',
                        help='start paused (no jobs are submitted)')
    parser.add_argument('--hold-after', '--hold-cycle-point', metavar='POINT',
                        help='hold tasks after this cycle point')
    parser.add_argument('--icp', '--initial-cycle-point', metavar='POINT')
    parser.add_argument('--fcp', '--final-cycle-point', metavar='POINT')
    parser.add_argument('--startcp', '--start-cycle-point', metavar='POINT',
                        help='start from this point (warm start)')
    parser.add_argument('--stopcp', '--stop-cycle-point', metavar='POINT',
                        help='stop after this point')
    parser.add_argument('-t', '--start-task', action='append', default=[],
                        metavar='CYCLE/TASK', help='start from these tasks')
    parser.add_argument('-m', '--mode', '--run-mode', default='live',
                        choices=('live', 'simulation', 'dummy', 'skip'))
    parser.add_argument('--debug', action='store_true',
                        help='debug logging (shows "-triggered off" lines)')
    parser.add_argument('--reference-log', action='store_true',
                        help='write reference.log at shutdown')
    parser.add_argument('--reference-test', action='store_true',
                        help='compare with reference.log at shutdown')
    parser.add_argument('--abort-if-any-task-fails', action='store_true')
    parser.add_argument('-v', '--verbose', action='count', default=0)
    parser.add_argument('-q', '--quiet', action='count', default=0)
    add_template_options(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = get_parser().parse_args(argv)
    target = resolve(args.workflow)
    if _resume_if_running(target):
        return 0
    if args.no_detach:
        return run_scheduler(target.workflow_id, target.run_dir, args)
    return _detach(target.workflow_id, target.run_dir, argv)


def _resume_if_running(target: Target) -> bool:
    from cylc_flow.network.contact import contact_file_path
    from cylc_flow.network.errors import WorkflowStopped

    if not os.path.exists(contact_file_path(target.run_dir)):
        return False
    from cylc_flow.cli.graphql_commands import send_mutation
    from cylc_flow.scripts.pause import RESUME_MUTATION

    try:
        results = send_mutation(target, RESUME_MUTATION,
                                {'wFlows': [target.workflow_id]}, timeout=10)
    except WorkflowStopped:  # includes a stale contact file, now removed
        return False
    for success, message in results:
        if not success:
            raise CylcError(f'{target.workflow_id} is already running but did'
                            f' not resume: {message}')
    print(f'{target.workflow_id} is already running: resumed it'
          ' (if it was paused)')
    return True


def _detach(workflow_id: str, run_dir, argv: list[str]) -> int:
    """Start the scheduler in its own session; return when it is up."""
    from cylc_flow.network.contact import contact_file_path, load_contact

    log_dir = run_dir / 'log' / 'scheduler'
    log_dir.mkdir(parents=True, exist_ok=True)
    with open(log_dir / 'play.out', 'ab') as output:
        process = subprocess.Popen(
            [sys.executable, '-m', 'cylc_flow.scripts.play', '--no-detach',
             *argv],
            stdin=subprocess.DEVNULL, stdout=output, stderr=output,
            start_new_session=True, close_fds=True,
        )
    contact = contact_file_path(run_dir)
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = (log_dir / 'play.out').read_text(errors='replace')
            last = [line for line in tail.splitlines() if line.strip()][-1:]
            raise CylcError(f'{workflow_id} failed to start'
                            f'{": " + last[0] if last else ""}'
                            f' (see {log_dir})')
        if os.path.exists(contact):
            try:
                fields = load_contact(run_dir)
            except CylcError:
                fields = {}
            if fields.get('CYLC_WORKFLOW_PID') == str(process.pid):
                print(f'{workflow_id}: {fields.get("CYLC_WORKFLOW_HOST")}'
                      f' PID={process.pid}')
                return 0
        time.sleep(0.05)
    raise CylcError(f'{workflow_id}: the scheduler did not start within'
                    f' {STARTUP_TIMEOUT:.0f}s (see {log_dir})')


def run_scheduler(workflow_id: str, run_dir, args) -> int:
    """Run the scheduler in this process until it shuts down."""
    from cylc_flow.scheduler.scheduler import PlayOptions, Scheduler

    for text in args.start_task:
        if '/' not in text:
            raise InputError(f'--start-task needs CYCLE/TASK, not {text!r}')
    options = PlayOptions(
        icp=args.icp, fcp=args.fcp, startcp=args.startcp, stopcp=args.stopcp,
        start_tasks=args.start_task, pause=args.pause,
        hold_after=args.hold_after, mode=args.mode, debug=args.debug,
        reference_log=args.reference_log, reference_test=args.reference_test,
        abort_if_any_task_fails=args.abort_if_any_task_fails,
        template_vars=template_vars_from(args),
    )
    scheduler = Scheduler(workflow_id, run_dir, options)
    return asyncio.run(scheduler.run())


if __name__ == '__main__':
    from cylc_flow.cli.errors import run_guarded

    sys.exit(run_guarded(main, sys.argv[1:]))
