"""Reading Cylc's date-time point and recurrence shorthand.

Point expressions (used for recurrence start and end points and for
offsets) are full or truncated ISO 8601 date-times, optionally followed by
signed offsets, or ``min(a, b, ...)``::

    20250101T00Z   T00   01T00   W-1T00   -PT1H   20250101T00+P1D-PT6H

Truncated points and bare offsets are relative to a context point: the
initial cycle point for a start, the final cycle point for an end.

Recurrences use the ISO 8601 formats 1 (``R/start/end``), 3
(``R/start/interval``) and 4 (``R/interval/end``), with Cylc's shortcuts
(``T00`` = ``R/T00/P1D``, ``PT6H`` = ``R/^/PT6H``, ``R2/P1D`` counts back
from the final cycle point, ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from metomi.isodatetime.data import TimePoint

from cylc_flow.cycling.errors import MissingFinalPointError
from cylc_flow.cycling.iso8601 import ISO8601Interval, ISO8601Point
from cylc_flow.cycling.iso8601_engine import ISO8601Engine
from cylc_flow.cycling.recurrence_text import parse_whole_number
from cylc_flow.exceptions import (
    CyclingError,
    PointParsingError,
    SequenceParsingError,
)

# A walk back from the final point for 'R/P1M' gives up after this many steps.
MAX_WALK_BACK = 1_000_000

REC_HAS_OFFSET = re.compile(r'[-+]P.+$')
REC_OFFSET = re.compile(r'[-+]P[^-+]*')
REC_MIN = re.compile(r'min\(([^)]+)\)')
REC_TWO_DIGITS = re.compile(r'^\d\d$')

# Prefixes that turn Cylc shorthand into ISO 8601 truncated forms:
# '01T00' is the day of the month ('---01T00'), 'W-1T00' a day of the week.
TRUNCATION_PREFIXES: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...] = (
    ('---', (re.compile(r'^\d\dT'),)),
    ('--', (re.compile(r'^\d\d\d\dT'),)),
    ('-', tuple(re.compile(pattern) for pattern in (
        r'^\d\d\dT', r'\dW\d\dT', r'W\d\d\d?T', r'W-\dT', r'W-\d',
    ))),
)

_START = r'(?P<start>[^PR/][^/]*)'
_END = r'(?P<end>[^PR/][^/]*)'
_INTV = r'(?P<intv>P[^/]*)'

# (regex, ISO 8601 format number); the first match wins.
RECURRENCE_FORMS: tuple[tuple[re.Pattern[str], int], ...] = tuple(
    (re.compile(pattern), form) for pattern, form in (
        (rf'^{_START}$', 3),
        (rf'^R(?P<reps>\d+)?/{_START}/{_END}$', 1),
        (rf'^{_START}/{_INTV}/?$', 3),
        (rf'^{_INTV}$', 3),
        (rf'^{_INTV}/{_END}$', 4),
        (rf'^R(?P<reps>\d+)?/{_START}/?$', 3),
        (rf'^R(?P<reps>\d+)?/{_START}/{_INTV}$', 3),
        (rf'^R(?P<reps>\d+)?/(?P<start>)/{_INTV}$', 3),
        (rf'^R(?P<reps>\d+)?/{_INTV}/{_END}$', 4),
        (rf'^R(?P<reps>\d+)?/{_INTV}/?$', 4),
        (rf'^R(?P<reps>\d+)?//{_END}$', 4),
        (r'^R(?P<reps>1)/?(?P<start>$)', 3),
        (rf'^R(?P<reps>1)//{_END}$', 4),
    )
)

# Interval implied by the largest unit given in a truncated point ('T00'
# repeats daily, '01T00' monthly, 'W-1T00' weekly).
INFERRED_INTERVALS = {
    'year_of_century': {'years': 100},
    'year_of_decade': {'years': 10},
    'month_of_year': {'years': 1},
    'week_of_year': {'years': 1},
    'day_of_year': {'years': 1},
    'day_of_month': {'months': 1},
    'day_of_week': {'days': 7},
    'hour_of_day': {'days': 1},
    'minute_of_hour': {'hours': 1},
    'second_of_minute': {'minutes': 1},
}


@dataclass(slots=True)
class Recurrence:
    """The points of a recurrence: ``first``, then every ``step`` (None for
    a one-off) up to ``stop`` (None: unbounded)."""

    first: ISO8601Point
    stop: ISO8601Point | None
    step: ISO8601Interval | None


def split_offsets(
    engine: ISO8601Engine, expression: str
) -> tuple[str, list[ISO8601Interval]]:
    """Split '20250101T00+P1D-PT6H' into the base and its offsets."""
    if not REC_HAS_OFFSET.search(expression):
        return expression, []
    offsets = [
        engine.interval(token) for token in REC_OFFSET.findall(expression)
    ]
    return REC_OFFSET.sub('', expression), offsets


def parse_base(
    engine: ISO8601Engine, base: str, allow_truncated: bool = True
) -> TimePoint:
    """Parse a full or truncated date-time in Cylc's shorthand."""
    if REC_TWO_DIGITS.search(base):
        raise PointParsingError(
            f"'{base}': 2 digit centuries not allowed. Did you mean"
            " T-digit-digit e.g. 'T00'?"
        )
    text = base + '00' if base.endswith('T') else base
    try:
        return engine.parse_timepoint(text)
    except PointParsingError:
        if not allow_truncated:
            raise
    for prefix, patterns in TRUNCATION_PREFIXES:
        if any(pattern.search(base) for pattern in patterns):
            try:
                return engine.parse_timepoint(prefix + text)
            except PointParsingError:
                continue
    raise PointParsingError(
        f"'{base}': not a valid cylc-shorthand or full ISO 8601 date"
        ' representation'
    )


def resolve_expression(
    engine: ISO8601Engine,
    expression: str,
    context: ISO8601Point | None,
) -> tuple[ISO8601Point, TimePoint | None]:
    """Return the point an expression stands for, relative to ``context``.

    The second item is the truncated date-time the expression used, if any
    (it implies the interval of a recurrence that gives none).
    """
    expression = expression.strip()
    if expression.startswith('min('):
        expression = _earliest_entry(engine, expression, context)
    base, offsets = split_offsets(engine, expression)
    truncated: TimePoint | None = None
    if not base:
        if context is None:
            raise SequenceParsingError(
                f"'{expression}': missing context cycle point"
            )
        point = context
    else:
        timepoint = parse_base(engine, base)
        if timepoint.truncated:
            if context is None:
                raise SequenceParsingError(
                    f"'{expression}': missing context cycle point"
                )
            truncated = timepoint
            point = engine.resolve_truncated(timepoint, context)
        else:
            point = engine.from_timepoint(timepoint)
    for offset in offsets:
        point = point + offset
    return point, truncated


def _earliest_entry(
    engine: ISO8601Engine, expression: str, context: ISO8601Point | None
) -> str:
    """Return the entry of 'min(a, b, ...)' that gives the earliest point."""
    match = REC_MIN.match(expression)
    if not match:
        raise SequenceParsingError(f"'{expression}': unclosed min(")
    earliest: ISO8601Point | None = None
    chosen = ''
    for entry in (item.strip() for item in match.group(1).split(',')):
        if not entry:
            raise SequenceParsingError(f"'{expression}': empty min() entry")
        point, _ = resolve_expression(engine, entry, context)
        if earliest is None or point <= earliest:
            earliest, chosen = point, entry
    return chosen


def _inferred_interval(
    engine: ISO8601Engine, truncated: TimePoint | None
) -> ISO8601Interval | None:
    if truncated is None:
        return None
    name = truncated.get_largest_truncated_property_name()
    units = INFERRED_INTERVALS.get(name or '')
    return None if units is None else engine.make_interval(**units)


def _match_form(expression: str, text: str) -> tuple[re.Match[str], int]:
    for regex, form in RECURRENCE_FORMS:
        match = regex.match(expression)
        if match:
            return match, form
    raise SequenceParsingError(f'{text}: could not parse the recurrence')


def parse_recurrence(
    engine: ISO8601Engine,
    expression: str,
    text: str,
    context_start: ISO8601Point,
    context_end: ISO8601Point | None,
) -> Recurrence:
    """Parse one recurrence (no exclusions) into its points' bounds."""
    match, form = _match_form(expression, text)
    groups = match.groupdict()
    reps_text = groups.get('reps')
    reps = None if reps_text is None else parse_whole_number(reps_text, text)
    if reps is not None and reps < 1:
        raise SequenceParsingError(
            f'{text}: the number of repetitions cannot be less than 1'
        )
    start = end = None
    start_truncated = end_truncated = None
    try:
        if groups.get('start') is not None or form in (1, 3):
            start, start_truncated = resolve_expression(
                engine, groups.get('start') or '', context_start
            )
        if groups.get('end') is not None or form in (1, 4):
            if context_end is None and not _is_absolute(
                engine, groups.get('end')
            ):
                raise MissingFinalPointError(
                    f'{text}: this workflow requires a final cycle point.'
                )
            end, end_truncated = resolve_expression(
                engine, groups.get('end') or '', context_end
            )
    except MissingFinalPointError:
        raise
    except CyclingError as exc:
        raise SequenceParsingError(f'{text}: {exc}') from None
    intv = groups.get('intv')
    if intv:
        step: ISO8601Interval | None = engine.interval(intv)
    else:
        step = _inferred_interval(
            engine, start_truncated if end_truncated is None else end_truncated
        )
    if form == 1:
        return _format_1(engine, text, start, end, reps)  # type: ignore
    if reps == 1 or (step is not None and not step):
        single = start if form == 3 else end
        return Recurrence(single, single, None)  # type: ignore[arg-type]
    if step is None:
        raise SequenceParsingError(
            f'{text}: no interval given or implied (e.g. write {text}/P1D)'
        )
    if step < engine.make_interval():
        raise SequenceParsingError(f'{text}: the interval cannot be negative')
    if form == 3:
        stop = None if reps is None else start + step * (reps - 1)  # type: ignore
        return Recurrence(start, stop, step)  # type: ignore[arg-type]
    assert end is not None
    if reps is not None:
        return Recurrence(end - step * (reps - 1), end, step)
    return Recurrence(_walk_back(text, end, step, context_start), end, step)


def _is_absolute(engine: ISO8601Engine, expression: str | None) -> bool:
    """Return True if an end expression needs no final cycle point."""
    if not expression or expression.startswith('min('):
        return False
    base, _ = split_offsets(engine, expression.strip())
    if not base:
        return False
    try:
        return not parse_base(engine, base).truncated
    except CyclingError:
        return False


def _format_1(
    engine: ISO8601Engine,
    text: str,
    start: ISO8601Point,
    end: ISO8601Point,
    reps: int | None,
) -> Recurrence:
    """'R[n]/start/end': every (end - start) from start."""
    if reps == 1 or start == end:
        return Recurrence(start, start, None)
    if end < start:
        raise SequenceParsingError(
            f'{text}: the second point {end} is before the first {start}'
        )
    step = end - start
    stop = None if reps is None else start + step * (reps - 1)
    return Recurrence(start, stop, step)


def _walk_back(
    text: str,
    end: ISO8601Point,
    step: ISO8601Interval,
    context_start: ISO8601Point,
) -> ISO8601Point:
    """Return the last point of ``end - k * step`` at or before the start."""
    if end <= context_start:
        return end
    if not step.nominal:
        steps = -((context_start.key - end.key) // step.exact)
        return end - step * steps
    point = end
    for _ in range(MAX_WALK_BACK):
        if point <= context_start:
            return point
        point = point - step
    raise SequenceParsingError(
        f'{text}: too many points between the initial and final cycle points'
    )
