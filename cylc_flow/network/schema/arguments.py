"""The filter arguments of list fields (names as Cylc 8's schema)."""

from __future__ import annotations

from typing import Any

import graphene

from cylc_flow.network.schema.leaf_types import SortArgs


def _ids() -> graphene.List:
    return graphene.List(graphene.ID, default_value=[])


def _strings() -> graphene.List:
    return graphene.List(graphene.String, default_value=[])


def _depth() -> graphene.Int:
    return graphene.Int(default_value=-1)


def _workflows() -> dict[str, Any]:
    return {'workflows': _ids(), 'exworkflows': _ids()}


def state_args() -> dict[str, Any]:
    """The arguments of job and edge lists."""
    return {'ids': _ids(), 'exids': _ids(), 'states': _strings(),
            'exstates': _strings(), 'sort': SortArgs(default_value=None),
            'strip_null': graphene.Boolean()}


def definition_args() -> dict[str, Any]:
    return {'ids': _ids(), 'exids': _ids(), 'mindepth': _depth(),
            'maxdepth': _depth(), 'sort': SortArgs(default_value=None),
            'strip_null': graphene.Boolean()}


def proxy_args() -> dict[str, Any]:
    return {'ids': _ids(), 'exids': _ids(), 'states': _strings(),
            'exstates': _strings(), 'is_held': graphene.Boolean(),
            'is_queued': graphene.Boolean(),
            'is_runahead': graphene.Boolean(), 'mindepth': _depth(),
            'maxdepth': _depth(), 'graph_depth': _depth(),
            'sort': SortArgs(default_value=None),
            'strip_null': graphene.Boolean()}


def nodes_edges_args() -> dict[str, Any]:
    found = proxy_args()
    del found['graph_depth']
    found['distance'] = graphene.Int(default_value=1)
    return found


def all_of(args: dict[str, Any]) -> dict[str, Any]:
    """Root-level arguments: the same plus ``workflows``/``exworkflows``."""
    return {**_workflows(), **args}


def all_edge_args() -> dict[str, Any]:
    return {**_workflows(), 'sort': SortArgs(default_value=None),
            'strip_null': graphene.Boolean()}
