"""job.status parsing and the [TASK JOB ...] line formats."""

from __future__ import annotations

import json
import re

from hypothesis import given
from hypothesis import strategies as st

from cylc_flow.jobs import summary
from cylc_flow.jobs.status_file import (
    JobStatus,
    append_status,
    message_status_line,
    parse_status_text,
    read_status_file,
    write_status,
)
from cylc_flow.jobs.timestamps import time_string


def test_status_text_is_parsed_into_fields():
    status = parse_status_text(
        'CYLC_JOB_RUNNER_NAME=background\n'
        'CYLC_JOB_ID=123\n'
        'CYLC_JOB_RUNNER_SUBMIT_TIME=T0\n'
        'CYLC_JOB_PID=123\n'
        'CYLC_JOB_INIT_TIME=T1\n'
        'CYLC_MESSAGE=T2|INFO|hello=world\n'
        'CYLC_JOB_EXIT=XCPU\n'
        'CYLC_JOB_EXIT_TIME=T3\n'
        'CYLC_JOB_RUNNER_EXIT_POLLED=T4\n'
    )
    assert status == JobStatus(
        job_runner_name='background', job_id='123', job_runner_exit_polled=1,
        pid='123', run_status=1, run_signal='XCPU', time_submit_exit='T0',
        time_run='T1', time_run_exit='T3', messages=['T2|INFO|hello=world'],
    )


def test_succeeded_exit_has_status_zero_and_no_signal():
    status = parse_status_text('CYLC_JOB_EXIT=SUCCEEDED\n')
    assert (status.run_status, status.run_signal, status.has_exited) == (0, None, True)
    assert not parse_status_text('CYLC_JOB_PID=1\n').has_exited


def test_junk_lines_are_ignored():
    status = parse_status_text('garbage\n=\nCYLC_UNKNOWN=1\n\nCYLC_JOB_ID=5')
    assert status == JobStatus(job_id='5')


@given(st.text())
def test_any_status_text_parses_without_error(text):
    assert isinstance(parse_status_text(text), JobStatus)


def test_status_file_write_append_read(tmp_path):
    path = tmp_path / 'job.status'
    write_status(path, [('CYLC_JOB_RUNNER_NAME', 'at')])
    append_status(path, [('CYLC_JOB_ID', 'multi\nline')])
    with open(path, 'a') as handle:
        handle.write(message_status_line('T', 'WARNING', 'careful'))
    assert path.read_text() == (
        'CYLC_JOB_RUNNER_NAME=at\nCYLC_JOB_ID=multi line\n'
        'CYLC_MESSAGE=T|WARNING|careful\n'
    )
    assert read_status_file(path).messages == ['T|WARNING|careful']


def test_submit_and_kill_summary_lines():
    assert summary.submit_summary('T', '1/foo/01', 0, '123') == (
        '[TASK JOB SUMMARY]T|1/foo/01|0|123'
    )
    assert summary.submit_summary('T', '1/foo/01', 1, None) == (
        '[TASK JOB SUMMARY]T|1/foo/01|1|'
    )
    assert summary.kill_summary('T', '1/foo/01', 0) == '[TASK JOB SUMMARY]T|1/foo/01|0'
    assert summary.command_lines('T', '1/foo/01', 'STDERR', 'a\nb\n') == [
        '[TASK JOB COMMAND]T|1/foo/01|[STDERR] a',
        '[TASK JOB COMMAND]T|1/foo/01|[STDERR] b',
    ]
    assert summary.error_lines('T', '1/foo/01', '') == []


def test_poll_summary_omits_unknown_fields():
    status = JobStatus(job_runner_name='background', job_id='1',
                       job_runner_exit_polled=0, time_run='T1')
    line = summary.poll_summary('T', '1/foo/01', status)
    assert line == (
        '[TASK JOB SUMMARY]T|1/foo/01|{"job_runner_name": "background", '
        '"job_id": "1", "job_runner_exit_polled": 0, "time_run": "T1"}'
    )


def test_output_lines_parse_back():
    poll = summary.parse_output_line(summary.poll_summary(
        'T', '1/foo/01', JobStatus(run_status=1, run_signal='ERR')
    ))
    assert poll.poll_fields() == {'run_status': 1, 'run_signal': 'ERR'}
    submitted = summary.parse_output_line(
        summary.submit_summary('T', '2/bar/03', 0, '99')
    )
    assert (submitted.time, submitted.job_log_dir) == ('T', '2/bar/03')
    assert submitted.return_code_and_job_id() == (0, '99')
    killed = summary.parse_output_line(summary.kill_summary('T', '2/bar/03', 1))
    assert killed.return_code_and_job_id() == (1, None)
    message = summary.parse_output_line(
        summary.message_line('T', '2/bar/03', 'T0|INFO|a|b')
    )
    assert (message.prefix, message.payload) == (summary.PREFIX_MESSAGE, 'T0|INFO|a|b')
    assert summary.parse_output_line('something else') is None


@given(st.text())
def test_any_line_parses_without_error(text):
    parsed = summary.parse_output_line(text)
    if parsed is not None:
        parsed.poll_fields()
        parsed.return_code_and_job_id()


@given(st.text(), st.one_of(st.none(), st.integers(0, 1)), st.lists(st.text()))
def test_poll_summary_json_round_trips(signal, status, messages):
    record = JobStatus(run_status=status, run_signal=signal, messages=messages)
    line = summary.poll_summary('T', '1/foo/01', record)
    fields = json.loads(line.split('|', 2)[2])
    assert fields.get('run_signal') == signal
    assert fields.get('run_status') == status


def test_time_strings_are_iso8601_to_the_second():
    assert time_string(utc=True, seconds=0) == '1970-01-01T00:00:00Z'
    assert re.fullmatch(
        r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)', time_string()
    )
