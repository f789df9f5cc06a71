"""Input scalars and enums of the mutations (names as Cylc 8's schema)."""

from __future__ import annotations

from typing import Any

import graphene
from graphene.types.generic import GenericScalar
from graphql import GraphQLError
from graphql.language import ast

from cylc_flow.core.commands import FLOW_ALL, FLOW_NEW, FLOW_NONE

FLOW_CHOICES = f' (an integer, "{FLOW_ALL}", "{FLOW_NEW}" or "{FLOW_NONE}")'


class WorkflowID(graphene.String):
    """A workflow ID (``~user/workflow`` or ``workflow``; globs allowed)."""


class CyclePoint(graphene.String):
    """An integer or date-time cycle point."""


class CyclePointGlob(graphene.String):
    """A glob for cycle points, e.g. ``2000*``."""


class BroadcastCyclePoint(graphene.String):
    """A cycle point or ``*``."""


class NamespaceName(graphene.String):
    """The name of a task or family."""


class NamespaceIDGlob(graphene.String):
    """A task or family ID, e.g. ``2000/foo``, with globs and ``:state``
    selectors."""


class TaskID(graphene.String):
    """The ID of an active task."""


class JobID(graphene.String):
    """A job submission of an active task."""


class TimePoint(graphene.String):
    """An ISO 8601 date-time."""


class OutputLabel(graphene.String):
    """A task output, e.g. ``succeeded``."""


class PrerequisiteString(graphene.String):
    """A task prerequisite, e.g. ``2040/foo:succeeded``."""


class BroadcastSetting(GenericScalar):
    """A ``[runtime]`` setting: ``key=value`` or ``[section]key=value`` (or
    the equivalent nested object)."""


def _flow_value(value: Any) -> str:
    if isinstance(value, bool):
        raise GraphQLError(f'Invalid flow: {value!r}{FLOW_CHOICES}')
    if isinstance(value, int) and value > 0:
        return str(value)
    if isinstance(value, str):
        text = value.strip()
        if text in (FLOW_ALL, FLOW_NEW, FLOW_NONE) or (
                text.isdigit() and int(text)):
            return text
    raise GraphQLError(f'Invalid flow: {value!r}{FLOW_CHOICES}')


class Flow(graphene.Scalar):
    """A flow number (a positive integer), ``all``, ``new`` or ``none``."""

    @staticmethod
    def serialize(value: Any) -> str:
        return str(value)

    @staticmethod
    def parse_value(value: Any) -> str:
        return _flow_value(value)

    @staticmethod
    def parse_literal(node: Any, _variables: Any = None) -> str:
        if isinstance(node, (ast.IntValueNode, ast.StringValueNode)):
            return _flow_value(int(node.value) if isinstance(
                node, ast.IntValueNode) else node.value)
        raise GraphQLError('Invalid flow: expected an integer or a string')


class BroadcastMode(graphene.Enum):
    """Set, clear or expire broadcasts."""

    Set = 'Set'
    Clear = 'Clear'
    Expire = 'Expire'


class WorkflowStopMode(graphene.Enum):
    """How to stop a workflow."""

    Clean = 'Clean'
    Kill = 'Kill'
    Now = 'Now'
    NowNow = 'NowNow'


class LogLevels(graphene.Enum):
    """Scheduler logging levels."""

    INFO = 'INFO'
    NORMAL = 'NORMAL'
    WARNING = 'WARNING'
    ERROR = 'ERROR'
    CRITICAL = 'CRITICAL'
    DEBUG = 'DEBUG'
