"""Stores shared by the schema tests (built once per module)."""

from __future__ import annotations

import pytest

from .schema_helpers import FAMILY_FLOW, store_after


@pytest.fixture(scope='module')
def family_store(tmp_path_factory):
    """After one turn: x/foo succeeded (job 01), x/a and x/b preparing,
    x/bar waiting, for cycles 1 and 2."""
    return store_after(tmp_path_factory.mktemp('family'), FAMILY_FLOW, 1)
