"""Integer cycling: plain-int points ('1', '-3'), intervals ('P2') and
recurrences ('P1', 'R/+P2/P3', 'R3/1/P2', 'R1/$', 'P3!4', ...).

Recurrence forms follow the Cylc 8 integer rules: a start or end is an
absolute integer or an offset from the initial (start) or final (end) cycle
point ('+P2', '-P1'); sequences are clipped to the initial and final cycle
points.  ``^`` and ``$`` are replaced by the point values before parsing, so
``R1/^+P1`` reads ``R1/1+P1``, which is not an integer expression (invalid,
as in Cylc 8).
"""

from __future__ import annotations

import re
from typing import Any

from cylc_flow.cycling import IntervalBase, PointBase, SequenceBase
from cylc_flow.cycling.errors import MissingFinalPointError
from cylc_flow.cycling.recurrence_text import parse_whole_number, split_exclusions
from cylc_flow.exceptions import (
    IntervalParsingError,
    PointParsingError,
    SequenceParsingError,
)

MODE = 'integer'

REC_POINT = re.compile(r'^[-+]?\d+$')
REC_INTERVAL = re.compile(r'^([-+]?)P(\d+)$')
REC_OFFSET = re.compile(r'^([-+])P(\d+)$')

# Give up looking for a non-excluded point after this many excluded ones.
MAX_EXCLUDED_RUN = 100_000

_START = r'(?P<start>[^PR/][^/]*)'
_END = r'(?P<end>[^PR/][^/]*)'
_INTV = r'(?P<intv>P[^/]*)'

# (regex, ISO 8601 format number): 1 = R/start/end, 3 = R/start/interval,
# 4 = R/interval/end.  The first match wins, so order matters.
RECURRENCE_FORMS: tuple[tuple[re.Pattern[str], int], ...] = tuple(
    (re.compile(pattern), form) for pattern, form in (
        (rf'^R(?P<reps>\d+)/{_START}/{_END}$', 1),
        (rf'^{_START}/{_INTV}/?$', 3),
        (rf'^{_INTV}$', 3),
        (rf'^{_INTV}/{_END}$', 4),
        (rf'^R(?P<reps>1)?/{_START}/?$', 3),
        (rf'^R(?P<reps>\d+)?/{_START}/{_INTV}$', 3),
        (rf'^R(?P<reps>\d+)?/(?P<start>)/{_INTV}$', 3),
        (rf'^R(?P<reps>\d+)?/{_INTV}/{_END}$', 4),
        (rf'^R(?P<reps>\d+)?/{_INTV}/?$', 4),
        (r'^R(?P<reps>1)/?(?P<start>$)', 3),
        (rf'^R(?P<reps>1)//{_END}$', 4),
    )
)


class IntegerPoint(PointBase):
    """An integer cycle point; ``key`` is the int, ``value`` its string."""

    __slots__ = ()

    mode = MODE

    def __init__(self, value: int) -> None:
        self.key = value
        self.value = str(value)

    def __int__(self) -> int:
        return self.key

    def __add__(self, interval: Any) -> IntegerPoint:
        if interval.__class__ is IntegerInterval:
            return IntegerPoint(self.key + interval.key)
        return NotImplemented

    def __sub__(self, other: Any) -> Any:
        cls = other.__class__
        if cls is IntegerInterval:
            return IntegerPoint(self.key - other.key)
        if cls is IntegerPoint:
            return IntegerInterval(self.key - other.key)
        return NotImplemented


class IntegerInterval(IntervalBase):
    """A number of integer steps: 'P2', '-P1', 'P0'."""

    __slots__ = ('key',)

    mode = MODE

    def __init__(self, steps: int) -> None:
        self.key = steps
        self.value = f'P{steps}' if steps >= 0 else f'-P{-steps}'

    def __int__(self) -> int:
        return self.key

    def __bool__(self) -> bool:
        return self.key != 0

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is IntegerInterval:
            return self.key == other.key  # type: ignore[attr-defined]
        return NotImplemented

    def __lt__(self, other: IntegerInterval) -> bool:
        return self.key < other.key

    def __le__(self, other: IntegerInterval) -> bool:
        return self.key <= other.key

    def __gt__(self, other: IntegerInterval) -> bool:
        return self.key > other.key

    def __ge__(self, other: IntegerInterval) -> bool:
        return self.key >= other.key

    def __add__(self, other: Any) -> Any:
        cls = other.__class__
        if cls is IntegerInterval:
            return IntegerInterval(self.key + other.key)
        if cls is IntegerPoint:
            return IntegerPoint(self.key + other.key)
        return NotImplemented

    def __sub__(self, other: Any) -> Any:
        if other.__class__ is IntegerInterval:
            return IntegerInterval(self.key - other.key)
        return NotImplemented

    def __neg__(self) -> IntegerInterval:
        return IntegerInterval(-self.key)

    def __abs__(self) -> IntegerInterval:
        return IntegerInterval(abs(self.key))

    def __mul__(self, factor: int) -> IntegerInterval:
        if isinstance(factor, int):
            return IntegerInterval(self.key * factor)
        return NotImplemented


def parse_integer_point(text: str) -> IntegerPoint:
    """Parse '5', ' -3', '+2' into a point."""
    stripped = text.strip() if isinstance(text, str) else ''
    if not REC_POINT.match(stripped):
        raise PointParsingError(f'invalid integer cycle point: {text!r}')
    try:
        return IntegerPoint(int(stripped))
    except ValueError:  # more digits than Python will convert
        raise PointParsingError(
            f'invalid integer cycle point: {text!r}'
        ) from None


def parse_integer_interval(text: str) -> IntegerInterval:
    """Parse 'P2', '+P2', '-P1' into an interval."""
    match = REC_INTERVAL.match(text.strip()) if isinstance(text, str) else None
    if not match:
        raise IntervalParsingError(
            f"invalid integer interval: {text!r} (expected e.g. 'P1')"
        )
    try:
        steps = int(match.group(2))
    except ValueError:
        raise IntervalParsingError(
            f'invalid integer interval: {text!r}'
        ) from None
    return IntegerInterval(-steps if match.group(1) == '-' else steps)


def offset_integer_point(base: IntegerPoint, offset: str) -> IntegerPoint:
    """Apply '+P2', '-P1' or 'P1' to ``base``, or read an absolute '5'."""
    stripped = offset.strip() if isinstance(offset, str) else ''
    if REC_INTERVAL.match(stripped):
        return base + parse_integer_interval(stripped)
    if REC_POINT.match(stripped):
        return parse_integer_point(stripped)
    raise PointParsingError(
        f'invalid integer cycle point or offset: {offset!r}'
    )


def _expression_value(
    expression: str | None,
    context: int | None,
    *,
    required: bool,
    is_end: bool,
    text: str,
) -> int | None:
    """Return the point an expression ('5', '+P2', None) stands for."""
    if not expression:
        if context is None and required:
            if is_end:
                raise MissingFinalPointError(
                    f'{text}: this workflow requires a final cycle point.'
                )
            raise SequenceParsingError(f'{text}: missing context cycle point.')
        return context
    offset = REC_OFFSET.match(expression)
    if offset:
        if context is None:
            raise MissingFinalPointError(
                f'{text}: this workflow requires a final cycle point.'
            )
        steps = parse_whole_number(offset.group(2), text)
        return context + (-steps if offset.group(1) == '-' else steps)
    if REC_POINT.match(expression):
        return parse_whole_number(expression, text)
    raise SequenceParsingError(
        f'{text}: {expression!r} is not an integer point or an offset'
        " like '+P1' (^ and $ cannot take offsets in integer cycling)"
    )


def _step_value(expression: str, text: str) -> int:
    match = REC_INTERVAL.match(expression)
    if not match:
        raise SequenceParsingError(
            f"{text}: invalid integer interval {expression!r} (e.g. 'P2')"
        )
    if match.group(1) == '-':
        raise SequenceParsingError(
            f'{text}: negative intervals are not supported'
        )
    return parse_whole_number(match.group(2), text)


class IntegerSequence(SequenceBase):
    """The valid points of one integer recurrence (bounds are inclusive)."""

    __slots__ = (
        '_excluded_points',
        '_excluded_sequences',
        '_hash',
        '_interval',
        'start',
        'step',
        'stop',
        'text',
    )

    mode = MODE

    def __init__(
        self,
        text: str,
        start: int,
        stop: int | None,
        step: int | None,
        excluded_points: frozenset[int] = frozenset(),
        excluded_sequences: tuple[IntegerSequence, ...] = (),
    ) -> None:
        self.text = text
        self.start = start
        self.stop = stop
        self.step = step
        self._excluded_points = excluded_points
        self._excluded_sequences = excluded_sequences
        self._interval = None if step is None else IntegerInterval(step)
        self._hash = hash(self._identity())

    # ---- identity -------------------------------------------------------
    def _identity(self) -> tuple[Any, ...]:
        return (
            self.start, self.stop, self.step, self._excluded_points,
            frozenset(seq._identity() for seq in self._excluded_sequences),
        )

    def __eq__(self, other: object) -> bool:
        if other.__class__ is IntegerSequence:
            return self._identity() == other._identity()  # type: ignore
        return NotImplemented

    def __hash__(self) -> int:
        return self._hash

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f'<IntegerSequence {self.text}>'

    # ---- integer-level logic ---------------------------------------------
    def _on_lattice(self, value: int) -> bool:
        if self.step is None:
            return value == self.start
        return (value - self.start) % self.step == 0

    def _excluded(self, value: int) -> bool:
        if value in self._excluded_points:
            return True
        return any(seq._valid(value) for seq in self._excluded_sequences)

    def _valid(self, value: int) -> bool:
        if value < self.start or (self.stop is not None and value > self.stop):
            return False
        step = self.step
        if step is None:
            if value != self.start:
                return False
        elif (value - self.start) % step:
            return False
        if self._excluded_points or self._excluded_sequences:
            return not self._excluded(value)
        return True

    def _first_from(self, value: int) -> int | None:
        """Return the first valid value >= value."""
        start, stop, step = self.start, self.stop, self.step
        if step is None:
            if value <= start and self._valid(start):
                return start
            return None
        if value <= start:
            candidate = start
        else:
            candidate = start - ((start - value) // step) * step
        if not (self._excluded_points or self._excluded_sequences):
            if stop is not None and candidate > stop:
                return None
            return candidate
        for _ in range(MAX_EXCLUDED_RUN):
            if stop is not None and candidate > stop:
                return None
            if not self._excluded(candidate):
                return candidate
            candidate += step
        return None

    def _last_before(self, value: int) -> int | None:
        """Return the last valid value < value."""
        start, stop, step = self.start, self.stop, self.step
        if step is None:
            if start < value and self._valid(start):
                return start
            return None
        candidate = value - 1
        if stop is not None and candidate > stop:
            candidate = stop
        if candidate < start:
            return None
        candidate = start + ((candidate - start) // step) * step
        for _ in range(MAX_EXCLUDED_RUN):
            if candidate < start:
                return None
            if not self._excluded(candidate):
                return candidate
            candidate -= step
        return None

    @staticmethod
    def _point(value: int | None) -> IntegerPoint | None:
        return None if value is None else IntegerPoint(value)

    # ---- public API --------------------------------------------------------
    def get_interval(self) -> IntegerInterval | None:
        return self._interval

    def is_on_sequence(self, point: PointBase) -> bool:
        return self._on_lattice(point.key) and not self._excluded(point.key)

    def is_valid(self, point: PointBase) -> bool:
        return self._valid(point.key)

    def get_first_point(self, point: PointBase) -> IntegerPoint | None:
        return self._point(self._first_from(point.key))

    def get_next_point(self, point: PointBase) -> IntegerPoint | None:
        return self._point(self._first_from(point.key + 1))

    def get_next_point_on_sequence(
        self, point: PointBase
    ) -> IntegerPoint | None:
        return self._point(self._first_from(point.key + 1))

    def get_prev_point(self, point: PointBase) -> IntegerPoint | None:
        return self._point(self._last_before(point.key))

    def get_start_point(self) -> IntegerPoint | None:
        return self._point(self._first_from(self.start))

    def get_stop_point(self) -> IntegerPoint | None:
        if self.stop is None:
            return None
        return self._point(self._last_before(self.stop + 1))


def parse_integer_sequence(
    text: str,
    expression: str,
    initial: int,
    final: int | None,
) -> IntegerSequence:
    """Build the sequence for ``expression`` (``text`` with ^/$ replaced)."""
    main, exclusion_items = split_exclusions(expression)
    start, stop, step = _recurrence_bounds(main, text, initial, final)
    excluded_points: set[int] = set()
    excluded_sequences: list[IntegerSequence] = []
    for item in exclusion_items:
        if REC_POINT.match(item):
            excluded_points.add(parse_whole_number(item, text))
        elif REC_OFFSET.match(item):
            excluded_points.add(
                _expression_value(
                    item, initial, required=True, is_end=False, text=text
                )  # type: ignore[arg-type]
            )
        else:
            bounds = _recurrence_bounds(item, text, start, stop)
            excluded_sequences.append(IntegerSequence(item, *bounds))
    return IntegerSequence(
        text, start, stop, step,
        frozenset(excluded_points), tuple(excluded_sequences),
    )


def _match_form(main: str, text: str) -> tuple[re.Match[str], int]:
    for regex, form in RECURRENCE_FORMS:
        match = regex.match(main)
        if match:
            return match, form
    raise SequenceParsingError(f'{text}: bad integer cycling format')


def _recurrence_bounds(
    main: str, text: str, initial: int, final: int | None
) -> tuple[int, int | None, int | None]:
    """Return (start, stop, step) of one recurrence without exclusions."""
    match, form = _match_form(main, text)
    groups = match.groupdict()
    reps_text = groups.get('reps')
    reps = None if reps_text is None else parse_whole_number(reps_text, text)
    if reps is not None and reps < 1:
        raise SequenceParsingError(
            f'{text}: the number of repetitions cannot be less than 1'
        )
    start = _expression_value(
        groups.get('start'), initial,
        required=form in (1, 3), is_end=False, text=text,
    )
    stop = _expression_value(
        groups.get('end'), final,
        required=form in (1, 4), is_end=True, text=text,
    )
    intv = groups.get('intv')
    step = _step_value(intv, text) if intv else None
    if step == 0:
        step = None  # a zero interval can only give one point
    if form == 3:
        if step is None or reps == 1:
            return start, start, None  # type: ignore[return-value]
        if reps is not None:
            stop = start + step * (reps - 1)  # type: ignore[operator]
        elif final is not None:
            stop = final - ((final - start) % step)  # type: ignore[operator]
        else:
            stop = None
    elif form == 1:
        if reps == 1 or start == stop:
            return start, start, None  # type: ignore[return-value]
        span = stop - start  # type: ignore[operator]
        if span < 0 or span % (reps - 1):  # type: ignore[operator]
            raise SequenceParsingError(
                f'{text}: the points cannot be spread evenly in whole steps'
            )
        step = span // (reps - 1)  # type: ignore[operator]
    else:
        if reps == 1 or step is None:
            return stop, stop, None  # type: ignore[return-value]
        if reps is not None:
            start = stop - step * (reps - 1)  # type: ignore[operator]
        else:
            start = initial + ((stop - initial) % step)  # type: ignore
    assert start is not None and step is not None
    if start < initial:
        start = initial + ((start - initial) % step)
    if stop is not None and final is not None and stop > final:
        stop = final - ((final - start) % step)
    return start, stop, step
