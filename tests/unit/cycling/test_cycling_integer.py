"""Integer cycle points, intervals and recurrences."""

from __future__ import annotations

import pytest

from cylc_flow.cycling.context import CyclingContext
from cylc_flow.cycling.errors import MissingFinalPointError
from cylc_flow.cycling.integer import IntegerInterval, IntegerPoint
from cylc_flow.cycling.recurrence_text import split_exclusions
from cylc_flow.exceptions import (
    IntervalParsingError,
    PointParsingError,
    SequenceParsingError,
)


@pytest.fixture
def context():
    return CyclingContext.integer()


def points(context, recurrence, icp=1, fcp=9):
    initial = context.point(str(icp))
    final = None if fcp is None else context.point(str(fcp))
    sequence = context.sequence(recurrence, initial, final)
    return [int(point) for point in sequence.iter_points()]


# ---- points and intervals --------------------------------------------------
def test_points_are_plain_ints_with_standard_strings(context):
    point = context.point(' 05 ')
    assert point.key == 5 and point.value == '5' and str(point) == '5'
    assert context.point('-3').value == '-3'
    assert context.standardise_point('+7') == '7'


def test_point_arithmetic_gives_points_and_intervals(context):
    five = context.point('5')
    assert five + context.interval('P2') == context.point('7')
    assert five - context.interval('P7') == context.point('-2')
    assert five - context.point('8') == context.interval('-P3')
    assert str(five - context.point('8')) == '-P3'
    assert context.interval('P2') + five == context.point('7')


def test_points_are_ordered_and_hashable(context):
    values = [context.point(text) for text in ('10', '-1', '2')]
    assert [str(point) for point in sorted(values)] == ['-1', '2', '10']
    assert context.point('2') in {IntegerPoint(2)}
    assert IntegerPoint(2) != IntegerInterval(2)
    assert IntegerPoint(1) < IntegerPoint(2) <= IntegerPoint(2)


def test_interval_arithmetic_and_forms(context):
    two = context.interval('P2')
    assert str(context.interval('+P2')) == 'P2'
    assert str(-two) == '-P2' and str(two * 3) == 'P6' and str(3 * two) == 'P6'
    assert str(two - context.interval('P5')) == '-P3'
    assert abs(context.interval('-P4')) == context.interval('P4')
    assert context.null_interval().is_null() and not two.is_null()
    assert str(context.null_interval()) == 'P0'
    assert context.interval('P1') < two


@pytest.mark.parametrize('text', ['5.0', 'one', '', 'P1', '1e3', '20250101T00'])
def test_bad_integer_points_raise_point_parsing_error(context, text):
    with pytest.raises(PointParsingError):
        context.point(text)


@pytest.mark.parametrize('text', ['2', 'P', 'P-1', 'PT1H', 'P1D', '--P1'])
def test_bad_integer_intervals_raise_interval_parsing_error(context, text):
    with pytest.raises(IntervalParsingError):
        context.interval(text)


def test_offset_point_takes_signed_unsigned_and_absolute(context):
    base = context.point('5')
    assert context.offset_point(base, '-P2').value == '3'
    assert context.offset_point(base, '+P2').value == '7'
    assert context.offset_point(base, 'P1').value == '6'
    assert context.offset_point(base, '2').value == '2'
    with pytest.raises(PointParsingError):
        context.offset_point(base, 'PT1H')


# ---- recurrences --------------------------------------------------------------
@pytest.mark.parametrize(
    'recurrence, expected',
    [
        ('R1', [1]),
        ('R1/^', [1]),
        ('R1/$', [9]),
        ('R1/7', [7]),
        ('R1/+P3', [4]),
        ('R1//-P2', [7]),
        ('R1/P0', [9]),
        ('P1', list(range(1, 10))),
        ('P2', [1, 3, 5, 7, 9]),
        ('R/P2', [1, 3, 5, 7, 9]),
        ('R/P4', [1, 5, 9]),
        ('R/P3', [3, 6, 9]),  # counts back from the final point
        ('R2/P2', [7, 9]),
        ('R2//P2', [1, 3]),
        ('R3/^/P2', [1, 3, 5]),
        ('R/+P2/P3', [3, 6, 9]),
        ('R3/+P1/P2', [2, 4, 6]),
        ('+P1/P6', [2, 8]),
        ('3/P2', [3, 5, 7, 9]),
        ('R3/3/P2', [3, 5, 7]),
        ('R5/1/P3', [1, 4, 7]),  # clipped at the final point
        ('R/-P1/P3', [3, 6, 9]),  # 0, 3, ... clipped at the initial point
        ('R3/0/8', [4, 8]),
        ('R2/P1/-P2', [6, 7]),
    ],
)
def test_integer_recurrence_forms(context, recurrence, expected):
    assert points(context, recurrence) == expected


@pytest.mark.parametrize(
    'recurrence, expected',
    [
        ('P3!4', [1, 7]),
        ('R/P2!(3,7)', [1, 5, 9]),
        ('R/P2 ! (3, 7)', [1, 5, 9]),
        ('R/P4!8', [1, 5, 9]),
        ('R3/3/P2!5', [3, 7]),
        ('R/+P1/P6!14', [2, 8]),
        ('R/P1!(2,3,7)', [1, 4, 5, 6, 8, 9]),
        ('P1 ! P2', [2, 4, 6, 8]),
        ('P1 ! +P1/P2', [1, 3, 5, 7, 9]),
        ('P1!(2, R/P3)', [1, 4, 5, 7, 8]),
    ],
)
def test_integer_exclusions(context, recurrence, expected):
    assert points(context, recurrence) == expected


@pytest.mark.parametrize(
    'recurrence, reason',
    [
        ('R1/^+P1', 'not an integer point'),
        ('R1/$-P2', 'not an integer point'),
        ('R3/5', 'bad integer cycling format'),
        ('5', 'bad integer cycling format'),
        ('P3/P2', 'bad integer cycling format'),
        ('P-1', 'invalid integer interval'),
        ('PT1H', 'invalid integer interval'),
        ('R0/P1', 'repetitions'),
        ('P1!2!3', 'only one set of exclusions'),
        ('P1!2,3', 'more than one recurrence'),
        ('P1!', 'empty'),
        ('R3/1/4', 'evenly'),
    ],
)
def test_invalid_integer_recurrences(context, recurrence, reason):
    with pytest.raises(SequenceParsingError, match=reason):
        points(context, recurrence)


def test_a_list_of_exclusions_needs_parentheses():
    with pytest.raises(SequenceParsingError, match='enclosed in parentheses'):
        split_exclusions('P1!2,3')
    assert split_exclusions('P1 ! (2, 3)') == ('P1', ['2', '3'])


def test_final_point_required_for_backward_counting(context):
    with pytest.raises(MissingFinalPointError, match='final cycle point'):
        points(context, 'R/P2', fcp=None)
    with pytest.raises(MissingFinalPointError):
        points(context, 'R1/$', fcp=None)


def test_unbounded_sequence_without_final_point(context):
    sequence = context.sequence('P2', context.point('1'), None)
    assert sequence.get_stop_point() is None
    assert sequence.get_next_point(context.point('1000')).value == '1001'


def test_sequence_queries(context):
    icp, fcp = context.point('1'), context.point('9')
    sequence = context.sequence('R/P2!(3,7)', icp, fcp)
    point = context.point
    assert sequence.get_first_point(point('2')) == point('5')
    assert sequence.get_first_point(point('5')) == point('5')
    assert sequence.get_next_point(point('1')) == point('5')
    assert sequence.get_next_point(point('6')) == point('9')
    assert sequence.get_next_point(point('9')) is None
    assert sequence.get_next_point_on_sequence(point('5')) == point('9')
    assert sequence.get_prev_point(point('9')) == point('5')
    assert sequence.get_prev_point(point('6')) == point('5')
    assert sequence.get_prev_point(point('1')) is None
    assert sequence.get_start_point() == point('1')
    assert sequence.get_stop_point() == point('9')
    assert sequence.get_interval() == context.interval('P2')
    assert sequence.is_valid(point('5')) and not sequence.is_valid(point('7'))
    assert not sequence.is_valid(point('11'))
    # on the recurrence whatever the bounds, but not where excluded
    assert sequence.is_on_sequence(point('11'))
    assert not sequence.is_on_sequence(point('3'))
    assert not sequence.is_on_sequence(point('4'))


def test_excluded_end_points_move_start_and_stop(context):
    sequence = context.sequence('P2!(1,9)', context.point('1'),
                                context.point('9'))
    assert sequence.get_start_point().value == '3'
    assert sequence.get_stop_point().value == '7'


def test_one_off_sequence_has_no_interval(context):
    sequence = context.sequence('R1', context.point('1'), context.point('9'))
    assert sequence.get_interval() is None
    assert sequence.get_next_point(context.point('1')) is None
    assert sequence.get_first_point(context.point('0')).value == '1'
    assert sequence.get_prev_point(context.point('2')).value == '1'


def test_sequence_equality_ignores_spelling(context):
    icp, fcp = context.point('1'), context.point('9')
    assert context.sequence('P1', icp, fcp) == context.sequence('R/^/P1', icp,
                                                                fcp)
    assert hash(context.sequence('R1', icp, fcp)) == hash(
        context.sequence('R1/1', icp, fcp)
    )
    assert context.sequence('P1', icp, fcp) != context.sequence('P2', icp, fcp)
    assert str(context.sequence('R/+P2/P3', icp, fcp)) == 'R/+P2/P3'


def test_sequences_split_a_heading_on_commas(context):
    icp, fcp = context.point('1'), context.point('9')
    found = context.sequences('R1, R1/$, P3!(1, 4)', icp, fcp)
    assert [str(sequence) for sequence in found] == ['R1', 'R1/$', 'P3!(1, 4)']
    with pytest.raises(SequenceParsingError, match='more than one'):
        context.sequence('R1, P1', icp, fcp)
