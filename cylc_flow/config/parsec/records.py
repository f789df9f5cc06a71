"""Records produced by the config file reader."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a section or item was set.

    ``file`` is the file the line came from (the included file for lines
    inlined by ``%include``).  ``line`` is 1-based.  After Jinja2 processing
    the link to the source is lost, so ``file`` is the top file and ``line``
    is the line number in the processed text (as ``cylc view -p`` shows).
    """

    file: str
    line: int


_new_object = object.__new__
_set_file = Origin.file.__set__  # type: ignore[attr-defined]
_set_line = Origin.line.__set__  # type: ignore[attr-defined]


def make_origin(file: str, line: int) -> Origin:
    """``Origin(file, line)`` for hot loops.

    Frozen dataclasses assign fields through ``object.__setattr__``; writing
    the slots directly is twice as fast and the parser makes one per item.
    """
    origin = _new_object(Origin)
    _set_file(origin, file)
    _set_line(origin, line)
    return origin


@dataclass(slots=True)
class ParsedConfig:
    """A parsed config file: nested sections with string leaf values."""

    data: dict[str, Any]
    origins: dict[tuple[str, ...], Origin]
    processed_lines: list[str]
    filename: str


@dataclass(slots=True)
class SourceText:
    """Lines of text with, for each line, the file and line it came from.

    The three lists run in parallel.  ``rendered`` is true once Jinja2 has
    rewritten the text (origins then refer to processed line numbers).
    """

    lines: list[str]
    files: list[str]
    numbers: list[int]
    rendered: bool = False

    @classmethod
    def from_lines(cls, lines: list[str], filename: str) -> SourceText:
        """Lines that all come, in order, from one file."""
        return cls(lines, [filename] * len(lines), list(range(1, len(lines) + 1)))
