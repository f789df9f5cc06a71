"""Match command task IDs (``cycle/task``, globs, families, selectors) to
tasks.

* An explicit cycle point with a task or family name (``1/foo``, ``1/FAM``,
  or just ``1``, which means ``1/root``) matches tasks in the pool and, when
  ``inactive`` is allowed, tasks the graph defines at that point that are
  not in the pool yet.
* A glob in the cycle or task part (``*/foo``, ``1/f*``) or a ``:state``
  selector matches active (pool) tasks only.

The cost is proportional to the IDs and the tasks they name: explicit IDs
are dictionary look-ups; a glob at one cycle scans that cycle's tasks only;
only a cycle glob scans the pool, once per ID.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cylc_flow.exceptions import CylcError, InputError
from cylc_flow.network.schema.ids import glob_matcher, glob_matches

GLOB_CHARS = frozenset('*?[')
ROOT = 'root'

Key = tuple[Any, str]


class TaskMatcher:
    """Matches IDs against one config and pool (caches names and points)."""

    def __init__(self, config: Any, pool: Any,
                 point: Callable[[str], Any] | None = None) -> None:
        self.config = config
        self.pool = pool
        self._parse_point = point or config.context.point
        self._names: dict[str, tuple[str, ...]] = {}
        self._points: dict[str, Any] = {}
        self._valid: dict[tuple[Any, Any], bool] = {}

    def match(self, ids: list[str], *, inactive: bool = True
              ) -> tuple[list[Key], list[str]]:
        """Return ``([(point, name)], [IDs that matched nothing])``."""
        from cylc_flow.id import Tokens

        matched: dict[Key, None] = {}
        unmatched: list[str] = []
        for text in ids:
            text = str(text).strip()
            try:
                tokens = Tokens.parse(text if text.startswith('//')
                                      else f'//{text}')
            except InputError:
                raise InputError(f'Invalid ID: {text}') from None
            if tokens.job is not None:
                raise InputError(f'Invalid ID (a job, not a task): {text}')
            found = self._match_one(tokens.cycle or '*', tokens.task or ROOT,
                                    tokens.task_sel or tokens.cycle_sel,
                                    inactive)
            if not found:
                unmatched.append(text)
            for key in found:
                matched[key] = None
        return list(matched), unmatched

    # ---- names ----------------------------------------------------------
    def names(self, pattern: str) -> tuple[str, ...]:
        """Task names a task name, family name or glob stands for."""
        names = self._names.get(pattern)
        if names is None:
            names = self._names[pattern] = self._expand(pattern)
        return names

    def _expand(self, pattern: str) -> tuple[str, ...]:
        config = self.config
        taskdefs = config.taskdefs
        members = config.family_members
        if pattern in taskdefs:
            return (pattern,)
        if pattern == ROOT:
            return tuple(taskdefs)
        if pattern in members:
            return tuple(name for name in members[pattern] if name in taskdefs)
        if GLOB_CHARS.isdisjoint(pattern):
            return ()
        test = glob_matcher(pattern)
        names = [name for name in taskdefs if glob_matches(test, name)]
        for family, family_members in members.items():
            if glob_matches(test, family):
                names.extend(name for name in family_members
                             if name in taskdefs)
        return tuple(dict.fromkeys(names))

    def point(self, cycle: str) -> Any:
        """The cycle point of ``cycle``, or None if it is not one."""
        if cycle in self._points:
            return self._points[cycle]
        try:
            point = self._parse_point(cycle)
        except (CylcError, ValueError, TypeError):
            point = None
        self._points[cycle] = point
        return point

    def is_defined(self, name: str, point: Any) -> bool:
        """Does the graph define task ``name`` at ``point``?"""
        return any(self._on_sequence(sequence, point)
                   for sequence in self.config.taskdefs[name].sequences)

    def _on_sequence(self, sequence: Any, point: Any) -> bool:
        # many tasks share a sequence: ask each sequence once per point
        key = (sequence, point)
        valid = self._valid.get(key)
        if valid is None:
            try:
                valid = bool(sequence.is_valid(point))
            except (CylcError, ValueError, TypeError):
                valid = False
            self._valid[key] = valid
        return valid

    # ---- matching ---------------------------------------------------------
    def _match_one(self, cycle: str, task: str, selector: str | None,
                   inactive: bool) -> list[Key]:
        names = self.names(task)
        if not names:
            return []
        pool = self.pool
        if not GLOB_CHARS.isdisjoint(cycle):
            test = glob_matcher(cycle)
            wanted = frozenset(names)
            return [itask.key for itask in pool
                    if itask.name in wanted and glob_matches(test, itask.point)
                    and (selector is None or itask.state == selector)]
        point = self.point(cycle)
        if point is None:
            return []
        at_point = pool.by_point.get(point) or {}
        if selector is not None:
            return [(point, name) for name in names
                    if (itask := at_point.get(name)) is not None
                    and itask.state == selector]
        if not inactive or not GLOB_CHARS.isdisjoint(task):
            return [(point, name) for name in names if name in at_point]
        return [(point, name) for name in names
                if name in at_point or self.is_defined(name, point)]


def match_tasks(config: Any, pool: Any, ids: list[str], *,
                inactive: bool = True,
                point: Callable[[str], Any] | None = None
                ) -> tuple[list[Key], list[str]]:
    """Return ``([(point, name)], [IDs that matched nothing])``; ``point``
    parses cycle points (default: the config's cycling context)."""
    return TaskMatcher(config, pool, point).match(ids, inactive=inactive)
