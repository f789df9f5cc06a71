"""The reader's pipeline and public entry points.

Order, as Cylc 8: read lines -> inline ``%include`` files -> render with
Jinja2 if the first line is ``#!Jinja2`` (any case) -> join ``\\``
continuation lines -> strip trailing whitespace -> parse.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cylc_flow.config.parsec.continuation import join_continuations
from cylc_flow.config.parsec.include import inline_includes
from cylc_flow.config.parsec.parse import parse_source
from cylc_flow.config.parsec.reading import read_lines, split_text
from cylc_flow.config.parsec.records import ParsedConfig, SourceText
from cylc_flow.exceptions import FileParseError

_JINJA2_SHEBANG = re.compile(r'#!jinja2', re.IGNORECASE)
_EMPY_SHEBANG = re.compile(r'#!empy', re.IGNORECASE)


def _process(
    source: SourceText,
    directory: str,
    filename: str,
    template_vars: Mapping[str, Any] | None,
    workflow_vars: Mapping[str, str] | None,
    *,
    inline: bool = True,
    mark_includes: bool = False,
    jinja2: bool = True,
    continuation: bool = True,
) -> SourceText:
    """Run the processing steps on ``source``."""
    if inline:
        source = inline_includes(source, directory, mark=mark_includes)
    first = source.lines[0] if source.lines else ''
    if jinja2 and first.startswith('#!'):
        if _JINJA2_SHEBANG.match(first):
            from cylc_flow.config.parsec.jinja2support import render_jinja2

            source = render_jinja2(
                source, directory, filename, template_vars, workflow_vars
            )
        elif _EMPY_SHEBANG.match(first):
            raise FileParseError(
                'EmPy templating is not supported: use #!Jinja2',
                source.files[0],
                source.numbers[0],
            )
    if continuation:
        source = join_continuations(source)
    source.lines = [line.rstrip() for line in source.lines]
    return source


def _read(path: str | Path) -> tuple[SourceText, str, str]:
    """The file's lines, its path as a string, and its directory."""
    filename = os.fspath(path)
    source = SourceText.from_lines(read_lines(filename), filename)
    directory = os.path.dirname(os.path.abspath(filename))
    return source, filename, directory


def process_lines(
    path: str | Path,
    template_vars: dict[str, Any] | None = None,
    *,
    inline: bool = True,
    mark_includes: bool = False,
    jinja2: bool = True,
    continuation: bool = True,
    workflow_vars: dict[str, str] | None = None,
) -> list[str]:
    """Return a config file's lines after the processing steps (``cylc view``).

    Each step can be turned off; ``mark_includes`` wraps inlined files in
    ``#++++ START/END INLINED INCLUDE FILE name`` comment lines.
    """
    source, filename, directory = _read(path)
    return _process(
        source,
        directory,
        filename,
        template_vars,
        workflow_vars,
        inline=inline,
        mark_includes=mark_includes,
        jinja2=jinja2,
        continuation=continuation,
    ).lines


def parse_file(
    path: str | Path,
    template_vars: dict[str, Any] | None = None,
    *,
    workflow_vars: dict[str, str] | None = None,
) -> ParsedConfig:
    """Read, process and parse a flow.cylc, suite.rc or global.cylc file."""
    source, filename, directory = _read(path)
    source = _process(source, directory, filename, template_vars, workflow_vars)
    return parse_source(source, filename)


def parse_text(
    text: str,
    filename: str = '<string>',
    template_vars: dict[str, Any] | None = None,
    *,
    directory: str | Path | None = None,
    workflow_vars: dict[str, str] | None = None,
) -> ParsedConfig:
    """Process and parse config text as if read from ``filename``.

    ``%include`` files and Jinja2 templates are looked up in ``directory``
    (default: the current working directory).
    """
    source = SourceText.from_lines(split_text(text), filename)
    base = os.path.abspath(directory if directory is not None else os.curdir)
    source = _process(source, base, filename, template_vars, workflow_vars)
    return parse_source(source, filename)
