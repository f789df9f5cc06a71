"""Errors of the network layer: keys, contact file, server and client.

Kept free of heavy imports: ``cylc message`` loads this module.
"""

from __future__ import annotations

from cylc_flow.exceptions import CylcError


class ServiceFileError(CylcError):
    """A file in ``.service/`` (keys, contact file) is missing or wrong."""


class ContactFileMissing(ServiceFileError):
    """There is no contact file: the workflow is not running."""


class WorkflowStopped(CylcError):
    """The workflow is not running."""

    def __init__(self, workflow_id: str, detail: str = '') -> None:
        self.workflow_id = workflow_id
        text = f'workflow {workflow_id} is not running'
        if detail:
            text += f' ({detail})'
        super().__init__(text)


class ContactFileStale(WorkflowStopped):
    """The contact file was left by a scheduler that has gone (now removed)."""

    def __init__(self, workflow_id: str) -> None:
        super().__init__(workflow_id, 'removed a stale contact file')


class ServerError(CylcError):
    """The scheduler's network server cannot start."""


class ClientError(CylcError):
    """The scheduler answered a request with an error."""


class ClientTimeout(CylcError):
    """The scheduler did not answer in time."""
