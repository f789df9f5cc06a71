"""The GraphQL schema (graphene) over the data store, with Cylc 8's public
type, field, argument and mutation names.

The same schema serves one scheduler or a UI Server with many workflows:
resolvers read the stores of a :class:`SchemaContext` passed as the graphql
context, and mutations call its ``command`` callable.
"""

from __future__ import annotations

from cylc_flow.network.schema.context import SchemaContext
from cylc_flow.network.schema.execution import build_schema, execute

__all__ = ['SchemaContext', 'build_schema', 'execute']
