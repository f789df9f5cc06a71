"""The Workflow type: global workflow info and its nodes."""

from __future__ import annotations

import graphene
from graphene.types.generic import GenericScalar

from cylc_flow.core.states import ALL_STATES
from cylc_flow.datastore import records as R
from cylc_flow.network.schema import resolvers as resolve
from cylc_flow.network.schema.arguments import (
    definition_args,
    nodes_edges_args,
    proxy_args,
    state_args,
)
from cylc_flow.network.schema.leaf_types import LogRecord, NodeMeta, TimeZone
from cylc_flow.network.schema.node_types import (
    Edges,
    Family,
    FamilyProxy,
    Job,
    NodesEdges,
    Task,
    TaskProxy,
)


class Workflow(graphene.ObjectType):
    """Global workflow info."""

    id = graphene.ID()
    name = graphene.String()
    status = graphene.String()
    status_msg = graphene.String()
    host = graphene.String()
    port = graphene.Int()
    pub_port = graphene.Int()
    owner = graphene.String()
    tasks = graphene.List(Task, args=definition_args(),
                          resolver=resolve.workflow_nodes(R.TASKS))
    families = graphene.List(Family, args=definition_args(),
                             resolver=resolve.workflow_nodes(R.FAMILIES))
    task_proxies = graphene.List(
        TaskProxy, args=proxy_args(),
        resolver=resolve.workflow_nodes(R.TASK_PROXIES))
    family_proxies = graphene.List(
        FamilyProxy, args=proxy_args(),
        resolver=resolve.workflow_nodes(R.FAMILY_PROXIES))
    jobs = graphene.List(Job, args=state_args(),
                         resolver=resolve.workflow_nodes(R.JOBS))
    edges = graphene.Field(Edges, args=state_args(),
                           resolver=resolve.workflow_edges)
    nodes_edges = graphene.Field(NodesEdges, args=nodes_edges_args(),
                                 resolver=resolve.nodes_edges)
    api_version = graphene.Int()
    cylc_version = graphene.String()
    last_updated = graphene.Float(resolver=resolve.last_updated)
    meta = graphene.Field(NodeMeta)
    newest_active_cycle_point = graphene.String()
    oldest_active_cycle_point = graphene.String()
    reloaded = graphene.Boolean()
    run_mode = graphene.String()
    is_held_total = graphene.Int()
    is_queued_total = graphene.Int()
    is_runahead_total = graphene.Int()
    contains_held = graphene.Boolean()
    contains_retry = graphene.Boolean()
    state_totals = GenericScalar(resolver=resolve.state_totals)
    latest_state_tasks = GenericScalar(
        states=graphene.List(graphene.String, default_value=list(ALL_STATES)),
        resolver=resolve.latest_state_tasks)
    workflow_log_dir = graphene.String()
    time_zone_info = graphene.Field(TimeZone, resolver=resolve.time_zone)
    tree_depth = graphene.Int()
    ns_def_order = graphene.List(graphene.String)
    job_log_names = graphene.List(graphene.String)
    states = graphene.List(graphene.String)
    broadcasts = GenericScalar(
        ids=graphene.List(graphene.ID, default_value=[]),
        resolver=resolve.broadcasts)
    pruned = graphene.Boolean()
    n_edge_distance = graphene.Int()
    log_records = graphene.List(LogRecord)
