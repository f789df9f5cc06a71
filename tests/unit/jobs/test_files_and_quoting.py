"""Job log layout, job.sh install, job file upload, and shell quoting."""

from __future__ import annotations

import io
import os
import subprocess

from hypothesis import given, settings
from hypothesis import strategies as st

from cylc_flow.jobs.job_header import read_header
from cylc_flow.jobs.job_library import (
    install_job_library,
    installed_job_library,
    job_library_text,
    packaged_job_library,
)
from cylc_flow.jobs.job_upload import receive_job_files
from cylc_flow.jobs.log_layout import (
    is_job_log_dir_name,
    job_file_path,
    job_log_dir_name,
    point_nn_link,
    run_dir_of_job_log_root,
)
from cylc_flow.jobs.shell_quoting import environment_value, literal


def test_job_log_paths_follow_the_cylc_layout(tmp_path):
    assert job_log_dir_name('20250101T00Z', 'foo', 3) == '20250101T00Z/foo/03'
    assert job_file_path(tmp_path, '1', 'foo', 12) == (
        tmp_path / 'log' / 'job' / '1' / 'foo' / '12' / 'job'
    )
    assert run_dir_of_job_log_root(tmp_path / 'log' / 'job') == tmp_path
    assert run_dir_of_job_log_root(tmp_path / 'elsewhere') is None


def test_job_log_dir_names_must_be_cycle_task_number():
    assert is_job_log_dir_name('1/foo/01')
    assert is_job_log_dir_name('20250101T0000+13/foo_bar-1/123')
    for bad in ('1/foo', '/1/foo/01', '1/foo/xx', '../foo/01', '1/../01',
                '1/foo/01/', '1 /foo/01'):
        assert not is_job_log_dir_name(bad), bad


def test_nn_link_follows_the_latest_submit(tmp_path):
    task_dir = tmp_path / '1' / 'foo'
    for name in ('01', '02'):
        (task_dir / name).mkdir(parents=True)
    point_nn_link(task_dir / '02')
    assert os.readlink(task_dir / 'NN') == '02'
    (task_dir / '02' / 'job.err').write_text('old')
    point_nn_link(task_dir / '02')
    assert not (task_dir / '02' / 'job.err').exists()
    point_nn_link(task_dir / '01')
    assert os.readlink(task_dir / 'NN') == '01'
    assert not (task_dir / '02').exists()


def test_job_library_is_installed_once_and_replaced_when_changed(tmp_path):
    target = install_job_library(tmp_path)
    assert target == installed_job_library(tmp_path)
    assert target == tmp_path / '.service' / 'etc' / 'job.sh'
    assert target.read_bytes() == packaged_job_library().read_bytes()
    assert job_library_text().startswith(b'#!/bin/bash')
    target.write_text('old version')
    install_job_library(tmp_path)
    assert target.read_bytes() == job_library_text()


def test_job_library_is_valid_bash():
    proc = subprocess.run(['bash', '-n', str(packaged_job_library())],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr


def test_uploaded_job_files_are_written_only_when_complete(tmp_path):
    stream = io.StringIO(
        '#!/bin/bash -l\n# Job log directory: 1/a/01\necho a\n#EOF: 1/a/01\n'
        '#!/bin/bash -l\n# Job log directory: ../x/01\necho evil\n#EOF: ../x/01\n'
        '#!/bin/bash -l\n# Job log directory: 1/c/01\necho c\n#EOF: 1/c/01\n'
        '#!/bin/bash -l\n# Job log directory: 1/b/01\necho b\n'
    )
    received = receive_job_files(stream, tmp_path)
    assert received == ['1/a/01', '1/c/01']
    assert (tmp_path / '1/a/01/job').read_text() == (
        '#!/bin/bash -l\n# Job log directory: 1/a/01\necho a\n#EOF: 1/a/01\n'
    )
    assert os.access(tmp_path / '1/c/01/job', os.X_OK)
    assert not (tmp_path / '1/b/01/job').exists()
    assert not (tmp_path.parent / 'x').exists()


def test_header_reading_stops_at_the_first_command():
    header = read_header([
        '#!/bin/bash -l\n', '# Job runner: at\n', '# Execution time limit: x\n',
        'echo hi\n', '# Job runner: background\n',
    ])
    assert header.job_runner_name == 'at'
    assert header.execution_time_limit is None


def _bash_echo(assignments: list[str]) -> list[str]:
    script = ''.join(
        f'V{index}={text}\nprintf "%s\\0" "$V{index}"\n'
        for index, text in enumerate(assignments)
    )
    proc = subprocess.run(['bash', '-c', script], capture_output=True,
                          check=True, env={'PATH': os.environ['PATH'],
                                           'HOME': '/home/someone'})
    return proc.stdout.decode().split('\0')[:-1]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(st.characters(blacklist_categories=('Cs',),
                                      blacklist_characters='\0')),
                min_size=1, max_size=20))
def test_literal_quoting_survives_bash_unchanged(values):
    assert _bash_echo([literal(value) for value in values]) == values


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(st.characters(blacklist_categories=('Cs', 'Cc'),
                                      blacklist_characters='"\\$`~'),
                        min_size=1), min_size=1, max_size=20))
def test_environment_values_without_shell_syntax_are_kept(values):
    assert _bash_echo([environment_value(value) for value in values]) == values


def test_environment_values_expand_tilde_like_cylc():
    assert _bash_echo([environment_value('~/a b'), environment_value('~'),
                       environment_value('a ~/b')]) == [
        '/home/someone/a b', '/home/someone', 'a ~/b',
    ]
