"""Finding a running workflow and talking to it from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def resolve_run(workflow: str) -> tuple[str, Path]:
    """The installed workflow ID (with its run name) and run directory."""
    from cylc_flow.exceptions import WorkflowFilesError
    from cylc_flow.workflow_paths import locate_workflow

    location = locate_workflow(workflow.split('//', 1)[0])
    if not location.installed:
        raise WorkflowFilesError(
            f'{workflow} is not an installed workflow (run "cylc install" first)')
    return location.workflow_id, location.directory


def client_for(workflow: str, *, timeout: float = 10.0) -> Any:
    from cylc_flow.network.client import WorkflowClient

    workflow_id, run_dir = resolve_run(workflow)
    return WorkflowClient(workflow_id, run_dir=run_dir, timeout=timeout)
