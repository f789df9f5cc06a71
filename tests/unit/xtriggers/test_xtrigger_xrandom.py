"""The xrandom xtrigger: random success with results, and its checks."""

from __future__ import annotations

import pytest

from cylc_flow.exceptions import WorkflowConfigError
from cylc_flow.xtriggers import xrandom as module
from cylc_flow.xtriggers.xrandom import COLORS, SIZES, validate, xrandom


def test_zero_percent_never_succeeds():
    assert xrandom(0) == (False, {})


def test_hundred_percent_always_succeeds_with_color_and_size():
    for _ in range(20):
        satisfied, results = xrandom(100, 0)
        assert satisfied is True
        assert results['COLOR'] in COLORS
        assert results['SIZE'] in SIZES


def test_success_follows_the_random_draw(monkeypatch):
    monkeypatch.setattr(module, 'random', lambda: 0.3)
    assert xrandom(15.5) == (False, {})
    monkeypatch.setattr(module, 'random', lambda: 0.1)
    monkeypatch.setattr(module, 'randint', lambda low, high: 1)
    assert xrandom('15.5', '0', 'anything') == (
        True, {'COLOR': 'orange', 'SIZE': 'small'}
    )


def test_it_sleeps_for_secs(monkeypatch):
    slept = []
    monkeypatch.setattr(module, 'sleep', slept.append)
    xrandom(0, 3)
    assert slept == [3.0]


@pytest.mark.parametrize('percent', [0, 50, 99.5, 100])
def test_validate_accepts_percentages(percent):
    validate({'percent': percent, 'secs': 0, '_': None})


@pytest.mark.parametrize('percent', [-1, 100.1, 'half', True, None])
def test_validate_rejects_bad_percent(percent):
    with pytest.raises(WorkflowConfigError, match="'percent' should be a float"):
        validate({'percent': percent, 'secs': 0, '_': None})


@pytest.mark.parametrize('secs', [-1, 1.5, 'ten', False])
def test_validate_rejects_bad_secs(secs):
    with pytest.raises(WorkflowConfigError, match="'secs' should be"):
        validate({'percent': 50, 'secs': secs, '_': None})
