"""Universal IDs: parsing and formatting round trips."""

import pytest

from cylc_flow.exceptions import InputError
from cylc_flow.id import Tokens, job_id, task_id


@pytest.mark.parametrize('text, lowest', [
    ('wf', 'workflow'),
    ('a/b/run1', 'workflow'),
    ('~alice/wf', 'workflow'),
    ('wf//1', 'cycle'),
    ('wf//20250101T0000Z/foo', 'task'),
    ('~alice/a/b//1/foo/01', 'job'),
    ('//1/foo', 'task'),
    ('wf//1:failed/foo:running', 'task'),
    ('wf//*/FAM*', 'task'),
])
def test_ids_round_trip_and_report_their_level(text, lowest):
    tokens = Tokens.parse(text)
    assert tokens.id() == text
    assert tokens.lowest == lowest


def test_parts_are_split_by_level():
    tokens = Tokens.parse('~u/flows/a//2/bar:failed/03')
    assert tokens.user == 'u'
    assert tokens.workflow == 'flows/a'
    assert (tokens.cycle, tokens.task, tokens.task_sel, tokens.job) == (
        '2', 'bar', 'failed', '03')
    assert tokens.relative_id() == '2/bar:failed/03'


@pytest.mark.parametrize('bad', ['', '   ', 'wf//', 'wf//1/foo/xx', 'a//b//c'])
def test_malformed_ids_are_input_errors(bad):
    with pytest.raises(InputError):
        Tokens.parse(bad)


def test_legacy_task_form_is_understood():
    tokens = Tokens.parse_task_legacy('foo.20250101T00')
    assert (tokens.task, tokens.cycle) == ('foo', '20250101T00')
    assert Tokens.parse_task_legacy('1/foo') is None


def test_task_and_job_ids_are_formatted_as_cylc8():
    assert task_id('1', 'foo') == '1/foo'
    assert job_id('1', 'foo', 3) == '1/foo/03'
    assert job_id('1', 'foo', 123) == '1/foo/123'
