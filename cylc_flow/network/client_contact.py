"""What every scheduler client does around its socket (no pyzmq import):
find the run directory, read the contact file, and explain a timeout.

Used by the pyzmq client (:mod:`.client`), the subscriber and scan
(:mod:`cylc_flow.jobs.job_messenger` keeps its own copy: it imports nothing).
"""

from __future__ import annotations

import os
import sys

from cylc_flow.exceptions import CylcError
from cylc_flow.jobs import job_messenger
from cylc_flow.network import contact as contact_file
from cylc_flow.network.errors import (
    ClientTimeout,
    ContactFileMissing,
    ContactFileStale,
    WorkflowStopped,
)
from cylc_flow.network.keys import OWNER

TYPE_CHECKING = False  # typing itself is not imported: cylc message starts fast
if TYPE_CHECKING:
    from typing import NoReturn


def workflow_run_dir(workflow_id: str) -> str:
    """The run directory of a workflow ID, as this process sees it.

    Inside a job, ``$CYLC_WORKFLOW_RUN_DIR`` (when ``$CYLC_WORKFLOW_ID`` is
    the same workflow); otherwise ``~/cylc-run/<id>`` (``~user/`` and any
    ``//cycle/task`` part of the ID are dropped).
    """
    name = workflow_id.split('//', 1)[0].rstrip('/')
    if name.startswith('~'):
        name = name.partition('/')[2]
    return job_messenger.workflow_run_dir(name)


def request_meta() -> dict[str, str]:
    """The ``meta`` a client sends with each request: the program's name
    and the transport."""
    return {'prog': os.path.basename(sys.argv[0]) if sys.argv else 'cylc',
            'comms_method': 'zmq'}


def scheduler_address(workflow_id: str, run_dir: str, scope: str
                      ) -> tuple[dict[str, str], str, int]:
    """``(contact, host, port)`` of the running scheduler.

    Raises ``WorkflowStopped`` if there is no contact file and (owner scope)
    ``ContactFileStale`` after removing one whose local process has gone.
    """
    try:
        contact = contact_file.load_contact(run_dir)
    except ContactFileMissing:
        raise WorkflowStopped(workflow_id) from None
    path = contact_file.contact_file_path(run_dir)
    host, port = contact_file.contact_address(contact, path)
    if scope == OWNER and pid_is_gone(contact, host):
        contact_file.remove_contact(run_dir)
        raise ContactFileStale(workflow_id)
    return contact, host, port


def pid_is_gone(contact: dict[str, str], host: str) -> bool:
    """Cheap check: a local scheduler whose PID no longer exists."""
    try:
        pid = int(contact.get(contact_file.PID, ''))
    except ValueError:
        return False
    if pid <= 0 or not contact_file.is_local_host(host):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


def explain_timeout(workflow_id: str, run_dir: str, contact: dict[str, str],
                    address: tuple[str, int], scope: str, wait: float
                    ) -> NoReturn:
    """Raise the error of a request to ``address`` that got no reply: the
    workflow has moved, stopped (stale contact file) or is slow."""
    old = (contact.get(contact_file.HOST), contact.get(contact_file.PORT))
    where = f'{address[0]}:{address[1]}'
    try:
        current = contact_file.load_contact(run_dir)
    except ContactFileMissing:
        raise WorkflowStopped(workflow_id) from None
    except CylcError:
        current = contact
    new = (current.get(contact_file.HOST), current.get(contact_file.PORT))
    if new != old:
        raise CylcError(f'workflow {workflow_id} is no longer running at'
                        f' {where} (it has moved to {new[0]}:{new[1]})')
    if scope == OWNER and contact_file.detect_stale(run_dir):
        contact_file.remove_contact(run_dir)
        raise ContactFileStale(workflow_id)
    raise ClientTimeout(
        f'timed out after {wait:g}s waiting for workflow {workflow_id}'
        f' at {where} (try a longer --comms-timeout, or check the'
        ' workflow log)'
    )
