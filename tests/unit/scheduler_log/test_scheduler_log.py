"""Scheduler log files: naming, the log symlink, rollover, archive, buffering."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cylc_flow.exceptions import WorkflowFilesError
from cylc_flow.scheduler_log import HEADER_EXTRA, open_scheduler_log

from .conftest import link_target, read_current, scheduler_files

REC_LINE = re.compile(
    r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:Z|[+-]\d\d:\d\d) INFO - line \d+$'
)


def test_a_first_start_writes_01_start_01_and_links_log_to_it(run_dir, open_log):
    log = open_log()
    assert scheduler_files(run_dir) == ['01-start-01.log', 'log']
    assert link_target(run_dir) == '01-start-01.log'
    assert log.path == run_dir / 'log' / 'scheduler' / '01-start-01.log'
    assert log.load_type == 'start' and log.start_number == 1


def test_restarts_count_files_and_start_numbers(run_dir, open_log):
    open_log().close()
    open_log(is_restart=True).close()
    open_log(is_restart=True).close()
    assert scheduler_files(run_dir) == [
        '01-start-01.log', '02-restart-02.log', '03-restart-03.log', 'log',
    ]
    assert link_target(run_dir) == '03-restart-03.log'


def test_an_explicit_start_number_is_used(run_dir, open_log):
    open_log().close()
    log = open_log(is_restart=True, start_number=7)
    assert log.path.name == '02-restart-07.log'


def test_each_line_has_the_cylc_format(run_dir, open_log):
    log = open_log(utc=True)
    log.info('line %d', 1)
    log.flush()
    assert REC_LINE.match(read_current(run_dir).splitlines()[0])
    assert read_current(run_dir).splitlines()[0].split(' ')[0].endswith('Z')


def test_the_level_filters_debug_lines(run_dir, open_log):
    log = open_log(level=logging.INFO)
    log.debug('hidden')
    log.info('shown')
    log.flush()
    text = read_current(run_dir)
    assert 'shown' in text and 'hidden' not in text
    debug_log = open_log(level=logging.DEBUG)
    debug_log.debug('now shown')
    debug_log.flush()
    assert 'DEBUG - now shown' in read_current(run_dir)


def test_lines_wait_in_memory_until_flush(run_dir, open_log):
    log = open_log()
    log.info('line 1')
    assert read_current(run_dir) == ''
    log.flush()
    assert 'line 1' in read_current(run_dir)


def test_errors_are_written_at_once(run_dir, open_log):
    log = open_log()
    log.info('line 1')
    log.error('bad thing')
    text = read_current(run_dir)
    assert 'INFO - line 1' in text and 'ERROR - bad thing' in text


def test_a_full_buffer_is_written_without_flush(run_dir, open_log):
    log = open_log(max_bytes=10**9)
    for number in range(5000):
        log.info('line %d', number)
    assert len(read_current(run_dir)) > 32 * 1024


def test_rollover_moves_to_the_next_number_keeping_the_start_number(
    run_dir, open_log,
):
    open_log().close()
    log = open_log(is_restart=True, max_bytes=1024, archive_length=0)
    for number in range(100):
        log.info('line %d', number)
        log.flush()
    names = [name for name in scheduler_files(run_dir) if name != 'log']
    assert names[0] == '01-start-01.log'
    assert len(names) > 3
    assert all(re.fullmatch(r'\d\d-restart-02\.log', name) for name in names[1:])
    numbers = [int(name[:2]) for name in names]
    assert numbers == list(range(1, len(names) + 1))
    assert link_target(run_dir) == names[-1]
    for name in names[1:]:
        size = (run_dir / 'log' / 'scheduler' / name).stat().st_size
        assert size < 1024
    lines = [
        line
        for name in names[1:]
        for line in (run_dir / 'log' / 'scheduler' / name).read_text().splitlines()
    ]
    assert [line.rsplit(' ', 1)[1] for line in lines] == [
        str(number) for number in range(100)
    ]


def test_rollover_repeats_the_header_lines_with_the_rollover_count(
    run_dir, open_log,
):
    log = open_log(max_bytes=1024)
    log.info('Workflow: %s', 'flow/run1', extra=HEADER_EXTRA)
    log.info('Run: (re)start number=1, log rollover=%d', 1,
             extra={**HEADER_EXTRA, 'cylc_log_num': 1})
    for number in range(60):
        log.info('line %d', number)
    log.flush()
    second = (run_dir / 'log' / 'scheduler' / '02-start-01.log').read_text()
    lines = second.splitlines()
    assert lines[0].endswith('INFO - Workflow: flow/run1')
    assert lines[1].endswith('INFO - Run: (re)start number=1, log rollover=2')
    third = (run_dir / 'log' / 'scheduler' / '03-start-01.log').read_text()
    assert third.splitlines()[1].endswith('log rollover=3')


def test_the_archive_keeps_only_the_newest_files(run_dir, open_log):
    log = open_log(max_bytes=1024, archive_length=3)
    for number in range(200):
        log.info('line %d', number)
    log.flush()
    names = [name for name in scheduler_files(run_dir) if name != 'log']
    assert len(names) == 3
    assert link_target(run_dir) == names[-1]
    assert int(names[0][:2]) == int(names[-1][:2]) - 2


def test_a_tiny_maximum_size_is_raised_to_1024_bytes(run_dir, open_log):
    log = open_log(max_bytes=10)
    for number in range(5):
        log.info('line %d', number)
    log.flush()
    assert scheduler_files(run_dir) == ['01-start-01.log', 'log']


def test_an_over_size_message_does_not_roll_an_empty_file(run_dir, open_log):
    log = open_log(max_bytes=1024)
    log.info('x' * 3000)
    log.flush()
    assert scheduler_files(run_dir) == ['01-start-01.log', 'log']


def test_opening_again_on_a_logger_replaces_the_old_handler(run_dir):
    first = open_scheduler_log(run_dir, is_restart=False, logger_name='test.reopen')
    first.info('before')
    second = open_scheduler_log(run_dir, is_restart=True, logger_name='test.reopen')
    try:
        assert second.logger.handlers == [second.handler]
        second.info('after')
        second.flush()
        old_text = (run_dir / 'log' / 'scheduler' / '01-start-01.log').read_text()
        assert 'before' in old_text and 'after' not in old_text
        assert 'after' in read_current(run_dir)
    finally:
        second.close()


def test_an_unwritable_run_directory_is_a_workflow_files_error(tmp_path: Path):
    blocker = tmp_path / 'run'
    blocker.write_text('a file, not a directory')
    with pytest.raises(WorkflowFilesError, match='cannot write the scheduler log'):
        open_scheduler_log(blocker, is_restart=False, logger_name='test.blocked')


CRASH_SCRIPT = '''
import os, sys
from cylc_flow.scheduler_log import open_scheduler_log
log = open_scheduler_log(sys.argv[1], is_restart=False, logger_name='crash')
log.info('turn one')
log.flush()
log.info('turn two')
if sys.argv[2] == 'kill':
    os._exit(1)
raise SystemExit('the scheduler died of an exception')
'''


def test_a_hard_kill_loses_only_the_current_turn(run_dir):
    subprocess.run([sys.executable, '-c', CRASH_SCRIPT, str(run_dir), 'kill'],
                   check=False, timeout=60)
    text = read_current(run_dir)
    assert 'turn one' in text and 'turn two' not in text


def test_an_exception_exit_still_writes_the_buffered_lines(run_dir):
    subprocess.run([sys.executable, '-c', CRASH_SCRIPT, str(run_dir), 'raise'],
                   check=False, timeout=60, capture_output=True)
    text = read_current(run_dir)
    assert 'turn one' in text and 'turn two' in text


def test_std_streams_can_be_redirected_into_the_log(run_dir):
    script = (
        'import os, sys\n'
        'from cylc_flow.scheduler_log import open_scheduler_log\n'
        'log = open_scheduler_log(sys.argv[1], is_restart=False,\n'
        '                         redirect_std_streams=True)\n'
        'log.info("from logging")\n'
        'log.flush()\n'
        'os.write(1, b"raw stdout\\n")\n'
        'os.write(2, b"raw stderr\\n")\n'
    )
    subprocess.run([sys.executable, '-c', script, str(run_dir)], check=True,
                   timeout=60)
    text = read_current(run_dir)
    assert 'from logging' in text
    assert 'raw stdout' in text and 'raw stderr' in text


def test_writing_a_line_is_cheap(run_dir, open_log):
    import time

    log = open_log(max_bytes=10**9)
    start = time.perf_counter()
    for number in range(20000):
        log.info('[1/foo/01:running] (received)succeeded at %s', number)
    log.flush()
    elapsed = time.perf_counter() - start
    assert elapsed < 2.0, elapsed
    assert os.path.getsize(run_dir / 'log' / 'scheduler' / 'log') > 20000 * 40


def test_exceptions_and_extra_pass_through_the_logger(run_dir, open_log):
    log = open_log()
    try:
        raise ZeroDivisionError('division by zero')
    except ZeroDivisionError:
        log.exception('it broke')
    log.error('with an instance', exc_info=ValueError('bad value'))
    lines = read_current(run_dir).splitlines()
    assert lines[0].endswith('ERROR - it broke')
    assert '    ZeroDivisionError: division by zero' in lines
    assert '    ValueError: bad value' in lines
