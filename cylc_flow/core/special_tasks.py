"""``[scheduling][special tasks]`` as the core uses them.

* ``clock-trigger = foo(PT1H)``: as in Cylc 8, an old-style clock trigger
  becomes a ``wall_clock`` xtrigger labelled ``_cylc_wall_clock_foo``;
* ``clock-expire = foo(-PT1H)``: a waiting ``foo`` expires once the wall
  clock passes its cycle point plus the offset;
* ``sequential = foo``: each ``foo`` waits for its previous instance to
  succeed (an implicit ``foo[-P] => foo``).

Also here: the xtrigger declarations the core uses, and which labels are
*sequential* (the next parentless instance of a task waiting on one spawns
only once it is satisfied).
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from cylc_flow.core.xtrigger_state import WALL_CLOCK
from cylc_flow.exceptions import WorkflowConfigError

CLOCK_TRIGGER = 'clock-trigger'
CLOCK_EXPIRE = 'clock-expire'
SEQUENTIAL = 'sequential'
CLOCK_TRIGGER_LABEL_PREFIX = '_cylc_wall_clock_'
DEFAULT_OFFSET = 'PT0S'

# ``name`` or ``name(offset)``
_ENTRY = re.compile(r'\s*([^\s()]+)\s*(?:\(\s*([^()]*?)\s*\))?\s*')


class SpecialTaskError(WorkflowConfigError):
    """A malformed ``[scheduling][special tasks]`` entry."""


def clock_trigger_label(task_name: str) -> str:
    """The xtrigger label Cylc 8 gives an old-style clock trigger."""
    return CLOCK_TRIGGER_LABEL_PREFIX + task_name


@dataclass(slots=True)
class SpecialTasks:
    """The special task settings, with family names replaced by members."""

    clock_triggers: dict[str, str] = field(default_factory=dict)  # name->offset
    clock_expiry: dict[str, str] = field(default_factory=dict)  # name->offset
    sequential: frozenset[str] = frozenset()

    @classmethod
    def from_config(cls, config: Any) -> SpecialTasks:
        """Read ``[scheduling][special tasks]``; raise SpecialTaskError."""
        section = config.get('scheduling', 'special tasks') or {}
        if not isinstance(section, Mapping):
            return cls()
        family_members = getattr(config, 'family_members', {}) or {}
        taskdefs = config.taskdefs
        date_time = getattr(config, 'cycling_mode', '') != 'integer'
        found = cls()
        for kind, target in ((CLOCK_TRIGGER, found.clock_triggers),
                             (CLOCK_EXPIRE, found.clock_expiry)):
            for entry in _entries(section.get(kind)):
                name, offset = _parse_entry(kind, entry)
                if not date_time:
                    raise SpecialTaskError(
                        f'[scheduling][special tasks]{kind} needs date-time'
                        f' cycling: {_shown(entry)}')
                for member in _members(kind, name, family_members, taskdefs):
                    target[member] = offset
        sequential: set[str] = set()
        for entry in _entries(section.get(SEQUENTIAL)):
            name, _offset = _parse_entry(SEQUENTIAL, entry)
            if '(' in entry:
                raise SpecialTaskError(
                    f'Illegal [scheduling][special tasks]{SEQUENTIAL} entry:'
                    f' {_shown(entry)}')
            sequential.update(_members(SEQUENTIAL, name, family_members,
                                       taskdefs))
        found.sequential = frozenset(sequential)
        return found

    def clock_trigger_declarations(self) -> dict[str, Any]:
        """``wall_clock`` xtrigger declarations for the clock triggers."""
        from cylc_flow.config.xtrigger_spec import XtriggerDeclaration

        return {
            clock_trigger_label(name): XtriggerDeclaration(
                clock_trigger_label(name), 'wall_clock', (),
                MappingProxyType({'offset': offset}), None, None)
            for name, offset in self.clock_triggers.items()
        }


def _shown(text: str) -> str:
    """Text for a one-line message: as written, or quoted if it would not
    read as one line."""
    text = str(text)
    stripped = text.strip()
    return stripped if stripped.isprintable() else repr(text)


def _entries(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    try:
        return [str(item) for item in value]
    except TypeError:
        return [str(value)]


def _parse_entry(kind: str, entry: str) -> tuple[str, str | None]:
    """``('foo', 'PT1H')`` from ``foo(PT1H)``; ``('bar', 'PT0S')`` from
    ``bar`` (clock kinds) or ``('bar', None)`` (sequential)."""
    match = _ENTRY.fullmatch(entry)
    if match is None:
        raise SpecialTaskError(
            f'Illegal [scheduling][special tasks]{kind} entry: {_shown(entry)}')
    name, offset = match.groups()
    if kind == SEQUENTIAL:
        return name, offset
    offset = offset or DEFAULT_OFFSET
    _check_offset(kind, entry, offset)
    return name, offset


def _check_offset(kind: str, entry: str, offset: str) -> None:
    from cylc_flow.xtriggers.wall_clock import wall_clock_trigger_time

    try:
        wall_clock_trigger_time(0.0, offset)
    except (WorkflowConfigError, ValueError, TypeError, OverflowError):
        raise SpecialTaskError(
            f'Illegal [scheduling][special tasks]{kind} offset in'
            f' {_shown(entry)}: {_shown(offset)} is not an ISO 8601 duration'
        ) from None


def _members(
    kind: str, name: str, family_members: Mapping[str, Iterable[str]],
    taskdefs: Mapping[str, Any],
) -> list[str]:
    members = list(family_members.get(name, ())) or [name]
    for member in members:
        if member not in taskdefs:
            raise SpecialTaskError(
                f'[scheduling][special tasks]{kind}: {_shown(member)} is not a task'
                ' in the graph')
    return members


# ---- xtriggers -------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class XtriggerSetup:
    """The xtrigger declarations a core uses (the workflow's, the clock
    triggers' and the implicit ``wall_clock``) and which are sequential."""

    declarations: Mapping[str, Any]
    sequential: frozenset[str]

    @classmethod
    def from_config(cls, config: Any, special: SpecialTasks) -> XtriggerSetup:
        from cylc_flow.config.xtrigger_spec import implicit_wall_clock

        declarations = dict(getattr(config, 'xtriggers', {}) or {})
        declarations.update(special.clock_trigger_declarations())
        declarations.setdefault(WALL_CLOCK, implicit_wall_clock())
        sequential = sequential_xtrigger_labels(
            declarations, bool(config.get('scheduling', 'sequential xtriggers')))
        return cls(MappingProxyType(declarations), sequential)


# ---- sequential xtriggers ------------------------------------------------
def sequential_xtrigger_labels(
    declarations: Mapping[str, Any],
    workflow_default: bool = False,
    find_function: Callable[[str], Callable[..., Any]] | None = None,
) -> frozenset[str]:
    """Labels of the xtriggers that are sequential.

    The declaration's ``sequential=`` argument wins, then the function's own
    ``sequential`` default (``wall_clock``: True), then
    ``[scheduling]sequential xtriggers``.  Without ``find_function`` only the
    built-in functions' defaults are known (the shell may pass the workflow's
    function finder to cover user functions too).
    """
    labels = set()
    for label, declaration in declarations.items():
        sequential = declaration.sequential
        if sequential is None:
            sequential = _function_default(declaration.function, find_function)
        if sequential is None:
            sequential = workflow_default
        if sequential:
            labels.add(label)
    return frozenset(labels)


def _function_default(
    name: str, find_function: Callable[[str], Callable[..., Any]] | None
) -> bool | None:
    function = None
    if find_function is not None:
        try:
            function = find_function(name)
        except WorkflowConfigError:
            function = None
    if function is None:
        function = _builtin_function(name)
    if function is None:
        return None
    try:
        parameter = inspect.signature(function).parameters.get('sequential')
    except (TypeError, ValueError):
        return None
    if parameter is not None and isinstance(parameter.default, bool):
        return parameter.default
    return None


def _builtin_function(name: str) -> Callable[..., Any] | None:
    from cylc_flow.xtriggers import BUILTIN_XTRIGGERS

    if name not in BUILTIN_XTRIGGERS:
        return None
    module = importlib.import_module(f'cylc_flow.xtriggers.{name}')
    function = getattr(module, name, None)
    return function if callable(function) else None
