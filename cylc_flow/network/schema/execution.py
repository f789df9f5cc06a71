"""Building the schema and running a request against it."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import graphene

from cylc_flow.network.schema.context import SchemaContext
from cylc_flow.network.schema.mutations import Mutations
from cylc_flow.network.schema.queries import Queries
from cylc_flow.network.schema.scalars import CyclePointGlob, JobID


@lru_cache(maxsize=1)
def build_schema() -> graphene.Schema:
    """The Cylc GraphQL schema (queries and mutations); built once."""
    # public scalars no field uses yet are listed so introspection shows them
    return graphene.Schema(query=Queries, mutation=Mutations,
                           types=[CyclePointGlob, JobID])


def _strip_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _strip_nulls(item) for key, item in value.items()
                if item is not None}
    if isinstance(value, list):
        return [_strip_nulls(item) for item in value]
    return value


def _strip_at(data: Any, path: list[str | int]) -> Any:
    if not path:
        return _strip_nulls(data)
    head = path[0]
    in_dict = isinstance(data, dict) and head in data
    in_list = isinstance(data, list) and isinstance(head, int) and \
        0 <= head < len(data)
    if in_dict or in_list:
        data[head] = _strip_at(data[head], path[1:])
    return data


def execute(
    schema: graphene.Schema,
    query: str,
    variables: dict[str, Any] | None = None,
    context: SchemaContext | None = None,
    operation_name: str | None = None,
) -> dict[str, Any]:
    """Run a query or mutation: ``{'data': ..., 'errors': [messages]}``
    (``errors`` only when there are any; never a traceback)."""
    if context is None:
        context = SchemaContext(stores={})
    if not isinstance(query, str):
        return {'data': None, 'errors': ['the request must be a string']}
    if variables is not None and not isinstance(variables, dict):
        return {'data': None, 'errors': ['variables must be an object']}
    context.strip_null_paths = []
    result = schema.execute(query, variable_values=variables,
                            context_value=context,
                            operation_name=operation_name)
    data = result.data
    for path in sorted(context.strip_null_paths, key=len):
        data = _strip_at(data, path)
    reply: dict[str, Any] = {'data': data}
    if result.errors:
        reply['errors'] = [error.message.splitlines()[0]
                           if error.message else type(error).__name__
                           for error in result.errors]
    return reply
