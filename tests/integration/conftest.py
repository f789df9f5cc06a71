"""Fixtures for the in-process scheduler tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from restart_helpers import WORKFLOW, make_run_dir

from cylc_flow.config.global_config import GlobalConfig


@pytest.fixture
def new_run_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                ) -> Iterator[Callable[..., Path]]:
    """Make run directories (:func:`restart_helpers.make_run_dir`): call
    with the flow.cylc text and optionally ``name=``; the global config is
    reset afterwards."""

    def make(flow: str, name: str = WORKFLOW) -> Path:
        return make_run_dir(tmp_path, monkeypatch, flow, name=name)

    yield make
    GlobalConfig.set_inst(None)
