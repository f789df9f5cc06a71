"""``[scheduling][xtriggers]`` declarations: parse, validate, render.

A declaration reads ``label = function(arg, 'arg', key=value):PT10S``.
Arguments are Python-like literals: integers, floats, ``True``/``False``/
``None``, quoted strings, or bare words (implicitly strings, as in Cylc 8).
String arguments may hold templates such as ``%(point)s`` that the scheduler
fills in per task (:func:`render_xtrigger_args`). The reserved keyword
``sequential=True/False`` is taken out of the call and kept on the
declaration. The interval (how often to call; default 10 seconds) is an
ISO 8601 duration.

Functions are found by :func:`find_xtrigger_function` (see
:mod:`cylc_flow.xtriggers.discovery`) and checked against their signature and
optional ``validate`` hook by :func:`validate_xtrigger`.
"""

from __future__ import annotations

import inspect
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from metomi.isodatetime.exceptions import IsodatetimeError
from metomi.isodatetime.parsers import DurationParser

from cylc_flow.exceptions import WorkflowConfigError
from cylc_flow.xtriggers.discovery import (
    XtriggerImportError,
    find_function,
)

DEFAULT_INTERVAL_SECONDS = 10.0

# Template variables available in xtrigger arguments (Cylc 8 names).
TEMPLATE_VARIABLES: frozenset[str] = frozenset({
    'point',               # cycle point of the dependent task
    'debug',               # True in debug mode
    'workflow_run_dir',    # workflow run directory
    'workflow_share_dir',  # workflow share directory
    'id',                  # ID of the dependent task
    'name',                # name of the dependent task
    'user_name',           # user running the workflow
    'workflow',            # workflow ID
    # deprecated at Cylc 8.0 (still accepted, with a warning)
    'workflow_name', 'suite_name', 'suite_run_dir', 'suite_share_dir',
})

# Deprecated template names -> the current name giving their value.
DEPRECATED_TEMPLATES: Mapping[str, str] = MappingProxyType({
    'workflow_name': 'workflow',
    'suite_name': 'workflow',
    'suite_run_dir': 'workflow_run_dir',
    'suite_share_dir': 'workflow_share_dir',
})

_DECLARATION = re.compile(
    r'(?P<function>\w+)\s*\((?P<arguments>.*)\)\s*'
    r'(?::\s*(?P<interval>\S+?))?\s*',
    re.DOTALL,
)
_KEYWORD = re.compile(r'(?P<key>[^\'"=]*?)\s*=(?P<value>.*)', re.DOTALL)
_IDENTIFIER = re.compile(r'[A-Za-z_]\w*')
_LABEL = re.compile(r'[a-zA-Z0-9_]+')
# '%%' is an escaped percent sign; '%(name)s' is a template.
_TEMPLATE = re.compile(r'%%|%\((\w+)\)s')
_QUOTES = '\'"'


class XtriggerConfigError(WorkflowConfigError):
    """An xtrigger declaration or its function is wrong."""

    def __init__(self, label: str, message: str) -> None:
        self.label = label
        # one line, whatever the user's text or a hook's error held
        self.message = ' '.join(str(message).split())
        super().__init__(f'[@{label}] {self.message}')


@dataclass(frozen=True, slots=True)
class XtriggerDeclaration:
    """One ``[scheduling][xtriggers]`` item, parsed."""

    label: str
    function: str
    args: tuple[Any, ...]
    kwargs: Mapping[str, Any]
    interval: float | None  # seconds (prints as written); None: 10 s
    sequential: bool | None  # the reserved ``sequential=`` kwarg, if given

    def __hash__(self) -> int:
        return hash((
            self.label, self.function, self.args,
            tuple(sorted(self.kwargs.items())), self.interval, self.sequential,
        ))

    @property
    def call_interval(self) -> float:
        """Seconds between calls."""
        return DEFAULT_INTERVAL_SECONDS if self.interval is None else self.interval

    @property
    def signature(self) -> str:
        """The call as Cylc 8 prints it: ``func(a, b, k=v)`` (kwargs sorted)."""
        return format_signature(self.function, self.args, self.kwargs)


def format_signature(
    function: str, args: tuple[Any, ...] | list[Any], kwargs: Mapping[str, Any]
) -> str:
    """Return ``function(arg, ..., key=value, ...)`` with sorted keys."""
    parts = [str(arg) for arg in args]
    parts.extend(f'{key}={kwargs[key]}' for key in sorted(kwargs))
    return f'{function}({", ".join(parts)})'


def validate_xtrigger_label(label: str) -> None:
    """Check an xtrigger label; raise WorkflowConfigError."""
    if not _LABEL.fullmatch(label):
        raise WorkflowConfigError(
            f'Invalid xtrigger name "{label}" - can only contain:'
            ' latin letters and numbers, _'
        )
    if label.startswith('_cylc'):
        raise WorkflowConfigError(
            f'Invalid xtrigger name "{label}" - cannot start with: _cylc'
        )


def _split_arguments(text: str, label: str) -> list[str]:
    """Split an argument list on commas outside quotes."""
    pieces: list[str] = []
    buffer: list[str] = []
    quote = ''
    for char in text:
        if quote:
            buffer.append(char)
            if char == quote:
                quote = ''
        elif char in _QUOTES:
            quote = char
            buffer.append(char)
        elif char == ',':
            pieces.append(''.join(buffer).strip())
            buffer = []
        else:
            buffer.append(char)
    if quote:
        raise XtriggerConfigError(label, f'unterminated string in: ({text})')
    last = ''.join(buffer).strip()
    if last:
        pieces.append(last)
    elif not pieces:
        return []  # no arguments at all; a single trailing comma is allowed
    if '' in pieces:
        raise XtriggerConfigError(label, f'empty argument in: ({text})')
    return pieces


def read_argument(text: str, label: str) -> Any:
    """Convert one argument to int, float, bool, None or str."""
    if text[0] in _QUOTES:
        quote = text[0]
        if len(text) < 2 or text[-1] != quote or quote in text[1:-1]:
            raise XtriggerConfigError(label, f'malformed string argument: {text}')
        return text[1:-1]
    if any(quote in text for quote in _QUOTES):
        raise XtriggerConfigError(label, f'malformed argument: {text}')
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        pass
    return {'True': True, 'False': False, 'None': None}.get(text, text)


def _parse_interval(text: str, label: str) -> float:
    """Seconds, as a ``DurationFloat`` that prints as written."""
    from cylc_flow.config.spec.durations import DurationFloat

    try:
        seconds = float(_duration_seconds(text))
    except (IsodatetimeError, ValueError, TypeError, OverflowError):
        raise XtriggerConfigError(
            label,
            f'illegal interval "{text}" (an ISO 8601 duration such as PT10S)',
        ) from None
    if seconds < 0:
        raise XtriggerConfigError(label, f'negative interval "{text}"')
    return DurationFloat(seconds, text)


@lru_cache(maxsize=256)
def _duration_seconds(text: str) -> float:
    return DurationParser().parse(text).get_seconds()


def template_names(value: Any) -> list[str]:
    """Return the ``%(name)s`` template names in a string argument."""
    if not isinstance(value, str) or '%' not in value:
        return []
    return [match for match in _TEMPLATE.findall(value) if match]


def parse_xtrigger(label: str, text: str) -> XtriggerDeclaration:
    """Parse ``function(args):interval``; raise WorkflowConfigError."""
    validate_xtrigger_label(label)
    if not isinstance(text, str):
        raise XtriggerConfigError(label, f'illegal xtrigger declaration: {text!r}')
    value = text.strip()
    if len(value) > 1 and value[0] in _QUOTES and value[-1] == value[0]:
        inner = value[1:-1].strip()
        if _DECLARATION.fullmatch(inner):
            value = inner
    match = _DECLARATION.fullmatch(value)
    if match is None:
        raise XtriggerConfigError(
            label,
            f'illegal xtrigger declaration "{value}"'
            ' (expected function(arguments) or function(arguments):PT10S)',
        )
    function = match.group('function')
    if not _IDENTIFIER.fullmatch(function):
        raise XtriggerConfigError(label, f'invalid function name "{function}"')
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for piece in _split_arguments(match.group('arguments'), label):
        keyword = None if piece[0] in _QUOTES else _KEYWORD.fullmatch(piece)
        if keyword is None:
            if kwargs:
                raise XtriggerConfigError(
                    label,
                    f'positional argument follows keyword argument: {piece}',
                )
            args.append(read_argument(piece, label))
            continue
        key = keyword.group('key').strip()
        if not _IDENTIFIER.fullmatch(key):
            raise XtriggerConfigError(
                label, f'invalid keyword argument name "{key}"'
            )
        if key in kwargs:
            raise XtriggerConfigError(label, f'duplicate keyword argument "{key}"')
        raw = keyword.group('value').strip()
        if not raw:
            raise XtriggerConfigError(label, f'missing value for "{key}"')
        kwargs[key] = read_argument(raw, label)
    sequential = kwargs.pop('sequential', None)
    if sequential is not None and not isinstance(sequential, bool):
        raise XtriggerConfigError(
            label, f'sequential must be True or False, not "{sequential}"'
        )
    for argument in (*args, *kwargs.values()):
        for name in template_names(argument):
            if name not in TEMPLATE_VARIABLES:
                raise XtriggerConfigError(
                    label, f'Illegal template in xtrigger: {name}'
                )
    interval_text = match.group('interval')
    interval = None if interval_text is None else _parse_interval(
        interval_text, label
    )
    return XtriggerDeclaration(
        label=label,
        function=function,
        args=tuple(args),
        kwargs=MappingProxyType(kwargs),
        interval=interval,
        sequential=sequential,
    )


def implicit_wall_clock() -> XtriggerDeclaration:
    """The zero-offset clock ``@wall_clock`` used in a graph undeclared."""
    return XtriggerDeclaration(
        'wall_clock', 'wall_clock', (), MappingProxyType({}), None, None
    )


def deprecated_templates(declaration: XtriggerDeclaration) -> list[str]:
    """Deprecated template names the declaration uses (sorted)."""
    found = {
        name
        for argument in (*declaration.args, *declaration.kwargs.values())
        for name in template_names(argument)
        if name in DEPRECATED_TEMPLATES
    }
    return sorted(found)


def find_xtrigger_function(name: str, workflow_dir: Any) -> Callable[..., Any]:
    """Find an xtrigger function; raise WorkflowConfigError.

    Searched in order: ``<workflow_dir>/lib/python/<name>.py`` (a function of
    the same name), the ``cylc.xtriggers`` entry points, then the built-ins in
    :mod:`cylc_flow.xtriggers`. The function is not called.
    """
    try:
        return find_function(name, workflow_dir)
    except XtriggerImportError as exc:
        raise WorkflowConfigError(f'xtrigger function "{name}": {exc}') from None


def _module_attribute(function: Callable[..., Any], name: str) -> Any:
    module = sys.modules.get(getattr(function, '__module__', None) or '')
    return getattr(module, name, None) if module is not None else None


def _signature(
    label: str, function: Callable[..., Any], name: str
) -> inspect.Signature:
    try:
        return inspect.signature(function)
    except (TypeError, ValueError) as exc:
        raise XtriggerConfigError(
            label, f'{name} is not a callable function ({exc})'
        ) from None


def _bind(
    declaration: XtriggerDeclaration, function: Callable[..., Any]
) -> inspect.BoundArguments:
    """Bind the declared arguments to the function's signature."""
    label = declaration.label
    signature = _signature(label, function, declaration.function)
    kwargs = dict(declaration.kwargs)
    sequential = signature.parameters.get('sequential')
    if sequential is not None:
        if not isinstance(sequential.default, bool):
            raise XtriggerConfigError(
                label,
                f"xtrigger '{declaration.function}' has a reserved argument"
                " 'sequential' with no boolean default",
            )
        kwargs['sequential'] = (
            sequential.default if declaration.sequential is None
            else declaration.sequential
        )
    return signature.bind(*declaration.args, **kwargs)


def validate_xtrigger(
    declaration: XtriggerDeclaration, func: Callable[..., Any]
) -> None:
    """Check a declaration against its function; raise WorkflowConfigError.

    Binds the arguments to the function's signature (falling back to a
    ``<name>_backcompat`` function in the same module, as Cylc 8 does), then
    calls the module's ``validate(arguments)`` hook, if any, with every
    parameter (defaults applied). Templates are not yet filled in.
    """
    label = declaration.label
    hook_name = 'validate'
    try:
        bound = _bind(declaration, func)
    except TypeError as exc:
        fallback = _module_attribute(func, f'{declaration.function}_backcompat')
        if not callable(fallback):
            raise XtriggerConfigError(
                label, f'{declaration.signature}: {exc}'
            ) from None
        try:
            bound = _bind(declaration, fallback)
        except TypeError:
            raise XtriggerConfigError(
                label, f'{declaration.signature}: {exc}'
            ) from None
        func = fallback
        hook_name = 'validate_backcompat'
    hook = _module_attribute(func, hook_name)
    if not callable(hook):
        return
    bound.apply_defaults()
    try:
        hook(dict(bound.arguments))
    except Exception as exc:  # any failure in a user's hook is a config error
        reason = exc.message if isinstance(exc, XtriggerConfigError) else exc
        raise XtriggerConfigError(
            label, f'{declaration.signature}: {reason}'
        ) from None


def is_sequential(
    declaration: XtriggerDeclaration,
    func: Callable[..., Any],
    workflow_default: bool = False,
) -> bool:
    """Whether tasks waiting on this xtrigger spawn one cycle at a time.

    The ``sequential=`` kwarg wins, then the function's own ``sequential``
    default (wall_clock: True), then ``[scheduling]sequential xtriggers``.
    """
    if declaration.sequential is not None:
        return declaration.sequential
    try:
        parameter = inspect.signature(func).parameters.get('sequential')
    except (TypeError, ValueError):
        parameter = None
    if parameter is not None and isinstance(parameter.default, bool):
        return parameter.default
    return workflow_default


def _render(value: Any, variables: Mapping[str, Any], label: str) -> Any:
    if not isinstance(value, str) or '%' not in value:
        return value

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        if name is None:
            return '%'
        if name in variables:
            return str(variables[name])
        alias = DEPRECATED_TEMPLATES.get(name)
        if alias is not None and alias in variables:
            return str(variables[alias])
        raise XtriggerConfigError(label, f'no value for template %({name})s')

    return _TEMPLATE.sub(substitute, value)


def render_xtrigger_args(
    decl: XtriggerDeclaration, template_vars: Mapping[str, Any]
) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """Fill ``%(name)s`` templates in string arguments for one call.

    ``%%`` becomes ``%``; other values pass through unchanged. The
    ``sequential`` kwarg is never passed to the function.
    """
    label = decl.label
    args = tuple(_render(value, template_vars, label) for value in decl.args)
    kwargs = {
        key: _render(value, template_vars, label)
        for key, value in decl.kwargs.items()
    }
    return args, kwargs
