"""Random input either parses or raises a CyclingError, never anything else."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cylc_flow.cycling import IntervalBase, PointBase
from cylc_flow.cycling.context import CyclingContext
from cylc_flow.exceptions import CyclingError

NOW = datetime(2025, 3, 1, 6, 30, tzinfo=UTC)

# Characters of the cycling language, so that random text gets deep
# into the parsers rather than failing on the first character.
ALPHABET = 'RPTWYMDHSZ0123456789/+-!(),^$:.; minxtpreviousW'
grammar_text = st.text(alphabet=ALPHABET, max_size=30)
any_text = st.text(max_size=30)
text = st.one_of(grammar_text, any_text)

CONTEXTS = {
    'integer': CyclingContext.integer,
    'gregorian': lambda: CyclingContext.iso8601(utc_mode=True, now=NOW),
    '360day': lambda: CyclingContext.iso8601(
        calendar='360day', utc_mode=True, now=NOW
    ),
    'custom-format': lambda: CyclingContext.iso8601(
        time_zone='+0530', point_format='CCYY-MM-DDThhZ', now=NOW
    ),
    'strftime': lambda: CyclingContext.iso8601(
        utc_mode=True, point_format='%Y%m%d%H', now=NOW
    ),
}

FUZZ = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def bounds(context):
    if context.mode == 'integer':
        return context.point('1'), context.point('20')
    icp = context.resolve_initial_point('2025-03-01T00Z')
    return icp, context.resolve_final_point('P10D', icp)


@pytest.mark.parametrize('name', sorted(CONTEXTS))
@FUZZ
@given(value=text)
def test_points_and_intervals_parse_or_raise_cycling_error(name, value):
    context = CONTEXTS[name]()
    icp, _ = bounds(context)
    for parse in (
        context.point,
        context.interval,
        lambda item: context.offset_point(icp, item),
        context.resolve_initial_point,
        lambda item: context.resolve_final_point(item, icp),
    ):
        try:
            result = parse(value)
        except CyclingError:
            continue
        assert result is None or isinstance(result, (PointBase, IntervalBase))


@pytest.mark.parametrize('name', sorted(CONTEXTS))
@FUZZ
@given(value=text)
def test_recurrences_parse_or_raise_cycling_error(name, value):
    context = CONTEXTS[name]()
    icp, fcp = bounds(context)
    for final in (fcp, None):
        try:
            sequences = context.sequences(value, icp, final)
        except CyclingError:
            continue
        for sequence in sequences:
            try:
                first = sequence.get_first_point(icp)
                sequence.get_start_point()
                sequence.get_stop_point()
                if first is not None:
                    assert sequence.is_valid(first)
                    following = sequence.get_next_point(first)
                    assert following is None or following > first
                    assert sequence.get_prev_point(first) is None or (
                        sequence.get_prev_point(first) < first
                    )
            except CyclingError:
                pass
