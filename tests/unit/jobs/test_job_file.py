"""The text of job scripts (nothing is run here)."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cylc_flow import __version__
from cylc_flow.jobs.errors import JobFileError, JobRunnerError
from cylc_flow.jobs.job_config import JobConfig, WorkflowJobEnvironment
from cylc_flow.jobs.job_file import JobFileWriter, default_cylc_executable
from cylc_flow.jobs.job_header import read_header
from cylc_flow.jobs.runners.base import JobRunner

WORKFLOW = WorkflowJobEnvironment(
    'flow/run1', uuid='uuid-1', initial_cycle_point='20250101T0000Z',
    final_cycle_point=None, cycling_mode='gregorian',
)


def render(job: JobConfig, workflow: WorkflowJobEnvironment = WORKFLOW,
           **options) -> str:
    return JobFileWriter(workflow, '/opt/cylc/bin/cylc', **options).render(
        job, '/run/log/job/1/foo/01/job'
    )


class SlurmLikeRunner(JobRunner):
    name: ClassVar[str] = 'slurm_like'
    directive_prefix: ClassVar[str | None] = '#SBATCH '
    enforces_time_limit: ClassVar[bool] = True
    fail_signals: ClassVar[tuple[str, ...]] = ('EXIT', 'ERR', 'XCPU')
    vacation_signal: ClassVar[str | None] = 'USR1'


def test_header_names_the_job_and_submit_settings_for_jobs_submit():
    job = JobConfig(
        '20250101T0000Z', 'foo', submit_number=3, execution_time_limit=90,
        platform={'job runner command template': 'at now + 1 minute'},
    )
    text = render(job)
    assert text.startswith('#!/bin/bash -l\n#\n# ++++ THIS IS A CYLC JOB SCRIPT ++++\n')
    assert '\n# Workflow: flow/run1\n' in text
    assert '\n# Task: 20250101T0000Z/foo\n' in text
    header = read_header(text.splitlines(keepends=True))
    assert header.job_log_dir == '20250101T0000Z/foo/03'
    assert header.job_runner_name == 'background'
    assert header.command_template == 'at now + 1 minute'
    assert header.execution_time_limit == 90.0
    assert text.endswith('\n#EOF: 20250101T0000Z/foo/03\n')


def test_scripts_are_functions_in_cylc_order_and_empty_ones_are_left_out():
    job = JobConfig(
        '1', 'foo', init_script='echo init', env_script='echo env',
        err_script='echo err', pre_script='echo pre', script='echo main',
        post_script='# only a comment\n\n', exit_script='echo exit',
    )
    text = render(job)
    functions = re.findall(r'^cylc__job__inst__(\w+)\(\) \{$', text, re.M)
    assert functions == [
        'cylc_env', 'init_script', 'env_script', 'err_script', 'pre_script',
        'script', 'exit_script',
    ]
    assert '# SCRIPT:\necho main\n}' in text
    assert 'post_script' not in text


def test_user_environment_is_exported_then_assigned_in_order():
    job = JobConfig('1', 'foo', environment={
        'B': 'first', 'A': '$B and more', 'HOME_FILE': '~/data file',
        'OTHER_HOME': '~someone', 'CMD': '$(date)',
    })
    text = render(job)
    block = text.split('cylc__job__inst__user_env() {\n', 1)[1].split('\n}', 1)[0]
    assert block.splitlines() == [
        '    # TASK RUNTIME ENVIRONMENT:',
        '    export B A HOME_FILE OTHER_HOME CMD',
        '    B="first"',
        '    A="$B and more"',
        '    HOME_FILE=~/"data file"',
        '    OTHER_HOME=~someone',
        '    CMD="$(date)"',
    ]


def test_parameter_templates_in_environment_values_are_filled():
    job = JobConfig('1', 'foo_m1', parameters={'m': '1'},
                    environment={'FILE': 'input_%(m)s.nc', 'BAD': '%(nope)s'})
    text = render(job)
    assert '    FILE="input_1.nc"' in text
    assert '    BAD="%(nope)s"' in text
    assert '    export CYLC_TASK_PARAM_m=1' in text


def test_workflow_environment_is_sorted_and_utc_mode_sets_tz():
    workflow = WorkflowJobEnvironment(
        'a/b/run3', uuid='u', initial_cycle_point='1', final_cycle_point='5',
        utc_mode=True, cycling_mode='integer',
    )
    text = render(JobConfig('1', 'foo'), workflow)
    block = text.split('# CYLC WORKFLOW ENVIRONMENT:\n', 1)[1].split('\n\n', 1)[0]
    assert block.splitlines() == [
        '    export CYLC_CYCLING_MODE=integer',
        '    export CYLC_UTC=True',
        '    export CYLC_WORKFLOW_FINAL_CYCLE_POINT=5',
        '    export CYLC_WORKFLOW_INITIAL_CYCLE_POINT=1',
        '    export CYLC_WORKFLOW_NAME=a/b',
        '    export CYLC_WORKFLOW_NAME_BASE=b',
        '    export TZ="UTC"',
        '    export CYLC_WORKFLOW_UUID=u',
    ]


def test_missing_final_cycle_point_is_written_as_none_like_cylc():
    assert 'export CYLC_WORKFLOW_FINAL_CYCLE_POINT=None' in render(
        JobConfig('1', 'foo')
    )


def test_task_environment_has_job_try_flows_hierarchy_and_work_dir():
    job = JobConfig(
        '20250101T0000Z', 'foo', submit_number=2, try_number=3,
        flow_numbers=(1, 2), namespace_hierarchy=('root', 'FAM', 'foo'),
        work_sub_directory='$CYLC_TASK_CYCLE_POINT/shared',
        platform={'communication method': 'poll'},
    )
    text = render(job)
    for line in (
        'export CYLC_TASK_COMMS_METHOD=poll',
        'export CYLC_TASK_JOB=20250101T0000Z/foo/02',
        "export CYLC_TASK_NAMESPACE_HIERARCHY='root FAM foo'",
        'export CYLC_TASK_TRY_NUMBER=3',
        'export CYLC_TASK_FLOW_NUMBERS=1,2',
        "CYLC_TASK_WORK_DIR_BASE='$CYLC_TASK_CYCLE_POINT/shared'",
    ):
        assert f'\n    {line}\n' in text


def test_time_limit_is_left_to_job_sh_only_when_the_runner_does_not_enforce_it(
    fake_runner,
):
    fake_runner('slurm_like', SlurmLikeRunner())
    background = render(JobConfig('1', 'foo', execution_time_limit=10.5))
    assert 'export CYLC_TASK_EXECUTION_TIME_LIMIT=11' in background
    slurm = render(JobConfig('1', 'foo', execution_time_limit=10.5,
                             platform={'job runner': 'slurm_like'}))
    assert 'CYLC_TASK_EXECUTION_TIME_LIMIT' not in slurm
    assert '# Execution time limit: 10.5' in slurm


def test_runner_directives_and_signals_go_in_the_header_and_prelude(fake_runner):
    fake_runner('slurm_like', SlurmLikeRunner())
    job = JobConfig('1', 'foo', platform={'job runner': 'slurm_like'},
                    directives={'--mem': '1G', '--exclusive': ''})
    text = render(job)
    assert '\n\n# DIRECTIVES:\n#SBATCH --mem=1G\n#SBATCH --exclusive\n' in text
    assert text.index('# DIRECTIVES:') < text.index("noreinvoke")
    assert "\nCYLC_FAIL_SIGNALS='EXIT ERR XCPU'\n" in text
    assert "\nCYLC_VACATION_SIGNALS='USR1'\n" in text


def test_background_jobs_ignore_directives_and_trap_the_default_signals():
    text = render(JobConfig('1', 'foo', directives={'--mem': '1G'}))
    assert 'DIRECTIVES' not in text
    assert "\nCYLC_FAIL_SIGNALS='EXIT ERR TERM XCPU'\n" in text


def test_prelude_names_the_scheduler_cylc_and_version():
    text = render(JobConfig('1', 'foo'))
    assert '\nCYLC_EXECUTABLE=/opt/cylc/bin/cylc\n' in text
    assert '\nexport PATH="${CYLC_EXECUTABLE%/*}:${PATH}"\n' in text
    assert f"\nexport CYLC_VERSION={__version__}\n" in text
    assert '\nexport CYLC_WORKFLOW_ID=flow/run1\n' in text
    assert 'CYLC_DEBUG' not in text


def test_platform_cylc_path_replaces_the_scheduler_cylc():
    text = render(JobConfig('1', 'foo', platform={'cylc path': '~/cylc/bin/'}))
    assert '\nCYLC_EXECUTABLE="${HOME}/cylc/bin/cylc"\n' in text


def test_default_cylc_executable_is_beside_the_running_python():
    import sys

    assert default_cylc_executable() == Path(sys.executable).parent / 'cylc'


def test_debug_mode_exports_cylc_debug_and_verbose():
    text = render(JobConfig('1', 'foo'), debug=True)
    assert '\nexport CYLC_VERBOSE=true\nexport CYLC_DEBUG=true\n' in text


def test_copyable_environment_variables_are_copied_quoted(monkeypatch):
    monkeypatch.setenv('SITE_THING', "it's here")
    text = render(JobConfig('1', 'foo', platform={
        'copyable environment variables': ['SITE_THING', 'NOT_SET_ANYWHERE'],
    }))
    assert "\nexport SITE_THING='it'\"'\"'s here'\n" in text
    assert 'NOT_SET_ANYWHERE' not in text


def test_global_init_script_runs_before_job_sh_is_sourced():
    text = render(JobConfig('1', 'foo', script='true', platform={
        'global init-script': 'module load site',
    }))
    assert '\n\n# GLOBAL INIT-SCRIPT:\nmodule load site\n' in text
    assert text.index('GLOBAL INIT-SCRIPT') > text.index('# SCRIPT:')
    assert text.index('GLOBAL INIT-SCRIPT') < text.index('.service/etc/job.sh')


def test_epilogue_sources_the_run_directory_job_library():
    text = render(JobConfig('1', 'foo'))
    assert (
        '\nCYLC_RUN_DIR="${CYLC_RUN_DIR:-$HOME/cylc-run}"\n'
        '. "${CYLC_RUN_DIR}/${CYLC_WORKFLOW_ID}/.service/etc/job.sh"\n'
        'cylc__job__main\n'
    ) in text


def test_bad_environment_variable_name_is_one_line_error():
    with pytest.raises(JobFileError) as info:
        render(JobConfig('1', 'foo', environment={'BAD-NAME': 'x'}))
    assert str(info.value) == (
        '1/foo: [environment]BAD-NAME: not a valid environment variable name'
    )


def test_bad_parameter_name_is_an_error():
    with pytest.raises(JobFileError, match="parameter 'a-b'"):
        render(JobConfig('1', 'foo', parameters={'a-b': '1'}))


def test_unknown_job_runner_is_an_error():
    with pytest.raises(JobRunnerError, match="unknown job runner: 'nope'"):
        render(JobConfig('1', 'foo', platform={'job runner': 'nope'}))


def test_write_makes_an_executable_file_and_its_directories(tmp_path):
    path = tmp_path / 'log/job/1/foo/01/job'
    writer = JobFileWriter(WORKFLOW, '/opt/cylc/bin/cylc')
    writer.write(path, JobConfig('1', 'foo', script='echo hi'))
    assert path.read_text().endswith('#EOF: 1/foo/01\n')
    assert path.stat().st_mode & stat.S_IXUSR
    assert not path.with_name('job.tmp').exists()


def test_write_rejects_a_script_with_a_bash_syntax_error(tmp_path):
    path = tmp_path / 'job'
    writer = JobFileWriter(WORKFLOW, '/opt/cylc/bin/cylc')
    with pytest.raises(JobFileError) as info:
        writer.write(path, JobConfig('1', 'foo', script='if true; then'))
    assert str(info.value).startswith('1/foo/01: job script syntax error: ')
    assert '\n' not in str(info.value)
    assert not path.exists()
    assert path.with_name('job.tmp').exists()  # left for debugging


def test_writer_without_syntax_check_writes_anything(tmp_path):
    path = tmp_path / 'job'
    writer = JobFileWriter(WORKFLOW, '/x/cylc', check_syntax=False)
    writer.write(path, JobConfig('1', 'foo', script='if true; then'))
    assert os.access(path, os.X_OK)


def test_rendering_many_jobs_is_fast():
    import time

    writer = JobFileWriter(WORKFLOW, '/opt/cylc/bin/cylc')
    jobs = [
        JobConfig('1', f'task{index}', script='echo hi',
                  environment={'A': '1', 'B': '$A'})
        for index in range(2000)
    ]
    start = time.perf_counter()
    for job in jobs:
        writer.render(job)
    assert time.perf_counter() - start < 1.0


SETTING_TEXT = st.text(max_size=40)


@settings(max_examples=40, deadline=None)
@given(
    script=SETTING_TEXT,
    environment=st.dictionaries(SETTING_TEXT, SETTING_TEXT, max_size=3),
    directives=st.dictionaries(SETTING_TEXT, SETTING_TEXT, max_size=2),
    work=st.one_of(st.none(), SETTING_TEXT),
)
def test_any_settings_give_a_job_script_or_a_job_file_error(
    tmp_path_factory, script, environment, directives, work
):
    path = tmp_path_factory.mktemp('fuzz') / 'job'
    job = JobConfig('1', 'foo', script=script, environment=environment,
                    directives=directives, work_sub_directory=work)
    try:
        JobFileWriter(WORKFLOW, '/opt/cylc/bin/cylc').write(path, job)
    except JobFileError as exc:
        assert '\n' not in str(exc)
    else:
        assert path.read_bytes().endswith(b'\n#EOF: 1/foo/01\n')
