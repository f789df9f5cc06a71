"""Where workflows live: the run directory tree and workflow source files.

``~/cylc-run/<workflow>/runN/`` holds installed runs; a command given a path
(``.``, ``./x``, ``/abs``, or any existing directory holding a flow.cylc) works
on a source directory instead.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cylc_flow.exceptions import WorkflowFilesError

FLOW_FILE = 'flow.cylc'
SUITE_RC = 'suite.rc'
RUN_N = 'runN'


def cylc_run_dir() -> Path:
    """The root of installed workflows (``~/cylc-run``)."""
    return Path(os.path.expanduser('~'), 'cylc-run')


def run_dir_of(workflow_id: str) -> Path:
    """The run directory of an installed workflow ID."""
    return cylc_run_dir() / workflow_id


@dataclass(frozen=True, slots=True)
class WorkflowLocation:
    """A workflow found from a command-line PATH or ID."""

    workflow_id: str  # the ID (installed) or the source directory's name
    directory: Path  # the run directory or the source directory
    flow_file: Path  # flow.cylc (or suite.rc)
    installed: bool

    @property
    def is_cylc7(self) -> bool:
        """True for a Cylc 7 ``suite.rc`` (back-compat mode)."""
        return self.flow_file.name == SUITE_RC


def find_flow_file(directory: Path) -> Path:
    """Return the flow.cylc (or Cylc 7 suite.rc) in a directory."""
    flow = directory / FLOW_FILE
    suite = directory / SUITE_RC
    if flow.is_file() and suite.is_file() and not flow.is_symlink():
        raise WorkflowFilesError(
            f'both {FLOW_FILE} and {SUITE_RC} are in {directory}: remove one'
        )
    if flow.is_file():
        return flow
    if suite.is_file():
        return suite
    raise WorkflowFilesError(f'no {FLOW_FILE} or {SUITE_RC} in {directory}')


def _looks_like_path(text: str) -> bool:
    return text in ('.', '..') or text.startswith(('./', '../', '/', '~/'))


def locate_workflow(text: str | None) -> WorkflowLocation:
    """Resolve a command-line ``PATH|ID`` to a workflow.

    No argument means the current directory.  A path to a flow file or to a
    directory is a source workflow; anything else is an installed workflow ID
    under ``~/cylc-run`` (a bare name resolves through its ``runN`` link).
    """
    if not text:
        text = '.'
    if _looks_like_path(text) or Path(text).is_file():
        path = Path(os.path.expanduser(text)).resolve()
        if path.is_file():
            return WorkflowLocation(path.parent.name, path.parent, path, False)
        if not path.is_dir():
            raise WorkflowFilesError(f'workflow not found: {text}')
        return WorkflowLocation(path.name, path, find_flow_file(path), False)
    workflow_id = text.split('//', 1)[0].rstrip('/')
    if workflow_id.startswith('~'):
        # ~user/workflow: only the owner's own run tree is readable here
        user, _, workflow_id = workflow_id[1:].partition('/')
        if user != _current_user():
            raise WorkflowFilesError(
                f'cannot read workflows of another user ({user}) from here'
            )
    run_dir = run_dir_of(workflow_id)
    if run_dir.is_dir():
        if not (run_dir / FLOW_FILE).exists() and not (run_dir / SUITE_RC).exists():
            run_n = run_dir / RUN_N
            if run_n.is_dir():
                run_dir = run_n.resolve()
                workflow_id = str(run_dir.relative_to(cylc_run_dir().resolve()))
        return WorkflowLocation(workflow_id, run_dir, find_flow_file(run_dir), True)
    local = Path(text)
    if local.is_dir():
        path = local.resolve()
        return WorkflowLocation(path.name, path, find_flow_file(path), False)
    raise WorkflowFilesError(f'workflow not found: {text}')


def _current_user() -> str:
    import getpass

    return getpass.getuser()
