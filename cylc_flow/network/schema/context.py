"""The store source that resolvers read: one or many workflows' stores.

A scheduler passes its one :class:`~cylc_flow.datastore.DataStore`; a UI
Server passes the stores of every workflow it watches.  A store is anything
with ``records: Mapping[type name, Mapping[record ID, record]]`` whose
records are the datastore dataclasses or their dict forms (as a
:class:`~cylc_flow.datastore.DeltaApplier` holds them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from cylc_flow.datastore import records as R

# context.command(workflow_id, command_name, arguments) -> (success, message)
CommandHandler = Callable[[str, str, dict[str, Any]], tuple[bool, str]]


def field_value(record: Any, name: str) -> Any:
    """A record's field, for dataclass and dict records alike."""
    if type(record) is dict:
        return record.get(name)
    return getattr(record, name, None)


def workflow_prefix(node_id: str) -> str:
    """``~user/workflow`` from any node ID (everything before ``//``)."""
    head, separator, _rest = node_id.partition('//')
    return head if separator else ''


@dataclass(slots=True)
class SchemaContext:
    """What the GraphQL resolvers read and call (the graphql context).

    ``stores``: workflow ID -> store; ``command``: called by every
    mutation once per matching workflow.
    """

    stores: Mapping[str, Any]
    command: CommandHandler | None = None
    # response paths whose null fields are stripped (``stripNull: true``)
    strip_null_paths: list[list[str | int]] = field(default_factory=list)
    _by_id: dict[str, Any] | None = None
    _runtime_cache: dict[int, Any] = field(default_factory=dict)

    # ---- stores -----------------------------------------------------------
    def _index(self) -> dict[str, Any]:
        if self._by_id is None:
            found: dict[str, Any] = {}
            for key, store in self.stores.items():
                workflows = store.records.get(R.WORKFLOW) or {}
                for workflow_id in workflows:
                    found[workflow_id] = store
                found.setdefault(key, store)
            self._by_id = found
        return self._by_id

    def workflows(self) -> Iterator[tuple[Any, Any]]:
        """Every ``(workflow record, store)`` pair."""
        for store in self.stores.values():
            for record in (store.records.get(R.WORKFLOW) or {}).values():
                yield record, store

    def store_of(self, node_id: str) -> Any | None:
        """The store holding a node (by the workflow part of its ID)."""
        return self._index().get(workflow_prefix(node_id) or node_id)

    def lookup(self, kind: str, node_id: str | None) -> Any | None:
        """One record by its full ID, or None."""
        if not node_id:
            return None
        store = self.store_of(node_id)
        if store is None:
            return None
        return (store.records.get(kind) or {}).get(node_id)

    def lookup_many(self, kind: str, node_ids: list[str] | None) -> list[Any]:
        """The records of these IDs that exist, in order."""
        if not node_ids:
            return []
        store = self.store_of(node_ids[0])
        if store is None:
            return []
        records = store.records.get(kind) or {}
        found = []
        for node_id in node_ids:
            record = records.get(node_id)
            if record is None and workflow_prefix(node_id) != \
                    workflow_prefix(node_ids[0]):
                record = self.lookup(kind, node_id)
            if record is not None:
                found.append(record)
        return found

    def runtime_cache(self) -> dict[int, Any]:
        """Converted runtime sections by ``id()`` of their source dict."""
        return self._runtime_cache
