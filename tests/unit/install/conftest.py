"""Fixtures for installation tests: a private HOME and global.cylc."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cylc_flow.config.global_config import GlobalConfig


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh HOME (so ``~/cylc-run`` is private) and an empty global.cylc."""
    home = tmp_path / 'home'
    home.mkdir()
    conf = tmp_path / 'conf'
    conf.mkdir()
    monkeypatch.setenv('HOME', str(home))
    monkeypatch.setenv('CYLC_CONF_PATH', str(conf))
    GlobalConfig.set_inst(None)
    yield home
    GlobalConfig.set_inst(None)


@pytest.fixture
def global_config(home: Path, tmp_path: Path) -> Callable[[str], None]:
    """Write ``global.cylc`` (read afresh by the next lookup)."""

    def write(text: str) -> None:
        (tmp_path / 'conf' / 'global.cylc').write_text(text)
        GlobalConfig.set_inst(None)

    return write


@pytest.fixture
def run_root(home: Path) -> Path:
    """``~/cylc-run``."""
    return home / 'cylc-run'


@pytest.fixture
def make_source(tmp_path: Path) -> Callable[..., Path]:
    """Create a source directory from ``{relative path: text}``."""

    def make(name: str = 'flow', files: dict[str, str] | None = None,
             parent: Path | None = None) -> Path:
        source = (parent or tmp_path / 'src') / name
        source.mkdir(parents=True)
        for relative, text in (files or {'flow.cylc': '# a workflow\n'}).items():
            path = source / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        return source

    return make
