"""The background runner: batch submit, poll by PID, kill by process group."""

from __future__ import annotations

import subprocess
import sys
import time

from cylc_flow.jobs.job_config import JobConfig
from cylc_flow.jobs.runners import background, get_runner
from cylc_flow.jobs.runners.background import BackgroundRunner
from cylc_flow.jobs.runners.base import JobRunnerState
from cylc_flow.jobs.runners.processes import alive_process_ids

from .conftest import wait_for


def test_background_is_a_builtin_runner_with_one_instance():
    runner = get_runner('background')
    assert isinstance(runner, BackgroundRunner)
    assert get_runner('background') is runner


def test_one_hundred_jobs_are_submitted_by_one_process(sandbox, monkeypatch):
    writer = sandbox.writer()
    dirs = []
    for index in range(100):
        job = JobConfig('1', f'task{index:03d}', script='true')
        writer.write(sandbox.path(job.job_log_dir), job)
        dirs.append(job.job_log_dir)
    calls = []
    real_run = subprocess.run

    def counting_run(*args, **kwargs):
        calls.append(args[0])
        return real_run(*args, **kwargs)

    monkeypatch.setattr(background.subprocess, 'run', counting_run)
    start = time.perf_counter()
    lines = sandbox.submit(*dirs)
    elapsed = time.perf_counter() - start
    assert len(calls) == 1
    summaries = [line for line in lines if line.startswith('[TASK JOB SUMMARY]')]
    assert len(summaries) == 100
    pids = set()
    for job_log_dir, line in zip(dirs, summaries):
        _, logged_dir, code, pid = line.split('|')
        assert (logged_dir, code) == (job_log_dir, '0')
        pids.add(pid)
    assert len(pids) == 100
    for job_log_dir in dirs:
        assert sandbox.wait_exit(job_log_dir).run_status == 0
    assert elapsed < 5


def test_submit_reports_a_job_script_that_cannot_run(sandbox):
    job = JobConfig('1', 'foo', script='true')
    sandbox.write(job)
    path = sandbox.path(job.job_log_dir)
    path.chmod(0o644)
    results = BackgroundRunner().submit([str(path)], sandbox.env)
    assert results[0].return_code == 1
    assert 'Permission denied' in results[0].stderr


def test_submit_of_a_missing_job_script_fails_that_job_only(sandbox):
    job = JobConfig('1', 'foo', script='true')
    sandbox.write(job)
    good = str(sandbox.path(job.job_log_dir))
    missing = str(sandbox.log_root / '1' / 'bar' / '01' / 'job')
    results = BackgroundRunner().submit([missing, good], sandbox.env)
    assert [result.return_code for result in results] == [1, 0]
    assert results[1].job_id and results[1].job_id.isdigit()
    assert results[0].job_id is None


def test_poll_tells_running_from_exited_and_vanished_processes():
    running = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(30)'])
    exited = subprocess.Popen([sys.executable, '-c', 'pass'])
    exited.wait()
    zombie = subprocess.Popen(['true'])
    wait_for(lambda: not alive_process_ids([str(zombie.pid)]))
    try:
        states = BackgroundRunner().poll(
            [str(running.pid), str(exited.pid), str(zombie.pid), '999999999', 'x']
        )
    finally:
        running.kill()
        running.wait()
        zombie.wait()
    assert states == {
        str(running.pid): JobRunnerState.RUNNING,
        str(exited.pid): JobRunnerState.EXITED,
        str(zombie.pid): JobRunnerState.EXITED,
        '999999999': JobRunnerState.EXITED,
        'x': JobRunnerState.EXITED,
    }


def test_kill_ends_the_job_and_its_children(sandbox):
    job_log_dir = sandbox.run(JobConfig(
        '1', 'foo', script='sleep 60 & echo "CHILD=$!"; wait',
    ))
    wait_for(lambda: 'CHILD=' in sandbox.read(job_log_dir, 'job.out'))
    child = sandbox.read(job_log_dir, 'job.out').split('CHILD=')[1].split()[0]
    job_id = sandbox.status(job_log_dir).job_id
    assert alive_process_ids([job_id, child]) == {job_id, child}
    results = BackgroundRunner().kill([job_id])
    assert results[job_id].return_code == 0
    wait_for(lambda: not alive_process_ids([job_id, child]))


def test_kill_of_a_process_that_is_gone_fails():
    results = BackgroundRunner().kill(['999999999'])
    assert results['999999999'].return_code == 1
    assert 'No such process' in results['999999999'].error
