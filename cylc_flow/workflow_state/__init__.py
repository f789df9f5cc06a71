"""Query another workflow's task states and outputs from its public database.

Shared by the ``workflow_state`` xtrigger and ``cylc workflow-state``:

* :mod:`~cylc_flow.workflow_state.query`: what to look for, parsed from an
  ID ``workflow//cycle/task:selector`` (a status, output trigger or message);
* :mod:`~cylc_flow.workflow_state.location`: where the workflow's run lives
  (``~/cylc-run/<id>``, resolving ``runN``);
* :mod:`~cylc_flow.workflow_state.database`: reading ``log/db`` (Cylc 8,
  Cylc 8.0-8.2 and Cylc 7 layouts);
* :mod:`~cylc_flow.workflow_state.points`: cycle points in the database's
  format, with offsets;
* :mod:`~cylc_flow.workflow_state.matching`: the query itself;
* :mod:`~cylc_flow.workflow_state.poller`: checking once or polling;
* :mod:`~cylc_flow.workflow_state.display`: result lines as Cylc prints them.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

# Public names and their modules, imported on first use so that reading
# an xtrigger's arguments does not load the database layer.
_EXPORTS = {
    'PollingExhaustedError': 'errors',
    'QueryMode': 'query',
    'StateQuery': 'query',
    'StateResult': 'matching',
    'WorkflowStatePoller': 'poller',
    'build_query': 'query',
    'format_result': 'display',
    'run_query': 'matching',
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f'module {__name__!r} has no attribute {name!r}')
    return getattr(import_module(f'{__name__}.{module}'), name)
