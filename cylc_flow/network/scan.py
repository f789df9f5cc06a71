"""Finding workflows on the file system: ``~/cylc-run`` and source dirs.

The walk is a cheap breadth-first ``os.scandir`` that stops at the first
directory holding a flow file (workflows do not nest) and never enters the
directories a run keeps its files in (``log``, ``share``, ``work``,
``.service``, ``_cylc-install``, ``runN``)::

    async for flow in scan():
        print(flow['name'])

Each workflow is a plain dict (``name``, ``path``); :func:`contact_info`
adds the contact file fields (``CYLC_WORKFLOW_HOST``...) of a running one,
the same shape ``cylc scan -t json`` prints and the UI Server consumes.
"""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import AsyncIterator, Iterable, Iterator
from pathlib import Path
from typing import Any

from cylc_flow.exceptions import InputError
from cylc_flow.network.contact import contact_file_path

FLOW_FILE = 'flow.cylc'
SUITE_RC = 'suite.rc'
DEFAULT_MAX_DEPTH = 4

#: Directories a scan never enters (a run's own files, links and installs).
SKIP_DIRS = frozenset({
    '_cylc-install', '.service', 'runN', 'log', 'share', 'work', 'source',
})

#: What ``flow['status']`` may be (Cylc 8's workflow states).
WORKFLOW_STATES = ('running', 'paused', 'stopping', 'stopped')
ACTIVE_STATES = frozenset({'running', 'paused', 'stopping'})

# a workflow entry whose yield lets other coroutines run after every N dirs
_YIELD_EVERY = 64


def dir_is_flow(path: str, names: set[str]) -> bool | None:
    """Whether a directory listing is a workflow Cylc 8 can run.

    None for a Cylc 7 suite that Cylc 7 has run (not one for us).
    """
    if FLOW_FILE in names:
        return True
    if SUITE_RC not in names:
        return False
    if 'log' in names:
        log = os.path.join(path, 'log')
        if (os.path.exists(os.path.join(log, 'suite', 'log'))
                and not os.path.exists(os.path.join(log, 'scheduler'))):
            return None
    return True


def _listing(path: str) -> tuple[set[str], list[tuple[str, str]]]:
    """The names in a directory and its sub-directories worth entering."""
    names: set[str] = set()
    subdirs: list[tuple[str, str]] = []
    try:
        with os.scandir(path) as entries:
            for entry in entries:
                names.add(entry.name)
                if entry.name in SKIP_DIRS or entry.name.startswith('.'):
                    continue
                try:
                    if entry.is_dir():  # follows links, as Cylc 8 does
                        subdirs.append((entry.name, entry.path))
                except OSError:
                    continue
    except (FileNotFoundError, NotADirectoryError, PermissionError):
        return set(), []
    except OSError:
        return set(), []
    return names, subdirs


def walk_workflows(
    run_dir: Path | str | None = None,
    scan_dir: Path | str | None = None,
    max_depth: int | None = None,
) -> Iterator[tuple[str, Path]]:
    """Yield ``(name, path)`` of every workflow below ``scan_dir``.

    Args:
        run_dir: names are given relative to this (default ``~/cylc-run``).
        scan_dir: where to look (default ``run_dir``).
        max_depth: directory levels to descend (1 = top-level names only).
    """
    root = Path(run_dir) if run_dir else _cylc_run_dir()
    start = Path(scan_dir) if scan_dir else root
    depth_limit = DEFAULT_MAX_DEPTH if max_depth is None else max_depth
    names, subdirs = _listing(str(start))
    if start != root and dir_is_flow(str(start), names):
        return  # the scan dir is itself a workflow: nothing below it
    prefix = os.path.relpath(start, root)
    prefix = '' if prefix == '.' else prefix + '/'
    level = [(prefix + name, path) for name, path in subdirs]
    depth = 1
    while level and depth <= depth_limit:
        deeper: list[tuple[str, str]] = []
        for name, path in sorted(level):
            names, children = _listing(path)
            found = dir_is_flow(path, names)
            if found:
                yield name, Path(path)
            elif found is False and depth < depth_limit:
                deeper.extend((f'{name}/{child}', child_path)
                              for child, child_path in children)
        level = deeper
        depth += 1


def running_workflows(run_dir: Path | str | None = None) -> list[str]:
    """Names of the workflows under ``run_dir`` that have a contact file."""
    return [name for name, path in walk_workflows(run_dir)
            if os.path.exists(contact_file_path(path))]


def _cylc_run_dir() -> Path:
    from cylc_flow.workflow_paths import cylc_run_dir

    return cylc_run_dir()


def configured_max_depth() -> int:
    """``global.cylc[install]max depth`` (4 if the config cannot be read)."""
    try:
        from cylc_flow.config.global_config import GlobalConfig

        value = GlobalConfig.get_inst().get(['install', 'max depth'])
    except Exception:  # a broken global config must not break a scan
        return DEFAULT_MAX_DEPTH
    return value if isinstance(value, int) and value > 0 else DEFAULT_MAX_DEPTH


def configured_source_dirs() -> list[Path]:
    """``global.cylc[install]source dirs``, with ``~`` expanded."""
    from cylc_flow.config.global_config import GlobalConfig

    dirs = GlobalConfig.get_inst().get(['install', 'source dirs']) or []
    return [Path(os.path.expanduser(str(item))) for item in dirs]


async def scan(
    run_dir: Path | str | None = None,
    scan_dir: Path | str | None = None,
    max_depth: int | None = None,
) -> AsyncIterator[dict[str, Any]]:
    """Yield ``{'name': ..., 'path': ...}`` for each workflow found."""
    if max_depth is None:
        max_depth = configured_max_depth()
    for count, (name, path) in enumerate(
            walk_workflows(run_dir, scan_dir, max_depth), 1):
        yield {'name': name, 'path': path}
        if count % _YIELD_EVERY == 0:
            await asyncio.sleep(0)


async def scan_multi(
    dirs: Iterable[Path], max_depth: int | None = None
) -> AsyncIterator[dict[str, Any]]:
    """Workflows in several directories (source dirs); names are full paths."""
    for directory in dirs:
        async for flow in scan(directory, directory, max_depth):
            flow['name'] = str(Path(directory, flow['name']))
            yield flow


def name_filter(patterns: Iterable[str]) -> re.Pattern[str]:
    """One regex matching a name (from its start) if any pattern does."""
    texts = list(patterns)
    try:
        return re.compile('|'.join(f'(?:{text})' for text in texts))
    except re.error as exc:
        raise InputError(f'--name: invalid regular expression: {exc}') from None


def contact_info(flow: dict[str, Any]) -> bool:
    """Add the contact file of a workflow to its dict; False if none.

    Sets ``flow['contact']`` (the file) and its ``KEY=value`` fields.  An
    unreadable or malformed file counts as no contact file.
    """
    from cylc_flow.exceptions import CylcError
    from cylc_flow.network.contact import load_contact

    try:
        fields = load_contact(flow['path'])
    except CylcError:
        return False
    flow['contact'] = Path(contact_file_path(flow['path']))
    flow.update(fields)
    return True


def scheduler_gone(flow: dict[str, Any]) -> bool:
    """Cheap test: the contact file names a local PID that no longer exists."""
    from cylc_flow.network.client_contact import pid_is_gone
    from cylc_flow.network.contact import HOST, PID

    try:
        pid = int(flow.get(PID, ''))
    except ValueError:
        return True
    return pid <= 0 or pid_is_gone(flow, flow.get(HOST, '') or 'localhost')


def remove_stale_contact(flow: dict[str, Any]) -> bool:
    """Remove the contact file of a workflow whose scheduler has gone."""
    from cylc_flow.exceptions import CylcError
    from cylc_flow.network.contact import remove_contact

    try:
        return remove_contact(flow['path'])
    except CylcError:
        return False
