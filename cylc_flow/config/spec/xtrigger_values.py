"""``[scheduling][xtriggers]`` values: ``func(arg, key=value):PT10S``.

Arguments are read as Cylc 8 reads them: split on commas outside quotes, the
first ``=`` of an argument makes it a keyword argument, and each value becomes
an int, float, True/False/None, or else a string (quotes removed). Template
strings such as ``%(point)s`` stay strings; they are filled in at call time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cylc_flow.exceptions import IllegalValueError

if TYPE_CHECKING:
    from cylc_flow.config.xtrigger_spec import XtriggerDeclaration

_NEEDS_QUOTES = re.compile(r'[,=\'"()]|\A\s|\s\Z|\A\Z')


@dataclass(frozen=True, slots=True)
class XtriggerValue:
    """A parsed xtrigger declaration (labelled ``xtrigger`` until the
    workflow's checks give it its label), printable as written."""

    declaration: XtriggerDeclaration

    @property
    def function(self) -> str:
        return self.declaration.function

    @property
    def args(self) -> list[Any]:
        return list(self.declaration.args)

    @property
    def kwargs(self) -> dict[str, Any]:
        """The keyword arguments, ``sequential`` included if given."""
        kwargs = dict(self.declaration.kwargs)
        if self.declaration.sequential is not None:
            kwargs['sequential'] = self.declaration.sequential
        return kwargs

    @property
    def interval(self) -> Any:
        """The call interval as written (a ``DurationFloat``), or None."""
        return self.declaration.interval

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
    from cylc_flow.config.xtrigger_spec import read_argument

    if not isinstance(value, str):
        return repr(value)
    if _NEEDS_QUOTES.search(value) or \
            not isinstance(read_argument(value, 'xtrigger'), str):
        quote = "'" if "'" not in value else '"'
        return f'{quote}{value}{quote}'
    return value


def coerce_xtrigger(value: str) -> XtriggerValue:
    """Parse ``function(args, kwargs)[:interval]`` with the one xtrigger
    parser (``cylc_flow.config.xtrigger_spec``)."""
    from cylc_flow.config.xtrigger_spec import XtriggerConfigError, parse_xtrigger

    try:
        return XtriggerValue(parse_xtrigger('xtrigger', value))
    except XtriggerConfigError as exc:
        raise IllegalValueError(str(exc).replace('[@xtrigger] ', '')) from None
