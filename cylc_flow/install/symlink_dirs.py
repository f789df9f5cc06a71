"""Symlinked run directories: ``[install][symlink dirs]`` and ``--symlink-dirs``.

A run directory (``run``) or its ``log``, ``share``, ``share/cycle`` and
``work`` directories may live elsewhere: ``<dir>/cylc-run/<id>[/<name>]`` with
a symlink from the run directory.  ``cylc clean`` follows the same links.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from cylc_flow.exceptions import InputError, WorkflowFilesError
from cylc_flow.install.settings import (
    expand_path,
    localhost_install_target,
    symlink_dirs_config,
)

#: The configurable names, in the order links are made ('run' first).
SYMLINK_KEYS = ('run', 'log', 'share', 'share/cycle', 'work')
#: Links that may exist in a run directory, deepest first ('' = the run dir).
RUN_DIR_LINKS = ('work', 'share/cycle', 'share', 'log', '')

_UNDEFINED_VARIABLE = re.compile(r'\$\{?(\w+)\}?')

SymlinkConfig = dict[str, dict[str, Any]]


def parse_cli_symlink_dirs(text: str) -> SymlinkConfig:
    """``--symlink-dirs="log=/a, share=/b"`` as a ``[symlink dirs]`` config.

    An empty string gives a config with no links (disabling the global one).
    """
    target = localhost_install_target()
    links: dict[str, Any] = {'run': None}
    config: SymlinkConfig = {target: links}
    if not text.strip():
        return config
    for pair in text.strip(',').split(','):
        key, equals, value = pair.partition('=')
        key = key.strip()
        if not equals or '=' in value:
            raise InputError(
                f'There is an error in --symlink-dirs option: {pair}. Try'
                " entering option in the form --symlink-dirs='log=$DIR,"
                " share=$DIR2, ...'"
            )
        if key not in SYMLINK_KEYS:
            raise InputError(
                f'{key} not a valid entry for --symlink-dirs. Configurable'
                f' symlink dirs are: {", ".join(SYMLINK_KEYS)}'
            )
        links[key] = value.strip() or None
    return config


def dirs_to_symlink(
    install_target: str, named_run: str, config: SymlinkConfig | None = None
) -> dict[str, str]:
    """``{name: target}`` of the links to make (targets not yet expanded)."""
    if config is None:
        config = symlink_dirs_config()
    links = config.get(install_target)
    if not links:
        return {}
    found: dict[str, str] = {}
    base = links.get('run')
    if base:
        found['run'] = os.path.join(base, 'cylc-run', named_run)
    for name in SYMLINK_KEYS[1:]:
        where = links.get(name)
        if not where or where == base:
            continue
        found[name] = os.path.join(where, 'cylc-run', named_run, name)
    return found


def make_symlink_dir(path: Path, target: Path) -> bool:
    """Make ``target`` and link ``path`` to it; False if nothing was made.

    Raises:
        WorkflowFilesError: the target already exists or linking failed.
    """
    if path.exists():
        # a correct link already exists, or a real directory is in the way
        return False
    if path.is_symlink():
        try:
            path.unlink()
        except OSError:
            raise WorkflowFilesError(
                f'Error when symlinking. Failed to unlink bad symlink {path}.'
            ) from None
    try:
        target.mkdir(parents=True, exist_ok=False)
    except FileExistsError:
        raise WorkflowFilesError(
            f'Symlink dir target already exists: ({path} ->) {target} -'
            " tip: in future, use 'cylc clean' instead of manually deleting"
            ' workflow run dirs.'
        ) from None
    except OSError as exc:
        raise WorkflowFilesError(
            f'Error when symlinking: cannot make {target}: {exc.strerror}'
        ) from None
    if path.exists():  # share and share/cycle may share a target
        return False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target)
    except OSError as exc:
        raise WorkflowFilesError(
            f'Error when symlinking {path} -> {target}: {exc.strerror}'
        ) from None
    return True


def make_localhost_symlinks(
    run_dir: Path, named_run: str, config: SymlinkConfig | None = None
) -> list[tuple[Path, Path]]:
    """Make the configured links of a new run; return ``(link, target)`` pairs.

    Args:
        run_dir: the run directory (not yet created).
        named_run: the workflow ID, e.g. ``name/run1``.
        config: ``--symlink-dirs`` as parsed, or None for ``global.cylc``.
    """
    made: list[tuple[Path, Path]] = []
    wanted = dirs_to_symlink(localhost_install_target(), named_run, config)
    for name, where in wanted.items():
        link = run_dir if name == 'run' else run_dir / name
        target_text = expand_path(where)
        undefined = _UNDEFINED_VARIABLE.findall(target_text)
        if undefined:
            raise WorkflowFilesError(
                f"Can't symlink to {target_text}: undefined variables, check"
                f' global config: {", ".join(undefined)}'
            )
        target = Path(os.path.normpath(target_text))
        if not target.is_absolute():
            raise WorkflowFilesError(
                f"Can't symlink {name} to a relative path: {target_text}"
            )
        if make_symlink_dir(link, target):
            made.append((link, target))
    return made


def existing_symlink_dirs(workflow_id: str, run_dir: Path) -> dict[str, Path]:
    """The standard links present in a run directory, deepest first.

    Returns ``{name: resolved target}`` ('' for the run directory itself).

    Raises:
        WorkflowFilesError: a link points at a file, or somewhere that does
            not end with ``cylc-run/<id>/<name>`` (clean would not be safe).
    """
    found: dict[str, Path] = {}
    for name in RUN_DIR_LINKS:
        path = run_dir / name if name else run_dir
        if not path.is_symlink():
            continue
        target = path.resolve()
        if target.exists() and not target.is_dir():
            raise WorkflowFilesError(
                f'Invalid symlink at {path}: link target is not a directory:'
                f' {target}'
            )
        expected = os.path.join('cylc-run', workflow_id, name).rstrip('/')
        if not str(target).endswith(expected):
            raise WorkflowFilesError(
                f'Invalid symlink at {path}: the target should end with'
                f' "{expected}"'
            )
        found[name] = target
    return found
