"""Which workflows and tasks the tree shows."""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field

from cylc_flow.core.states import ALL_STATES
from cylc_flow.network.scan import ACTIVE_STATES, WORKFLOW_STATES

_GLOB_CHARS = re.compile(r'[*?\[]')


@dataclass(slots=True)
class TaskFilter:
    """Tasks to show: by state and by name (a substring or a glob).

    The name pattern is matched, case-insensitively, against the task name,
    its ``cycle/name`` ID and the names of its families.
    """

    states: frozenset[str] = field(default_factory=lambda: frozenset(ALL_STATES))
    name: str = ''
    _matcher: re.Pattern[str] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.set_name(self.name)

    def set_name(self, name: str) -> None:
        """Change the name pattern (empty: every name)."""
        self.name = name.strip()
        if not self.name:
            self._matcher = None
        elif _GLOB_CHARS.search(self.name):
            self._matcher = re.compile(fnmatch.translate(self.name), re.IGNORECASE)
        else:
            self._matcher = re.compile(re.escape(self.name), re.IGNORECASE)

    @property
    def name_is_glob(self) -> bool:
        return bool(_GLOB_CHARS.search(self.name))

    @property
    def active(self) -> bool:
        """Whether anything is filtered out."""
        return bool(self.name) or not self.states.issuperset(ALL_STATES)

    def only_state(self, state: str | None) -> None:
        """Show one state (None: every state)."""
        self.states = frozenset(ALL_STATES) if state is None else frozenset({state})

    def toggle_state(self, state: str) -> None:
        """Show or hide one state."""
        self.states = self.states ^ {state}

    def reset(self) -> None:
        """Show everything."""
        self.only_state(None)
        self.set_name('')

    def matches_name(self, names: tuple[str, ...]) -> bool:
        """Whether any of a task's names matches the name pattern."""
        matcher = self._matcher
        if matcher is None:
            return True
        if self.name_is_glob:
            return any(matcher.match(name) for name in names)
        return any(matcher.search(name) for name in names)

    def matches(self, state: str, names: tuple[str, ...]) -> bool:
        """Whether a task in this state with these names is shown."""
        return state in self.states and self.matches_name(names)


@dataclass(slots=True)
class WorkflowFilter:
    """Workflows to show: by status, and optionally only one workflow ID."""

    statuses: frozenset[str] = frozenset(WORKFLOW_STATES)
    workflow: str | None = None  # a workflow name (no ~user)

    @property
    def active(self) -> bool:
        return not self.statuses.issuperset(WORKFLOW_STATES)

    def only_active(self) -> None:
        """Hide stopped workflows."""
        self.statuses = ACTIVE_STATES

    def reset(self) -> None:
        self.statuses = frozenset(WORKFLOW_STATES)

    def matches(self, name: str, status: str) -> bool:
        if self.workflow is not None and name != self.workflow:
            return False
        return status in self.statuses or status not in WORKFLOW_STATES
