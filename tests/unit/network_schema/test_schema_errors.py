"""Bad requests give one-line error messages, never tracebacks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cylc_flow.exceptions import CylcError
from cylc_flow.network.schema import SchemaContext, build_schema, execute

from .schema_helpers import query


def assert_clean(reply):
    for message in reply.get('errors', []):
        assert isinstance(message, str) and message
        assert 'Traceback' not in message and '\n' not in message


def test_a_syntax_error_gives_a_message(family_store):
    reply = query(family_store, '{ taskProxies { id ')
    assert reply['data'] is None
    assert reply['errors'][0].startswith('Syntax Error')
    assert_clean(reply)


def test_an_unknown_field_names_it(family_store):
    reply = query(family_store, '{ taskProxies { nope } }')
    assert "Cannot query field 'nope'" in reply['errors'][0]
    assert_clean(reply)


def test_an_unknown_sort_key_names_it(family_store):
    reply = query(family_store,
                  '{ taskProxies(sort: {keys: ["colour"]}) { id } }')
    assert reply['errors'] == [
        'The following sort keys are not in the schema: colour']


def test_a_malformed_id_names_it(family_store):
    reply = query(family_store, '{ taskProxies(ids: ["1/foo/bar/x"]) { id } }')
    assert reply['errors'] == ['invalid ID: 1/foo/bar/x']


def test_wrong_request_types_are_messages():
    schema = build_schema()
    assert execute(schema, 42) == {            # type: ignore[arg-type]
        'data': None, 'errors': ['the request must be a string']}
    assert execute(schema, '{ workflows { id } }', ['x'])['errors'] == [
        'variables must be an object']


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=20), max_size=3), st.text(max_size=10))
def test_any_ids_and_states_give_data_or_user_errors(family_store, ids,
                                                      state):
    text = '''query ($ids: [ID], $s: [String]) {
        taskProxies(ids: $ids, exids: $ids, states: $s) { id }
        jobs(ids: $ids) { id } tasks(ids: $ids) { id }
        workflows(ids: $ids) { id } nodesEdges(ids: $ids) { nodes { id } }
        edges(workflows: $ids) { id } }'''
    variables = {'ids': ids, 's': [state]}
    result = build_schema().execute(
        text, variable_values=variables,
        context_value=SchemaContext(stores={family_store.workflow_id:
                                            family_store}))
    for error in result.errors or []:  # user errors only, never a crash
        assert isinstance(error.original_error, CylcError), error
    assert_clean(query(family_store, text, variables))
