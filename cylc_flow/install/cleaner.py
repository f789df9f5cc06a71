"""``cylc clean``: remove a stopped run, or parts of it, locally.

Symlinked directories (``[install][symlink dirs]``) are followed: their
targets are removed too, and empty parents are tidied up to ``cylc-run``.
"""

from __future__ import annotations

import glob
import os
import shutil
import stat
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from cylc_flow.exceptions import InputError, WorkflowFilesError
from cylc_flow.install.contact import read_contact_file, scheduler_alive
from cylc_flow.install.layout import INSTALL_DIR, RUN_N
from cylc_flow.install.symlink_dirs import existing_symlink_dirs
from cylc_flow.network.errors import ServiceFileError

Report = Callable[[str], None]


def _ignore(_message: str) -> None:
    return None


def parse_rm_dirs(items: Iterable[str]) -> set[str]:
    """``--rm a:b --rm c`` as a set of relative globs (``dir/`` kept)."""
    found: set[str] = set()
    for item in items:
        for part in item.split(':'):
            part = part.strip()
            if not part:
                continue
            is_dir = part.endswith(os.sep)
            part = os.path.normpath(part)
            if os.path.isabs(part):
                raise InputError('--rm option cannot take absolute paths')
            if part in (os.curdir, os.pardir) or part.startswith(
                os.pardir + os.sep
            ):
                raise InputError(
                    '--rm option cannot take paths that point to the run'
                    ' directory or above'
                )
            found.add(part + os.sep if is_dir else part)
    return found


def check_not_running(workflow_id: str, run_dir: Path, report: Report) -> None:
    """Refuse to clean a running workflow; remove a stale contact file.

    Raises:
        ServiceFileError: the contact file names a live scheduler.
    """
    contact = read_contact_file(run_dir)
    if contact is None:
        return
    if scheduler_alive(contact):
        where = contact.host + (f':{contact.port}' if contact.port else '')
        raise ServiceFileError(
            f'Cannot clean running workflow {workflow_id}: it is running on'
            f' {where} (PID {contact.pid}); stop it first with'
            f' "cylc stop {workflow_id}"'
        )
    try:
        contact.path.unlink()
    except FileNotFoundError:
        return
    except OSError as exc:
        report(f'Failed to remove contact file for {workflow_id}: {exc}')
        return
    report(f'Removed contact file for {workflow_id} (workflow no longer running).')


def _rmtree(path: str) -> None:
    """``rm -rf``, making read-only directories writable on the way."""

    def retry(function: Callable[[str], object], failed: str, _exc: object) -> None:
        parent = os.path.dirname(failed)
        try:
            os.chmod(parent, os.stat(parent).st_mode | stat.S_IRWXU)
            if os.path.isdir(failed) and not os.path.islink(failed):
                os.chmod(failed, os.stat(failed).st_mode | stat.S_IRWXU)
                shutil.rmtree(failed)
            else:
                function(failed)
        except FileNotFoundError:
            return
        except OSError as exc:
            raise WorkflowFilesError(
                f'cannot remove {failed}: {exc.strerror}'
            ) from None

    if sys.version_info >= (3, 12):
        shutil.rmtree(path, onexc=retry)
    else:
        shutil.rmtree(path, onerror=retry)


def remove_dir_and_target(path: Path, report: Report = _ignore) -> None:
    """Remove a directory tree, and its target tree if it is a symlink."""
    if os.path.islink(path):
        if os.path.exists(path):
            target = os.path.realpath(path)
            report(
                f'Removing symlink and its target directory: {path} -> {target}'
            )
            if not os.path.isdir(target):
                raise WorkflowFilesError(f'not a directory: {target}')
            _rmtree(target)
        else:
            report(f'Removing broken symlink: {path}')
        os.remove(path)
        return
    if not os.path.lexists(path):
        return
    if not os.path.isdir(path):
        raise WorkflowFilesError(f'not a directory: {path}')
    report(f'Removing directory: {path}')
    _rmtree(str(path))


def remove_dir_or_file(path: Path, report: Report = _ignore) -> None:
    """Remove a file, symlink (not its target) or directory tree."""
    if os.path.islink(path):
        report(f'Removing symlink: {path}')
        os.remove(path)
    elif os.path.isfile(path) or (
        os.path.lexists(path) and not os.path.isdir(path)
    ):
        report(f'Removing file: {path}')
        os.remove(path)
    elif os.path.isdir(path):
        report(f'Removing directory: {path}')
        _rmtree(str(path))


def remove_empty_parents(path: Path, tail: Path, report: Report = _ignore) -> None:
    """Remove the empty parents of ``path`` that lie within ``tail``.

    ``remove_empty_parents(/a/b/x/y/z, x/y/z)`` tries ``/a/b/x/y`` then
    ``/a/b/x``, stopping at the first that is not empty.
    """
    depth = len(tail.parts) - 1
    for index in range(depth):
        parent = path.parents[index]
        if not parent.is_dir():
            continue
        try:
            parent.rmdir()
        except OSError:
            break
        report(f'Removing directory: {parent}')


def glob_in_run_dir(
    run_dir: Path, pattern: str, symlink_dirs: Iterable[Path]
) -> list[Path]:
    """Paths below ``run_dir`` matching a glob (``**`` recursive).

    Other symlinks are not followed, and a match inside another match is
    left out unless it is a symlinked directory (whose target must go too).
    """
    links = set(symlink_dirs)
    text = os.path.join(glob.escape(str(run_dir)), pattern)
    matches = sorted({Path(found) for found in glob.iglob(text, recursive=True)})
    chosen: list[Path] = []
    chosen_set: set[Path] = set()
    for path in matches:
        if not os.path.lexists(path) or path == run_dir:
            continue
        try:
            relative = path.relative_to(run_dir)
        except ValueError:
            continue
        keep = True
        ancestor = run_dir
        for part in relative.parts[:-1]:
            ancestor = ancestor / part
            if ancestor.is_symlink() and ancestor not in links:
                keep = False
                break
            if ancestor in chosen_set and path not in links:
                keep = False
                break
        if keep:
            chosen.append(path)
            chosen_set.add(path)
    return chosen


def _clean_glob(
    run_dir: Path, pattern: str, links: dict[str, Path], report: Report
) -> None:
    link_paths = sorted((run_dir / name for name in links if name), reverse=True)
    matches = glob_in_run_dir(run_dir, pattern, link_paths)
    if not matches:
        report(f"No files matching '{pattern}' in {run_dir}")
        return
    for link in link_paths:  # deepest first
        inside = link in matches or any(match in link.parents for match in matches)
        if inside and os.path.lexists(link):
            remove_dir_and_target(link, report)
    for path in matches:
        if os.path.lexists(path):
            remove_dir_or_file(path, report)


def clean_run(
    workflow_id: str,
    run_dir: Path,
    rm_dirs: set[str] | None = None,
    report: Report = _ignore,
) -> None:
    """Remove a stopped run (or, with ``rm_dirs``, the matching paths in it).

    Raises:
        WorkflowFilesError: a symlinked directory points somewhere unexpected.
    """
    links = existing_symlink_dirs(workflow_id, run_dir)
    if rm_dirs is not None:
        for pattern in sorted(rm_dirs):
            _clean_glob(run_dir, pattern, links, report)
    else:
        for name in links:  # deepest first; '' (the run dir) last
            if name:
                remove_dir_and_target(run_dir / name, report)
        remove_dir_and_target(run_dir, report)
    parent = run_dir.parent
    run_n = parent / RUN_N
    if (
        run_n.is_symlink()
        and not os.path.lexists(run_dir)
        and os.readlink(run_n) == run_dir.name
    ):
        run_n.unlink()
    install_dir = parent / INSTALL_DIR
    if install_dir.is_dir() and not os.path.lexists(run_dir):
        others = [entry for entry in os.listdir(parent) if entry != INSTALL_DIR]
        if not others:
            remove_dir_or_file(install_dir, report)
    remove_empty_parents(run_dir, Path(workflow_id), report)
    for name, target in links.items():
        remove_empty_parents(target, Path(workflow_id, name), report)
