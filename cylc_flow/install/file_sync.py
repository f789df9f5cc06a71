"""Copy a source tree into a run directory, as ``rsync -a --checksum`` would.

Files are compared by content (not time); symlinks are copied as symlinks;
permissions are kept; excluded paths are neither copied nor, when deleting,
removed from the destination.  Each change is reported as rsync's
``%o %n%L`` output line: ``send flow.cylc``, ``send bin/``,
``send link -> target``, ``del. old-file``.
"""

from __future__ import annotations

import os
import shutil
import stat
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from cylc_flow.install.ignore_rules import PathFilter

_CHUNK = 1 << 20

SEND = 'send'
DELETE = 'del.'


@dataclass(frozen=True, slots=True)
class Change:
    """One added, updated or deleted path (directories end with ``/``)."""

    action: str  # SEND or DELETE
    path: str
    link_target: str | None = None

    def __str__(self) -> str:
        if self.link_target is not None:
            return f'{self.action} {self.path} -> {self.link_target}'
        return f'{self.action} {self.path}'


@dataclass(slots=True)
class SyncResult:
    """What a copy did (or, in a dry run, would do)."""

    changes: list[Change] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _same_content(first: str, second: str) -> bool:
    with open(first, 'rb') as one, open(second, 'rb') as two:
        while True:
            chunk = one.read(_CHUNK)
            if chunk != two.read(_CHUNK):
                return False
            if not chunk:
                return True


def _kind(entry: os.DirEntry[str] | None) -> str | None:
    """'link', 'dir', 'file', 'other' or None (absent)."""
    if entry is None:
        return None
    try:
        if entry.is_symlink():
            return 'link'
        if entry.is_dir(follow_symlinks=False):
            return 'dir'
        if entry.is_file(follow_symlinks=False):
            return 'file'
    except OSError:
        return 'other'
    return 'other'


def _scan(directory: str) -> dict[str, os.DirEntry[str]]:
    with os.scandir(directory) as entries:
        return {entry.name: entry for entry in entries}


class _Syncer:
    """One copy run; holds the options so the recursion stays small."""

    __slots__ = ('delete', 'dry_run', 'filter', 'result')

    def __init__(
        self, path_filter: PathFilter, delete: bool, dry_run: bool
    ) -> None:
        self.filter = path_filter
        self.delete = delete
        self.dry_run = dry_run
        self.result = SyncResult()

    def _error(self, action: str, path: str, exc: OSError) -> None:
        self.result.errors.append(f'{action} {path}: {exc.strerror or exc}')

    def _remove(self, path: str, kind: str | None, relative: str) -> None:
        """Remove a destination path, reporting every deleted item."""
        if kind == 'dir':
            try:
                children = sorted(_scan(path).items())
            except OSError as exc:
                self._error('cannot read', path, exc)
                return
            for name, entry in children:
                self._remove(entry.path, _kind(entry), f'{relative}/{name}')
            self.result.changes.append(Change(DELETE, relative + '/'))
            if not self.dry_run:
                try:
                    os.rmdir(path)
                except OSError as exc:
                    self._error('cannot delete', path, exc)
            return
        self.result.changes.append(Change(DELETE, relative))
        if not self.dry_run:
            try:
                os.unlink(path)
            except OSError as exc:
                self._error('cannot delete', path, exc)

    def _clear_way(self, path: str, kind: str | None, relative: str) -> None:
        """Remove what is in the way of a different kind of item."""
        if kind is None or self.dry_run:
            return
        try:
            if kind == 'dir':
                shutil.rmtree(path)
            else:
                os.unlink(path)
        except OSError as exc:
            self._error('cannot replace', relative, exc)

    def sync(self, source: str, dest: str | None, relative: str) -> None:
        """Bring ``dest`` (None: absent) in line with ``source``."""
        try:
            source_entries = _scan(source)
        except OSError as exc:
            self._error('cannot read', source, exc)
            return
        dest_entries: dict[str, os.DirEntry[str]] = {}
        if dest is not None:
            try:
                dest_entries = _scan(dest)
            except OSError as exc:
                self._error('cannot read', dest, exc)
                return
        prefix = f'{relative}/' if relative else ''
        excluded = self.filter.excluded
        if self.delete:
            for name in sorted(dest_entries.keys() - source_entries.keys()):
                entry = dest_entries[name]
                kind = _kind(entry)
                if not excluded(prefix + name, kind == 'dir'):
                    self._remove(entry.path, kind, prefix + name)
        for name in sorted(source_entries):
            entry = source_entries[name]
            kind = _kind(entry)
            path = prefix + name
            if kind == 'other' or excluded(path, kind == 'dir'):
                continue
            existing = dest_entries.get(name)
            existing_kind = _kind(existing)
            if existing is not None and excluded(path, existing_kind == 'dir'):
                continue
            dest_path = os.path.join(dest, name) if dest is not None else None
            if kind == 'link':
                self._sync_link(entry, existing, existing_kind, dest_path, path)
            elif kind == 'dir':
                self._sync_dir(entry, existing, existing_kind, dest_path, path)
            else:
                self._sync_file(entry, existing, existing_kind, dest_path, path)

    def _sync_link(
        self,
        entry: os.DirEntry[str],
        existing: os.DirEntry[str] | None,
        existing_kind: str | None,
        dest_path: str | None,
        path: str,
    ) -> None:
        try:
            target = os.readlink(entry.path)
        except OSError as exc:
            self._error('cannot read link', entry.path, exc)
            return
        if existing_kind == 'link' and existing is not None:
            with suppress(OSError):
                if os.readlink(existing.path) == target:
                    return
        self.result.changes.append(Change(SEND, path, target))
        if self.dry_run or dest_path is None:
            return
        self._clear_way(dest_path, existing_kind, path)
        try:
            os.symlink(target, dest_path)
        except OSError as exc:
            self._error('cannot link', path, exc)

    def _sync_dir(
        self,
        entry: os.DirEntry[str],
        existing: os.DirEntry[str] | None,
        existing_kind: str | None,
        dest_path: str | None,
        path: str,
    ) -> None:
        if existing_kind == 'dir' and existing is not None:
            self._copy_mode(entry, existing.path, path)
            self.sync(entry.path, existing.path, path)
            return
        self.result.changes.append(Change(SEND, path + '/'))
        if self.dry_run or dest_path is None:
            self.sync(entry.path, None, path)
            return
        self._clear_way(dest_path, existing_kind, path)
        try:
            os.mkdir(dest_path)
        except OSError as exc:
            self._error('cannot make directory', path, exc)
            return
        self._copy_mode(entry, dest_path, path)
        self.sync(entry.path, dest_path, path)

    def _sync_file(
        self,
        entry: os.DirEntry[str],
        existing: os.DirEntry[str] | None,
        existing_kind: str | None,
        dest_path: str | None,
        path: str,
    ) -> None:
        try:
            source_stat = entry.stat(follow_symlinks=False)
        except OSError as exc:
            self._error('cannot read', entry.path, exc)
            return
        if existing_kind == 'file' and existing is not None:
            try:
                same = (
                    existing.stat(follow_symlinks=False).st_size
                    == source_stat.st_size
                    and _same_content(entry.path, existing.path)
                )
            except OSError as exc:
                self._error('cannot compare', path, exc)
                return
            if same:
                self._copy_mode(entry, existing.path, path)
                return
        self.result.changes.append(Change(SEND, path))
        if self.dry_run or dest_path is None:
            return
        mode = stat.S_IMODE(source_stat.st_mode)
        if existing_kind is None:
            try:
                shutil.copyfile(entry.path, dest_path, follow_symlinks=False)
                os.chmod(dest_path, mode)
            except OSError as exc:
                self._error('cannot copy', path, exc)
            return
        if existing_kind != 'file':
            self._clear_way(dest_path, existing_kind, path)
        temporary = os.path.join(
            os.path.dirname(dest_path), f'.{os.path.basename(dest_path)}.cylc-tmp'
        )
        try:
            shutil.copyfile(entry.path, temporary, follow_symlinks=False)
            os.chmod(temporary, mode)
            os.replace(temporary, dest_path)
        except OSError as exc:
            self._error('cannot copy', path, exc)
            with suppress(FileNotFoundError):
                os.unlink(temporary)

    def _copy_mode(self, entry: os.DirEntry[str], dest_path: str, path: str) -> None:
        if self.dry_run:
            return
        try:
            mode = stat.S_IMODE(entry.stat(follow_symlinks=False).st_mode)
            if stat.S_IMODE(os.stat(dest_path, follow_symlinks=False).st_mode) != mode:
                os.chmod(dest_path, mode)
        except OSError as exc:
            self._error('cannot set permissions of', path, exc)


def sync_tree(
    source: Path,
    dest: Path,
    path_filter: PathFilter,
    *,
    delete: bool = False,
    dry_run: bool = False,
) -> SyncResult:
    """Copy ``source/`` into ``dest/`` (which need not exist in a dry run).

    Args:
        source: the source directory.
        dest: the destination directory.
        path_filter: decides which relative paths are skipped (and kept).
        delete: remove destination paths that are not in the source.
        dry_run: change nothing; only report what would change.
    """
    syncer = _Syncer(path_filter, delete, dry_run)
    dest_text = str(dest) if dest.is_dir() else None
    if dest_text is None and not dry_run:
        dest.mkdir(parents=True, exist_ok=True)
        dest_text = str(dest)
    syncer.sync(str(source), dest_text, '')
    return syncer.result
