"""Render a ``#!Jinja2`` config file.

Importing this module imports Jinja2: the reader imports it only for files
that ask for Jinja2.

The template is the file's lines after the ``#!Jinja2`` line (includes are
already inlined).  Its variables are the template variables plus
``CYLC_VERSION``, ``CYLC_TEMPLATE_VARS`` (the user's template variables)
and ``CYLC_WORKFLOW_SRC_DIR``; see :mod:`.jinja2environment` for globals.
Blank lines are dropped from the output, as Cylc 8 does (they would break
line continuations).  Errors raise Jinja2Error naming the source file and
line (mapped back through ``%include``) with the offending line and up to
three lines before it.
"""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2

from cylc_flow import __version__
from cylc_flow.config.parsec.jinja2environment import (
    add_workflow_library,
    build_environment,
)
from cylc_flow.config.parsec.reading import split_text
from cylc_flow.config.parsec.records import SourceText
from cylc_flow.exceptions import Jinja2Error

LOG = logging.getLogger('cylc')
CONTEXT_LINES = 3
_TOP_TEMPLATE_NAMES = frozenset({None, '<template>', '<unknown>', '<string>'})
_MAX_REASON_CHARS = 500


def workflow_source_dir(directory: str) -> str:
    """The source directory a workflow was installed from, else ``directory``."""
    for base in (Path(directory), Path(directory).parent):
        link = base / '_cylc-install' / 'source'
        try:
            if link.is_symlink():
                return os.readlink(link)
        except OSError:
            continue
    return directory


def render_jinja2(
    source: SourceText,
    directory: str,
    filename: str,
    template_vars: Mapping[str, Any] | None = None,
    workflow_vars: Mapping[str, str] | None = None,
) -> SourceText:
    """Render ``source`` (whose first line is the ``#!Jinja2`` line)."""
    user_vars = dict(template_vars or {})
    workflow_vars = dict(workflow_vars or {})
    add_workflow_library(directory)
    environment = build_environment(directory, workflow_vars)
    variables = {
        **user_vars,
        'CYLC_VERSION': __version__,
        'CYLC_TEMPLATE_VARS': user_vars,
        'CYLC_WORKFLOW_SRC_DIR': workflow_vars.get(
            'CYLC_WORKFLOW_SRC_DIR', workflow_source_dir(directory)
        ),
    }
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('default')
        try:
            template = environment.from_string('\n'.join(source.lines[1:]))
            output = template.render(variables)
        except Jinja2Error:
            raise
        except Exception as exc:
            raise _jinja2_error(exc, source, filename) from None
    for warning in caught:
        LOG.warning(
            'Jinja2 warning while processing %s: %s: %s',
            filename,
            warning.category.__name__,
            warning.message,
        )
    lines = [line for line in split_text(output) if line.strip()]
    rendered = SourceText.from_lines(lines, filename)
    rendered.rendered = True
    return rendered


def _jinja2_error(exc: Exception, source: SourceText, filename: str) -> Jinja2Error:
    """A Jinja2Error locating ``exc`` in the source or an included template."""
    reason = ' '.join(str(exc).split()) or exc.__class__.__name__
    if isinstance(exc, jinja2.TemplateNotFound):
        reason = f'template not found: {exc.name}'
    if len(reason) > _MAX_REASON_CHARS:
        reason = reason[:_MAX_REASON_CHARS] + '...'
    template_file, line = _error_position(exc)
    marker = f'\t<-- {exc.__class__.__name__}'
    if line is None:
        return Jinja2Error(reason, filename)
    if template_file in _TOP_TEMPLATE_NAMES:
        # template line N is source line index N (the #!Jinja2 line is not
        # part of the template)
        index = min(max(line, 1), len(source.lines) - 1)
        context = source.lines[max(index - CONTEXT_LINES, 0) : index + 1]
        return Jinja2Error(
            reason,
            source.files[index],
            source.numbers[index],
            _format_context(context, marker),
        )
    template_lines = _read_template_lines(template_file)
    index = min(max(line, 1), max(len(template_lines), 1)) - 1
    context = template_lines[max(index - CONTEXT_LINES, 0) : index + 1]
    return Jinja2Error(reason, template_file, line, _format_context(context, marker))


def _error_position(exc: Exception) -> tuple[str | None, int | None]:
    """(template file, line) of the innermost template frame of ``exc``."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return exc.filename, exc.lineno
    position: tuple[str | None, int | None] = (None, None)
    traceback: TracebackType | None = exc.__traceback__
    while traceback is not None:
        frame = traceback.tb_frame
        if frame.f_globals.get('__jinja_exception__') is exc:
            position = (frame.f_code.co_filename, traceback.tb_lineno)
        traceback = traceback.tb_next
    return position


def _read_template_lines(path: str | None) -> list[str]:
    if not path:
        return []
    try:
        with open(path, encoding='utf-8', errors='replace') as handle:
            return split_text(handle.read())
    except OSError:
        return []


def _format_context(lines: list[str], marker: str) -> str | None:
    if not lines:
        return None
    shown = ['  ' + line for line in lines]
    shown[-1] += marker
    return '\n'.join(shown)
