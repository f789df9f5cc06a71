"""Parsing and numbering of NN-<load type>-RR log file names."""

from __future__ import annotations

from pathlib import Path

import pytest

from cylc_flow.scheduler_log.naming import (
    LogFileName,
    new_start_number,
    next_log_number,
)


@pytest.mark.parametrize('name, expected', [
    ('01-start-01.log', LogFileName(1, 'start', 1, 'log')),
    ('03-restart-02.log', LogFileName(3, 'restart', 2, 'log')),
    ('199-start-08.log', LogFileName(199, 'start', 8, 'log')),
    ('04-reload-02.cylc', LogFileName(4, 'reload', 2, 'cylc')),
])
def test_log_file_names_parse_and_print_back(name, expected):
    assert LogFileName.parse(name) == expected
    assert str(expected) == name


@pytest.mark.parametrize('name', [
    'log', 'blah', '01-begin-01.log', '01-start.log', 'x1-start-01.log',
    '01-start-01.txt', '01-start-01.log.bak',
])
def test_other_names_are_not_log_file_names(name):
    assert LogFileName.parse(name) is None


def test_next_log_number_counts_past_the_highest_existing_file(tmp_path: Path):
    for name in ('01-start-01.log', '02-start-01.log', '07-restart-02.log',
                 'notes.log'):
        (tmp_path / name).touch()
    assert next_log_number(tmp_path, 'log') == 8
    assert next_log_number(tmp_path / 'missing', 'log') == 1


def test_next_log_number_follows_the_link_when_old_files_are_gone(tmp_path: Path):
    (tmp_path / 'log').symlink_to('12-restart-03.log')
    assert next_log_number(tmp_path, 'log') == 13


def test_a_start_is_number_one_and_a_restart_follows_the_highest(tmp_path: Path):
    assert new_start_number(tmp_path, is_restart=False) == 1
    assert new_start_number(tmp_path, is_restart=True) == 2
    scheduler = tmp_path / 'log' / 'scheduler'
    scheduler.mkdir(parents=True)
    (scheduler / '05-restart-03.log').touch()
    assert new_start_number(tmp_path, is_restart=True) == 4
    assert new_start_number(tmp_path, is_restart=False) == 1
