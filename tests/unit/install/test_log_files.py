"""Where cat-log looks."""

from __future__ import annotations

import pytest

from cylc_flow.exceptions import InputError
from cylc_flow.install.log_files import (
    check_relative_path,
    job_log_path,
    list_workflow_logs,
    submit_number_text,
    workflow_log_path,
)


def touch(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(path.name)


def test_scheduler_log_rotation_newest_first(tmp_path):
    for name in ('01-start-01.log', '02-start-01.log', '02-restart-02.log'):
        touch(tmp_path / 'log/scheduler' / name)
    assert workflow_log_path(tmp_path, None, 0).name == '02-start-01.log'
    assert workflow_log_path(tmp_path, 's', 1).name == '02-restart-02.log'
    assert workflow_log_path(tmp_path, 's', 2).name == '01-start-01.log'
    with pytest.raises(InputError, match='max rotation 2'):
        workflow_log_path(tmp_path, 's', 3)


def test_plain_scheduler_log_is_the_fallback(tmp_path):
    touch(tmp_path / 'log/scheduler/log')
    assert workflow_log_path(tmp_path, None, 0) == tmp_path / 'log/scheduler/log'


def test_missing_workflow_log(tmp_path):
    with pytest.raises(InputError, match=r'Log file not found\.'):
        workflow_log_path(tmp_path, 'i', 0)


def test_other_names_are_paths_below_log(tmp_path):
    assert workflow_log_path(tmp_path, 'db', 0) == tmp_path / 'log/db'


def test_listing_skips_aliases(tmp_path):
    touch(tmp_path / 'log/scheduler/01-start-01.log')
    (tmp_path / 'log/scheduler/log').symlink_to('01-start-01.log')
    touch(tmp_path / 'log/install/01-install.log')
    assert list_workflow_logs(tmp_path) == [
        'install/01-install.log', 'scheduler/01-start-01.log',
    ]


@pytest.mark.parametrize(('letter', 'name'), [
    ('o', 'job.out'), ('e', 'job.err'), ('j', 'job'), ('s', 'job.status'),
    ('a', 'job-activity.log'), ('x', 'job.xtrace'), (None, 'job.out'),
    ('custom.txt', 'custom.txt'),
])
def test_job_log_letters(tmp_path, letter, name):
    path = job_log_path(tmp_path, '1', 'foo', 'NN', letter)
    assert path == tmp_path / 'log/job/1/foo/NN' / name


def test_submit_numbers():
    assert submit_number_text(None) == 'NN'
    assert submit_number_text('3') == '03'
    with pytest.raises(InputError, match='Illegal submit number: x'):
        submit_number_text('x')


@pytest.mark.parametrize('path', ['/etc/passwd', '../x', 'a/../b', './a'])
def test_file_paths_must_stay_in_the_log_directory(path):
    with pytest.raises(InputError, match='must be relative'):
        check_relative_path(path)
