"""Fixtures shared by every test folder."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

import pytest
from project_paths import cylc_command

# Schedulers build the native message sender into $XDG_CACHE_HOME/cylc:
# once for the session (and its xdist workers), not once per test HOME.
os.environ.setdefault('XDG_CACHE_HOME', str(
    Path(tempfile.gettempdir()) / f'cylc-tests-cache-{os.getuid()}'))


@pytest.fixture
def isolated_env(tmp_path: Path) -> dict[str, str]:
    """An environment with its own HOME and an empty global config."""
    home = tmp_path / 'home'
    home.mkdir()
    conf = tmp_path / 'global-conf'
    conf.mkdir()
    env = dict(os.environ)
    env.update({'HOME': str(home), 'CYLC_CONF_PATH': str(conf)})
    env.pop('CYLC_DEBUG', None)
    return env


@pytest.fixture
def run_cylc(isolated_env: dict[str, str], tmp_path: Path):
    """Run ``cylc ARGS`` in a subprocess; return the CompletedProcess."""

    def run(*args: str, env: dict[str, str] | None = None,
            cwd: Path | None = None, stdin: str | None = None):
        return subprocess.run(
            [*cylc_command(), *args],
            env={**isolated_env, **(env or {})},
            cwd=cwd or tmp_path,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
        )

    return run


@pytest.fixture
def flow(tmp_path: Path):
    """Write a flow.cylc into a fresh directory; return the directory."""
    counter = iter(range(1000))

    def write(text: str, name: str = 'flow.cylc') -> Path:
        directory = tmp_path / f'workflow{next(counter)}'
        directory.mkdir()
        (directory / name).write_text(text)
        return directory

    return write


def _atd_running() -> bool:
    result = subprocess.run(['pgrep', '-x', 'atd'], capture_output=True,
                            check=False)
    return result.returncode == 0


@pytest.fixture(scope='session')
def atd_daemon():
    """A running atd: started here (and stopped by PID) if not already up."""
    import shutil
    import time

    if shutil.which('at') is None or shutil.which('atd') is None:
        pytest.fail('at/atd are not installed: run etc/dev/services.sh')
    if _atd_running():
        yield
        return
    process = subprocess.Popen(['atd', '-f'], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while not _atd_running() and time.monotonic() < deadline:
        time.sleep(0.05)
    yield
    if process.poll() is None:
        process.terminate()
        process.wait(timeout=10)
