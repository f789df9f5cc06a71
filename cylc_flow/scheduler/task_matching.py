"""Match command-line task IDs (``cycle/task``, globs, families) to tasks."""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import Any

from cylc_flow.exceptions import CylcError

GLOB_CHARS = set('*?[')


def match_tasks(config: Any, pool: Any, ids: list[str]) -> tuple[list, list[str]]:
    """Return ``([(point, name)], [IDs that matched nothing])``."""
    from cylc_flow.id import Tokens

    matched: dict[tuple[Any, str], None] = {}
    unmatched: list[str] = []
    for text in ids:
        tokens = Tokens.parse(text if text.startswith('//') else f'//{text}')
        cycle, name = tokens.cycle or '*', tokens.task or 'root'
        found = _match_one(config, pool, cycle, name)
        if not found:
            unmatched.append(text)
        for key in found:
            matched[key] = None
    return list(matched), unmatched


def _names(config: Any, pattern: str) -> list[str]:
    members = config.family_members
    if pattern in config.taskdefs:
        return [pattern]
    if pattern in members:
        return [name for name in members[pattern] if name in config.taskdefs]
    if set(pattern) & GLOB_CHARS:
        names = [name for name in config.taskdefs if fnmatchcase(name, pattern)]
        for family, family_members in members.items():
            if fnmatchcase(family, pattern):
                names.extend(m for m in family_members if m in config.taskdefs)
        return list(dict.fromkeys(names))
    return []


def _match_one(config: Any, pool: Any, cycle: str, pattern: str) -> list:
    names = _names(config, pattern)
    if set(cycle) & GLOB_CHARS:
        wanted = set(names)
        return [itask.key for itask in pool
                if fnmatchcase(str(itask.point), cycle) and itask.name in wanted]
    try:
        point = config.context.point(cycle)
    except CylcError:
        return []
    return [
        (point, name) for name in names
        if pool.get(point, name) is not None
        or any(seq.is_valid(point) for seq in config.taskdefs[name].sequences)
    ]
