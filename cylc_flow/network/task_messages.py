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

All of it is the self-contained job-side module
:mod:`cylc_flow.jobs.job_messenger` (its ``Messenger``: libzmq through
ctypes, no pyzmq import) when libzmq can be loaded, else the same with the
pyzmq client (:class:`PyzmqMessenger`); this module adds the errors of
``cylc message``.  Light imports only (``os``, ``time``; not even ``re`` or
``typing``): the scripts of jobs run ``cylc message``; the job script's
own messages go through :mod:`cylc_flow.jobs.job_messenger` directly.
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

__all__ = [
    'PyzmqMessenger', 'check_job_id', 'event_time', 'job_status_path',
    'parse_messages', 'print_messages', 'read_stdin_messages', 'record_messages',
    'retry_settings', 'status_line', 'status_lines', 'workflow_name',
    'write_status_file',
]

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any, TextIO

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
    try:
        return job_messenger.parse_messages(texts, severity)
    except job_messenger.MessengerError as exc:
        raise InputError(str(exc)) from None


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


# -------------------------------------------------------------- sending


def retry_settings(timeout: float | None) -> tuple[int, float, float]:
    """``(tries, delay, timeout)`` from the environment (and the option)."""
    try:
        return job_messenger.retry_settings(timeout)
    except job_messenger.MessengerError as exc:
        raise InputError(str(exc)) from None


def _pyzmq_client_class() -> Any:
    try:
        from cylc_flow.network.client import WorkflowClient
    except ImportError:
        if not sys.flags.no_site:
            raise
        import site  # started with -S: pyzmq is in site-packages

        site.main()
        from cylc_flow.network.client import WorkflowClient
    return WorkflowClient


class PyzmqMessenger(job_messenger.Messenger):
    """The job messenger over pyzmq's client, where libzmq cannot be loaded
    through ctypes."""

    def _load_library(self) -> None:
        return None

    def send(self, payload: dict) -> bool:
        """One ``put_messages`` request, retried; False if not running."""
        from cylc_flow.network.errors import ClientTimeout, WorkflowStopped
        from cylc_flow.network.keys import MESSAGE, OWNER, KeyPaths

        scope = MESSAGE
        if not os.path.exists(KeyPaths(self.run_dir).client_secrets[MESSAGE]):
            scope = OWNER  # e.g. keys installed the Cylc 8 way
        try:
            client = _pyzmq_client_class()(
                self.workflow_id, scope=scope, timeout=self.timeout,
                run_dir=self.run_dir)
        except WorkflowStopped:
            return False
        self._address = f'{client.host}:{client.port}'
        try:
            for attempt in range(1, self.tries + 1):
                try:
                    client.request(job_messenger.PUT_MESSAGES, payload)
                    return True
                except ClientTimeout:
                    if attempt == self.tries:
                        raise self.no_reply() from None
                    time.sleep(self.delay)
                except WorkflowStopped:
                    return False
        finally:
            client.close()
        return False


def record_messages(
    workflow_id: str, job_id: str, messages: list[Message], *,
    timeout: float | None = None,
) -> None:
    """Print, write to job.status, then send the messages (see module doc).

    Raises ``InputError`` for a bad ID or setting, ``ClientTimeout`` after
    every try went unanswered and ``ClientError`` if the scheduler refuses
    the messages.
    """
    try:
        try:
            messenger = job_messenger.Messenger(workflow_id, job_id, timeout)
        except job_messenger.FastClientUnavailable:
            messenger = PyzmqMessenger(workflow_id, job_id, timeout)
    except job_messenger.MessengerError as exc:
        raise InputError(str(exc)) from None
    try:
        messenger.record(messages)
    except job_messenger.NoReply as exc:
        from cylc_flow.network.errors import ClientTimeout

        raise ClientTimeout(str(exc)) from None
    except job_messenger.MessengerError as exc:
        from cylc_flow.network.errors import ClientError

        raise ClientError(str(exc)) from None
    finally:
        messenger.close()
