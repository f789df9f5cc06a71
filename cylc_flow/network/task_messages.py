"""The job side of ``cylc message``: parse, record and send task messages.

A message is recorded three ways, in this order (as Cylc 8 does):

1. printed as ``<time> <SEVERITY> - <message>`` (stderr for WARNING, ERROR
   and CRITICAL, stdout otherwise), so it lands in job.out / job.err;
2. appended to the job's ``job.status`` file, so polling can recover it if
   the scheduler never hears it; the job's lifecycle messages become the
   ``CYLC_JOB_*`` lines polling reads (``started``: PID and init time;
   ``succeeded`` / ``failed/<signal>`` / ``aborted/<reason>``: exit and exit
   time; ``vacated/<signal>``: forget the run), each written only if the job
   script has not already written it;
3. sent to the scheduler as one ``put_messages`` request (message-scope
   key if present, else the owner's), unless ``$CYLC_TASK_COMMS_METHOD`` is
   ``poll``.  Timeouts are retried; a workflow that is not running (no
   contact file) is not an error: the messages wait in job.status.

Retry settings come from the job environment: ``CYLC_TASK_MSG_MAX_TRIES``
(default 5), ``CYLC_TASK_MSG_RETRY_INTVL`` (seconds, default 2) and
``CYLC_TASK_MSG_TIMEOUT`` (seconds per try, default 10; ``--comms-timeout``
overrides it).

The messages go through :mod:`.fast_client` (libzmq through ctypes, no
pyzmq import) when libzmq can be loaded, else the pyzmq client.

The pure parts (time stamps, printing, ``job.status`` lines) are those of
the self-contained job-side module :mod:`cylc_flow.jobs.job_messenger`.
Light imports only (``os``, ``time`` and the client; not even ``re`` or
``typing``): this runs for every message every job sends, often as
``python -I -S .../cylc_flow/scripts/message.py``; the job script's own
messages go through :mod:`cylc_flow.jobs.job_messenger` instead.
"""

from __future__ import annotations

import os
import sys
import time

from cylc_flow.exceptions import InputError
from cylc_flow.jobs import job_messenger
from cylc_flow.jobs.job_messenger import (  # shared with the job side
    event_time,
    job_status_path,
    print_messages,
    read_stdin_messages,
    status_line,
    status_lines,
    write_status_file,
)
from cylc_flow.network.client_contact import workflow_run_dir

__all__ = [
    'check_job_id', 'event_time', 'job_status_path', 'parse_messages',
    'print_messages', 'read_stdin_messages', 'record_messages', 'retry_settings',
    'send_messages', 'status_line', 'status_lines', 'workflow_name',
    'write_status_file',
]

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any, TextIO

SEVERITY_DEFAULT = 'INFO'

Message = list[str]  # [severity, text]


# -------------------------------------------------------------- parsing


def parse_messages(
    texts: Iterable[str], severity: str | None = None,
    stdin: TextIO | None = None,
) -> list[Message]:
    """Turn command-line messages into ``[severity, message]`` pairs.

    ``SEVERITY:message`` sets a message's severity; others get ``severity``
    (default INFO).  ``-`` reads more messages from ``stdin`` (they come
    after the command-line ones).
    """
    texts = list(texts)
    if '-' in texts:
        texts += read_stdin_messages(stdin if stdin is not None else sys.stdin)
    default = severity or SEVERITY_DEFAULT
    messages: list[Message] = []
    for text in texts:
        if text == '-':
            continue
        if ':' in text:
            if not _is_word(text.partition(':')[0]):
                raise InputError(
                    f'Invalid task message "{text}" - cannot contain `:` unless'
                    ' it occurs at the end of the first word'
                )
            if text.startswith('_cylc'):
                raise InputError(
                    f'Invalid task message "{text}" - cannot start with: `_cylc`'
                )
            prefix, _, body = text.partition(':')
            messages.append([prefix.strip(), body.strip()])
        else:
            messages.append([default, text.strip()])
    return messages


def _is_word(text: str) -> bool:
    """Whether ``text`` matches regex ``\\w+`` (a colon may follow only
    the first word of a message)."""
    return bool(text) and (text.isalnum() or all(
        char == '_' or char.isalnum() for char in text))


def check_job_id(job_id: str) -> str:
    """A job ID must be ``CYCLE/TASK/NN``."""
    try:
        return job_messenger.check_job_id(job_id)
    except job_messenger.MessengerError as exc:
        raise InputError(str(exc)) from None


def workflow_name(workflow_id: str) -> str:
    """The workflow part of an ID (no ``~user/``, no ``//cycle/task``)."""
    try:
        return job_messenger.workflow_name(workflow_id)
    except job_messenger.MessengerError as exc:
        raise InputError(str(exc)) from None


# ------------------------------------------------------------ recording


# -------------------------------------------------------------- sending


def retry_settings(timeout: float | None) -> tuple[int, float, float]:
    """``(tries, delay, timeout)`` from the environment (and the option)."""
    try:
        return job_messenger.retry_settings(timeout)
    except job_messenger.MessengerError as exc:
        raise InputError(str(exc)) from None


def open_client(workflow_id: str, run_dir: str, scope: str, timeout: float) -> Any:
    """A client for ``put_messages``: the ctypes one, else pyzmq's.

    Raises ``WorkflowStopped`` if the workflow is not running.
    """
    from cylc_flow.network.fast_client import FastClientUnavailable, FastWorkflowClient

    try:
        return FastWorkflowClient(workflow_id, scope=scope, timeout=timeout,
                                  run_dir=run_dir)
    except FastClientUnavailable:
        pass
    try:
        from cylc_flow.network.client import WorkflowClient
    except ImportError:
        if not sys.flags.no_site:
            raise
        import site  # started with -S: pyzmq is in site-packages

        site.main()
        from cylc_flow.network.client import WorkflowClient
    return WorkflowClient(workflow_id, scope=scope, timeout=timeout, run_dir=run_dir)


def send_messages(
    workflow_id: str, run_dir: str, payload: dict[str, object], *,
    tries: int, delay: float, timeout: float,
) -> bool:
    """Send a ``put_messages`` request; False if the workflow is not running.

    Raises ``ClientTimeout`` after ``tries`` unanswered tries and
    ``ClientError`` if the scheduler refuses the messages.
    """
    from cylc_flow.network.errors import ClientTimeout, WorkflowStopped
    from cylc_flow.network.keys import MESSAGE, OWNER, KeyPaths

    scope = MESSAGE
    if not os.path.exists(KeyPaths(run_dir).client_secrets[MESSAGE]):
        scope = OWNER  # e.g. keys installed the Cylc 8 way
    try:
        client = open_client(workflow_id, run_dir, scope, timeout)
    except WorkflowStopped:
        return False
    try:
        for attempt in range(1, tries + 1):
            try:
                client.request('put_messages', payload)
                return True
            except ClientTimeout:
                if attempt == tries:
                    raise ClientTimeout(
                        f'no answer from workflow {workflow_id} at'
                        f' {client.host}:{client.port} after {tries}'
                        f' {"try" if tries == 1 else "tries"} of {timeout:g}s'
                        ' (the messages are in job.status)'
                    ) from None
                time.sleep(delay)
            except WorkflowStopped:
                return False
    finally:
        client.close()
    return False


def record_messages(
    workflow_id: str, job_id: str, messages: list[Message], *,
    timeout: float | None = None,
) -> None:
    """Print, write to job.status, then send the messages (see module doc)."""
    workflow_id = workflow_name(workflow_id)
    job_id = check_job_id(job_id)
    tries, delay, timeout = retry_settings(timeout)
    when = event_time()
    print_messages(when, messages)
    run_dir = workflow_run_dir(workflow_id)
    problem = write_status_file(job_status_path(run_dir, job_id), when, messages)
    if problem:
        sys.stderr.write(f'WARNING: {problem}\n')
    if os.environ.get('CYLC_TASK_COMMS_METHOD') == 'poll':
        return
    payload = {'task_job': job_id, 'event_time': when, 'messages': messages}
    send_messages(workflow_id, run_dir, payload,
                  tries=tries, delay=delay, timeout=timeout)
