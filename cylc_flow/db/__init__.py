"""The sqlite workflow database: Cylc 8's schema, a batched writer, readers.

* :class:`WorkflowDatabase`: the scheduler's private database; queue
  statements with ``put_*``, apply them with one :meth:`~WorkflowDatabase.commit`
  per turn, publish ``log/db`` with :meth:`~WorkflowDatabase.copy_to_public`,
  and load state on restart with the ``select_*`` methods.
* :func:`open_public_db`: read-only access for other tools.
"""

from __future__ import annotations

from cylc_flow.db.errors import (
    DatabaseError,
    DatabaseLockedError,
    DatabaseUsageError,
    DatabaseValueError,
)
from cylc_flow.db.public import ReadOnlyWorkflowDatabase, open_public_db
from cylc_flow.db.schema import SCHEMA_VERSION, TABLES, WorkflowParam
from cylc_flow.db.workflow_database import WorkflowDatabase

__all__ = [
    'SCHEMA_VERSION',
    'TABLES',
    'DatabaseError',
    'DatabaseLockedError',
    'DatabaseUsageError',
    'DatabaseValueError',
    'ReadOnlyWorkflowDatabase',
    'WorkflowDatabase',
    'WorkflowParam',
    'open_public_db',
]
