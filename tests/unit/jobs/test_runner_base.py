"""The runner base class: command-driven submit, poll, kill and directives."""

from __future__ import annotations

import re
from typing import ClassVar

import pytest

from cylc_flow.jobs.errors import JobRunnerError
from cylc_flow.jobs.runners import get_runner
from cylc_flow.jobs.runners.base import (
    DirectiveContext,
    JobRunner,
    JobRunnerState,
)


class EchoRunner(JobRunner):
    """A 'batch system' made of echo: job ID = 1000 + a digit of the path."""

    name: ClassVar[str] = 'echo_runner'
    submit_command: ClassVar[str | None] = 'echo Submitted batch job 1234 %(job)s'
    job_id_pattern: ClassVar[re.Pattern[str] | None] = re.compile(
        r'Submitted batch job (?P<id>\d+)'
    )
    poll_command: ClassVar[str | None] = 'printf "JOBID STATE\\n1234 R\\n"'
    kill_command: ClassVar[str | None] = 'true %(job_id)s'
    directive_prefix: ClassVar[str | None] = '#ECHO '
    max_concurrent_submits: ClassVar[int] = 3


def test_submit_runs_the_command_per_job_and_reads_the_job_id():
    paths = [f'/no/such/job{index}' for index in range(7)]
    results = EchoRunner().submit(paths)
    assert [result.job_file_path for result in results] == paths
    assert {result.job_id for result in results} == {'1234'}
    assert all(result.return_code == 0 for result in results)
    assert results[2].stdout.strip() == 'Submitted batch job 1234 /no/such/job2'


def test_command_template_replaces_the_submit_command_and_runs_in_a_shell():
    results = EchoRunner().submit(
        ['/x/job'], command_template='echo "Submitted batch job 77 $((1+1))"'
    )
    assert results[0].job_id == '77'
    assert results[0].stdout.strip() == 'Submitted batch job 77 2'


def test_bad_command_template_fails_the_job_not_the_batch():
    results = EchoRunner().submit(['/x/job'], command_template='sbatch %(nope)s')
    assert results[0].return_code == 1
    assert 'bad submit command template' in results[0].stderr


def test_output_without_a_job_id_is_a_failed_submission():
    results = EchoRunner().submit(['/x/job'], command_template='echo nothing')
    assert results[0].return_code == 1
    assert results[0].job_id is None
    assert 'no job ID' in results[0].stderr


def test_missing_submit_executable_is_a_failed_submission():
    class Missing(EchoRunner):
        submit_command = 'no-such-submit-command-here %(job)s'

    results = Missing().submit(['/x/job'])
    assert results[0].return_code == 1
    assert 'no-such-submit-command-here' in results[0].stderr


def test_poll_reads_job_ids_from_the_first_column():
    states = EchoRunner().poll(['1234', '5678'])
    assert states == {'1234': JobRunnerState.RUNNING, '5678': JobRunnerState.EXITED}


def test_poll_that_cannot_reach_the_runner_says_unknown():
    class Unreachable(EchoRunner):
        poll_command = 'bash -c "echo cannot connect >&2; exit 1"'
        poll_cannot_connect = 'cannot connect'

    assert Unreachable().poll(['1234']) == {'1234': JobRunnerState.UNKNOWN}


def test_kill_runs_the_kill_command_per_job():
    results = EchoRunner().kill(['1', '2'])
    assert {job_id: result.return_code for job_id, result in results.items()} == {
        '1': 0, '2': 0,
    }


def test_directives_use_the_prefix_and_omit_empty_values():
    context = DirectiveContext(
        'flow/run1', '1', 'foo', '/x/job',
        directives={'--mem': '2G', '--exclusive': ''},
    )
    assert EchoRunner().format_directives(context) == [
        '#ECHO --mem=2G', '#ECHO --exclusive',
    ]
    assert context.job_name == 'foo.1.flow/run1'


def test_unknown_runner_is_a_one_line_error():
    with pytest.raises(JobRunnerError) as info:
        get_runner('no_such_runner')
    assert str(info.value) == "unknown job runner: 'no_such_runner'"


def test_runner_plugins_come_from_the_entry_point_group(monkeypatch):
    from importlib import metadata

    from cylc_flow.jobs import runners

    class FakeEntry:
        name = 'plugged'

        @staticmethod
        def load():
            return EchoRunner

    def fake_entry_points(group):
        assert group == runners.ENTRY_POINT_GROUP
        return [FakeEntry()]

    monkeypatch.setattr(metadata, 'entry_points', fake_entry_points)
    monkeypatch.delitem(runners._INSTANCES, 'plugged', raising=False)
    runner = get_runner('plugged')
    assert isinstance(runner, EchoRunner)
    monkeypatch.delitem(runners._INSTANCES, 'plugged')
