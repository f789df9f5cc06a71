"""Writing values into the bash job script.

User ``[environment]`` values are shell expressions on purpose: they may
refer to earlier variables (``$FOO``) and run commands (``$(cylc
cycle-point --offset=P1D)``), so they are written in double quotes, as Cylc
does.  A leading ``~`` or ``~user/`` stays outside the quotes so the shell
expands it.  Values Cylc itself writes are quoted literally.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping

_IDENTIFIER = re.compile(r'[A-Za-z_][A-Za-z0-9_]*')
_TILDE_PATH = re.compile(r'(~[^/\s]*/)(.*)', re.DOTALL)
_TILDE_ONLY = re.compile(r'~\S*')


def is_shell_identifier(name: str) -> bool:
    """Whether ``name`` can be a shell variable name."""
    return bool(_IDENTIFIER.fullmatch(name))


def literal(value: object) -> str:
    """Quote a value so the shell reads it back unchanged."""
    return shlex.quote(str(value))


def interpolate_parameters(value: str, parameters: Mapping[str, str]) -> str:
    """Fill ``%(name)s`` parameter templates; leave the value if it cannot."""
    if not parameters or '%(' not in value:
        return value
    try:
        return value % parameters
    except (KeyError, ValueError, TypeError):
        return value


def environment_value(value: str) -> str:
    """The right-hand side of ``NAME=...`` for a user environment value."""
    match = _TILDE_PATH.fullmatch(value)
    if match:
        head, tail = match.groups()
        return f'{head}"{tail}"'
    if _TILDE_ONLY.fullmatch(value):
        return value
    return f'"{value}"'
