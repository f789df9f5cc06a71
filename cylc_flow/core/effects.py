"""Effects: what the core asks the shell to do, collected per turn."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class SubmitJobs:
    """Prepare and submit jobs for these tasks (state: preparing)."""

    tasks: list[Any]


@dataclass(slots=True)
class KillJobs:
    tasks: list[Any]


@dataclass(slots=True)
class PollJobs:
    tasks: list[Any]


@dataclass(slots=True)
class CallXtrigger:
    """Call an xtrigger function (out of process) and report the result."""

    signature: str
    label: str
    declaration: Any
    point: Any
    task_name: str


@dataclass(slots=True)
class LogMessage:
    level: int
    text: str


@dataclass(slots=True)
class TaskEvent:
    """A task event for handlers and mail (``succeeded``, ``failed``, ...)."""

    task: Any
    event: str
    message: str


@dataclass(slots=True)
class WorkflowEvent:
    """A workflow event (``stall``, ``shutdown``, ...)."""

    event: str
    message: str


@dataclass(slots=True)
class Shutdown:
    """Stop the scheduler: ``reason`` is logged; ``aborted`` means failure."""

    reason: str
    aborted: bool = False
    kill_active: bool = False


@dataclass(slots=True)
class EffectLog:
    """The effects of one turn, in the order they arose."""

    items: list[Any] = field(default_factory=list)

    def log(self, text: str, level: int = logging.INFO) -> None:
        self.items.append(LogMessage(level, text))

    def add(self, effect: Any) -> None:
        self.items.append(effect)

    def drain(self) -> list[Any]:
        items, self.items = self.items, []
        return items
