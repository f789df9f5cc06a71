"""Finding the user's installed workflows under ``~/cylc-run``."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cylc_flow.network.contact import contact_file_path
from cylc_flow.tui.model import natural_key
from cylc_flow.workflow_paths import FLOW_FILE, RUN_N, SUITE_RC, cylc_run_dir

#: how many directory levels below ~/cylc-run a run directory may be
MAX_DEPTH = 4
_SKIP = frozenset({RUN_N, '_cylc-install', 'log', 'share', 'work', '.service'})


@dataclass(frozen=True, slots=True)
class FoundWorkflow:
    """An installed workflow run and whether a scheduler claims it."""

    name: str  # e.g. myflow/run1
    run_dir: Path
    has_contact: bool

    @property
    def status(self) -> str:
        return 'running' if self.has_contact else 'stopped'


def _is_run_dir(path: Path) -> bool:
    return ((path / FLOW_FILE).exists() or (path / SUITE_RC).exists()
            or (path / '.service').is_dir())


def find_workflows(top: Path | None = None,
                   max_depth: int = MAX_DEPTH) -> list[FoundWorkflow]:
    """Every run directory under ``~/cylc-run``, in natural name order.

    ``runN`` links and the insides of run directories are not searched.
    """
    top = top or cylc_run_dir()
    found: list[FoundWorkflow] = []
    pending: list[tuple[Path, int]] = [(top, 0)]
    while pending:
        directory, depth = pending.pop()
        try:
            entries = list(os.scandir(directory))
        except OSError:
            continue
        for entry in entries:
            if entry.name in _SKIP or entry.name.startswith('.'):
                continue
            try:
                if not entry.is_dir() or entry.is_symlink():
                    continue
            except OSError:
                continue
            path = Path(entry.path)
            if _is_run_dir(path):
                name = path.relative_to(top).as_posix()
                found.append(FoundWorkflow(
                    name, path, os.path.exists(contact_file_path(path))))
            elif depth + 1 < max_depth:
                pending.append((path, depth + 1))
    found.sort(key=lambda item: natural_key(item.name))
    return found


def find_one(name: str, top: Path | None = None) -> FoundWorkflow:
    """One named workflow (it need not be running)."""
    path = (top or cylc_run_dir()) / name
    return FoundWorkflow(name, path, os.path.exists(contact_file_path(path)))
