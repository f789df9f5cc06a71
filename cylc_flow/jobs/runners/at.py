"""Submit job scripts to the Unix ``at`` scheduler (``atd`` must run).

``at now`` reads a small ``/bin/sh`` command from stdin that runs the job
in a session of its own, with output to ``job.out`` and ``job.err``; the
job ID is the number ``at`` reports on stderr (``job 12 at ...``).  ``atq``
only lists queued or running ``at`` jobs, so polling also checks the job's
PID once it has started; a started job is killed by killing its process
group, a queued one with ``atrm``.  An execution time limit is enforced by
the job itself (``job.sh``).
"""

from __future__ import annotations

import errno
import os
import re
import shlex
from typing import ClassVar

from cylc_flow.jobs.runners.base import JobRunner

#: Lines ``at`` writes when ``atd`` is not running.
NO_ATD_MESSAGES = (
    "Can't open /var/run/atd.pid to signal atd. No atd running?",
    'Warning: at daemon not running',
)
_ROUTINE_STDERR = re.compile(r'warning: commands will be executed using /bin/sh')


class AtRunner(JobRunner):
    """The ``at`` scheduler: ``at now``, ``atq``, ``atrm``."""

    name: ClassVar[str] = 'at'
    submit_command: ClassVar[str | None] = 'at now'
    # The command read from stdin must run under a POSIX shell.
    submit_environment: ClassVar[dict[str, str]] = {'SHELL': '/bin/sh'}
    job_id_pattern: ClassVar[re.Pattern[str] | None] = re.compile(
        r'job\s(?P<id>\S+)\sat'
    )
    job_id_in_stderr: ClassVar[bool] = True
    poll_command: ClassVar[str | None] = 'atq'
    kill_command: ClassVar[str | None] = "atrm '%(job_id)s'"
    kill_process_group: ClassVar[bool] = True
    poll_process_ids: ClassVar[bool] = True

    def submit_stdin(self, job_file_path: str) -> str | None:
        """The command ``at`` runs: the job in its own session."""
        job = shlex.quote(job_file_path)
        out = shlex.quote(f'{job_file_path}.out')
        err = shlex.quote(f'{job_file_path}.err')
        return (
            'if command -v setsid >/dev/null 2>&1; then\n'
            f'    exec setsid -w bash {job} <"/dev/null" 1>{out} 2>{err}\n'
            'fi\n'
            f'exec bash {job} <"/dev/null" 1>{out} 2>{err}\n'
        )

    def filter_submit_output(self, stdout: str, stderr: str) -> tuple[str, str]:
        """Move the job ID line to stdout; drop routine warnings.

        Raises OSError when ``atd`` is not running.
        """
        kept = []
        for line in stderr.splitlines(keepends=True):
            if self.job_id_pattern is not None and self.job_id_pattern.match(line):
                stdout += line
            elif _ROUTINE_STDERR.match(line):
                continue
            elif line.strip() in NO_ATD_MESSAGES:
                raise OSError(errno.ESRCH, os.strerror(errno.ESRCH), line.strip())
            else:
                kept.append(line)
        return stdout, ''.join(kept)
