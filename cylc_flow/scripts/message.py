r"""cylc message [OPTIONS] -- [WORKFLOW_ID JOB_ID] [SEVERITY:]MESSAGE ...

Record a job's messages and send them to the scheduler.

Each message is:
- printed to the job's stdout (stderr for WARNING, ERROR and CRITICAL),
- appended to the job's job.status file (so polling can recover it),
- sent to the scheduler, if the workflow is running.

Jobs use this command to report that they started and how they ended;
the scripts they run can use it to report custom messages, including the
messages of custom task outputs (use the message, not the output name).

Arguments:
  WORKFLOW_ID   the workflow (default: $CYLC_WORKFLOW_ID)
  JOB_ID        the job, CYCLE/TASK/NN (default: $CYLC_TASK_JOB)
  MESSAGE       messages; "-" reads more from stdin, separated by blank lines

With one or two arguments, all arguments are messages and the workflow and
job come from the job environment; with more, the first two are the
workflow ID and the job ID.

A message may start with a severity, 'SEVERITY:MESSAGE' (a colon is
allowed only right after the first word).  Severities are those of Python
logging: CRITICAL, ERROR, WARNING, INFO, DEBUG.  The default is INFO, or the
--severity option for messages without a prefix.

Examples:
  $ cylc message -- "${CYLC_WORKFLOW_ID}" "${CYLC_TASK_JOB}" 'Hello world!'
  $ cylc message -- "${CYLC_WORKFLOW_ID}" "${CYLC_TASK_JOB}" \
        'Hello world!' 'Hi' 'WARNING:Hey!'
  $ cylc message -- "${CYLC_WORKFLOW_ID}" "${CYLC_TASK_JOB}" - <<'__STDIN__'
  > Hello
  > world!
  >
  > WARNING:Hey!
  > __STDIN__

To abort a job script with a message, use the shell function
cylc__job_abort 'message...' instead.

Options:
  -s SEVERITY, -p SEVERITY, --severity=SEVERITY, --priority=SEVERITY
                        severity of messages that have no SEVERITY: prefix
  --comms-timeout=SEC   seconds to wait for the scheduler on each try
                        (default: $CYLC_TASK_MSG_TIMEOUT or 5)
  -v, --verbose, -q, --quiet, --debug
                        accepted for compatibility (--debug: tracebacks)
  -h, --help            print this help

Environment: CYLC_TASK_MSG_MAX_TRIES (default 3) and CYLC_TASK_MSG_RETRY_INTVL
(seconds, default 2) set how often an unanswered message is sent again;
CYLC_TASK_COMMS_METHOD=poll records messages without sending them.
"""

from __future__ import annotations

import os
import sys

PROG = 'cylc message'


def _usage_error(text: str) -> SystemExit:
    return SystemExit(f'{PROG}: error: {text}')


def main(argv: list[str] | None = None) -> int:
    """``cylc message``: record and send a job's messages."""
    from cylc_flow.exceptions import InputError
    from cylc_flow.jobs.job_messenger import MessengerError, parse_arguments
    from cylc_flow.network.task_messages import parse_messages, record_messages

    try:
        options, args = parse_arguments(list(sys.argv[1:] if argv is None else argv))
    except MessengerError as exc:
        raise _usage_error(str(exc)) from None
    if 'help' in options:
        sys.stdout.write(__doc__)
        return 0
    if 'serve' in options:  # (the job script's co-process only)
        raise _usage_error('no such option: --serve')
    if not args:
        raise _usage_error('No message supplied')
    timeout = None
    if 'comms_timeout' in options:
        try:
            timeout = float(options['comms_timeout'])
        except ValueError:
            timeout = -1.0
        if not 0 < timeout < 1e9:
            raise _usage_error(
                f'--comms-timeout: not a positive number: {options["comms_timeout"]}'
            )
    if len(args) <= 2:
        workflow_id = os.environ.get('CYLC_WORKFLOW_ID', '')
        job_id = os.environ.get('CYLC_TASK_JOB', '')
        if not workflow_id or not job_id:
            raise InputError(
                'Must set $CYLC_WORKFLOW_ID and $CYLC_TASK_JOB if not'
                ' specified as arguments'
            )
        texts = args
    else:
        workflow_id, job_id, *texts = args
    messages = parse_messages(texts, options.get('severity'))
    if not messages:
        raise _usage_error('No message supplied')
    record_messages(workflow_id, job_id, messages, timeout=timeout)
    return 0


if __name__ == '__main__':
    # Run as a file ("python -I -S .../message.py": no site, no environment;
    # job.sh runs cylc_flow/jobs/job_messenger.py instead): cylc_flow is two
    # levels up.
    _ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    if _ROOT not in sys.path:
        sys.path.insert(0, _ROOT)
    from cylc_flow.cli.errors import run_guarded

    sys.exit(run_guarded(main, sys.argv[1:]))
