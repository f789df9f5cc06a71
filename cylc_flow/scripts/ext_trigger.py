"""cylc ext-trigger [OPTIONS] ID MSG TRIGGER_ID

Report an external event message to a scheduler.

A task that waits on an external trigger registers the message it waits
for in flow.cylc:

    [scheduling]
        [[special tasks]]
            external-trigger = get_data("new data ready")

Each event reported with this command (same message) satisfies the trigger
of one waiting task, the earliest cycle point first; an event no task waits
for yet is kept until one does.  Put $CYLC_TASK_CYCLE_POINT in the message to
target one cycle point ("data ready for $CYLC_TASK_CYCLE_POINT" is satisfied
by "data ready for 20200101T0000Z").

TRIGGER_ID should tell one event from the next: it is broadcast to every
task at the triggered task's cycle point as $CYLC_EXT_TRIGGER_ID (for
example, to name the new data file).

Use the retry options in case the workflow is down or out of contact.
To run a task now, use "cylc trigger", not this command.

Example:
  $ cylc ext-trigger sat-proc "new sat X data avail" passX12334a
"""

from __future__ import annotations

import sys
import time

from cylc_flow.cli.graphql_commands import (
    add_comms_options,
    send_mutation,
    workflow_mutation,
)
from cylc_flow.cli.options import make_parser
from cylc_flow.cli.running import resolve
from cylc_flow.cli.task_ids import WORKFLOWS, group_ids

MAX_TRIES = 5
RETRY_INTERVAL = 10.0

MUTATION = workflow_mutation('extTrigger',
                             {'message': 'String!', 'id': 'String!'})


def main(argv: list[str] | None = None) -> int:
    from cylc_flow.exceptions import InputError
    from cylc_flow.network.errors import (
        ClientTimeout,
        ServiceFileError,
        WorkflowStopped,
    )

    parser = make_parser('cylc ext-trigger', __doc__)
    parser.add_argument('workflow', metavar='ID', help='workflow ID')
    parser.add_argument('message', metavar='MSG',
                        help='external trigger message')
    parser.add_argument('event_id', metavar='TRIGGER_ID',
                        help='unique trigger ID')
    parser.add_argument('--max-tries', metavar='INT', type=int,
                        default=MAX_TRIES,
                        help=f'maximum number of send attempts'
                             f' (default: {MAX_TRIES})')
    parser.add_argument('--retry-interval', metavar='SEC', type=float,
                        default=RETRY_INTERVAL,
                        help=f'delay in seconds before retrying'
                             f' (default: {RETRY_INTERVAL:g})')
    add_comms_options(parser, 30.0)
    args = parser.parse_args(argv)
    if args.max_tries < 1:
        raise InputError('--max-tries must be at least 1')
    if args.retry_interval < 0:
        raise InputError('--retry-interval cannot be negative')
    (group,) = group_ids([args.workflow], constraint=WORKFLOWS)
    target = resolve(group.workflow)
    print(f'Send to workflow {group.workflow}: "{args.message}"'
          f' ({args.event_id})')
    variables = {'wFlows': [target.workflow_id], 'message': args.message,
                 'id': args.event_id}
    for attempt in range(1, args.max_tries + 1):
        try:
            results = send_mutation(target, MUTATION, variables,
                                    timeout=args.comms_timeout)
        except (WorkflowStopped, ServiceFileError, ClientTimeout) as exc:
            if attempt == args.max_tries:
                raise
            print(f'Send message: try {attempt} of {args.max_tries} failed:'
                  f' {exc}', file=sys.stderr)
            print(f'Retrying in {args.retry_interval:g} seconds',
                  file=sys.stderr)
            time.sleep(args.retry_interval)
            continue
        if attempt > 1:
            print(f'Send message: try {attempt} of {args.max_tries} succeeded')
        for success, message in results:
            print(message, file=sys.stdout if success else sys.stderr)
        return 0 if all(success for success, _ in results) else 1
    return 1
