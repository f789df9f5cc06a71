"""Push external triggers: ``[scheduling][special tasks]external-trigger``.

``external-trigger = get_data("new data ready")`` makes each ``get_data``
instance wait (besides its prerequisites) until ``cylc ext-trigger WORKFLOW
"new data ready" ID`` reports the event.  As in Cylc 8:

* ``$CYLC_TASK_CYCLE_POINT`` in a message is replaced by the instance's
  cycle point, so an event can target one cycle;
* each event satisfies one waiting trigger (the earliest cycle point
  first); events nobody waits for yet stay queued (in memory) until a task
  that waits for them appears;
* the event ID is broadcast (by the shell, from :attr:`matched`) to every
  task of the triggered task's cycle point as ``$CYLC_EXT_TRIGGER_ID``;
* a manually triggered task does not wait (it has submitted a job).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from cylc_flow.exceptions import WorkflowConfigError

EXTERNAL_TRIGGER = 'external-trigger'
CYCLE_POINT_VARIABLE = '$CYLC_TASK_CYCLE_POINT'
ENVIRONMENT_VARIABLE = 'CYLC_EXT_TRIGGER_ID'

# ``name(message)``: the message is required
_ENTRY = re.compile(r'\s*([^\s()]+)\s*\(\s*(.*?)\s*\)\s*', re.S)
_QUOTES = ('"', "'")

TaskKey = tuple[Any, str]


class ExternalTriggerError(WorkflowConfigError):
    """A malformed ``[scheduling][special tasks]external-trigger`` entry."""


def _shown(text: Any) -> str:
    text = str(text)
    return text.strip() if text.strip().isprintable() else repr(text)


def _unquote(message: str) -> str:
    if len(message) >= 2 and message[0] in _QUOTES and message[-1] == message[0]:
        return message[1:-1]
    return message


def external_trigger_messages(config: Any) -> dict[str, tuple[str, ...]]:
    """Task name -> its trigger message templates (families expanded).

    Raises :class:`ExternalTriggerError` for a malformed entry or a name that
    is neither a task in the graph nor a family of such tasks.
    """
    section = config.get('scheduling', 'special tasks') or {}
    if not isinstance(section, Mapping):
        return {}
    entries = section.get(EXTERNAL_TRIGGER)
    if entries is None:
        return {}
    if isinstance(entries, str):
        entries = [entries]
    family_members = getattr(config, 'family_members', {}) or {}
    taskdefs = config.taskdefs
    found: dict[str, tuple[str, ...]] = {}
    for entry in entries:
        match = _ENTRY.fullmatch(str(entry))
        message = _unquote(match.group(2)) if match else ''
        if match is None or not message.strip():
            raise ExternalTriggerError(
                f'Illegal [scheduling][special tasks]{EXTERNAL_TRIGGER} entry:'
                f' {_shown(entry)} (expected task("message"))')
        name = match.group(1)
        members = list(family_members.get(name, ())) or [name]
        for member in members:
            if member not in taskdefs:
                raise ExternalTriggerError(
                    f'[scheduling][special tasks]{EXTERNAL_TRIGGER}:'
                    f' {_shown(member)} is not a task in the graph')
            if message not in found.get(member, ()):
                found[member] = (*found.get(member, ()), message)
    return found


def render_message(template: str, point: Any) -> str:
    """A trigger message for one cycle point."""
    if CYCLE_POINT_VARIABLE in template:
        return template.replace(CYCLE_POINT_VARIABLE, str(point))
    return template


@dataclass(slots=True)
class ExternalTriggerMatch:
    """One queued event that satisfied one task's trigger."""

    task: Any
    message: str
    event_id: str


@dataclass(slots=True)
class _Waiting:
    task: Any
    triggers: dict[str, bool]  # rendered message -> satisfied


class ExternalTriggers:
    """Trigger state of the pool's tasks, and the queue of events.

    ``tasks`` is the pool's live ``(point, name) -> task`` mapping; entries
    of tasks that left it are dropped lazily.
    """

    def __init__(self, messages: Mapping[str, tuple[str, ...]],
                 tasks: Mapping[TaskKey, Any]) -> None:
        self.messages = dict(messages)
        self.tasks = tasks
        self.waiting: dict[TaskKey, _Waiting] = {}
        # (message, event ID) -> how many times it was reported, unused yet
        self.queued: dict[tuple[str, str], int] = {}
        # cycle point -> the ID of the latest event that triggered a task there
        self.ids: dict[Any, str] = {}
        # matches since the shell last looked (it broadcasts their IDs)
        self.matched: list[ExternalTriggerMatch] = []
        self._prune_at = 64

    @property
    def configured(self) -> bool:
        return bool(self.messages)

    def attach(self, itask: Any, keep: Mapping[str, bool] | None = None) -> None:
        """Give a new task its (unsatisfied) triggers; ``keep`` carries the
        states of messages it already had (reload)."""
        templates = self.messages.get(itask.name)
        key = itask.key
        if not templates:
            self.waiting.pop(key, None)
            return
        entry = self.waiting.get(key)
        if entry is not None and entry.task is itask and keep is None:
            return
        keep = keep or {}
        triggers = {}
        for template in templates:
            message = render_message(template, itask.point)
            triggers[message] = bool(keep.get(message))
        self.waiting[key] = _Waiting(itask, triggers)
        if len(self.waiting) > self._prune_at:
            self._prune()

    def triggers_of(self, itask: Any) -> dict[str, bool]:
        """``message -> satisfied`` of a task (empty: none)."""
        entry = self.waiting.get(itask.key)
        if entry is None or entry.task is not itask:
            return {}
        return dict(entry.triggers)

    def blocks(self, itask: Any) -> bool:
        """True if an unsatisfied trigger keeps this task from running."""
        entry = self.waiting.get(itask.key)
        return (entry is not None and entry.task is itask
                and itask.submit_num == 0
                and not all(entry.triggers.values()))

    def filter_ready(self, candidates: Iterable[Any]) -> list[Any]:
        """The candidates no trigger holds back."""
        return [itask for itask in candidates if not self.blocks(itask)]

    def queue(self, message: str, event_id: str) -> None:
        """An event was reported (``cylc ext-trigger``)."""
        event = (message, event_id)
        self.queued[event] = self.queued.get(event, 0) + 1

    def match(self) -> list[ExternalTriggerMatch]:
        """Use the queued events to satisfy waiting triggers, earliest cycle
        point first; return what matched."""
        if not self.queued or not self.waiting:
            return []
        matched: list[ExternalTriggerMatch] = []
        entries = sorted(  # (a task triggered meanwhile waits no more)
            (entry for entry in self._live() if self.blocks(entry.task)),
            key=lambda entry: entry.task.key)
        for entry in entries:
            for message, done in entry.triggers.items():
                if done:
                    continue
                event = self._take(message)
                if event is None:
                    continue
                entry.triggers[message] = True
                itask = entry.task
                self.ids[itask.point] = event[1]
                matched.append(ExternalTriggerMatch(itask, message, event[1]))
            if not self.queued:
                break
        self.matched.extend(matched)
        return matched

    def _take(self, message: str) -> tuple[str, str] | None:
        for event in self.queued:
            if event[0] == message:
                count = self.queued[event] - 1
                if count:
                    self.queued[event] = count
                else:
                    del self.queued[event]
                return event
        return None

    def waiting_for_event(self) -> bool:
        """Is a waiting task (ready but for a trigger) waiting on an event?
        (Then the workflow is not stalled.)"""
        for entry in self._live():
            itask = entry.task
            if itask.state == 'waiting' and not itask.is_held and \
                    self.blocks(itask) and itask.prerequisites_satisfied():
                return True
        return False

    def reconfigure(self, messages: Mapping[str, tuple[str, ...]]) -> None:
        """New trigger definitions (reload).  Tasks that no longer have a
        trigger lose their entry; the caller re-attaches the waiting tasks
        (:meth:`attach` with ``keep``) to give them the new messages."""
        self.messages = dict(messages)
        for key in [key for key in self.waiting if key[1] not in self.messages]:
            del self.waiting[key]

    def _live(self) -> list[_Waiting]:
        tasks = self.tasks
        live = []
        for key, entry in list(self.waiting.items()):
            if tasks.get(key) is entry.task:
                live.append(entry)
            else:
                del self.waiting[key]
        return live

    def _prune(self) -> None:
        self._live()
        self._prune_at = max(64, 2 * len(self.waiting))
