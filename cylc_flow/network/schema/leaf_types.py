"""Small object types: metadata, time zone, runtime, outputs, xtriggers,
prerequisites and their conditions, log records, sort arguments."""

from __future__ import annotations

import calendar
import time
from functools import lru_cache
from typing import Any

import graphene
from graphene.types.generic import GenericScalar

from cylc_flow.datastore import records as R
from cylc_flow.network.schema.context import field_value

# the order outputs are listed in unless asked otherwise
OUTPUT_ORDER = ('expired', 'submitted', 'submit-failed', 'started',
                'succeeded', 'failed')


@lru_cache(maxsize=65536)
def _epoch(text: str) -> float | None:
    try:
        return float(calendar.timegm(time.strptime(text,
                                                   '%Y-%m-%dT%H:%M:%SZ')))
    except ValueError:
        return None


def epoch_seconds(value: Any) -> float | None:
    """A time as seconds since the epoch (ISO 8601 UTC strings converted)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        return _epoch(value)
    return None


def resolve_epoch(root: Any, info: Any, **_args: Any) -> float | None:
    return epoch_seconds(field_value(root, info.field_name))


class SortArgs(graphene.InputObjectType):
    keys = graphene.List(graphene.String, default_value=['id'])
    reverse = graphene.Boolean(default_value=False)


class NodeMeta(graphene.ObjectType):
    """Metadata: title, description, URL and the user-defined rest."""

    title = graphene.String()
    description = graphene.String()
    URL = graphene.String()
    user_defined = GenericScalar()


class TimeZone(graphene.ObjectType):
    """The scheduler's time zone."""

    hours = graphene.Int()
    minutes = graphene.Int()
    string_basic = graphene.String()
    string_extended = graphene.String()


class RuntimeSetting(graphene.ObjectType):
    """One ``key = value`` of a runtime section."""

    key = graphene.String()
    value = graphene.String()


class Runtime(graphene.ObjectType):
    """A summary of a namespace's ``[runtime]`` section."""

    platform = graphene.String()
    script = graphene.String()
    completion = graphene.String()
    init_script = graphene.String()
    env_script = graphene.String()
    err_script = graphene.String()
    exit_script = graphene.String()
    pre_script = graphene.String()
    post_script = graphene.String()
    work_sub_dir = graphene.String()
    execution_polling_intervals = graphene.String()
    execution_retry_delays = graphene.String()
    execution_time_limit = graphene.String()
    submission_polling_intervals = graphene.String()
    submission_retry_delays = graphene.String()
    directives = graphene.List(RuntimeSetting)
    environment = graphene.List(RuntimeSetting)
    outputs = graphene.List(RuntimeSetting)
    run_mode = graphene.String()


_SETTING_LISTS = frozenset({'directives', 'environment', 'outputs'})


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return ', '.join(_as_text(item) or '' for item in value)
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def runtime_view(runtime: Any, cache: dict[int, Any]) -> dict[str, Any] | None:
    """The store's runtime summary in the shape of :class:`Runtime`."""
    if not runtime or not isinstance(runtime, dict):
        return None
    found = cache.get(id(runtime))
    if found is not None and found[0] is runtime:
        return found[1]
    view: dict[str, Any] = {}
    for name, value in runtime.items():
        if name in _SETTING_LISTS:
            view[name] = [{'key': str(key), 'value': _as_text(item)}
                          for key, item in value.items()] \
                if isinstance(value, dict) else None
        else:
            view[name] = _as_text(value)
    cache[id(runtime)] = (runtime, view)
    return view


class Output(graphene.ObjectType):
    """A task output."""

    label = graphene.String()
    message = graphene.String()
    satisfied = graphene.Boolean()
    time = graphene.Float(resolver=resolve_epoch)


class XTrigger(graphene.ObjectType):
    """An xtrigger or external trigger of a task."""

    id = graphene.String()
    label = graphene.String()
    message = graphene.String()
    satisfied = graphene.Boolean()
    time = graphene.Float(resolver=resolve_epoch)


def _resolve_condition_proxy(root: Any, info: Any, **_args: Any) -> Any:
    prefix = root.get('_prefix')
    task_id = root.get('task_id')
    if not prefix or not task_id:
        return None
    return info.context.lookup(R.TASK_PROXIES, f'{prefix}//{task_id}')


class Condition(graphene.ObjectType):
    """One condition of a prerequisite (an upstream output)."""

    task_id = graphene.String()
    task_proxy = graphene.Field(
        lambda: _task_proxy_type(), resolver=_resolve_condition_proxy)
    expr_alias = graphene.String()
    req_state = graphene.String()
    satisfied = graphene.Boolean()
    message = graphene.String()


def _task_proxy_type() -> Any:
    from cylc_flow.network.schema.node_types import TaskProxy
    return TaskProxy


def _resolve_conditions(root: Any, _info: Any, **_args: Any) -> Any:
    prefix = root.get('_prefix')
    return [{**condition, '_prefix': prefix}
            for condition in root.get('conditions') or ()]


class Prerequisite(graphene.ObjectType):
    """A task prerequisite: an expression over conditions."""

    expression = graphene.String()
    conditions = graphene.List(Condition, resolver=_resolve_conditions)
    cycle_points = graphene.List(graphene.String)
    satisfied = graphene.Boolean()


class LogRecord(graphene.ObjectType):
    level = graphene.String()
    message = graphene.String()


def list_from_mapping(mapping: Any, args: dict[str, Any],
                      order: tuple[str, ...] = ()) -> list[Any]:
    """Outputs or xtriggers (a label -> dict mapping or a list) as a list:
    ``sortOrder`` labels first, then ``satisfied``/``limit`` filters."""
    from cylc_flow.network.schema.filters import sort_records
    if not mapping:
        return []
    if isinstance(mapping, dict):
        first = [mapping[label] for label in args.get('sort_order') or order
                 if label in mapping]
        chosen = {id(item) for item in first}
        items = first + [item for item in mapping.values()
                         if id(item) not in chosen]
    else:
        items = list(mapping)
    satisfied = args.get('satisfied')
    if satisfied is not None:
        items = [item for item in items
                 if bool(field_value(item, 'satisfied')) is satisfied]
    sort_records(items, args.get('sort'))
    limit = args.get('limit') or 0
    return items[:limit] if limit > 0 else items
