"""The echo xtrigger: print arguments, succeed as told."""

from __future__ import annotations

import pytest

from cylc_flow.exceptions import WorkflowConfigError
from cylc_flow.xtriggers.echo import echo, validate


def test_echo_returns_succeed_and_the_kwargs(capsys):
    assert echo('Breakfast', succeed=True, egg='poached') == (
        True, {'succeed': True, 'egg': 'poached'}
    )
    out = capsys.readouterr().out
    assert "echo: ARGS: ('Breakfast',)" in out
    assert "echo: KWARGS: {'succeed': True, 'egg': 'poached'}" in out


def test_echo_can_report_not_satisfied():
    assert echo(succeed=False) == (False, {'succeed': False})


def test_validate_requires_a_boolean_succeed():
    validate({'args': (1,), 'kwargs': {'succeed': False}})
    for kwargs in ({}, {'succeed': 'yes'}, {'succeed': 1}):
        with pytest.raises(WorkflowConfigError, match="Requires 'succeed=True/False'"):
            validate({'args': (), 'kwargs': kwargs})
