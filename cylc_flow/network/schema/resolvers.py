"""Resolvers: read records from the stores in the :class:`SchemaContext`.

Plain fields use graphene's default resolver (an attribute or dict key of
the same snake_case name); these functions resolve the fields that follow
IDs, filter lists or reshape data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cylc_flow.core.states import ALL_STATES
from cylc_flow.datastore import records as R
from cylc_flow.network.schema.context import (
    SchemaContext,
    field_value,
    workflow_prefix,
)
from cylc_flow.network.schema.filters import (
    DEFINITION_KINDS,
    record_filter,
    select,
    sort_records,
)
from cylc_flow.network.schema.ids import (
    any_matches,
    definition_pattern,
    glob_matches,
    node_pattern,
    workflow_pattern,
)
from cylc_flow.network.schema.leaf_types import (
    epoch_seconds,
    list_from_mapping,
    runtime_view,
)

Resolver = Callable[..., Any]


def note_strip_null(info: Any, args: dict[str, Any]) -> None:
    if args.get('strip_null'):
        info.context.strip_null_paths.append(info.path.as_list())


def workflow_names(store: Any) -> tuple[Any, Any]:
    """``(owner, name)`` of a store's workflow."""
    for record in (store.records.get(R.WORKFLOW) or {}).values():
        return field_value(record, 'owner'), field_value(record, 'name')
    return None, None


def _filtered(kind: str, records: list[Any], args: dict[str, Any],
              store: Any) -> list[Any]:
    test = record_filter(kind, args, workflow_names(store))
    if test is None:
        return []
    return select(records, test)


# ---- fields holding IDs ---------------------------------------------------------
def node_by_field(kind: str, attribute: str) -> Resolver:
    def resolve(root: Any, info: Any, **args: Any) -> Any:
        note_strip_null(info, args)
        node_id = field_value(root, attribute)
        record = info.context.lookup(kind, node_id)
        if record is None or len(args) <= 1:
            return record
        store = info.context.store_of(node_id)
        return record if _filtered(kind, [record], args, store) else None
    return resolve


def nodes_by_field(kind: str, attribute: str) -> Resolver:
    def resolve(root: Any, info: Any, **args: Any) -> list[Any]:
        note_strip_null(info, args)
        node_ids = field_value(root, attribute)
        if not node_ids:
            return []
        found = info.context.lookup_many(kind, node_ids)
        if found:
            store = info.context.store_of(node_ids[0])
            found = _filtered(kind, found, args, store)
        return sort_records(found, args.get('sort'))
    return resolve


def proxies_of_definition(kind: str) -> Resolver:
    """``Task.proxies`` / ``Family.proxies``: the cycle instances."""
    def resolve(root: Any, info: Any, **args: Any) -> list[Any]:
        note_strip_null(info, args)
        store = info.context.store_of(field_value(root, 'id') or '')
        if store is None:
            return []
        name = field_value(root, 'name')
        records = [record for record in
                   (store.records.get(kind) or {}).values()
                   if field_value(record, 'name') == name]
        return sort_records(_filtered(kind, records, args, store),
                            args.get('sort'))
    return resolve


def edge_end(which: str) -> Resolver:
    def resolve(root: Any, info: Any, **args: Any) -> Any:
        node_id = field_value(root, which)
        context = info.context
        return context.lookup(R.TASK_PROXIES, node_id) or \
            context.lookup(R.FAMILY_PROXIES, node_id)
    return resolve


# ---- runtime -------------------------------------------------------------------
def own_runtime(root: Any, info: Any, **_args: Any) -> Any:
    return runtime_view(field_value(root, 'runtime'),
                        info.context.runtime_cache())


def definition_runtime(kind: str, attribute: str) -> Resolver:
    """A proxy's runtime: its definition's."""
    def resolve(root: Any, info: Any, **_args: Any) -> Any:
        definition = info.context.lookup(kind, field_value(root, attribute))
        if definition is None:
            return None
        return runtime_view(field_value(definition, 'runtime'),
                            info.context.runtime_cache())
    return resolve


def job_runtime(root: Any, info: Any, **_args: Any) -> Any:
    prefix = workflow_prefix(field_value(root, 'id') or '')
    definition = info.context.lookup(
        R.TASKS, f'{prefix}//$namespace|{field_value(root, "name")}')
    if definition is None:
        return None
    return runtime_view(field_value(definition, 'runtime'),
                        info.context.runtime_cache())


# ---- reshaped values ---------------------------------------------------------------
def mapping_list(attribute: str, order: tuple[str, ...]) -> Resolver:
    """Outputs / xtriggers (stored by label) as a filtered list."""
    def resolve(root: Any, _info: Any, **args: Any) -> list[Any]:
        return list_from_mapping(field_value(root, attribute), args, order)
    return resolve


def prerequisites(root: Any, _info: Any, **_args: Any) -> list[Any]:
    prefix = workflow_prefix(field_value(root, 'id') or '')
    return [{**item, '_prefix': prefix}
            for item in field_value(root, 'prerequisites') or ()]


def state_totals(root: Any, _info: Any, **_args: Any) -> dict[str, int]:
    totals = dict.fromkeys(ALL_STATES, 0)
    totals.update(field_value(root, 'state_totals') or {})
    return totals


def latest_state_tasks(root: Any, _info: Any, **args: Any) -> dict[str, Any]:
    latest = field_value(root, 'latest_state_tasks') or {}
    states = args.get('states') or ALL_STATES
    return {state: list(latest[state]) for state in states if state in latest}


def time_zone(root: Any, _info: Any, **_args: Any) -> Any:
    return field_value(root, 'time_zone_info') or None


def last_updated(root: Any, _info: Any, **_args: Any) -> float | None:
    return epoch_seconds(field_value(root, 'last_updated'))


# the keys under which broadcasts to all cycle points are stored
_ALL_POINT_KEYS = ('*', 'all-cycle-points', 'all-cycles')


def broadcasts(root: Any, info: Any, **args: Any) -> Any:
    """Active broadcasts, optionally those that apply to some ``cycle/task``
    IDs (globs allowed), as Cylc 8: for each ID, the all-point entries and
    the entries of its cycle, for every namespace the matching tasks inherit
    from (themselves, their families, root)."""
    found = field_value(root, 'broadcasts') or {}
    ids = args.get('ids')
    if not ids or not isinstance(found, dict):
        return found
    store = info.context.store_of(field_value(root, 'id') or '')
    tasks = list(((store.records.get(R.TASKS) or {}) if store is not None
                  else {}).values())
    result: dict[str, dict] = {}
    for text in ids:
        pattern = node_pattern(str(text))
        namespaces: set[str] = set()
        for task in tasks:
            if glob_matches(pattern.task, field_value(task, 'name')):
                namespaces.update(field_value(task, 'namespace') or ())
        if not namespaces:
            continue
        for cycle, settings in found.items():
            if not isinstance(settings, dict):
                continue
            if cycle not in _ALL_POINT_KEYS and (
                    pattern.cycle is None
                    or not glob_matches(pattern.cycle, cycle)):
                continue
            for namespace in namespaces.intersection(settings):
                result.setdefault(cycle, {})[namespace] = settings[namespace]
    return result


# ---- lists under a workflow, and at the root ----------------------------------------
def _stores_for(context: SchemaContext, args: dict[str, Any]
                ) -> list[tuple[Any, Any]]:
    wanted = [workflow_pattern(text) for text in args.get('workflows') or ()]
    unwanted = [workflow_pattern(text)
                for text in args.get('exworkflows') or ()]
    found = []
    for record, store in context.workflows():
        names = (field_value(record, 'owner'), field_value(record, 'name'))
        if wanted and not any_matches(wanted, *names):
            continue
        if any_matches(unwanted, *names):
            continue
        found.append((record, store))
    return found


def _records_of(kind: str, store: Any, args: dict[str, Any]) -> list[Any]:
    return _filtered(kind, list((store.records.get(kind) or {}).values()),
                     args, store)


def workflow_nodes(kind: str) -> Resolver:
    """``Workflow.taskProxies`` and the like."""
    def resolve(root: Any, info: Any, **args: Any) -> list[Any]:
        note_strip_null(info, args)
        store = info.context.store_of(field_value(root, 'id') or '')
        if store is None:
            return []
        return sort_records(_records_of(kind, store, args), args.get('sort'))
    return resolve


def nodes_all(kind: str) -> Resolver:
    """Root ``taskProxies``, ``jobs``, ``tasks``... over every workflow."""
    def resolve(_root: Any, info: Any, **args: Any) -> list[Any]:
        note_strip_null(info, args)
        found: list[Any] = []
        for _record, store in _stores_for(info.context, args):
            found.extend(_records_of(kind, store, args))
        return sort_records(found, args.get('sort'))
    return resolve


def node_by_id(kind: str) -> Resolver:
    """Root ``taskProxy(id)``, ``job(id)``...: an exact ID, or a relative
    one (``1/foo``, ``//1/foo``, ``foo`` for definitions) in any workflow."""
    def resolve(_root: Any, info: Any, **args: Any) -> Any:
        note_strip_null(info, args)
        context = info.context
        node_id = args.get('id') or ''
        record = context.lookup(kind, node_id)
        if record is not None:
            return record
        parse = definition_pattern if kind in DEFINITION_KINDS else \
            node_pattern
        pattern = parse(node_id)
        for workflow, store in context.workflows():
            names = (field_value(workflow, 'owner'),
                     field_value(workflow, 'name'))
            if not pattern.matches_workflow(*names):
                continue
            found = _records_of(kind, store, {'ids': [node_id]})
            if found:
                return found[0]
        return None
    return resolve


def workflows(_root: Any, info: Any, **args: Any) -> list[Any]:
    note_strip_null(info, args)
    chosen = _stores_for(info.context, {'workflows': args.get('ids'),
                                        'exworkflows': args.get('exids')})
    return [record for record, _store in chosen]


def edge_list(root: Any, info: Any, **args: Any) -> list[Any]:
    note_strip_null(info, args)
    return sort_records(list(field_value(root, 'edges') or ()),
                        args.get('sort'))


def workflow_edges(root: Any, info: Any, **args: Any) -> dict[str, Any]:
    note_strip_null(info, args)
    store = info.context.store_of(field_value(root, 'id') or '')
    edges = list((store.records.get(R.EDGES) or {}).values()) \
        if store is not None else []
    return {'edges': sort_records(edges, args.get('sort')),
            'workflow_polling_tasks': None, 'leaves': None, 'feet': None}


def edges_all(_root: Any, info: Any, **args: Any) -> list[Any]:
    note_strip_null(info, args)
    found: list[Any] = []
    for _record, store in _stores_for(info.context, args):
        found.extend((store.records.get(R.EDGES) or {}).values())
    return sort_records(found, args.get('sort'))


def _walk(store: Any, roots: list[Any], distance: int
          ) -> tuple[list[Any], list[Any]]:
    """The root nodes plus those up to ``distance`` edges away, and the
    edges walked."""
    proxies = store.records.get(R.TASK_PROXIES) or {}
    by_end: dict[str, list[Any]] = {}
    for edge in (store.records.get(R.EDGES) or {}).values():
        by_end.setdefault(field_value(edge, 'source'), []).append(edge)
        by_end.setdefault(field_value(edge, 'target'), []).append(edge)
    seen = {field_value(node, 'id') for node in roots}
    nodes = list(roots)
    edges: dict[str, Any] = {}
    frontier = list(seen)
    for _step in range(max(distance, 0)):
        following = []
        for node_id in frontier:
            for edge in by_end.get(node_id, ()):
                edges.setdefault(field_value(edge, 'id'), edge)
                for end in (field_value(edge, 'source'),
                            field_value(edge, 'target')):
                    if end not in seen and end in proxies:
                        seen.add(end)
                        nodes.append(proxies[end])
                        following.append(end)
        frontier = following
        if not frontier:
            break
    return nodes, list(edges.values())


def nodes_edges(root: Any, info: Any, **args: Any) -> dict[str, Any]:
    """Task proxies matching the arguments and their neighbours out to
    ``distance`` edges."""
    note_strip_null(info, args)
    context = info.context
    if root is not None and field_value(root, 'id'):
        store = context.store_of(field_value(root, 'id'))
        chosen = [(root, store)] if store is not None else []
    else:
        chosen = _stores_for(context, args)
    nodes: list[Any] = []
    edges: list[Any] = []
    for _record, store in chosen:
        roots = _records_of(R.TASK_PROXIES, store, args)
        found_nodes, found_edges = _walk(store, roots,
                                         args.get('distance', 1))
        nodes.extend(found_nodes)
        edges.extend(found_edges)
    return {'nodes': sort_records(nodes, args.get('sort')), 'edges': edges}
