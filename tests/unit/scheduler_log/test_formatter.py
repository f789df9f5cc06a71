"""The Cylc 8 scheduler log line format."""

from __future__ import annotations

import logging
import re
import time

from hypothesis import given
from hypothesis import strategies as st

from cylc_flow.scheduler_log.formatter import CylcLogFormatter, time_string

TIME = r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:Z|[+-]\d\d:\d\d)'
REC_LINE = re.compile(rf'^{TIME} (DEBUG|INFO|WARNING|ERROR|CRITICAL) - ')


def make_record(message: str, level: int = logging.INFO, args=()) -> logging.LogRecord:
    return logging.LogRecord('test', level, __file__, 1, message, args, None)


def test_a_line_is_time_level_dash_message():
    record = make_record('hello %s', args=('world',))
    record.created = 1735689600.0  # 2025-01-01T00:00:00Z
    text = CylcLogFormatter(utc=True).format(record)
    assert text == '2025-01-01T00:00:00Z INFO - hello world'


def test_every_level_name_is_written_unpadded():
    formatter = CylcLogFormatter(utc=True)
    for level, name in ((logging.DEBUG, 'DEBUG'), (logging.WARNING, 'WARNING'),
                        (logging.ERROR, 'ERROR'), (logging.CRITICAL, 'CRITICAL')):
        assert f' {name} - x' in formatter.format(make_record('x', level))


def test_local_time_carries_the_local_offset_or_z():
    seconds = 1735689600.0
    text = time_string(seconds, utc=False)
    assert re.fullmatch(TIME, text)
    offset = time.localtime(seconds).tm_gmtoff
    if offset == 0:
        assert text.endswith('Z')
    else:
        sign = '+' if offset > 0 else '-'
        hours, minutes = divmod(abs(offset) // 60, 60)
        assert text.endswith(f'{sign}{hours:02d}:{minutes:02d}')


def test_time_string_in_another_zone(monkeypatch):
    monkeypatch.setenv('TZ', 'Pacific/Auckland')
    time.tzset()
    try:
        assert time_string(1735689600.0, utc=False) == '2025-01-01T13:00:00+13:00'
        assert time_string(1735689600.0, utc=True) == '2025-01-01T00:00:00Z'
    finally:
        monkeypatch.delenv('TZ')
        time.tzset()


def test_continuation_lines_are_indented_by_four_spaces():
    text = CylcLogFormatter(utc=True).format(make_record('first\nsecond\nthird'))
    lines = text.split('\n')
    assert REC_LINE.match(lines[0]) and lines[0].endswith(' - first')
    assert lines[1:] == ['    second', '    third']


def test_an_over_long_line_is_wrapped_with_indented_continuations():
    formatter = CylcLogFormatter(utc=True, max_width=60)
    text = formatter.format(make_record(' '.join(['word'] * 40)))
    lines = text.split('\n')
    assert len(lines) > 1
    assert all(len(line) <= 60 for line in lines)
    assert all(line.startswith('    word') for line in lines[1:])


def test_timestamps_can_be_left_out():
    assert CylcLogFormatter(timestamp=False).format(make_record('x')) == 'INFO - x'


def test_exceptions_are_appended_as_indented_lines():
    try:
        raise RuntimeError('kaput')
    except RuntimeError:
        import sys
        record = logging.LogRecord('t', logging.ERROR, __file__, 1, 'oops', (),
                                   sys.exc_info())
    text = CylcLogFormatter(utc=True).format(record)
    assert text.split('\n')[0].endswith('ERROR - oops')
    assert '    RuntimeError: kaput' in text.split('\n')


@given(st.text())
def test_any_message_formats_to_lines_that_start_with_a_time_or_an_indent(message):
    text = CylcLogFormatter(utc=True).format(make_record(message.replace('%', '')))
    lines = text.split('\n')
    assert REC_LINE.match(lines[0]) or re.match(rf'^{TIME} INFO -$', lines[0])
    assert all(line.startswith('    ') for line in lines[1:])
