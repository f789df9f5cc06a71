"""Template variables from the command line (``-s``, ``-z``, ``--set-file``).

* ``-s NAME=VALUE``: VALUE is a Python literal (``3``, ``'x'``, ``"x"``,
  ``[1, 2]``, ``True``, ``None`` ...).  An unquoted word is an error that
  says strings must be quoted, as in Cylc 8.
* ``-z NAME=a,b,c``: a list of strings; a comma inside quotes is kept
  (``-z X=a,'b,c'`` is ``['a', 'b,c']``).
* ``--set-file FILE``: ``NAME=VALUE`` lines as for ``-s``; blank lines and
  ``#`` comments are skipped.  Later files override earlier ones.

``-s`` and ``-z`` override set-files; setting one name with both ``-s``
and ``-z`` is an error; a repeated ``-s`` (or ``-z``) name logs a warning
and the last wins.
"""

from __future__ import annotations

import ast
import logging
from collections.abc import Callable, Sequence
from typing import Any

from cylc_flow.config.parsec.reading import split_text
from cylc_flow.config.parsec.values import comment_start
from cylc_flow.exceptions import InputError

LOG = logging.getLogger('cylc')


def eval_template_value(text: str) -> Any:
    """Evaluate a template variable value as a Python literal."""
    try:
        return ast.literal_eval(text)
    except ValueError:
        raise InputError(
            f'Invalid template variable: {text} (note string values must be quoted)'
        ) from None
    except (SyntaxError, TypeError, MemoryError, RecursionError):
        raise InputError(
            f'Invalid template variable: {text}'
            ' (values must be valid Python literals)'
        ) from None


def parse_string_list(text: str) -> list[str]:
    """Split ``a,'b,c',d`` into strings; quotes group and are removed."""
    items: list[str] = []
    buffer: list[str] = []
    quote = ''
    for char in text:
        if quote:
            if char == quote:
                quote = ''
            else:
                buffer.append(char)
        elif char in '"\'':
            quote = char
        elif char == ',':
            items.append(''.join(buffer))
            buffer = []
        else:
            buffer.append(char)
    if quote:
        raise InputError(f'Invalid template variable list (unclosed quote): {text}')
    items.append(''.join(buffer))
    return items


def _split_pair(pair: str) -> tuple[str, str] | None:
    name, equals, value = pair.partition('=')
    name = name.strip()
    if not equals or not name:
        return None
    return name, value.strip()


def _read_set_file(path: str, invalid: list[str]) -> dict[str, Any]:
    try:
        with open(path, encoding='utf-8') as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, 'strerror', None) or str(exc)
        raise InputError(
            f'cannot read template variable file {path}: {reason}'
        ) from None
    values: dict[str, Any] = {}
    for line in split_text(text):
        line = line[: comment_start(line)].strip()
        if not line:
            continue
        pair = _split_pair(line)
        if pair is None:
            invalid.append(line)
            continue
        values[pair[0]] = eval_template_value(pair[1])
    return values


def _read_pairs(
    pairs: Sequence[str],
    convert: Callable[[str], Any],
    invalid: list[str],
    option: str,
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for text in pairs:
        pair = _split_pair(text)
        if pair is None:
            invalid.append(text)
            continue
        name, value = pair
        if name in values:
            LOG.warning(
                'Template variable %s redefined (%s): the previous value will'
                ' be overwritten.',
                name,
                option,
            )
        values[name] = convert(value)
    return values


def load_template_vars(
    set_values: Sequence[str] = (),
    set_files: Sequence[str] = (),
    list_values: Sequence[str] = (),
) -> dict[str, Any]:
    """Template variables from ``-s``, ``--set-file`` and ``-z`` options."""
    invalid: list[str] = []
    result: dict[str, Any] = {}
    for path in set_files:
        result.update(_read_set_file(path, invalid))
    cli_values = _read_pairs(set_values, eval_template_value, invalid, '-s')
    list_vars = _read_pairs(list_values, parse_string_list, invalid, '-z')
    if invalid:
        raise InputError(
            'Template variables must be set with key=value(s): '
            + ', '.join(repr(item) for item in invalid)
        )
    clashes = sorted(cli_values.keys() & list_vars.keys())
    if clashes:
        raise InputError(
            "You can't set the same template variable with both -s and -z: "
            + ', '.join(clashes)
        )
    result.update(cli_values)
    result.update(list_vars)
    return result
