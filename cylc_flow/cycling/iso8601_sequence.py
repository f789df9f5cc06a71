"""Date-time sequences: the points of one recurrence, with exclusions.

Exact steps (weeks, days, hours, ...) are integer arithmetic on point
keys.  Nominal steps (months, years) are walked from the first point, as
metomi-isodatetime does (31 Jan + P1M = 28 Feb, then 28 Mar ...), and the
points found are kept so later questions are a binary search.

As in Cylc 8, a date-time sequence is bounded by its own recurrence (not by
the final cycle point: 'PT6H' runs on past it, and the scheduler stops at
the final point); its first point may precede the initial cycle point.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

from cylc_flow.cycling import PointBase, SequenceBase
from cylc_flow.cycling.errors import SequenceDegenerateError
from cylc_flow.cycling.iso8601 import MODE, ISO8601Interval, ISO8601Point
from cylc_flow.cycling.iso8601_engine import ISO8601Engine
from cylc_flow.cycling.iso8601_recurrence import (
    parse_base,
    parse_recurrence,
    split_offsets,
)
from cylc_flow.cycling.recurrence_text import split_exclusions
from cylc_flow.exceptions import CyclingError, SequenceParsingError

# Give up looking for a non-excluded point after this many excluded ones.
MAX_EXCLUDED_RUN = 10_000
# Most points of a month/year-stepped sequence kept in memory.
MAX_NOMINAL_POINTS = 2_000_000


class ISO8601Sequence(SequenceBase):
    """The valid points of one date-time recurrence (bounds inclusive)."""

    __slots__ = (
        '_excluded_keys',
        '_excluded_sequences',
        '_hash',
        '_nominal_complete',
        '_nominal_keys',
        'engine',
        'first',
        'step',
        'step_seconds',
        'stop',
        'text',
    )

    mode = MODE

    def __init__(
        self,
        text: str,
        engine: ISO8601Engine,
        first: int,
        stop: int | None,
        step: ISO8601Interval | None,
        excluded_keys: frozenset[int] = frozenset(),
        excluded_sequences: tuple[ISO8601Sequence, ...] = (),
    ) -> None:
        self.text = text
        self.engine = engine
        self.first = first
        self.stop = stop
        self.step = step
        self.step_seconds = (
            None if step is None or step.nominal else step.exact
        )
        self._excluded_keys = excluded_keys
        self._excluded_sequences = excluded_sequences
        self._nominal_keys: list[int] = [first]
        self._nominal_complete = step is None
        self._hash = hash(self._identity())

    # ---- identity -------------------------------------------------------
    def _identity(self) -> tuple[Any, ...]:
        return (
            self.first, self.stop, self.step, self._excluded_keys,
            frozenset(seq._identity() for seq in self._excluded_sequences),
        )

    def __eq__(self, other: object) -> bool:
        if other.__class__ is ISO8601Sequence:
            return self._identity() == other._identity()  # type: ignore
        return NotImplemented

    def __hash__(self) -> int:
        return self._hash

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f'<ISO8601Sequence {self.text}>'

    # ---- the lattice (bounds, no exclusions) -------------------------------
    def _extend_nominal(self, key: int) -> None:
        """Walk a month/year sequence on until it passes ``key``."""
        keys = self._nominal_keys
        engine, step, stop = self.engine, self.step, self.stop
        while not self._nominal_complete and keys[-1] <= key:
            if len(keys) >= MAX_NOMINAL_POINTS:
                raise CyclingError(
                    f'{self.text}: too many points to walk to {key}'
                )
            next_key = engine.add(engine.point_from_key(keys[-1]), step).key
            if next_key <= keys[-1] or (stop is not None and next_key > stop):
                self._nominal_complete = True
            else:
                keys.append(next_key)

    def _on_lattice(self, key: int) -> bool:
        if self.step is None:
            return key == self.first
        if self.step_seconds is not None:
            return (key - self.first) % self.step_seconds == 0
        if key < self.first:
            return False
        self._extend_nominal(key)
        index = bisect_left(self._nominal_keys, key)
        return (
            index < len(self._nominal_keys)
            and self._nominal_keys[index] == key
        )

    def _lattice_from(self, key: int) -> int | None:
        """Return the first lattice key >= key, within bounds."""
        first = self.first
        if key <= first:
            candidate = first
        elif self.step is None:
            return None
        elif self.step_seconds is not None:
            step = self.step_seconds
            candidate = first - ((first - key) // step) * step
        else:
            self._extend_nominal(key)
            keys = self._nominal_keys
            index = bisect_left(keys, key)
            if index == len(keys):
                return None
            candidate = keys[index]
        if self.stop is not None and candidate > self.stop:
            return None
        return candidate

    def _lattice_before(self, key: int) -> int | None:
        """Return the last lattice key < key, within bounds."""
        first = self.first
        limit = key - 1
        if self.stop is not None and limit > self.stop:
            limit = self.stop
        if limit < first:
            return None
        if self.step is None:
            return first
        if self.step_seconds is not None:
            step = self.step_seconds
            return first + ((limit - first) // step) * step
        self._extend_nominal(limit)
        keys = self._nominal_keys
        return keys[bisect_left(keys, limit + 1) - 1]

    def _lattice_after(self, key: int) -> int | None:
        """Return the lattice key after an on-lattice key."""
        if self.step is None:
            return None
        if self.step_seconds is not None:
            candidate = key + self.step_seconds
            if self.stop is not None and candidate > self.stop:
                return None
            return candidate
        return self._lattice_from(key + 1)

    # ---- with exclusions ------------------------------------------------
    def _excluded(self, key: int) -> bool:
        if key in self._excluded_keys:
            return True
        return any(seq._valid(key) for seq in self._excluded_sequences)

    def _valid(self, key: int) -> bool:
        if key < self.first or (self.stop is not None and key > self.stop):
            return False
        if self.step_seconds is not None:
            if (key - self.first) % self.step_seconds:
                return False
        elif not self._on_lattice(key):
            return False
        if self._excluded_keys or self._excluded_sequences:
            return not self._excluded(key)
        return True

    def _first_valid_from(self, key: int) -> int | None:
        candidate = self._lattice_from(key)
        if not (self._excluded_keys or self._excluded_sequences):
            return candidate
        for _ in range(MAX_EXCLUDED_RUN):
            if candidate is None or not self._excluded(candidate):
                return candidate
            candidate = self._lattice_after(candidate)
        return None

    def _last_valid_before(self, key: int) -> int | None:
        candidate = self._lattice_before(key)
        if not (self._excluded_keys or self._excluded_sequences):
            return candidate
        for _ in range(MAX_EXCLUDED_RUN):
            if candidate is None or not self._excluded(candidate):
                return candidate
            candidate = self._lattice_before(candidate)
        return None

    def _point(self, key: int | None) -> ISO8601Point | None:
        return None if key is None else self.engine.point_from_key(key)

    # ---- public API --------------------------------------------------------
    def get_interval(self) -> ISO8601Interval | None:
        return self.step

    def is_on_sequence(self, point: PointBase) -> bool:
        return self._on_lattice(point.key) and not self._excluded(point.key)

    def is_valid(self, point: PointBase) -> bool:
        return self._valid(point.key)

    def get_first_point(self, point: PointBase) -> ISO8601Point | None:
        return self._point(self._first_valid_from(point.key))

    def get_next_point(self, point: PointBase) -> ISO8601Point | None:
        return self._point(self._first_valid_from(point.key + 1))

    def get_next_point_on_sequence(
        self, point: PointBase
    ) -> ISO8601Point | None:
        if self.step_seconds is not None and not (
            self._excluded_keys or self._excluded_sequences
        ):
            key = point.key + self.step_seconds
            if self.stop is not None and key > self.stop:
                return None
            if key >= self.first:
                return self.engine.point_from_key(key)
        return self._point(self._first_valid_from(point.key + 1))

    def get_prev_point(self, point: PointBase) -> ISO8601Point | None:
        return self._point(self._last_valid_before(point.key))

    def get_start_point(self) -> ISO8601Point | None:
        return self._point(self._first_valid_from(self.first))

    def get_stop_point(self) -> ISO8601Point | None:
        if self.stop is None:
            return None
        return self._point(self._last_valid_before(self.stop + 1))


def build_iso8601_sequence(
    engine: ISO8601Engine,
    text: str,
    expression: str,
    context_start: ISO8601Point,
    context_end: ISO8601Point | None,
) -> ISO8601Sequence:
    """Build the sequence for ``expression`` (``text`` with ^/$ replaced)."""
    main, exclusion_items = split_exclusions(expression)
    sequence = _plain_sequence(engine, text, main, context_start, context_end)
    if not exclusion_items:
        return sequence
    excluded_keys: set[int] = set()
    excluded_sequences: list[ISO8601Sequence] = []
    exclusion_end = (
        context_end if sequence.stop is None
        else engine.point_from_key(sequence.stop)
    )
    exclusion_start = engine.point_from_key(sequence.first)
    for item in exclusion_items:
        point = _exclusion_point(engine, item)
        if point is not None:
            excluded_keys.add(point.key)
        else:
            excluded_sequences.append(
                _plain_sequence(
                    engine, item, item, exclusion_start, exclusion_end
                )
            )
    return ISO8601Sequence(
        text, engine, sequence.first, sequence.stop, sequence.step,
        frozenset(excluded_keys), tuple(excluded_sequences),
    )


def _exclusion_point(engine: ISO8601Engine, item: str) -> ISO8601Point | None:
    """Return the point an exclusion names, or None if it is a sequence."""
    base, offsets = split_offsets(engine, item)
    if not base:
        return None
    try:
        timepoint = parse_base(engine, base, allow_truncated=False)
    except CyclingError:
        return None
    if timepoint.truncated:
        return None
    point = engine.from_timepoint(timepoint)
    for offset in offsets:
        point = point + offset
    return point


def _plain_sequence(
    engine: ISO8601Engine,
    text: str,
    expression: str,
    context_start: ISO8601Point,
    context_end: ISO8601Point | None,
) -> ISO8601Sequence:
    recurrence = parse_recurrence(
        engine, expression, text, context_start, context_end
    )
    step = recurrence.step
    first = recurrence.first
    if step is not None:
        quantum = engine.format.quantum
        following = first + step
        if following.key <= first.key or (
            quantum and not step.nominal and step.exact % quantum
        ):
            raise SequenceDegenerateError(
                f'{text}: the cycle point format {engine.format.text} cannot'
                f' tell its points apart ({first} => {following})'
            )
    stop = None if recurrence.stop is None else recurrence.stop.key
    if stop is not None and stop < first.key:
        raise SequenceParsingError(f'{text}: the recurrence has no points')
    return ISO8601Sequence(text, engine, first.key, stop, step)
