"""The mutations: each calls ``context.command(workflow_id, name, args)``
for every workflow it names and returns
``result: [{id, response: [success, message]}, ...]`` (or, for a handler
that returns a list, that list as the response, e.g. ``broadcast``)."""

from __future__ import annotations

import enum
from typing import Any

import graphene
from graphene.types.generic import GenericScalar
from graphene.utils.str_converters import to_snake_case

from cylc_flow.exceptions import CylcError
from cylc_flow.network.schema.context import SchemaContext, field_value
from cylc_flow.network.schema.ids import any_matches, workflow_pattern
from cylc_flow.network.schema.scalars import (
    BroadcastCyclePoint,
    BroadcastMode,
    BroadcastSetting,
    CyclePoint,
    Flow,
    LogLevels,
    NamespaceIDGlob,
    NamespaceName,
    OutputLabel,
    PrerequisiteString,
    TaskID,
    TimePoint,
    WorkflowID,
    WorkflowStopMode,
)


def _plain(value: Any) -> Any:
    """Argument values as plain data (enum members by name)."""
    if isinstance(value, enum.Enum):
        return value.name
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _targets(context: SchemaContext, ids: list[str]) -> list[str]:
    patterns = [workflow_pattern(text) for text in ids]
    return [field_value(record, 'id') for record, _store in context.workflows()
            if any_matches(patterns, field_value(record, 'owner'),
                           field_value(record, 'name'))]


def command_response(success: Any, payload: Any) -> list[Any]:
    """A handler's ``(success, payload)`` as the mutation's ``response``.

    A list payload is a structured response, returned as it is (the
    broadcast mutation's ``[modified_settings, bad_options]``, as Cylc 8);
    anything else gives ``[success, message]``.
    """
    if isinstance(payload, list):
        return payload
    return [bool(success), str(payload)]


def run_command(_root: Any, info: Any, **args: Any) -> dict[str, Any]:
    """Call the context's command handler once per matching workflow."""
    context: SchemaContext = info.context
    name = to_snake_case(info.field_name)
    ids = [str(item) for item in args.pop('workflows', None) or ()]
    arguments = {key: _plain(value) for key, value in args.items()}
    targets = _targets(context, ids)
    if not targets:
        known = sorted(str(field_value(record, 'id'))
                       for record, _store in context.workflows())
        return {'result': [{'id': None, 'response': [
            False, f'No matching workflow in {known}']}]}
    results = []
    for workflow_id in targets:
        if context.command is None:
            response = [False, 'this server does not accept commands']
        else:
            try:
                success, message = context.command(workflow_id, name,
                                                   dict(arguments))
                response = command_response(success, message)
            except CylcError as error:
                response = [False, str(error)]
        results.append({'id': workflow_id, 'response': response})
    return {'result': results}


def _flows(description: str) -> graphene.List:
    return graphene.List(graphene.NonNull(Flow), default_value=[],
                         description=description)


def _task_args() -> dict[str, Any]:
    return {'workflows': graphene.List(WorkflowID, required=True),
            'tasks': graphene.List(NamespaceIDGlob, required=True)}


def _flow_args() -> dict[str, Any]:
    return {'flow': _flows('Flow numbers, "new" or "none".'),
            'flow_wait': graphene.Boolean(default_value=False),
            'flow_descr': graphene.String()}


def _workflow_args() -> dict[str, Any]:
    return {'workflows': graphene.List(WorkflowID, required=True)}


# mutation type name -> (description, arguments beyond ``workflows``)
MUTATIONS: dict[str, tuple[str, dict[str, Any]]] = {
    'Broadcast': ('Override [runtime] settings in a running workflow.', {
        'mode': BroadcastMode(default_value=BroadcastMode.Set.value,
                              required=True),
        'cycle_points': graphene.List(BroadcastCyclePoint,
                                      default_value=['*']),
        'namespaces': graphene.List(NamespaceName, default_value=['root']),
        'settings': graphene.List(BroadcastSetting),
        'cutoff': CyclePoint()}),
    'ExtTrigger': ('Report an external event message to a scheduler.', {
        'message': graphene.String(required=True),
        'id': graphene.String(required=True)}),
    'Message': ('Record task job messages.', {
        'task_job': graphene.String(required=True),
        'event_time': graphene.String(default_value=None),
        'messages': graphene.List(graphene.List(graphene.String),
                                  default_value=None)}),
    'Pause': ('Pause a workflow (no new job submissions).', {}),
    'Reload': ('Reload the workflow configuration.', {
        'reload_global': graphene.Boolean(default_value=False)}),
    'Resume': ('Resume a paused workflow.', {}),
    'SetVerbosity': ('Change the scheduler logging level.', {
        'level': LogLevels(required=True)}),
    'SetGraphWindowExtent': ('Set the n-window extent.', {
        'n_edge_distance': graphene.Int(required=True)}),
    'Stop': ('Stop a workflow, or a flow.', {
        'mode': WorkflowStopMode(default_value=WorkflowStopMode.Clean.value),
        'cycle_point': CyclePoint(), 'clock_time': TimePoint(),
        'task': TaskID(), 'flow_num': graphene.Int()}),
    'SetHoldPoint': ('Hold all tasks after a cycle point.', {
        'point': CyclePoint(required=True)}),
    'ReleaseHoldPoint': ('Release all tasks and unset the hold point.', {}),
}
TASK_MUTATIONS: dict[str, tuple[str, dict[str, Any]]] = {
    'Hold': ('Hold tasks.', {}),
    'Release': ('Release held tasks.', {}),
    'Kill': ('Kill running or submitted jobs.', {}),
    'Poll': ('Poll jobs to verify their statuses.', {}),
    'Remove': ('Remove task instances.', {
        'flow': _flows('Remove from these flows (default: all).')}),
    'Set': ('Set task prerequisites or outputs.', {
        'outputs': graphene.List(OutputLabel),
        'prerequisites': graphene.List(PrerequisiteString)}),
    'Trigger': ('Manually trigger tasks.', {
        'on_resume': graphene.Boolean(default_value=False)}),
}
FLOW_MUTATIONS = frozenset({'Set', 'Trigger'})


def _mutation(name: str, description: str, arguments: dict[str, Any]) -> Any:
    arguments_class = type('Arguments', (), arguments)
    attributes = {
        'Arguments': arguments_class,
        'Meta': type('Meta', (), {'description': description}),
        'result': GenericScalar(),
        'mutate': staticmethod(run_command),
    }
    return type(name, (graphene.Mutation,), attributes)


def _fields() -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for name, (description, extra) in MUTATIONS.items():
        mutation = _mutation(name, description, {**_workflow_args(), **extra})
        fields[to_snake_case(name)] = mutation.Field(description=description)
    for name, (description, extra) in TASK_MUTATIONS.items():
        arguments = {**_task_args(), **extra}
        if name in FLOW_MUTATIONS:
            arguments.update(_flow_args())
        type_name = 'SetPrereqsAndOutputs' if name == 'Set' else name
        mutation = _mutation(type_name, description, arguments)
        fields[to_snake_case(name)] = mutation.Field(description=description)
    return fields


Mutations = type('Mutations', (graphene.ObjectType,), _fields())
