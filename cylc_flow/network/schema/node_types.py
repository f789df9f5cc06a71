"""The node types: task and family definitions and proxies, jobs, edges."""

from __future__ import annotations

from typing import Any

import graphene
from graphene.types.generic import GenericScalar

from cylc_flow.datastore import records as R
from cylc_flow.network.schema import resolvers as resolve
from cylc_flow.network.schema.arguments import (
    definition_args,
    proxy_args,
    state_args,
)
from cylc_flow.network.schema.leaf_types import (
    OUTPUT_ORDER,
    NodeMeta,
    Output,
    Prerequisite,
    Runtime,
    SortArgs,
    XTrigger,
)


def _mapping_list_args(order: list[str] | None) -> dict[str, Any]:
    return {'sort': SortArgs(default_value=None),
            'sort_order': graphene.List(graphene.String, default_value=order),
            'limit': graphene.Int(default_value=0),
            'satisfied': graphene.Boolean()}


class Job(graphene.ObjectType):
    """A job: one submission of a task proxy."""

    id = graphene.ID()
    submit_num = graphene.Int()
    state = graphene.String()
    name = graphene.String()
    cycle_point = graphene.String()
    task_proxy = graphene.Field(
        lambda: TaskProxy, strip_null=graphene.Boolean(),
        resolver=resolve.node_by_field(R.TASK_PROXIES, 'task_proxy'))
    submitted_time = graphene.String()
    started_time = graphene.String()
    finished_time = graphene.String()
    estimated_finish_time = graphene.String()
    job_id = graphene.ID()
    job_runner_name = graphene.String()
    execution_time_limit = graphene.Float()
    platform = graphene.String()
    job_log_dir = graphene.String()
    messages = graphene.List(graphene.String)
    runtime = graphene.Field(Runtime, resolver=resolve.job_runtime)


class DefinitionFields:
    """The fields task and family definitions share (graphene collects
    fields from base classes)."""

    id = graphene.ID()
    name = graphene.String()
    meta = graphene.Field(NodeMeta)
    runtime = graphene.Field(Runtime, resolver=resolve.own_runtime)
    depth = graphene.Int()
    parents = graphene.List(
        lambda: Family, args=definition_args(),
        resolver=resolve.nodes_by_field(R.FAMILIES, 'parents'))
    first_parent = graphene.Field(
        lambda: Family, strip_null=graphene.Boolean(),
        resolver=resolve.node_by_field(R.FAMILIES, 'first_parent'))


class Task(DefinitionFields, graphene.ObjectType):
    """A task definition (as configured, not a cycle instance)."""

    mean_elapsed_time = graphene.Float()
    proxies = graphene.List(
        lambda: TaskProxy, args=proxy_args(),
        resolver=resolve.proxies_of_definition(R.TASK_PROXIES))
    namespace = graphene.List(graphene.String)


class Family(DefinitionFields, graphene.ObjectType):
    """A family definition."""

    proxies = graphene.List(
        lambda: FamilyProxy, args=proxy_args(),
        resolver=resolve.proxies_of_definition(R.FAMILY_PROXIES))
    child_tasks = graphene.List(
        Task, args=definition_args(),
        resolver=resolve.nodes_by_field(R.TASKS, 'child_tasks'))
    child_families = graphene.List(
        lambda: Family, args=definition_args(),
        resolver=resolve.nodes_by_field(R.FAMILIES, 'child_families'))


class ProxyFields:
    """The fields task and family proxies share."""

    id = graphene.ID()
    state = graphene.String()
    name = graphene.String()
    cycle_point = graphene.String()
    is_held = graphene.Boolean()
    is_queued = graphene.Boolean()
    is_runahead = graphene.Boolean()
    is_retry = graphene.Boolean()
    is_wallclock = graphene.Boolean()
    is_xtriggered = graphene.Boolean()
    depth = graphene.Int()
    graph_depth = graphene.Int()
    first_parent = graphene.Field(
        lambda: FamilyProxy, args=proxy_args(),
        resolver=resolve.node_by_field(R.FAMILY_PROXIES, 'first_parent'))
    ancestors = graphene.List(
        lambda: FamilyProxy, args=proxy_args(),
        resolver=resolve.nodes_by_field(R.FAMILY_PROXIES, 'ancestors'))


class TaskProxy(ProxyFields, graphene.ObjectType):
    """A task at a cycle point."""

    task = graphene.Field(Task, strip_null=graphene.Boolean(),
                          resolver=resolve.node_by_field(R.TASKS, 'task'))
    runtime = graphene.Field(Runtime, resolver=resolve.definition_runtime(
        R.TASKS, 'task'))
    namespace = graphene.List(graphene.String)
    flow_nums = graphene.String()
    flow_wait = graphene.Boolean()
    job_submits = graphene.Int()
    outputs = graphene.List(Output, args=_mapping_list_args(list(OUTPUT_ORDER)),
                            resolver=resolve.mapping_list('outputs', OUTPUT_ORDER))
    external_triggers = graphene.List(
        XTrigger, args=_mapping_list_args(None),
        resolver=resolve.mapping_list('external_triggers', ()))
    xtriggers = graphene.List(
        XTrigger, args=_mapping_list_args(None),
        resolver=resolve.mapping_list('xtriggers', ()))
    extras = GenericScalar()
    prerequisites = graphene.List(Prerequisite,
                                  resolver=resolve.prerequisites)
    jobs = graphene.List(Job, args=state_args(),
                         resolver=resolve.nodes_by_field(R.JOBS, 'jobs'))
    parents = graphene.List(
        lambda: FamilyProxy, args=proxy_args(),
        resolver=resolve.nodes_by_field(R.FAMILY_PROXIES, 'parents'))


class FamilyProxy(ProxyFields, graphene.ObjectType):
    """A family at a cycle point (its state summarises its children)."""

    family = graphene.Field(
        Family, strip_null=graphene.Boolean(),
        resolver=resolve.node_by_field(R.FAMILIES, 'family'))
    runtime = graphene.Field(Runtime, resolver=resolve.definition_runtime(
        R.FAMILIES, 'family'))
    states = graphene.List(graphene.String)
    state_totals = GenericScalar(resolver=resolve.state_totals)
    is_held_total = graphene.Int()
    is_queued_total = graphene.Int()
    is_runahead_total = graphene.Int()
    child_tasks = graphene.List(
        TaskProxy, args=proxy_args(),
        resolver=resolve.nodes_by_field(R.TASK_PROXIES, 'child_tasks'))
    child_families = graphene.List(
        lambda: FamilyProxy, args=proxy_args(),
        resolver=resolve.nodes_by_field(R.FAMILY_PROXIES, 'child_families'))


class Node(graphene.Union):
    """A task proxy or a family proxy (an end of an edge)."""

    class Meta:
        types = (TaskProxy, FamilyProxy)

    @classmethod
    def resolve_type(cls, instance: Any, info: Any) -> Any:
        if isinstance(instance, R.TaskProxy) or (
                isinstance(instance, dict) and 'task' in instance):
            return TaskProxy
        return FamilyProxy


class Edge(graphene.ObjectType):
    """A dependency between two nodes of the graph window."""

    id = graphene.ID()
    source = graphene.ID()
    source_node = graphene.Field(Node, strip_null=graphene.Boolean(),
                                 resolver=resolve.edge_end('source'))
    target = graphene.ID()
    target_node = graphene.Field(Node, strip_null=graphene.Boolean(),
                                 resolver=resolve.edge_end('target'))
    suicide = graphene.Boolean()
    cond = graphene.Boolean()


class PollTask(graphene.ObjectType):
    """A workflow-polling task's edge."""

    local_proxy = graphene.ID()
    workflow = graphene.String()
    remote_proxy = graphene.ID()
    req_state = graphene.String()
    graph_string = graphene.String()


class Edges(graphene.ObjectType):
    """A workflow's edges."""

    edges = graphene.List(Edge, args=state_args(),
                          resolver=resolve.edge_list)
    workflow_polling_tasks = graphene.List(PollTask)
    leaves = graphene.List(graphene.String)
    feet = graphene.List(graphene.String)


class NodesEdges(graphene.ObjectType):
    """Task proxies and the edges between them."""

    nodes = graphene.List(TaskProxy)
    edges = graphene.List(Edge)
