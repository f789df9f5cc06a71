"""Write job scripts and submit them, in batches, off the event loop."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cylc_flow.jobs.job_config import JobConfig, WorkflowJobEnvironment
from cylc_flow.jobs.job_file import JobFileWriter
from cylc_flow.jobs.log_layout import job_file_path, job_log_root
from cylc_flow.jobs.submit import submit_jobs

if TYPE_CHECKING:
    from cylc_flow.jobs.native_sender import NativeSender
from cylc_flow.jobs.summary import parse_output_line


@dataclass(slots=True)
class SubmitOutcome:
    """The result of submitting one task's job."""

    task: Any
    submit_num: int
    ok: bool
    job_id: str | None
    platform: str
    runner: str
    reason: str = ''


@lru_cache(maxsize=256)
def is_local_host(host: str) -> bool:
    """True if ``host`` is this machine."""
    if host in ('localhost', '127.0.0.1', '::1'):
        return True
    names = {socket.gethostname(), socket.getfqdn()}
    return host in names


def platform_for(rtconfig: dict, global_config: Any) -> dict:
    from cylc_flow.platforms import get_platform

    return get_platform(rtconfig.get('platform') or None, global_config)


class JobSubmitter:
    """Builds job configs from task proxies and submits batches locally."""

    def __init__(
        self,
        *,
        run_dir: Path,
        config: Any,
        workflow_env: WorkflowJobEnvironment,
        global_config: Any,
        debug: bool,
        extra_environment: Callable[[Any], dict[str, str]],
        dummy: bool = False,
        native_sender: NativeSender | None = None,
    ) -> None:
        self.dummy = dummy
        self.run_dir = run_dir
        self.config = config
        self.global_config = global_config
        self.writer = JobFileWriter(workflow_env, debug=debug, check_syntax=False,
                                    native_sender=native_sender)
        self.extra_environment = extra_environment
        self.root = job_log_root(run_dir)
        # (itask, runtime) -> runtime with broadcasts applied; set by the scheduler
        # the runtime with broadcasts applied (set by the scheduler)
        self.task_runtime: Callable[[Any], dict] | None = None

    def runtime(self, itask: Any) -> dict:
        """A task's runtime settings for its next job (after broadcasts)."""
        if self.task_runtime is not None:
            return self.task_runtime(itask)
        return self.config.rtconfig(itask.name)

    def job_config(self, itask: Any, platform: dict) -> JobConfig:
        rt = itask.job['runtime']  # set by prepare()
        environment = dict(rt.get('environment') or {})
        environment.update(self.extra_environment(itask))
        limit = rt.get('execution time limit')
        if self.dummy:
            rt = dummy_runtime(rt, itask)
        return JobConfig(
            cycle_point=str(itask.point),
            task_name=itask.name,
            submit_number=itask.submit_num,
            try_number=itask.try_num,
            flow_numbers=tuple(sorted(itask.flow_nums)),
            namespace_hierarchy=tuple(reversed(itask.tdef.namespace_hierarchy)),
            parameters={k: str(v) for k, v in
                        (itask.tdef.parameter_values or {}).items()},
            environment=environment,
            init_script=rt.get('init-script'),
            env_script=rt.get('env-script'),
            pre_script=rt.get('pre-script'),
            script=rt.get('script'),
            post_script=rt.get('post-script'),
            err_script=rt.get('err-script'),
            exit_script=rt.get('exit-script'),
            work_sub_directory=rt.get('work sub-directory'),
            execution_time_limit=float(limit) if limit else None,
            directives=dict(rt.get('directives') or {}),
            platform=platform,
        )

    def prepare(self, tasks: Iterable[Any]) -> tuple[list[Any], list[SubmitOutcome]]:
        """Resolve platforms (on the loop: cheap); return (local, failed)."""
        local: list[Any] = []
        failed: list[SubmitOutcome] = []
        for itask in tasks:
            rt = self.runtime(itask)
            try:
                platform = platform_for(rt, self.global_config)
            except Exception as exc:
                failed.append(SubmitOutcome(itask, itask.submit_num, False, None,
                                            rt.get('platform') or '?', '?',
                                            f'platform: {exc}'))
                continue
            hosts = platform.get('hosts') or [platform.get('name', 'localhost')]
            host = hosts[0]
            runner = platform.get('job runner') or 'background'
            if not is_local_host(host):
                reason = _unreachable_reason(host)
                failed.append(SubmitOutcome(itask, itask.submit_num, False, None,
                                            platform.get('name', '?'), runner,
                                            reason))
                continue
            itask.job = {'platform': platform.get('name', 'localhost'),
                         'runner': runner, 'platform_settings': platform,
                         'runtime': rt}
            local.append(itask)
        return local, failed

    def submit_local(self, tasks: list[Any]) -> list[SubmitOutcome]:
        """Write the job scripts and submit them (runs in a worker thread)."""
        outcomes: dict[str, SubmitOutcome] = {}
        dirs: list[str] = []
        for itask in tasks:
            platform = itask.job.get('platform_settings') or {}
            job = self.job_config(itask, platform)
            path = job_file_path(self.run_dir, job.cycle_point, job.task_name,
                                 job.submit_number)
            outcome = SubmitOutcome(itask, itask.submit_num, False, None,
                                    itask.job['platform'], itask.job['runner'])
            try:
                self.writer.write(path, job)
            except Exception as exc:
                outcome.reason = f'job file: {exc}'
                outcomes[job.job_log_dir] = outcome
                continue
            outcomes[job.job_log_dir] = outcome
            dirs.append(job.job_log_dir)
        if dirs:
            lines = submit_jobs(self.root, dirs, env=dict(os.environ))
            for line in lines:
                parsed = parse_output_line(line)
                if parsed is None or parsed.job_log_dir not in outcomes:
                    continue
                result = parsed.return_code_and_job_id()
                if result is None:
                    if parsed.prefix.startswith('[TASK JOB ERROR]'):
                        outcomes[parsed.job_log_dir].reason = parsed.payload
                    continue
                code, job_id = result
                outcome = outcomes[parsed.job_log_dir]
                outcome.ok = code == 0
                outcome.job_id = job_id
        return list(outcomes.values())


def dummy_runtime(rt: dict, itask: Any) -> dict:
    """Dummy mode: real jobs whose scripts only sleep and send the outputs."""
    import shlex

    sim = rt.get('simulation') or {}
    length = float(sim.get('default run length') or 10.0)
    lines = [f'sleep {length:g}']
    for label, optional in itask.tdef.optional_outputs.items():
        message = itask.tdef.outputs.get(label)
        if not optional and message and label not in (
                'submitted', 'started', 'succeeded', 'failed', 'submit-failed',
                'expired'):
            lines.append('cylc message -- "${CYLC_WORKFLOW_ID}" "${CYLC_TASK_JOB}" '
                         + shlex.quote(message))
    fail_points = sim.get('fail cycle points') or []
    if 'all' in fail_points or str(itask.point) in fail_points:
        lines.append('false')
    dummy = dict(rt)
    for key in ('init-script', 'env-script', 'pre-script', 'post-script',
                'err-script', 'exit-script'):
        dummy[key] = None
    dummy['script'] = '\n'.join(lines)
    return dummy


def _unreachable_reason(host: str) -> str:
    try:
        socket.getaddrinfo(host, None)
    except OSError as exc:
        return f'host {host} is unreachable: {exc}'
    return f'host {host}: remote job hosts are not supported by this scheduler yet'
