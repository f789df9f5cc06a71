"""``[scheduling][xtriggers]`` values: ``func(arg, key=value):PT10S``.

Arguments are read as Cylc 8 reads them: split on commas outside quotes, the
first ``=`` of an argument makes it a keyword argument, and each value becomes
an int, float, True/False/None, or else a string (quotes removed). Template
strings such as ``%(point)s`` stay strings; they are filled in at call time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from cylc_flow.config.spec.durations import DurationFloat, parse_interval
from cylc_flow.exceptions import IllegalValueError

_REC_CALL = re.compile(r'\A\s*(\w+)\s*\((.*)\)\s*(?::\s*(\S+)\s*)?\Z', re.DOTALL)
_REC_KEYWORD = re.compile(r'\A[A-Za-z_]\w*\Z')
_LITERALS = {'True': True, 'False': False, 'None': None}
_NEEDS_QUOTES = re.compile(r'[,=\'"()]|\A\s|\s\Z|\A\Z')


@dataclass(slots=True)
class XtriggerValue:
    """A parsed xtrigger declaration."""

    function: str
    args: list[Any] = field(default_factory=list)
    kwargs: dict[str, Any] = field(default_factory=dict)
    interval: DurationFloat | None = None

    def signature(self) -> str:
        """The call as Cylc writes it, e.g. ``wall_clock(offset=PT1H)``."""
        parts = [_format_argument(arg) for arg in self.args]
        parts.extend(
            f'{key}={_format_argument(value)}' for key, value in self.kwargs.items()
        )
        return f'{self.function}({", ".join(parts)})'

    def __str__(self) -> str:
        if self.interval is None:
            return self.signature()
        return f'{self.signature()}:{self.interval}'


def _format_argument(value: Any) -> str:
    """Write an argument so that parsing it again gives the same value."""
    if not isinstance(value, str):
        return repr(value)
    if _NEEDS_QUOTES.search(value) or convert_argument(value) != value:
        quote = "'" if "'" not in value else '"'
        return f'{quote}{value}{quote}'
    return value


def convert_argument(text: str) -> Any:
    """Turn one argument's text into an int, float, bool, None or string."""
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        pass
    if text in _LITERALS:
        return _LITERALS[text]
    if len(text) >= 2 and text[0] == text[-1] and text[0] in '"\'':
        return text[1:-1]
    return text


def split_arguments(text: str) -> tuple[list[str], dict[str, str]]:
    """Split an argument list into positional and keyword argument texts."""
    args: list[str] = []
    kwargs: dict[str, str] = {}
    pieces: list[str] = []
    buffer: list[str] = []
    quote = ''
    for character in text:
        if quote:
            buffer.append(character)
            if character == quote:
                quote = ''
        elif character in '"\'':
            quote = character
            buffer.append(character)
        elif character == ',':
            pieces.append(''.join(buffer))
            buffer = []
        else:
            buffer.append(character)
    if quote:
        raise IllegalValueError(f'unterminated {quote} quote in arguments')
    last = ''.join(buffer)
    if last.strip():  # (a trailing comma is allowed)
        pieces.append(last)
    for piece in pieces:
        key, equals, value = _split_keyword(piece)
        if equals:
            if not _REC_KEYWORD.match(key):
                raise IllegalValueError(f'bad keyword argument name "{key}"')
            if key in kwargs:
                raise IllegalValueError(f'keyword argument "{key}" repeated')
            kwargs[key] = value.strip()
        else:
            if kwargs:
                raise IllegalValueError(
                    'positional argument follows keyword argument'
                )
            if not piece.strip():
                raise IllegalValueError('empty argument')
            args.append(piece.strip())
    return args, kwargs


def _split_keyword(piece: str) -> tuple[str, bool, str]:
    """Split ``key=value`` at the first ``=`` outside quotes."""
    quote = ''
    for index, character in enumerate(piece):
        if quote:
            if character == quote:
                quote = ''
        elif character in '"\'':
            quote = character
        elif character == '=':
            return piece[:index].strip(), True, piece[index + 1:]
    return '', False, piece


def coerce_xtrigger(value: str) -> XtriggerValue:
    """Parse ``function(args, kwargs)[:interval]``."""
    match = _REC_CALL.match(value)
    if match is None:
        raise IllegalValueError('write it as function(arguments)[:interval]')
    function, arguments, interval_text = match.groups()
    interval = parse_interval(interval_text) if interval_text else None
    args, kwargs = split_arguments(arguments)
    return XtriggerValue(
        function=function,
        args=[convert_argument(arg) for arg in args],
        kwargs={key: convert_argument(text) for key, text in kwargs.items()},
        interval=interval,
    )
