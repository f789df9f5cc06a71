"""Inline ``%include 'file'`` lines.

An include line is ``%include PATH`` with PATH optionally in single or
double quotes.  PATH is looked up relative to the directory of the file
that holds the include line and, failing that, relative to the workflow
directory (the directory of the top file), which is where Cylc 8 looks for
every include, nested or not.  Nested includes are inlined recursively;
a file that includes itself, directly or through others, is an error.
"""

from __future__ import annotations

import os
import re

from cylc_flow.config.parsec.reading import read_lines
from cylc_flow.config.parsec.records import SourceText
from cylc_flow.exceptions import FileParseError

INCLUDE_DIRECTIVE = '%include'
_INCLUDE = re.compile(r'\s*%include\s+([\'"]?)(.*?)([\'"]?)\s*')
MAX_INCLUDE_DEPTH = 100
START_MARK = '#++++ START INLINED INCLUDE FILE '
END_MARK = '#++++ END INLINED INCLUDE FILE '


def inline_includes(
    source: SourceText, workflow_dir: str, *, mark: bool = False
) -> SourceText:
    """Return ``source`` with every include line replaced by the file's lines.

    ``mark`` wraps each inlined file in ``#++++ START/END INLINED INCLUDE
    FILE`` comment lines (for ``cylc view``).
    """
    if not any(INCLUDE_DIRECTIVE in line for line in source.lines):
        return source
    top_file = source.files[0] if source.files else ''
    stack = [_real_path(top_file)] if top_file else []
    result = SourceText([], [], [])
    _inline_into(result, source, workflow_dir, stack, mark)
    return result


def _inline_into(
    result: SourceText,
    source: SourceText,
    workflow_dir: str,
    stack: list[str],
    mark: bool,
) -> None:
    """Append ``source`` to ``result``, expanding include lines recursively."""
    for line, file, number in zip(source.lines, source.files, source.numbers):
        match = _INCLUDE.fullmatch(line) if INCLUDE_DIRECTIVE in line else None
        if match is None:
            result.lines.append(line)
            result.files.append(file)
            result.numbers.append(number)
            continue
        open_quote, name, close_quote = match.groups()
        if open_quote != close_quote:
            raise FileParseError(
                f'mismatched quotes in include line: {line.strip()}', file, number
            )
        if not name:
            raise FileParseError('%include needs a file name', file, number)
        path = _resolve(name, file, workflow_dir)
        if path is None:
            raise FileParseError(
                f'Include-file not found: {name}', file, number
            )
        real = _real_path(path)
        if real in stack:
            chain = ' -> '.join(
                _display(item, workflow_dir) for item in [*stack, real]
            )
            raise FileParseError(f'include-file loop: {chain}', file, number)
        if len(stack) >= MAX_INCLUDE_DEPTH:
            raise FileParseError(
                f'include-files nested more than {MAX_INCLUDE_DEPTH} deep',
                file,
                number,
            )
        included = SourceText.from_lines(
            read_lines(path, including_file=file, line_num=number), path
        )
        if mark:
            _append(result, START_MARK + name, file, number)
        stack.append(real)
        _inline_into(result, included, workflow_dir, stack, mark)
        stack.pop()
        if mark:
            _append(result, END_MARK + name, file, number)


def _append(result: SourceText, line: str, file: str, number: int) -> None:
    result.lines.append(line)
    result.files.append(file)
    result.numbers.append(number)


def _resolve(name: str, including_file: str, workflow_dir: str) -> str | None:
    """Return the include-file's path, or None if it is not a file."""
    candidates = []
    including_dir = os.path.dirname(including_file) if including_file else ''
    candidates.append(os.path.join(including_dir or workflow_dir, name))
    candidates.append(os.path.join(workflow_dir, name))
    for candidate in candidates:
        try:
            if os.path.isfile(candidate):
                return candidate
        except (OSError, ValueError):  # e.g. a NUL byte in the name
            return None
    return None


def _real_path(path: str) -> str:
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):
        return path


def _display(path: str, workflow_dir: str) -> str:
    """A path relative to the workflow directory when it is inside it."""
    try:
        relative = os.path.relpath(path, _real_path(workflow_dir))
    except ValueError:
        return path
    return path if relative.startswith('..') else relative
