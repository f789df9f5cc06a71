"""Filtering and sorting records by the query arguments (``ids``,
``exids``, ``states``, ``exstates``, ``isHeld``..., ``mindepth``,
``maxdepth``, ``graphDepth``, ``sort``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from graphene.utils.str_converters import to_snake_case

from cylc_flow.datastore import records as R
from cylc_flow.exceptions import InputError
from cylc_flow.network.schema.context import field_value
from cylc_flow.network.schema.ids import (
    IdPattern,
    definition_pattern,
    node_pattern,
)

DEFINITION_KINDS = frozenset({R.TASKS, R.FAMILIES})


class SortError(InputError):
    """A ``sort`` argument names no field of the type."""


def _parts(kind: str) -> Callable[[Any], tuple[Any, Any, Any, Any]]:
    """How to get ``(cycle, task, job, state)`` from a record of a kind."""
    if kind in DEFINITION_KINDS:
        return lambda record: (None, field_value(record, 'name'), None, None)
    if kind == R.JOBS:
        def job_parts(record: Any) -> tuple[Any, Any, Any, Any]:
            number = field_value(record, 'submit_num')
            return (field_value(record, 'cycle_point'),
                    field_value(record, 'name'),
                    f'{number:02d}' if isinstance(number, int) else None,
                    field_value(record, 'state'))
        return job_parts
    return lambda record: (field_value(record, 'cycle_point'),
                           field_value(record, 'name'), None,
                           field_value(record, 'state'))


def compile_ids(kind: str, texts: Iterable[str] | None) -> list[IdPattern]:
    parse = definition_pattern if kind in DEFINITION_KINDS else node_pattern
    return [parse(text) for text in texts or () if text is not None]


def _id_test(patterns: list[IdPattern], workflow: tuple[Any, Any],
             parts: Callable[[Any], tuple[Any, Any, Any, Any]]
             ) -> Callable[[Any], bool] | None:
    """A predicate "matches any of these patterns" (None: matches none)."""
    usable = [pattern for pattern in patterns
              if pattern.matches_workflow(*workflow)]
    if not usable:
        return None
    if len(usable) == 1:
        only = usable[0]
        return lambda record: only.matches_node(*parts(record))
    return lambda record: any(pattern.matches_node(*parts(record))
                              for pattern in usable)


def record_filter(kind: str, args: Mapping[str, Any],
                  workflow: tuple[Any, Any]) -> Callable[[Any], bool] | None:
    """A predicate for the records of one workflow (owner, name), or None
    when nothing there can match.  Returns ``True`` for the always-true
    predicate (no filter at all)."""
    tests: list[Callable[[Any], bool]] = []
    parts = _parts(kind)
    ids = compile_ids(kind, args.get('ids'))
    if ids:
        test = _id_test(ids, workflow, parts)
        if test is None:
            return None
        tests.append(test)
    exids = compile_ids(kind, args.get('exids'))
    if exids:
        test = _id_test(exids, workflow, parts)
        if test is not None:
            tests.append(lambda record, test=test: not test(record))
    states = args.get('states')
    if states:
        wanted = frozenset(states)
        tests.append(lambda record: field_value(record, 'state') in wanted)
    exstates = args.get('exstates')
    if exstates:
        unwanted = frozenset(exstates)
        tests.append(lambda record: field_value(record, 'state')
                     not in unwanted)
    for name in ('is_held', 'is_queued', 'is_runahead'):
        flag = args.get(name)
        if flag is not None:
            tests.append(lambda record, name=name, flag=bool(flag):
                         bool(field_value(record, name)) is flag)
    for name, field, above in (('mindepth', 'depth', True),
                               ('maxdepth', 'depth', False),
                               ('graph_depth', 'graph_depth', False)):
        limit = args.get(name)
        if limit is None or limit < 0:
            continue
        if above:
            tests.append(lambda record, field=field, limit=limit:
                         (field_value(record, field) or 0) >= limit)
        else:
            tests.append(lambda record, field=field, limit=limit:
                         (field_value(record, field) or 0) <= limit)
    if not tests:
        return _always
    if len(tests) == 1:
        return tests[0]
    return lambda record: all(test(record) for test in tests)


def _always(_record: Any) -> bool:
    return True


def select(records: Iterable[Any], test: Callable[[Any], bool]) -> list[Any]:
    if test is _always:
        return list(records)
    return [record for record in records if test(record)]


def _sort_value(value: Any) -> tuple[int, Any]:
    if value is None:
        return (0, 0)
    if isinstance(value, (bool, int, float)):
        return (1, value)
    if isinstance(value, str):
        return (2, value)
    return (3, str(value))


def sort_records(items: list[Any], sort: Any) -> list[Any]:
    """Sort by the ``sort`` argument (``keys`` in camel or snake case,
    ``reverse``), in place; raises SortError for an unknown key."""
    if not sort or not items:
        return items
    keys = [to_snake_case(key) for key in (field_value(sort, 'keys') or [])]
    if not keys:
        raise SortError('You must provide at least one key to sort')
    first = items[0]
    names = set(first) if type(first) is dict else \
        set(getattr(first, '__slots__', ()))
    unknown = [key for key in keys if key not in names]
    if unknown:
        raise SortError('The following sort keys are not in the schema: '
                        + ', '.join(unknown))
    if len(keys) == 1:
        key = keys[0]
        items.sort(key=lambda record: _sort_value(field_value(record, key)),
                   reverse=bool(field_value(sort, 'reverse')))
    else:
        items.sort(key=lambda record: tuple(
            _sort_value(field_value(record, key)) for key in keys),
            reverse=bool(field_value(sort, 'reverse')))
    return items
