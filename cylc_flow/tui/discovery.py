"""Finding the user's installed workflows under ``~/cylc-run``."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cylc_flow.cli.info.scan_format import natural_key
from cylc_flow.network.contact import contact_file_path
from cylc_flow.workflow_paths import cylc_run_dir


@dataclass(frozen=True, slots=True)
class FoundWorkflow:
    """An installed workflow run and whether a scheduler claims it."""

    name: str  # e.g. myflow/run1
    run_dir: Path
    has_contact: bool

    @property
    def status(self) -> str:
        return 'running' if self.has_contact else 'stopped'


def find_workflows(top: Path | None = None,
                   max_depth: int | None = None) -> list[FoundWorkflow]:
    """Every run directory under ``~/cylc-run``, in natural name order.

    ``runN`` links and the insides of run directories are not searched;
    ``max_depth`` defaults to ``global.cylc[install]max depth``.
    """
    from cylc_flow.network.scan import configured_max_depth, walk_workflows

    if max_depth is None:
        max_depth = configured_max_depth()
    found = [FoundWorkflow(name, path, os.path.exists(contact_file_path(path)))
             for name, path in walk_workflows(top or cylc_run_dir(),
                                              max_depth=max_depth)]
    found.sort(key=lambda item: natural_key(item.name))
    return found


def find_one(name: str, top: Path | None = None) -> FoundWorkflow:
    """One named workflow (it need not be running)."""
    path = (top or cylc_run_dir()) / name
    return FoundWorkflow(name, path, os.path.exists(contact_file_path(path)))
