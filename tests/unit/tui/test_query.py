"""Tui's queries are valid against the scheduler's schema."""

from __future__ import annotations

import pytest
from graphql import parse, validate

from cylc_flow.network.schema import build_schema
from cylc_flow.tui.query import STATUS_QUERY, WORKFLOW_QUERY


@pytest.mark.parametrize('query', [WORKFLOW_QUERY, STATUS_QUERY])
def test_query_validates_against_the_schema(query):
    assert validate(build_schema().graphql_schema, parse(query)) == []


def test_workflow_query_asks_for_what_the_tree_draws():
    for name in ('taskProxies', 'familyProxies', 'cyclePoints: familyProxies',
                 'firstParent', 'jobs(sort', 'stateTotals', 'isHeld',
                 'submitNum'):
        assert name in WORKFLOW_QUERY
