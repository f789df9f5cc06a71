"""cylc stop [OPTIONS] ID [ID ...]

Tell workflows to shut down.

  1. (default) wait for active tasks to finish, submitting nothing new
  2. --kill: kill active jobs, then shut down
  3. --now: shut down without waiting for active tasks (their jobs carry on
     and are polled at restart); --now --now: at once, without waiting for
     event handlers or job polls and kills either
  4. ID//CYCLE: shut down after the cycle point has been passed
  5. ID//CYCLE/TASK: shut down after the task has succeeded
  6. --wall-clock=TIME: shut down at this ISO 8601 date-time
  7. --flow=N: stop flow N spawning more tasks (shut down if it is the
     only flow)

The command returns at once unless --max-polls is given, in which case it
polls (every --interval seconds) until the workflow has stopped.

Examples:
  $ cylc stop my_flow
  $ cylc stop --kill my_flow
  $ cylc stop my_flow//1234
  $ cylc stop my_flow//1234/foo
  $ cylc stop '*'
"""

from __future__ import annotations

import os
import sys
import time

from cylc_flow.cli.graphql_commands import (
    add_comms_options,
    run_mutation_command,
    workflow_mutation,
)
from cylc_flow.cli.options import make_parser
from cylc_flow.cli.task_ids import MIXED
from cylc_flow.exceptions import InputError

#: the stop mutation's arguments and their GraphQL types
ARGUMENTS = {'mode': 'WorkflowStopMode', 'cyclePoint': 'CyclePoint',
             'clockTime': 'TimePoint', 'task': 'TaskID', 'flowNum': 'Int'}
MUTATION = workflow_mutation('stop', ARGUMENTS)


def get_parser():
    parser = make_parser('cylc stop', __doc__)
    parser.add_argument('ids', nargs='+', metavar='ID')
    parser.add_argument('-k', '--kill', action='store_true',
                        help='shut down after killing active tasks')
    parser.add_argument('-n', '--now', action='count', default=0,
                        help='shut down without waiting for active tasks'
                             ' (twice: at once)')
    parser.add_argument('--flow', dest='flow_num', metavar='INT',
                        help='stop flow number INT from spawning more tasks')
    parser.add_argument('-w', '--wall-clock', metavar='STOP',
                        help='shut down after this time (ISO 8601)')
    parser.add_argument('--max-polls', type=int, default=0, metavar='INT',
                        help='poll this many times for the workflow to stop'
                             ' (default 0: do not wait)')
    parser.add_argument('--interval', type=float, default=60.0, metavar='SEC',
                        help='seconds between polls (default 60)')
    add_comms_options(parser)
    return parser


def stop_variables(args, tasks: list[str]) -> dict:
    """The stop mutation's variables (less ``wFlows``); checks the options."""
    from cylc_flow.id import Tokens

    stop_task = stop_cycle = None
    if tasks:
        tokens = Tokens.parse(f'//{tasks[0]}')
        if tokens.task:
            stop_task = tokens.relative_id()
        else:
            stop_cycle = tokens.cycle
    if (stop_task or stop_cycle) and args.kill:
        raise InputError('--kill is not compatible with stop-task'
                         if stop_task else
                         '--kill is not compatible with stop-cycle')
    if args.kill and args.now:
        raise InputError('--kill is not compatible with --now')
    if args.flow_num is not None:
        if not str(args.flow_num).isdigit() or int(args.flow_num) < 1:
            raise InputError(f'--flow must be a flow number, not'
                             f' {args.flow_num!r}')
        if args.max_polls > 0:
            raise InputError('--flow is not compatible with --max-polls')
        if tasks:
            raise InputError('--flow is not compatible with task IDs')
    mode = None
    if not (stop_task or stop_cycle):
        if args.kill:
            mode = 'Kill'
        elif args.now > 1:
            mode = 'NowNow'
        elif args.now:
            mode = 'Now'
    return {'mode': mode, 'cyclePoint': stop_cycle,
            'clockTime': args.wall_clock, 'task': stop_task,
            'flowNum': int(args.flow_num) if args.flow_num else None}


def wait_until_stopped(workflow_id: str, max_polls: int, interval: float
                       ) -> bool:
    """Poll until the workflow's contact file has gone (it has stopped)."""
    from cylc_flow.cli.running import resolve
    from cylc_flow.network.contact import contact_file_path

    contact = contact_file_path(resolve(workflow_id).run_dir)
    sys.stdout.write(f"polling for '{workflow_id} stopped'")
    for _ in range(max_polls):
        if not os.path.exists(contact):
            print(': satisfied')
            return True
        sys.stdout.write('.')
        sys.stdout.flush()
        time.sleep(interval)
    if not os.path.exists(contact):
        print(': satisfied')
        return True
    print(file=sys.stdout)
    print(f'ERROR: {workflow_id} has not stopped after {max_polls} polls',
          file=sys.stderr)
    return False


def main(argv: list[str] | None = None) -> int:
    args = get_parser().parse_args(argv)
    accepted: list[str] = []

    def build(workflow_id, group):
        variables = stop_variables(args, group.tasks)
        accepted.append(workflow_id)
        return MUTATION, {'wFlows': [workflow_id], **variables}

    status = run_mutation_command(args.ids, build, constraint=MIXED,
                                  timeout=args.comms_timeout, max_tasks=1)
    if status == 0 and args.max_polls > 0:
        for workflow_id in accepted:
            if not wait_until_stopped(workflow_id, args.max_polls,
                                      args.interval):
                status = 1
    return status
