"""Batch submission: NN links, job.status, grouping, failures, remote mode."""

from __future__ import annotations

import io
import os
import re
from typing import ClassVar

from cylc_flow.jobs.job_config import JobConfig
from cylc_flow.jobs.job_library import installed_job_library, job_library_text
from cylc_flow.jobs.job_upload import concatenate_job_files
from cylc_flow.jobs.runners.base import JobRunner
from cylc_flow.jobs.submit import submission_environment, submit_jobs

SUMMARY = re.compile(
    r'\[TASK JOB SUMMARY\][^|]+\|(?P<dir>[^|]+)\|(?P<code>\d+)\|(?P<id>.*)'
)
RECORDING = {'job runner': 'recording'}


class RecordingRunner(JobRunner):
    """Records each submit call; job IDs 1, 2, 3..."""

    name: ClassVar[str] = 'recording'
    calls: list[tuple[list[str], str | None]]

    def __init__(self) -> None:
        self.calls = []

    def submit(self, job_file_paths, env=None, command_template=None):
        from cylc_flow.jobs.runners.base import SubmitResult

        self.calls.append((list(job_file_paths), command_template))
        return [
            SubmitResult(path, 0, str(index + 1), stdout=f'out {index + 1}')
            for index, path in enumerate(job_file_paths)
        ]


def summaries(lines: list[str]) -> dict[str, tuple[int, str]]:
    found = {}
    for line in lines:
        match = SUMMARY.fullmatch(line)
        if match:
            found[match['dir']] = (int(match['code']), match['id'])
    return found


def test_submit_points_nn_writes_status_and_installs_job_sh(sandbox, fake_runner):
    runner = RecordingRunner()
    fake_runner('recording', runner)
    platform = {'job runner': 'recording'}
    old = sandbox.log_root / '1' / 'foo' / '03'
    old.mkdir(parents=True)
    job_log_dir = sandbox.write(JobConfig('1', 'foo', platform=platform))
    (sandbox.path(job_log_dir, 'job.out')).write_text('stale')
    lines = sandbox.submit(job_log_dir)
    assert summaries(lines) == {'1/foo/01': (0, '1')}
    assert any(line.endswith('|1/foo/01|[STDOUT] out 1') for line in lines)
    nn = sandbox.log_root / '1' / 'foo' / 'NN'
    assert os.readlink(nn) == '01'
    assert not old.exists()  # submit 01 clears a previous run's logs
    assert not sandbox.path(job_log_dir, 'job.out').exists()
    keys = [line.split('=')[0] for line in sandbox.status_lines(job_log_dir)]
    assert keys == [
        'CYLC_JOB_RUNNER_NAME', 'CYLC_JOB_ID', 'CYLC_JOB_RUNNER_SUBMIT_TIME',
    ]
    assert sandbox.status(job_log_dir).job_runner_name == 'recording'
    assert installed_job_library(sandbox.run_dir).read_bytes() == job_library_text()


def test_resubmission_moves_nn_to_the_new_job(sandbox, fake_runner):
    fake_runner('recording', RecordingRunner())
    platform = {'job runner': 'recording'}
    first = sandbox.write(JobConfig('1', 'foo', platform=platform))
    sandbox.submit(first)
    second = sandbox.write(JobConfig('1', 'foo', submit_number=2, platform=platform))
    sandbox.submit(second)
    assert os.readlink(sandbox.log_root / '1' / 'foo' / 'NN') == '02'
    assert sandbox.path(first).exists()


def test_jobs_are_grouped_by_runner_and_command_template(sandbox, fake_runner):
    runner = RecordingRunner()
    fake_runner('recording', runner)
    dirs = [
        sandbox.write(JobConfig('1', name, platform={
            'job runner': 'recording', 'job runner command template': template,
        }))
        for name, template in (('a', None), ('b', 'x %(job)s'), ('c', None))
    ]
    lines = sandbox.submit(*dirs)
    assert [template for _, template in runner.calls] == [None, 'x %(job)s']
    assert [len(paths) for paths, _ in runner.calls] == [2, 1]
    assert list(summaries(lines)) == dirs  # output keeps argument order


def test_one_bad_job_does_not_stop_the_others(sandbox, fake_runner):
    fake_runner('recording', RecordingRunner())
    good = sandbox.write(JobConfig('1', 'good', platform={'job runner': 'recording'}))
    no_header = sandbox.log_root / '1' / 'plain' / '01'
    no_header.mkdir(parents=True)
    (no_header / 'job').write_text('#!/bin/bash\necho no header\n')
    unknown = sandbox.write(JobConfig('1', 'unknown', platform=RECORDING))
    text = sandbox.path(unknown).read_text().replace(
        '# Job runner: recording', '# Job runner: no_such_runner'
    )
    sandbox.path(unknown).write_text(text)
    lines = sandbox.submit(good, '1/plain/01', unknown, '1/missing/01', '../../etc/01')
    assert summaries(lines) == {
        good: (0, '1'),
        '1/plain/01': (1, ''),
        unknown: (1, ''),
        '1/missing/01': (1, ''),
        '../../etc/01': (1, ''),
    }
    errors = '\n'.join(line for line in lines if '[STDERR]' in line)
    assert 'no "# Job runner:" line' in errors
    assert "unknown job runner: 'no_such_runner'" in errors
    assert "not a job log directory: '../../etc/01'" in errors


def test_failed_submission_reports_the_command_stderr(sandbox):
    job_log_dir = sandbox.write(JobConfig('1', 'foo'))
    sandbox.path(job_log_dir).chmod(0o600)
    lines = sandbox.submit(job_log_dir)
    assert summaries(lines) == {job_log_dir: (1, '')}
    assert any('[STDERR]' in line and 'Permission denied' in line for line in lines)
    assert sandbox.status(job_log_dir).job_id is None


def test_remote_mode_reads_job_scripts_from_stdin(sandbox, tmp_path, fake_runner):
    fake_runner('recording', RecordingRunner())
    dirs = [
        sandbox.write(JobConfig('1', name, platform={'job runner': 'recording'}))
        for name in ('a', 'b')
    ]
    stream = io.StringIO(concatenate_job_files(sandbox.path(d) for d in dirs))
    remote_root = tmp_path / 'remote' / 'cylc-run' / 'flow' / 'run1' / 'log' / 'job'
    lines = submit_jobs(remote_root, dirs, remote_stdin=stream, env=sandbox.env)
    assert summaries(lines) == {'1/a/01': (0, '1'), '1/b/01': (0, '2')}
    for job_log_dir in dirs:
        received = remote_root / job_log_dir / 'job'
        assert received.read_text() == sandbox.path(job_log_dir).read_text()
        assert os.access(received, os.X_OK)


def test_job_log_root_may_use_environment_variables(sandbox, monkeypatch, fake_runner):
    fake_runner('recording', RecordingRunner())
    job_log_dir = sandbox.write(JobConfig('1', 'foo', platform=RECORDING))
    monkeypatch.setenv('JOBS_TEST_HOME', str(sandbox.home))
    lines = submit_jobs('$JOBS_TEST_HOME/cylc-run/flow/run1/log/job', [job_log_dir])
    assert summaries(lines) == {job_log_dir: (0, '1')}


def test_clean_submission_environment_keeps_only_what_is_asked_for():
    base = {'HOME': '/home/me', 'PATH': '/bin', 'SECRET': 'x', 'KEEP': 'y'}
    assert submission_environment(True, ['KEEP'], ['/opt/bin'], base) == {
        'HOME': '/home/me', 'KEEP': 'y', 'PATH': ':/opt/bin',
    }
    full = submission_environment(False, [], ['/opt/bin'], base)
    assert full['SECRET'] == 'x'
    assert full['PATH'] == '/bin:/opt/bin'
