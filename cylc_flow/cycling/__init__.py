"""Cycle points, intervals and sequences (integer and ISO 8601 date-time).

Every workflow has one :class:`~cylc_flow.cycling.context.CyclingContext`
that parses its points, intervals and recurrences; the classes here are the
shapes the rest of the system sees.

Points are immutable, hashable and totally ordered through a precomputed
``key`` (an ``int``: the integer value, or seconds since an epoch in the
workflow's cycle point time zone), so the scheduler can compare and hash
them millions of times cheaply.  ``str(point)`` (also ``point.value``) is
the standard form in the workflow's cycle point format.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cylc_flow.cycling.context import CyclingContext


class PointBase:
    """A cycle point: ``value`` is its standard string, ``key`` its order."""

    __slots__ = ('key', 'value')

    mode = ''
    key: int
    value: str

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return f'<{type(self).__name__} {self.value}>'

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self.key == other.key  # type: ignore[attr-defined]
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self.key != other.key  # type: ignore[attr-defined]
        return NotImplemented

    def __lt__(self, other: PointBase) -> bool:
        try:
            return self.key < other.key
        except AttributeError:
            return NotImplemented

    def __le__(self, other: PointBase) -> bool:
        try:
            return self.key <= other.key
        except AttributeError:
            return NotImplemented

    def __gt__(self, other: PointBase) -> bool:
        try:
            return self.key > other.key
        except AttributeError:
            return NotImplemented

    def __ge__(self, other: PointBase) -> bool:
        try:
            return self.key >= other.key
        except AttributeError:
            return NotImplemented

    def __add__(self, interval: Any) -> PointBase:
        raise NotImplementedError

    def __sub__(self, other: Any) -> PointBase | IntervalBase:
        raise NotImplementedError

    def standardise(self) -> PointBase:
        """Points are created standard; kept for Cylc-style callers."""
        return self

    def __copy__(self) -> PointBase:
        return self  # immutable

    def __deepcopy__(self, memo: dict[int, Any]) -> PointBase:
        return self


class IntervalBase:
    """The interval between points ('P2', 'PT6H', '-P1D').

    Supports ``+`` (interval or point), ``-``, unary ``-``, ``abs``,
    ``* int``, ordering, hashing and :meth:`is_null`.
    """

    __slots__ = ('value',)

    mode = ''
    value: str

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return f'<{type(self).__name__} {self.value}>'

    def is_null(self) -> bool:
        """Return True for a zero-length interval ('P0', 'P0Y')."""
        return not self

    def __copy__(self) -> IntervalBase:
        return self  # immutable

    def __deepcopy__(self, memo: dict[int, Any]) -> IntervalBase:
        return self

    def __bool__(self) -> bool:
        raise NotImplementedError

    def __neg__(self) -> IntervalBase:
        return self * -1

    def __mul__(self, factor: int) -> IntervalBase:
        raise NotImplementedError

    def __rmul__(self, factor: int) -> IntervalBase:
        return self * factor


class SequenceBase:
    """The points of one recurrence, bounded by the workflow's context.

    ``str(sequence)`` is the recurrence as written.  Two sequences are
    equal when they produce the same points (same start, stop, step and
    exclusions), whatever their spelling.
    """

    __slots__ = ()

    mode = ''

    def __copy__(self) -> SequenceBase:
        return self  # immutable (apart from internal caches)

    def __deepcopy__(self, memo: dict[int, Any]) -> SequenceBase:
        return self

    def get_first_point(self, point: PointBase) -> PointBase | None:
        """Return the first valid point at or after ``point``."""
        raise NotImplementedError

    def get_next_point(self, point: PointBase) -> PointBase | None:
        """Return the first valid point after ``point`` (on-sequence or not)."""
        raise NotImplementedError

    def get_next_point_on_sequence(self, point: PointBase) -> PointBase | None:
        """Return the valid point after ``point``, which is on this sequence."""
        return self.get_next_point(point)

    def get_prev_point(self, point: PointBase) -> PointBase | None:
        """Return the last valid point before ``point``."""
        raise NotImplementedError

    def get_nearest_prev_point(self, point: PointBase) -> PointBase | None:
        """Cylc's name for :meth:`get_prev_point`."""
        return self.get_prev_point(point)

    def is_on_sequence(self, point: PointBase) -> bool:
        """Return True if ``point`` is on the recurrence, ignoring bounds.

        Excluded points are not on the sequence.
        """
        raise NotImplementedError

    def is_valid(self, point: PointBase) -> bool:
        """Return True if ``point`` is on the sequence, in bounds, not excluded."""
        raise NotImplementedError

    def get_start_point(self) -> PointBase | None:
        """Return the first valid point of the sequence (None if empty)."""
        raise NotImplementedError

    def get_stop_point(self) -> PointBase | None:
        """Return the last valid point (None if unbounded or empty)."""
        raise NotImplementedError

    def get_interval(self) -> IntervalBase | None:
        """Return the step between points (None for a one-off)."""
        raise NotImplementedError

    def iter_points(
        self,
        start: PointBase | None = None,
        stop: PointBase | None = None,
    ) -> Iterator[PointBase]:
        """Yield the valid points from ``start`` (default: the first) to
        ``stop`` inclusive (default: the last; beware unbounded sequences).
        """
        point = (
            self.get_start_point() if start is None
            else self.get_first_point(start)
        )
        while point is not None and (stop is None or point <= stop):
            yield point
            point = self.get_next_point_on_sequence(point)


def __getattr__(name: str) -> type[CyclingContext]:
    # Lazy export, so that importing a point class never imports them all.
    if name == 'CyclingContext':
        from cylc_flow.cycling.context import CyclingContext

        return CyclingContext
    raise AttributeError(name)


__all__ = ['CyclingContext', 'IntervalBase', 'PointBase', 'SequenceBase']
