"""Clean a workflow on the remote install targets its jobs ran on.

The platforms come from the workflow database (``.service/db``); for each
install target other than localhost's, ``cylc clean --local-only`` runs over
SSH on one of its platforms (the next platform is tried if SSH fails).
"""

from __future__ import annotations

import random
import shlex
import sqlite3
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cylc_flow.exceptions import CylcError, PlatformLookupError, WorkflowFilesError
from cylc_flow.install.layout import SERVICE_DB, SERVICE_DIR

Report = Callable[[str], None]
SSH_FAILED = 255


def database_path(run_dir: Path) -> Path:
    """``<run_dir>/.service/db``."""
    return run_dir / SERVICE_DIR / SERVICE_DB


def platforms_from_db(run_dir: Path) -> set[str]:
    """The platforms that jobs of this run were submitted to."""
    path = database_path(run_dir)
    try:
        connection = sqlite3.connect(f'file:{path}?mode=ro', uri=True)
    except sqlite3.Error as exc:
        raise WorkflowFilesError(f'cannot open {path}: {exc}') from None
    try:
        rows = connection.execute(
            'SELECT DISTINCT platform_name FROM task_jobs'
        ).fetchall()
    except sqlite3.Error as exc:
        raise WorkflowFilesError(
            f'cannot read platforms from {path}: {exc}'
        ) from None
    finally:
        connection.close()
    return {row[0] or 'localhost' for row in rows}


def timeout_seconds(text: str) -> float:
    """``--timeout``: seconds, or an ISO 8601 duration such as ``PT2M``."""
    try:
        return float(text)
    except ValueError:
        pass
    try:
        from metomi.isodatetime.parsers import DurationParser

        return float(DurationParser().parse(text).get_seconds())
    except Exception:  # the parser raises its own error types
        raise WorkflowFilesError(
            f'invalid --timeout: {text} (seconds or an ISO 8601 duration)'
        ) from None


def remote_clean_command(
    platform: dict[str, Any], workflow_id: str, rm_dirs: list[str] | None
) -> list[str]:
    """``ssh HOST cylc clean --local-only --no-scan ID`` for a platform."""
    from cylc_flow.platforms import select_host

    cylc = 'cylc'
    if platform.get('cylc path'):
        cylc = f"{platform['cylc path'].rstrip('/')}/cylc"
    remote = [cylc, 'clean', '--local-only', '--no-scan', workflow_id]
    for item in rm_dirs or []:
        remote += ['--rm', item]
    text = shlex.join(remote)
    command = shlex.split(platform.get('ssh command') or 'ssh')
    command.append(select_host(platform))
    if platform.get('use login shell', True):
        command += ['bash', '--login', '-c', shlex.quote(text)]
    else:
        command.append(text)
    return command


def remote_clean(
    workflow_id: str,
    platform_names: set[str],
    timeout: float,
    rm_dirs: list[str] | None,
    report: Report,
) -> None:
    """Run the remote cleans concurrently; raise if any install target fails."""
    from cylc_flow.config.global_config import GlobalConfig
    from cylc_flow.platforms import (
        get_install_target_to_platforms_map,
        get_localhost_install_target,
    )

    config = GlobalConfig.get_inst()
    try:
        targets = get_install_target_to_platforms_map(platform_names, config)
    except PlatformLookupError as exc:
        raise PlatformLookupError(
            f'Cannot clean {workflow_id} on remote platforms as the workflow'
            f' database is out of date/inconsistent with the global config'
            f' - {exc}'
        ) from None
    local_target = get_localhost_install_target(config)
    running: list[tuple[str, list[dict[str, Any]], subprocess.Popen[str]]] = []
    for target, platforms in targets.items():
        if target == local_target:
            continue
        random.shuffle(platforms)
        report(f'Cleaning {workflow_id} on install target: {target}')
        process = _start(platforms[0], workflow_id, rm_dirs)
        running.append((target, platforms, process))
    failed: list[str] = []
    deadline = time.monotonic() + timeout
    while running:
        target, platforms, process = running.pop(0)
        if process.poll() is None:
            if time.monotonic() > deadline:
                process.kill()
                process.wait()
                failed.append(f'{target} (timed out after {timeout:g}s)')
                continue
            running.append((target, platforms, process))
            time.sleep(0.05)
            continue
        out, err = process.communicate()
        if out.strip():
            report(f'[{target}]\n{out.rstrip()}')
        if process.returncode == 0:
            continue
        platforms.pop(0)
        if process.returncode == SSH_FAILED and platforms:
            retry = _start(platforms[0], workflow_id, rm_dirs)
            running.append((target, platforms, retry))
            continue
        failed.append(f'{target} (exit {process.returncode}: {err.strip()})')
    if failed:
        for item in failed:
            report(f'Could not clean {workflow_id} on install target: {item}')
        raise CylcError(f'Remote clean failed for {workflow_id}')


def _start(
    platform: dict[str, Any], workflow_id: str, rm_dirs: list[str] | None
) -> subprocess.Popen[str]:
    command = remote_clean_command(platform, workflow_id, rm_dirs)
    return subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )
