"""Naming config items and finding where they were set, for error messages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol


class OriginLike(Protocol):
    """Where a key was set (the reader's ``Origin``)."""

    file: str
    line: int


Origins = Mapping[tuple[str, ...], OriginLike]


def item_path(sections: Sequence[str], name: str | None = None) -> str:
    """``[a][b]name`` for an item, or ``[a][b]`` for a section path."""
    text = ''.join(f'[{key}]' for key in sections)
    return text + name if name is not None else text


def locate(
    origins: Origins | None, keys: Sequence[str], filename: str,
) -> tuple[str, int | None]:
    """The file and line where a key path (or its nearest parent) was set."""
    if origins:
        path = tuple(keys)
        while path:
            origin = origins.get(path)
            if origin is not None:
                return (getattr(origin, 'file', None) or filename,
                        getattr(origin, 'line', None))
            path = path[:-1]
    return filename, None


def shorten(value: object, limit: int = 60) -> str:
    """A one-line, bounded rendering of a value for error messages."""
    text = str(value)
    first, newline, _ = text.partition('\n')
    if newline or len(first) > limit:
        return first[:limit] + '...'
    return first
