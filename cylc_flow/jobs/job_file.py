"""Write job scripts.

A job script is bash, written in this order (users rely on it):

1. the header comments (read back by ``cylc jobs-submit``) and directives;
2. re-invocation as a login shell (``bash -l``);
3. the prelude: failure signals, the scheduler's ``cylc`` executable (and,
   for jobs of the scheduler's own installation, its Python and message
   script, which ``job.sh`` uses to send the job's own messages fast),
   ``CYLC_VERSION``, ``CYLC_WORKFLOW_ID``, copyable environment variables;
4. ``cylc__job__inst__cylc_env``: the workflow and task ``CYLC_*`` variables;
5. ``cylc__job__inst__user_env``: the task ``[environment]``, in order;
6. one function per script item (init, env, err, pre, script, post, exit);
7. the platform's global init-script;
8. sourcing ``job.sh`` and calling ``cylc__job__main``; ``#EOF: <job>``.

``job.sh`` adds the derived variables (``CYLC_TASK_ID``, ``CYLC_TASK_WORK_DIR``,
``CYLC_TASK_LOG_DIR``...) when the job runs.
"""

from __future__ import annotations

import math
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from cylc_flow import __version__
from cylc_flow.jobs import job_header
from cylc_flow.jobs.errors import JobFileError
from cylc_flow.jobs.job_config import JobConfig, WorkflowJobEnvironment
from cylc_flow.jobs.runners import get_runner
from cylc_flow.jobs.runners.base import DirectiveContext, JobRunner
from cylc_flow.jobs.shell_quoting import (
    environment_value,
    interpolate_parameters,
    is_shell_identifier,
    literal,
)

if TYPE_CHECKING:
    from cylc_flow.jobs.native_sender import NativeSender

_REINVOCATION = """
if [[ $1 == 'noreinvoke' ]]; then
    shift
else
    exec bash -l "$0" noreinvoke "$@"
fi
"""

_EPILOGUE = """

CYLC_RUN_DIR="${CYLC_RUN_DIR:-$HOME/cylc-run}"
. "${CYLC_RUN_DIR}/${CYLC_WORKFLOW_ID}/.service/etc/job.sh"
cylc__job__main
"""

#: (config attribute, job.sh function suffix, heading), in writing order.
_SCRIPTS = (
    ('init_script', 'init_script', 'INIT-SCRIPT'),
    ('env_script', 'env_script', 'ENV-SCRIPT'),
    ('err_script', 'err_script', 'ERR-SCRIPT'),
    ('pre_script', 'pre_script', 'PRE-SCRIPT'),
    ('script', 'script', 'SCRIPT'),
    ('post_script', 'post_script', 'POST-SCRIPT'),
    ('exit_script', 'exit_script', 'EXIT-SCRIPT'),
)


#: The self-contained job-side messenger, for ``python -I -S`` (``job.sh``).
MESSAGE_SCRIPT = Path(__file__).resolve().parent / 'job_messenger.py'


def default_cylc_executable() -> Path:
    """The ``cylc`` beside the running Python (the scheduler's own)."""
    return Path(sys.executable).parent / 'cylc'


def has_statements(script: str | None) -> bool:
    """Whether a script has anything but blank lines and comments."""
    if not script:
        return False
    for line in script.splitlines():
        line = line.strip()
        if line and not line.startswith('#'):
            return True
    return False


def _one_line(value: object) -> str:
    return str(value).replace('\n', ' ')


def _cylc_path_executable(cylc_path: str) -> str:
    """The shell word for ``<cylc path>/cylc`` (``$VAR`` and ``~`` work)."""
    directory = cylc_path.rstrip('/') or '/'
    if directory == '~' or directory.startswith('~/'):
        directory = '${HOME}' + directory[1:]
    return f'"{directory}/cylc"'


class JobFileWriter:
    """Render and write job scripts for one workflow run."""

    def __init__(
        self,
        workflow: WorkflowJobEnvironment,
        cylc_executable: str | Path | None = None,
        *,
        debug: bool = False,
        verbose: bool = False,
        check_syntax: bool = True,
        fast_messages: bool | None = None,
        native_sender: NativeSender | None = None,
    ) -> None:
        self.workflow = workflow
        self.cylc_executable = str(cylc_executable or default_cylc_executable())
        # Jobs of the scheduler's own installation send their messages with
        # its Python directly (no site, no pyzmq): see cylc__job__message.
        self.fast_messages = (
            cylc_executable is None if fast_messages is None else fast_messages
        )
        # jobs send "started" and "succeeded" with this program (if built),
        # and load this libzmq
        self.native_sender = native_sender if self.fast_messages else None
        self.debug = debug
        self.verbose = verbose
        self.check_syntax = check_syntax
        self._workflow_lines = self._render_workflow_environment()

    # ---- public ---------------------------------------------------------

    def write(self, path: str | Path, job: JobConfig) -> Path:
        """Write the job script to ``path`` (made executable, atomically).

        Raises:
            JobFileError: a bad environment name, or a bash syntax error
                (the rejected script is left at ``<path>.tmp``).
        """
        path = Path(path)
        text = self.render(job, str(path))
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f'{path.name}.tmp')
        try:
            data = text.encode('utf-8', errors='surrogateescape')
        except UnicodeEncodeError as exc:
            raise JobFileError(
                f'{job.job_log_dir}: job script has text that is not UTF-8: {exc}'
            ) from exc
        temporary.write_bytes(data)
        if self.check_syntax:
            self._check_syntax(temporary, job)
        mode = temporary.stat().st_mode
        temporary.chmod(mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        os.replace(temporary, path)
        return path

    def render(self, job: JobConfig, job_file_path: str = '') -> str:
        """Return the text of the job script."""
        runner = get_runner(str(job.platform_setting('job runner')))
        parts: list[str] = []
        self._header(parts, job, runner.name)
        self._directives(parts, job, runner, job_file_path)
        parts.append(_REINVOCATION)
        self._prelude(parts, job, runner)
        parts.append('\n\ncylc__job__inst__cylc_env() {')
        parts.extend(self._workflow_lines)
        self._task_environment(parts, job, runner)
        parts.append('\n}')
        self._user_environment(parts, job)
        self._scripts(parts, job)
        self._global_init_script(parts, job)
        parts.append(_EPILOGUE)
        parts.append(f'\n{job_header.PREFIX_EOF}{job.job_log_dir}\n')
        return ''.join(parts)

    # ---- sections ---------------------------------------------------------

    def _header(self, parts: list[str], job: JobConfig, runner_name: str) -> None:
        parts.append('#!/bin/bash -l\n#\n' + job_header.BANNER)
        template = job.platform_setting('job runner command template')
        limit = job.execution_time_limit
        for prefix, value in (
            (job_header.PREFIX_WORKFLOW, self.workflow.workflow_id),
            (job_header.PREFIX_TASK, job.task_id),
            (job_header.PREFIX_JOB_LOG_DIR, job.job_log_dir),
            (job_header.PREFIX_JOB_RUNNER_NAME, runner_name),
            (job_header.PREFIX_JOB_RUNNER_COMMAND_TEMPLATE, template),
            (job_header.PREFIX_EXECUTION_TIME_LIMIT, limit and float(limit)),
        ):
            if value:
                parts.append(f'\n{prefix}{_one_line(value)}')

    def _directives(
        self, parts: list[str], job: JobConfig, runner: JobRunner, path: str
    ) -> None:
        context = DirectiveContext(
            workflow_id=self.workflow.workflow_id,
            cycle_point=job.cycle_point,
            task_name=job.task_name,
            job_file_path=path,
            execution_time_limit=job.execution_time_limit,
            directives=job.directives,
        )
        lines = runner.format_directives(context)
        if lines:
            parts.append('\n\n# DIRECTIVES:')
            parts.extend(f'\n{_one_line(line)}' for line in lines)

    def _prelude(self, parts: list[str], job: JobConfig, runner: JobRunner) -> None:
        parts.append(f"\nCYLC_FAIL_SIGNALS='{' '.join(runner.fail_signals)}'")
        if runner.vacation_signal:
            parts.append(f"\nCYLC_VACATION_SIGNALS='{runner.vacation_signal}'")
        cylc_path = job.platform_setting('cylc path')
        if cylc_path:
            executable = _cylc_path_executable(str(cylc_path))
        else:
            executable = literal(self.cylc_executable)
        parts.append(f'\nCYLC_EXECUTABLE={executable}')
        parts.append('\nexport PATH="${CYLC_EXECUTABLE%/*}:${PATH}"')
        if self.fast_messages and not cylc_path:
            parts.append(f'\nCYLC_MESSAGE_PYTHON={literal(sys.executable)}')
            parts.append(f'\nCYLC_MESSAGE_SCRIPT={literal(str(MESSAGE_SCRIPT))}')
            native = self.native_sender
            if native is not None:
                if native.program is not None:
                    parts.append(
                        f'\nCYLC_MESSAGE_SENDER={literal(str(native.program))}')
                # (the Python messengers need not search for it either)
                parts.append(f'\nexport CYLC_LIBZMQ={literal(native.libzmq)}')
        if self.verbose or self.debug:
            parts.append('\nexport CYLC_VERBOSE=true')
        if self.debug:
            parts.append('\nexport CYLC_DEBUG=true')
        parts.append(f'\nexport CYLC_VERSION={literal(__version__)}')
        env_name = os.environ.get('CYLC_ENV_NAME')
        if env_name:
            parts.append(f'\nexport CYLC_ENV_NAME={literal(env_name)}')
        parts.append(
            f'\nexport CYLC_WORKFLOW_ID={literal(self.workflow.workflow_id)}'
        )
        copyable = job.platform_setting('copyable environment variables') or []
        for name in [*copyable, 'CYLC_COVERAGE']:
            if name in os.environ and is_shell_identifier(name):
                parts.append(f'\nexport {name}={literal(os.environ[name])}')

    def _render_workflow_environment(self) -> list[str]:
        workflow = self.workflow
        values = {
            'CYLC_CYCLING_MODE': workflow.cycling_mode,
            'CYLC_UTC': str(bool(workflow.utc_mode)),
            'CYLC_WORKFLOW_FINAL_CYCLE_POINT': str(workflow.final_cycle_point),
            'CYLC_WORKFLOW_INITIAL_CYCLE_POINT': str(workflow.initial_cycle_point),
            'CYLC_WORKFLOW_NAME': workflow.name,
            'CYLC_WORKFLOW_NAME_BASE': workflow.name_base,
        }
        lines = ['\n    # CYLC WORKFLOW ENVIRONMENT:']
        lines.extend(
            f'\n    export {name}={literal(value)}'
            for name, value in sorted(values.items())
        )
        if workflow.utc_mode:
            lines.append('\n    export TZ="UTC"')
        lines.append(f'\n    export CYLC_WORKFLOW_UUID={literal(workflow.uuid)}')
        return lines

    def _task_environment(
        self, parts: list[str], job: JobConfig, runner: JobRunner
    ) -> None:
        method = job.platform_setting('communication method')
        flows = ','.join(str(number) for number in job.flow_numbers)
        parts.append('\n\n    # CYLC TASK ENVIRONMENT:')
        parts.append(f'\n    export CYLC_TASK_COMMS_METHOD={literal(method)}')
        parts.append(f'\n    export CYLC_TASK_JOB={literal(job.job_log_dir)}')
        parts.append(
            '\n    export CYLC_TASK_NAMESPACE_HIERARCHY='
            + literal(' '.join(job.namespace_hierarchy))
        )
        parts.append(f'\n    export CYLC_TASK_TRY_NUMBER={int(job.try_number)}')
        parts.append(f'\n    export CYLC_TASK_FLOW_NUMBERS={literal(flows)}')
        for name, value in job.parameters.items():
            if not is_shell_identifier(f'CYLC_TASK_PARAM_{name}'):
                raise JobFileError(
                    f'{job.task_id}: parameter {name!r} cannot be an'
                    ' environment variable name'
                )
            parts.append(f'\n    export CYLC_TASK_PARAM_{name}={literal(value)}')
        limit = job.execution_time_limit
        if limit and not runner.enforces_time_limit:
            seconds = max(1, math.ceil(float(limit)))
            parts.append(f'\n    export CYLC_TASK_EXECUTION_TIME_LIMIT={seconds}')
        if job.work_sub_directory:
            parts.append(
                f'\n    CYLC_TASK_WORK_DIR_BASE={literal(job.work_sub_directory)}'
            )

    def _user_environment(self, parts: list[str], job: JobConfig) -> None:
        if not job.environment:
            return
        for name in job.environment:
            if not is_shell_identifier(name):
                shown = name if name.isprintable() else repr(name)
                raise JobFileError(
                    f'{job.task_id}: [environment]{shown}:'
                    ' not a valid environment variable name'
                )
        parts.append('\n\ncylc__job__inst__user_env() {')
        parts.append('\n    # TASK RUNTIME ENVIRONMENT:')
        # Export first, assign after: a failing $(command) in an assignment
        # then fires the ERR trap, and later values can use earlier ones.
        parts.append('\n    export ' + ' '.join(job.environment))
        for name, value in job.environment.items():
            value = interpolate_parameters(str(value), job.parameters)
            parts.append(f'\n    {name}={environment_value(value)}')
        parts.append('\n}')

    @staticmethod
    def _scripts(parts: list[str], job: JobConfig) -> None:
        for attribute, function, heading in _SCRIPTS:
            script = getattr(job, attribute)
            if has_statements(script):
                parts.append(f'\n\ncylc__job__inst__{function}() {{')
                parts.append(f'\n# {heading}:\n{script}\n}}')

    @staticmethod
    def _global_init_script(parts: list[str], job: JobConfig) -> None:
        script = job.platform_setting('global init-script')
        if has_statements(script):
            parts.append(f'\n\n# GLOBAL INIT-SCRIPT:\n{script}')

    @staticmethod
    def _check_syntax(path: Path, job: JobConfig) -> None:
        try:
            proc = subprocess.run(
                ['bash', '-n', str(path)],
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                check=False,
            )
        except OSError as exc:
            raise JobFileError(f'{job.job_log_dir}: cannot run bash: {exc}') from exc
        if proc.returncode:
            reason = (proc.stderr.strip().splitlines() or ['bash -n failed'])[0]
            raise JobFileError(
                f'{job.job_log_dir}: job script syntax error: {reason}'
            )
