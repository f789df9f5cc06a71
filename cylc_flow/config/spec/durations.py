"""ISO 8601 durations as floats of seconds that remember how they were written."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from cylc_flow.exceptions import IllegalValueError

# metomi-isodatetime raises these (all ValueError subclasses) or, for absurd
# numbers, arithmetic errors; any of them means "not a duration".
_PARSE_ERRORS = (ValueError, ArithmeticError, TypeError, IndexError, KeyError)


class DurationFloat(float):
    """A duration in seconds whose ``str()`` is the ISO 8601 text.

    ``DurationFloat(3600, 'PT1H')`` behaves as the float ``3600.0`` but prints
    as ``PT1H``; without text it prints the standardised ISO 8601 form.
    """

    __slots__ = ('text',)

    text: str | None

    def __new__(cls, seconds: float, text: str | None = None) -> DurationFloat:
        obj = super().__new__(cls, seconds)
        obj.text = text
        return obj

    def __str__(self) -> str:
        if self.text is not None:
            return self.text
        return iso_from_seconds(float(self))

    def __repr__(self) -> str:
        return f'DurationFloat({float(self)!r}, {str(self)!r})'

    def __reduce__(self) -> tuple[type, tuple[float, str | None]]:
        return (DurationFloat, (float(self), self.text))

    def __copy__(self) -> DurationFloat:
        return self

    def __deepcopy__(self, memo: object) -> DurationFloat:
        return self


@lru_cache(maxsize=1024)
def iso_from_seconds(seconds: float) -> str:
    """Return the standardised ISO 8601 duration for a number of seconds."""
    from metomi.isodatetime.data import Duration

    return str(Duration(seconds=seconds, standardize=True))


@lru_cache(maxsize=8192)
def parse_interval(text: str) -> DurationFloat:
    """Parse an ISO 8601 duration such as ``PT1H`` or ``P1D``.

    Raises:
        IllegalValueError: (without location) if the text is not a duration.
    """
    try:
        seconds = float(_duration_parser().parse(text).get_seconds())
    except _PARSE_ERRORS:
        raise IllegalValueError(
            f'"{text}" is not an ISO 8601 duration (e.g. PT30M, PT1H, P1D)'
        ) from None
    return DurationFloat(seconds, text)


@lru_cache(maxsize=1)
def _duration_parser() -> Any:
    """Return a shared metomi duration parser (building one is costly)."""
    from metomi.isodatetime.parsers import DurationParser

    return DurationParser()
