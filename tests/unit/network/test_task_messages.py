"""The job side of cylc message: parsing, job.status lines, settings."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cylc_flow.exceptions import InputError
from cylc_flow.jobs.status_file import message_status_line, parse_status_text
from cylc_flow.network.task_messages import (
    check_job_id,
    event_time,
    job_status_path,
    parse_messages,
    read_stdin_messages,
    retry_settings,
    status_line,
    status_lines,
    workflow_name,
    write_status_file,
)

WHEN = '2025-01-01T00:00:00Z'


def test_severity_prefix_sets_the_severity() -> None:
    assert parse_messages(['WARNING:Hey!', 'CRITICAL: failed/ERR', 'hello']) == [
        ['WARNING', 'Hey!'], ['CRITICAL', 'failed/ERR'], ['INFO', 'hello']]


def test_severity_option_applies_to_unprefixed_messages_only() -> None:
    assert parse_messages(['a', 'ERROR: b'], severity='WARNING') == [
        ['WARNING', 'a'], ['ERROR', 'b']]


@pytest.mark.parametrize('text', ['two words: no', ': leading', 'a b:c'])
def test_colon_after_more_than_one_word_is_invalid(text: str) -> None:
    with pytest.raises(InputError, match='cannot contain `:` unless it occurs'):
        parse_messages([text])


def test_reserved_prefix_is_invalid() -> None:
    with pytest.raises(InputError, match='_cylc'):
        parse_messages(['_cylc_x: y'])


def test_stdin_messages_are_separated_by_blank_lines() -> None:
    stdin = io.StringIO('Hello\nworld!\n\nHi\n   \n\nWARNING:Hey!\n')
    assert parse_messages(['first', '-'], stdin=stdin) == [
        ['INFO', 'first'], ['INFO', 'Hello\nworld!'], ['INFO', 'Hi'],
        ['WARNING', 'Hey!']]


def test_empty_stdin_gives_no_messages() -> None:
    assert read_stdin_messages(io.StringIO('')) == []
    assert read_stdin_messages(io.StringIO('\n\n')) == []


@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=('Cs',)))))
def test_parse_messages_raises_only_input_error(texts: list[str]) -> None:
    try:
        messages = parse_messages([text for text in texts if text != '-'])
    except InputError:
        return
    assert all(len(message) == 2 for message in messages)


def test_status_line_matches_the_status_file_module() -> None:
    for text in ['plain', 'with|bar', 'two\nlines']:
        assert status_line('CYLC_MESSAGE', f'{WHEN}|INFO|{text}') == (
            message_status_line(WHEN, 'INFO', text))


def test_custom_messages_become_cylc_message_lines() -> None:
    text, rewrite = status_lines('', WHEN, [['INFO', 'x'], ['WARNING', 'y']])
    assert not rewrite
    assert parse_status_text(text).messages == [f'{WHEN}|INFO|x', f'{WHEN}|WARNING|y']


def test_started_records_pid_and_init_time_once() -> None:
    text, _ = status_lines('', WHEN, [['INFO', 'started']])
    status = parse_status_text(text)
    assert status.time_run == WHEN and status.pid == str(os.getppid())
    again, _ = status_lines(text, WHEN, [['INFO', 'started']])
    assert again == ''


def test_exit_messages_record_the_exit_unless_the_job_script_did() -> None:
    text, _ = status_lines('', WHEN, [['INFO', 'succeeded']])
    assert parse_status_text(text).run_status == 0
    failed, _ = status_lines('', WHEN, [['CRITICAL', 'failed/ERR']])
    assert parse_status_text(failed).run_signal == 'ERR'
    aborted, _ = status_lines('', WHEN, [['CRITICAL', 'aborted/"oops"']])
    assert parse_status_text(aborted).run_signal == '"oops"'
    by_script = 'CYLC_JOB_EXIT=EXIT\nCYLC_JOB_EXIT_TIME=T\n'
    assert status_lines(by_script, WHEN, [['CRITICAL', 'failed/EXIT']]) == ('', False)


def test_vacated_forgets_the_run_and_keeps_the_message() -> None:
    before = ('CYLC_JOB_RUNNER_NAME=slurm\nCYLC_JOB_PID=12\n'
              'CYLC_JOB_INIT_TIME=T\n')
    text, rewrite = status_lines(before, WHEN, [['WARNING', 'vacated/USR1']])
    assert rewrite
    assert text == ('CYLC_JOB_RUNNER_NAME=slurm\n'
                    f'CYLC_MESSAGE={WHEN}|WARNING|vacated/USR1\n')


def test_vacated_already_recorded_by_the_job_script_is_left_alone() -> None:
    by_script = 'CYLC_JOB_RUNNER_NAME=slurm\nCYLC_MESSAGE=T|WARNING|vacated/USR1\n'
    assert status_lines(by_script, WHEN, [['WARNING', 'vacated/USR1']]) == (
        '', False)


def test_write_status_file_appends_and_reports_problems(tmp_path: Path) -> None:
    path = tmp_path / 'job.status'
    path.write_text('CYLC_JOB_RUNNER_NAME=background\n')
    assert write_status_file(str(path), WHEN, [['INFO', 'hi']]) is None
    assert path.read_text() == (
        f'CYLC_JOB_RUNNER_NAME=background\nCYLC_MESSAGE={WHEN}|INFO|hi\n')
    problem = write_status_file(str(tmp_path / 'no' / 'job.status'), WHEN,
                                [['INFO', 'hi']])
    assert problem is not None and problem.startswith('cannot write')


def test_job_status_path_prefers_the_jobs_own_log_root(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv('CYLC_TASK_LOG_ROOT', raising=False)
    assert job_status_path('/r', '1/a/01') == '/r/log/job/1/a/01/job.status'
    monkeypatch.setenv('CYLC_TASK_LOG_ROOT', '/x/log/job/1/a/01/job')
    monkeypatch.setenv('CYLC_TASK_JOB', '1/a/01')
    assert job_status_path('/r', '1/a/01') == '/x/log/job/1/a/01/job.status'
    assert job_status_path('/r', '1/b/01') == '/r/log/job/1/b/01/job.status'


@pytest.mark.parametrize('job_id', ['1/a', '1/a/01/x', '1//01', '../a/01', ''])
def test_bad_job_ids_are_input_errors(job_id: str) -> None:
    with pytest.raises(InputError, match='expected CYCLE/TASK/NN'):
        check_job_id(job_id)


def test_workflow_ids_are_normalised() -> None:
    assert workflow_name('~me/flow/run1') == 'flow/run1'
    assert workflow_name('flow/run1//1/foo') == 'flow/run1'
    assert workflow_name('flow/run1/') == 'flow/run1'
    for bad in ['', '..', '../x', '/']:
        with pytest.raises(InputError):
            workflow_name(bad)


def test_event_time_follows_cylc_utc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('CYLC_UTC', 'True')
    assert re.fullmatch(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ', event_time())
    monkeypatch.setenv('CYLC_UTC', 'False')
    local = r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)'
    assert re.fullmatch(local, event_time())


def test_retry_settings_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ('CYLC_TASK_MSG_MAX_TRIES', 'CYLC_TASK_MSG_RETRY_INTVL',
                 'CYLC_TASK_MSG_TIMEOUT'):
        monkeypatch.delenv(name, raising=False)
    assert retry_settings(None) == (5, 2.0, 10.0)
    assert retry_settings(1.5) == (5, 2.0, 1.5)
    monkeypatch.setenv('CYLC_TASK_MSG_MAX_TRIES', '7')
    monkeypatch.setenv('CYLC_TASK_MSG_TIMEOUT', '0.5')
    assert retry_settings(None) == (7, 2.0, 0.5)
    for bad in ('x', '0', 'inf', 'nan'):
        monkeypatch.setenv('CYLC_TASK_MSG_MAX_TRIES', bad)
        with pytest.raises(InputError, match='CYLC_TASK_MSG_MAX_TRIES'):
            retry_settings(None)
