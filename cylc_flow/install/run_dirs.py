"""Run directories below ``~/cylc-run``: numbering, ``runN``, nesting, lookup."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cylc_flow.exceptions import InputError, WorkflowFilesError
from cylc_flow.install.layout import (
    FLOW_FILE,
    INSTALL_DIR,
    NUMBERED_RUN,
    RUN_N,
    SERVICE_DIR,
    SUITE_RC,
)
from cylc_flow.workflow_paths import cylc_run_dir

_NESTED = (
    'Nested {kind} directories not allowed - cannot install workflow in'
    " '{dest}' as '{existing}' is already a valid {kind} directory."
)
# Directories a scan for workflows never enters.
_SCAN_SKIP = frozenset({INSTALL_DIR, SERVICE_DIR, RUN_N, 'log', 'share', 'work'})


@dataclass(frozen=True, slots=True)
class RunDirPlan:
    """Where a new installation goes."""

    run_dir: Path
    run_number: int | None  # for numbered runs
    relink: bool  # point runN at the new run


def is_valid_run_dir(path: Path) -> bool:
    """Whether ``path`` holds a workflow (flow file or ``.service``)."""
    return (
        (path / FLOW_FILE).is_file()
        or (path / SUITE_RC).is_file()
        or (path / SERVICE_DIR).is_dir()
    )


def next_run_number(workflow_dir: Path) -> int:
    """The number of the next ``runX`` below ``~/cylc-run/<workflow>``.

    Follows the ``runN`` link if there is one, else the highest ``runX``.
    """
    run_n = workflow_dir / RUN_N
    if run_n.is_symlink():
        match = NUMBERED_RUN.search(os.path.basename(os.readlink(run_n)))
        if match and run_n.exists():
            return int(match.group(1)) + 1
    numbers = [0]
    if workflow_dir.is_dir():
        for entry in os.scandir(workflow_dir):
            match = NUMBERED_RUN.match(entry.name)
            if match:
                numbers.append(int(match.group(1)))
    return max(numbers) + 1


def has_installed_runs(workflow_dir: Path, *, numbered: bool) -> bool:
    """Whether numbered (or, if not ``numbered``, named) runs are installed."""
    if not workflow_dir.is_dir():
        return False
    for entry in os.scandir(workflow_dir):
        if entry.name in (INSTALL_DIR, RUN_N) or not entry.is_dir():
            continue
        is_numbered = bool(NUMBERED_RUN.match(entry.name))
        if is_numbered == numbered and os.path.isfile(
            os.path.join(entry.path, FLOW_FILE)
        ):
            return True
    return False


def plan_run_dir(
    workflow_dir: Path, run_name: str | None, no_run_name: bool
) -> RunDirPlan:
    """Choose the run directory of a new install (numbered, named, or bare)."""
    if no_run_name:
        return RunDirPlan(workflow_dir, None, False)
    if run_name:
        if has_installed_runs(workflow_dir, numbered=True):
            raise WorkflowFilesError(
                f"--run-name option not allowed as '{workflow_dir}' contains"
                ' installed numbered runs.'
            )
        return RunDirPlan(workflow_dir / run_name, None, False)
    number = next_run_number(workflow_dir)
    if has_installed_runs(workflow_dir, numbered=False):
        raise WorkflowFilesError(
            f'Path: "{workflow_dir}" contains an installed workflow.'
            ' Use --run-name to create a new run.'
        )
    return RunDirPlan(workflow_dir / f'run{number}', number, True)


def link_run_n(latest_run: Path) -> None:
    """Point ``runN`` (beside ``latest_run``) at it, replacing any old link."""
    run_n = latest_run.parent / RUN_N
    if run_n.is_symlink():
        run_n.unlink()
    run_n.symlink_to(latest_run.name)


def check_nested_dirs(run_dir: Path, install_dir: Path | None = None) -> None:
    """Refuse a run directory inside another run, or nested installations.

    Args:
        run_dir: the run directory about to be (re)installed.
        install_dir: the directory that holds (or will hold)
            ``_cylc-install``; if given, no other installation may lie above
            or below it.
    """
    root = cylc_run_dir()
    if install_dir is not None:
        install_dir = Path(os.path.normpath(install_dir))
    for parent in run_dir.parents:
        if parent == root or len(parent.parts) <= 1:
            break
        if is_valid_run_dir(parent):
            raise WorkflowFilesError(_NESTED.format(
                kind='run', dest=run_dir, existing=parent
            ))
        if (
            install_dir is not None
            and parent in install_dir.parents
            and (parent / INSTALL_DIR).is_dir()
        ):
            raise WorkflowFilesError(_NESTED.format(
                kind='install', dest=run_dir, existing=parent
            ))
    if install_dir is not None and install_dir.is_dir():
        from cylc_flow.install.settings import max_depth

        for found in _find_install_dirs(install_dir, max_depth()):
            raise WorkflowFilesError(_NESTED.format(
                kind='install', dest=run_dir, existing=found.parent
            ))


def _find_install_dirs(top: Path, depth: int) -> Iterator[Path]:
    """``_cylc-install`` directories strictly below ``top`` (to ``depth``)."""
    level = [top]
    for _ in range(depth):
        next_level = []
        for directory in level:
            try:
                entries = list(os.scandir(directory))
            except OSError:
                continue
            for entry in entries:
                if not entry.is_dir():
                    continue
                path = Path(entry.path)
                if (path / INSTALL_DIR).is_dir():
                    yield path / INSTALL_DIR
                next_level.append(path)
        level = next_level


def infer_latest_run(
    path: Path, *, implicit_run_n: bool = True
) -> tuple[Path, str]:
    """Resolve a ``runN`` (explicit, or implied below ``path``) to its run.

    Returns the run directory and its workflow ID.

    Raises:
        InputError: ``path`` does not exist.
        WorkflowFilesError: a ``runN`` link is broken or points elsewhere.
    """
    root = cylc_run_dir()
    workflow_id = _relative_id(path, root)
    if not os.path.lexists(path):
        raise InputError(
            f'Workflow ID not found: {workflow_id} (Directory not found: {path})'
        )
    if path.name == RUN_N:
        run_n = path
    elif implicit_run_n:
        run_n = path / RUN_N
        if not os.path.lexists(run_n):
            return path, workflow_id
    else:
        return path, workflow_id
    if not run_n.is_symlink() or not run_n.is_dir():
        raise WorkflowFilesError(f'{run_n} symlink not valid')
    target = os.readlink(run_n)
    if not NUMBERED_RUN.match(target):
        raise WorkflowFilesError(f'{run_n} symlink target not valid: {target}')
    latest = run_n.parent / target
    return latest, _relative_id(latest, root)


def _relative_id(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        raise InputError(f'{path} is not in the cylc-run directory') from None


def installed_run_dir(workflow_id: str) -> tuple[Path, str]:
    """The run directory of an installed workflow ID (``runN`` inferred).

    Raises:
        InputError: the ID is malformed or not installed.
    """
    workflow_id = workflow_id.strip().rstrip('/')
    if not workflow_id:
        raise InputError('No workflow ID given')
    from cylc_flow.install.names import validate_workflow_name

    try:
        validate_workflow_name(workflow_id)
    except WorkflowFilesError as exc:
        raise InputError(str(exc)) from None
    return infer_latest_run(cylc_run_dir() / workflow_id)


def contained_workflows(directory: Path, depth: int) -> list[Path]:
    """Run directories strictly below ``directory`` (to ``depth`` levels),
    not looking inside run directories."""
    found: list[Path] = []
    level = [directory]
    for _ in range(depth):
        next_level: list[Path] = []
        for parent in level:
            try:
                entries = sorted(os.scandir(parent), key=lambda e: e.name)
            except OSError:
                continue
            for entry in entries:
                if entry.name in _SCAN_SKIP or not entry.is_dir():
                    continue
                path = Path(entry.path)
                if is_valid_run_dir(path):
                    found.append(path)
                else:
                    next_level.append(path)
        level = next_level
    return sorted(found)
