"""Record the source's version control state: ``log/version/vcs.json``.

As Cylc 8's built-in post-install step: for a git repository or svn working
copy, write what it is (version, commit or revision, status lines) and the
uncommitted changes (``log/version/uncommitted.diff``).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any, Protocol

VERSION_DIR = 'log/version'
INFO_FILE = 'vcs.json'
DIFF_FILE = 'uncommitted.diff'
_TIMEOUT = 60
_SVN_KEYS = ('revision', 'url', 'working copy root path', 'repository uuid')


class _Log(Protocol):
    def info(self, message: str) -> None: ...

    def warning(self, message: str) -> None: ...


def _run(command: list[str], cwd: Path) -> str | None:
    """Stdout of a command, or None if it failed or is not installed."""
    try:
        done = subprocess.run(
            command, cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True,
            text=True, timeout=_TIMEOUT, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _repository_kind(source: Path) -> str | None:
    """'git' or 'svn' if the source lies in a working copy, else None."""
    for directory in (source, *source.parents):
        if (directory / '.git').exists():
            return 'git'
        if (directory / '.svn').is_dir():
            return 'svn'
    return None


def _status_lines(text: str | None) -> list[str]:
    return (text or '').rstrip('\n').split('\n')


def vcs_info(source: Path) -> tuple[dict[str, Any], str] | None:
    """``(info, diff)`` for a git or svn source, else None."""
    kind = _repository_kind(source)
    if kind == 'git':
        described = _run(['git', 'describe', '--always', '--dirty'], source)
        if described is None and _run(['git', 'status', '--short'], source) is None:
            return None
        info: dict[str, Any] = {'version control system': 'git'}
        if described is not None:
            info['repository version'] = described.splitlines()[0]
            commit = _run(['git', 'rev-parse', 'HEAD'], source) or ''
            info['commit'] = commit.splitlines()[0] if commit else ''
        info['working copy root path'] = str(source)
        info['status'] = _status_lines(_run(['git', 'status', '--short'], source))
        diff = _run(['git', 'diff', 'HEAD', str(source)], source) or ''
        return info, diff
    if kind == 'svn':
        text = _run(['svn', 'info', '--non-interactive'], source)
        if text is None:
            return None
        info = {'version control system': 'svn'}
        for line in text.splitlines():
            key, colon, value = line.partition(':')
            if colon and key.strip().lower() in _SVN_KEYS:
                info[key.strip().lower()] = value.strip()
        info['status'] = _status_lines(
            _run(['svn', 'status', '--non-interactive'], source)
        )
        diff = _run(['svn', 'diff', '--internal-diff', '--non-interactive',
                     str(source)], source) or ''
        return info, diff
    return None


def record_vcs_info(source: Path, run_dir: Path, log: _Log) -> bool:
    """Write ``vcs.json`` and ``uncommitted.diff``; False if not a repository."""
    found = vcs_info(source)
    if found is None:
        return False
    info, diff = found
    version_dir = run_dir / VERSION_DIR
    try:
        version_dir.mkdir(parents=True, exist_ok=True)
        (version_dir / INFO_FILE).write_text(json.dumps(info, indent=4) + '\n')
        (version_dir / DIFF_FILE).write_text(
            '# Auto-generated diff of uncommitted changes in the Cylc workflow'
            f' repository:\n#   {source}\n{diff}'
        )
    except OSError as exc:
        log.warning(f'cannot record version control info: {exc}')
        return False
    log.info(f"{info['version control system']} repository detected")
    return True
