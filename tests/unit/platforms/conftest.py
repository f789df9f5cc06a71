"""Build a GlobalConfig from global.cylc text (never the real files)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cylc_flow.config.global_config import GlobalConfig


@pytest.fixture
def global_config(tmp_path: Path) -> Callable[[str], GlobalConfig]:
    """Return a function: global.cylc text -> loaded GlobalConfig."""
    counter = iter(range(1_000_000))

    def load(*texts: str) -> GlobalConfig:
        paths = []
        for text in texts:
            path = tmp_path / f'global{next(counter)}.cylc'
            path.write_text(text)
            paths.append(path)
        return GlobalConfig.load_files(paths)

    return load
