"""Where the target workflow's run, and its public database, live.

``~/cylc-run/<workflow>`` (or an alternate cylc-run directory, e.g. another
user's); a workflow installed with numbered runs resolves through its
``runN`` link to the latest run, as Cylc infers it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cylc_flow.exceptions import InputError, WorkflowFilesError
from cylc_flow.workflow_paths import RUN_N, cylc_run_dir

PUBLIC_DB = Path('log', 'db')


@dataclass(frozen=True, slots=True)
class TargetWorkflow:
    """A workflow run found on disk.

    ``workflow_id`` names the run (``other/run2``); ``given_id`` is the ID
    as the user wrote it (``other``).
    """

    workflow_id: str
    given_id: str
    run_dir: Path

    @property
    def db_path(self) -> Path:
        """The public database, ``log/db``."""
        return self.run_dir / PUBLIC_DB

    @property
    def inferred(self) -> bool:
        """True if the run was inferred (through ``runN``)."""
        return self.workflow_id != self.given_id


def _current_user() -> str:
    import getpass

    return getpass.getuser()


def cylc_run_root(
    alt_cylc_run_dir: str | None = None, user: str | None = None
) -> Path:
    """The cylc-run directory to search: the alternate one if given, else
    ``~user/cylc-run`` for another user, else ``~/cylc-run``."""
    if alt_cylc_run_dir is not None:
        text = str(alt_cylc_run_dir).strip()
        if not text:
            raise InputError('the alternate cylc-run directory is empty')
        return Path(os.path.expandvars(os.path.expanduser(text)))
    if user and user != _current_user():
        home = os.path.expanduser(f'~{user}')
        if home.startswith('~'):
            raise InputError(f'unknown user in ID: ~{user}')
        return Path(home, 'cylc-run')
    return cylc_run_dir()


def check_workflow_id(workflow: str) -> list[str]:
    """Split a workflow ID into its path parts; reject escaping IDs."""
    parts = workflow.split('/')
    if workflow.startswith('/') or any(
        part in ('', '.', '..') for part in parts
    ):
        raise InputError(f'invalid workflow ID: {workflow}')
    return parts


def find_workflow(workflow: str, root: Path) -> TargetWorkflow | None:
    """Find a workflow run under ``root``; None if it is not there (yet).

    ``other`` with ``other/runN -> run3`` resolves to ``other/run3``;
    ``other/runN`` does too.
    """
    parts = check_workflow_id(workflow)
    run_dir = root.joinpath(*parts)
    if parts[-1] == RUN_N:
        link, parts = run_dir, parts[:-1]
    else:
        link = run_dir / RUN_N
        if not (link.is_symlink() or link.exists()):
            if not run_dir.is_dir():
                return None
            return TargetWorkflow(workflow, workflow, run_dir)
    if not link.is_dir():
        if link.is_symlink():
            raise WorkflowFilesError(f'{link}: broken {RUN_N} link')
        return None
    try:
        run_name = Path(os.readlink(link)).name if link.is_symlink() else RUN_N
    except OSError:  # replaced while we looked: try again next time
        return None
    run_dir = link.parent / run_name
    if not run_dir.is_dir():
        run_dir = link.resolve()
    return TargetWorkflow('/'.join([*parts, run_name]), workflow, run_dir)
