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

_REC_INTERVAL = re.compile(r'\)\s*:\s*(\S+)\s*\Z')
_NEEDS_QUOTES = re.compile(r'[,=\'"()]|\A\s|\s\Z|\A\Z')


@dataclass(slots=True)
class XtriggerValue:
    """A parsed xtrigger declaration."""

    function: str
    args: list[Any] = field(default_factory=list)
    kwargs: dict[str, Any] = field(default_factory=dict)
    interval: DurationFloat | None = None
    # the parsed declaration (labelled 'xtrigger'), so it is parsed only once
    declaration: Any = field(default=None, compare=False, repr=False)

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
    if _NEEDS_QUOTES.search(value) or _reads_as_non_string(value):
        quote = "'" if "'" not in value else '"'
        return f'{quote}{value}{quote}'
    return value


def _reads_as_non_string(text: str) -> bool:
    """True if an unquoted argument would read back as a number, bool or None."""
    if text in ('True', 'False', 'None'):
        return True
    try:
        float(text)
    except ValueError:
        return False
    return True


def coerce_xtrigger(value: str) -> XtriggerValue:
    """Parse ``function(args, kwargs)[:interval]`` with the one xtrigger
    parser (``cylc_flow.config.xtrigger_spec``), keeping a printable form."""
    from cylc_flow.config.xtrigger_spec import XtriggerConfigError, parse_xtrigger

    try:
        declaration = parse_xtrigger('xtrigger', value)
    except XtriggerConfigError as exc:
        raise IllegalValueError(str(exc).replace('[@xtrigger] ', '')) from None
    match = _REC_INTERVAL.search(value.strip())
    interval = parse_interval(match.group(1)) if (
        match and declaration.interval is not None) else None
    kwargs = dict(declaration.kwargs)
    if declaration.sequential is not None:
        kwargs['sequential'] = declaration.sequential
    return XtriggerValue(
        function=declaration.function,
        args=list(declaration.args),
        kwargs=kwargs,
        interval=interval,
        declaration=declaration,
    )

