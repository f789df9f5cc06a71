"""The root query type."""

from __future__ import annotations

import graphene

from cylc_flow.datastore import records as R
from cylc_flow.network.schema import resolvers as resolve
from cylc_flow.network.schema.arguments import (
    all_edge_args,
    all_of,
    definition_args,
    nodes_edges_args,
    proxy_args,
    state_args,
)
from cylc_flow.network.schema.node_types import (
    Edge,
    Family,
    FamilyProxy,
    Job,
    NodesEdges,
    Task,
    TaskProxy,
)
from cylc_flow.network.schema.workflow_type import Workflow


def _one(node_type: type, kind: str) -> graphene.Field:
    return graphene.Field(node_type, id=graphene.ID(required=True),
                          strip_null=graphene.Boolean(),
                          resolver=resolve.node_by_id(kind))


class Queries(graphene.ObjectType):
    """Multi-workflow root level queries."""

    workflows = graphene.List(
        Workflow, ids=graphene.List(graphene.ID, default_value=[]),
        exids=graphene.List(graphene.ID, default_value=[]),
        strip_null=graphene.Boolean(), resolver=resolve.workflows)
    job = _one(Job, R.JOBS)
    jobs = graphene.List(Job, args=all_of(state_args()),
                         resolver=resolve.nodes_all(R.JOBS))
    task = _one(Task, R.TASKS)
    tasks = graphene.List(Task, args=all_of(definition_args()),
                          resolver=resolve.nodes_all(R.TASKS))
    task_proxy = _one(TaskProxy, R.TASK_PROXIES)
    task_proxies = graphene.List(TaskProxy, args=all_of(proxy_args()),
                                 resolver=resolve.nodes_all(R.TASK_PROXIES))
    family = _one(Family, R.FAMILIES)
    families = graphene.List(Family, args=all_of(definition_args()),
                             resolver=resolve.nodes_all(R.FAMILIES))
    family_proxy = _one(FamilyProxy, R.FAMILY_PROXIES)
    family_proxies = graphene.List(
        FamilyProxy, args=all_of(proxy_args()),
        resolver=resolve.nodes_all(R.FAMILY_PROXIES))
    edges = graphene.List(Edge, args=all_edge_args(),
                          resolver=resolve.edges_all)
    nodes_edges = graphene.Field(NodesEdges, args=all_of(nodes_edges_args()),
                                 resolver=resolve.nodes_edges)
