"""The cycling context of one workflow: how it reads points and recurrences.

Build one per workflow::

    context = CyclingContext.iso8601(utc_mode=True)
    icp = context.resolve_initial_point('20250301T00')      # 20250301T0000Z
    fcp = context.resolve_final_point('+P1D', icp)
    for sequence in context.sequences('T00, T12', icp, fcp): ...

or ``CyclingContext.integer()``.  Contexts hold no global state, so
workflows with different calendars and formats can coexist.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from metomi.isodatetime.timezone import (
    TimeZoneFormatMode,
    get_local_time_zone_format,
)

from cylc_flow.cycling import IntervalBase, PointBase, SequenceBase
from cylc_flow.cycling.errors import (
    CyclePointBoundsError,
    MissingInitialPointError,
)
from cylc_flow.cycling.integer import (
    IntegerInterval,
    IntegerPoint,
    offset_integer_point,
    parse_integer_interval,
    parse_integer_point,
    parse_integer_sequence,
)
from cylc_flow.cycling.iso8601 import ISO8601Interval, ISO8601Point
from cylc_flow.cycling.iso8601_engine import ISO8601Engine
from cylc_flow.cycling.iso8601_recurrence import resolve_expression
from cylc_flow.cycling.iso8601_sequence import build_iso8601_sequence
from cylc_flow.cycling.recurrence_text import (
    split_recurrences,
    substitute_context_points,
)
from cylc_flow.cycling.relative_points import (
    resolve_relative_point,
    timepoint_from_datetime,
)
from cylc_flow.exceptions import CyclingError, SequenceParsingError

INTEGER = 'integer'
ISO8601 = 'iso8601'

MAX_CACHE = 100_000


class CyclingContext:
    """Parse and resolve cycle points, intervals and recurrences."""

    __slots__ = ('_offsets', '_sequences')

    mode: str = ''

    def __init__(self) -> None:
        self._sequences: dict[tuple[str, int, int | None], SequenceBase] = {}
        self._offsets: dict[tuple[int, str], PointBase] = {}

    # ---- constructors -------------------------------------------------------
    @classmethod
    def integer(cls) -> CyclingContext:
        """Return a context for integer cycling."""
        return IntegerContext()

    @classmethod
    def iso8601(
        cls,
        *,
        calendar: str = 'gregorian',
        utc_mode: bool = False,
        time_zone: str | None = None,
        point_format: str | None = None,
        num_expanded_year_digits: int = 0,
        now: datetime | None = None,
        cylc7_compat: bool = False,
    ) -> CyclingContext:
        """Return a context for date-time cycling.

        ``time_zone`` is ``[scheduler]cycle point time zone``; unset, it is
        UTC ('Z') as in Cylc 8, or (``cylc7_compat``) the local time zone
        unless ``utc_mode``.  ``now`` (for 'now', next() and previous())
        defaults to the clock, read once here.
        """
        if time_zone is None:
            if cylc7_compat and not utc_mode:
                time_zone = get_local_time_zone_format(
                    TimeZoneFormatMode.reduced
                )
            else:
                time_zone = 'Z'
        engine = ISO8601Engine(
            calendar, time_zone, point_format, num_expanded_year_digits
        )
        return ISO8601Context(engine, utc_mode, now)

    # ---- the interface -----------------------------------------------------
    @property
    def calendar(self) -> str:
        """The calendar ('integer' for integer cycling)."""
        return INTEGER

    @property
    def point_format(self) -> str | None:
        """The cycle point format (None for integer cycling)."""
        return None

    @property
    def time_zone(self) -> str | None:
        """The cycle point time zone (None for integer cycling)."""
        return None

    def point(self, text: str) -> PointBase:
        """Parse an absolute cycle point."""
        raise NotImplementedError

    def interval(self, text: str) -> IntervalBase:
        """Parse an interval ('P2', 'PT6H', '-P1D')."""
        raise NotImplementedError

    def null_interval(self) -> IntervalBase:
        """Return the zero interval."""
        raise NotImplementedError

    def standardise_point(self, text: str) -> str:
        """Return a point's standard string form."""
        return self.point(text).value

    def offset_point(self, base: PointBase, offset: str) -> PointBase:
        """Apply an offset ('-P1D', '+PT6H', 'P1') or read an absolute point
        relative to ``base`` (date-time: truncated 'T00' is the next one)."""
        cache_key = (base.key, offset)
        point = self._offsets.get(cache_key)
        if point is None:
            point = self._offset_point(base, offset)
            if len(self._offsets) > MAX_CACHE:
                self._offsets.clear()
            self._offsets[cache_key] = point
        return point

    def _offset_point(self, base: PointBase, offset: str) -> PointBase:
        raise NotImplementedError

    def resolve_initial_point(
        self, text: str | None, constraints: Sequence[str] = ()
    ) -> PointBase:
        """Return the initial cycle point, checked against constraints."""
        point = self._initial_point(text)
        self.check_constraints(point, constraints, 'initial cycle point')
        return point

    def _initial_point(self, text: str | None) -> PointBase:
        raise NotImplementedError

    def resolve_final_point(
        self,
        text: str | None,
        icp: PointBase,
        constraints: Sequence[str] = (),
    ) -> PointBase | None:
        """Return the final cycle point (absolute, or '+P1D' from ``icp``)."""
        if text is None or not str(text).strip():
            return None
        point = self._final_point(str(text).strip(), icp)
        if point < icp:
            raise CyclePointBoundsError(
                f'The initial cycle point:{icp} is after the final cycle'
                f' point:{point}.'
            )
        self.check_constraints(point, constraints, 'final cycle point')
        return point

    def _final_point(self, text: str, icp: PointBase) -> PointBase:
        return self.offset_point(icp, text)

    def check_constraints(
        self,
        point: PointBase,
        constraints: Sequence[str],
        what: str = 'cycle point',
    ) -> None:
        """Raise unless ``point`` matches one of the constraints.

        A constraint is read relative to the point ('T00' is the next T00
        from it, '+P1' one step on), so a point meets 'T00, T12' if it is at
        00 or 12 hours.
        """
        if not constraints:
            return
        for constraint in constraints:
            try:
                if self.offset_point(point, constraint) == point:
                    return
            except CyclingError as exc:
                raise CyclingError(
                    f'{what} constraint {constraint!r}: {exc}'
                ) from None
        raise CyclePointBoundsError(
            f'{what[:1].upper()}{what[1:]} {point} does not meet the'
            f' constraints {list(constraints)}'
        )

    def sequence(
        self, recurrence: str, icp: PointBase, fcp: PointBase | None
    ) -> SequenceBase:
        """Return the sequence of one recurrence ('T00', 'R1/$', 'P3!4')."""
        if not isinstance(recurrence, str):
            raise SequenceParsingError(f'invalid recurrence {recurrence!r}')
        cache_key = (recurrence, icp.key, None if fcp is None else fcp.key)
        sequence = self._sequences.get(cache_key)
        if sequence is None:
            text = recurrence.strip()
            if not text:
                raise SequenceParsingError('empty recurrence')
            if len(split_recurrences(text)) > 1:
                raise SequenceParsingError(
                    f'{text}: more than one recurrence (use sequences())'
                )
            expression = substitute_context_points(
                text, icp.value, None if fcp is None else fcp.value
            )
            try:
                sequence = self._build_sequence(text, expression, icp, fcp)
            except SequenceParsingError:
                raise
            except CyclingError as exc:
                raise SequenceParsingError(f'{text}: {exc}') from None
            if len(self._sequences) > MAX_CACHE:
                self._sequences.clear()
            self._sequences[cache_key] = sequence
        return sequence

    def _build_sequence(
        self,
        text: str,
        expression: str,
        icp: PointBase,
        fcp: PointBase | None,
    ) -> SequenceBase:
        raise NotImplementedError

    def sequences(
        self, text: str, icp: PointBase, fcp: PointBase | None
    ) -> list[SequenceBase]:
        """Return the sequences of a graph heading ('T00, T12')."""
        if not isinstance(text, str):
            raise SequenceParsingError(f'invalid recurrence {text!r}')
        return [
            self.sequence(part, icp, fcp) for part in split_recurrences(text)
        ]


class IntegerContext(CyclingContext):
    """Integer cycling: points are ints, intervals 'P<n>'."""

    __slots__ = ()

    mode = INTEGER

    def point(self, text: str) -> IntegerPoint:
        return parse_integer_point(text)

    def interval(self, text: str) -> IntegerInterval:
        return parse_integer_interval(text)

    def null_interval(self) -> IntegerInterval:
        return IntegerInterval(0)

    def _offset_point(self, base: PointBase, offset: str) -> PointBase:
        return offset_integer_point(base, offset)  # type: ignore[arg-type]

    def _initial_point(self, text: str | None) -> IntegerPoint:
        if text is None or not str(text).strip():
            return IntegerPoint(1)
        return parse_integer_point(str(text))

    def _build_sequence(
        self,
        text: str,
        expression: str,
        icp: PointBase,
        fcp: PointBase | None,
    ) -> SequenceBase:
        return parse_integer_sequence(
            text, expression, icp.key, None if fcp is None else fcp.key
        )


class ISO8601Context(CyclingContext):
    """Date-time cycling in one calendar, time zone and point format."""

    __slots__ = ('_now', 'engine', 'utc_mode')

    mode = ISO8601

    def __init__(
        self,
        engine: ISO8601Engine,
        utc_mode: bool = False,
        now: datetime | None = None,
    ) -> None:
        super().__init__()
        self.engine = engine
        self.utc_mode = utc_mode
        self._now = timepoint_from_datetime(
            datetime.now() if now is None else now, utc_mode
        )

    @property
    def calendar(self) -> str:
        return self.engine.calendar.mode

    @property
    def point_format(self) -> str:
        return self.engine.format.text

    @property
    def time_zone(self) -> str:
        return self.engine.time_zone

    def point(self, text: str) -> ISO8601Point:
        return self.engine.point(text)

    def interval(self, text: str) -> ISO8601Interval:
        return self.engine.interval(text)

    def null_interval(self) -> ISO8601Interval:
        return self.engine.make_interval()

    def now(self) -> ISO8601Point:
        """Return the context's 'now' as a point."""
        return self.engine.from_timepoint(self._now)

    def _offset_point(self, base: PointBase, offset: str) -> PointBase:
        if not isinstance(offset, str):
            raise CyclingError(f'invalid offset {offset!r}')
        stripped = offset.strip()
        if stripped.lstrip('+-').startswith('P') and stripped.count('P') == 1:
            return base + self.engine.interval(stripped)
        point, _ = resolve_expression(
            self.engine, stripped, base  # type: ignore[arg-type]
        )
        return point

    def _initial_point(self, text: str | None) -> ISO8601Point:
        if text is None or not str(text).strip():
            raise MissingInitialPointError()
        return resolve_relative_point(self.engine, str(text), self._now)

    def _build_sequence(
        self,
        text: str,
        expression: str,
        icp: PointBase,
        fcp: PointBase | None,
    ) -> SequenceBase:
        return build_iso8601_sequence(
            self.engine, text, expression,
            icp, fcp,  # type: ignore[arg-type]
        )
