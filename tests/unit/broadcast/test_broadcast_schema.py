"""The broadcast mutation and the ``broadcasts`` field through the GraphQL
schema, queried the way Cylc 8's own ``cylc broadcast`` queries them."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from cylc_flow.scheduler.mutations.broadcast import broadcast
from cylc_flow.scripts.broadcast import MUTATION, reports
from tests.unit.broadcast.conftest import make_store
from tests.unit.network_schema.schema_helpers import (
    FAMILY_FLOW,
    data_of,
    store_after,
)

CYLC8_QUERY = '''
query ($wFlows: [ID], $nIds: [ID]) {
  workflows (ids: $wFlows) { id broadcasts (ids: $nIds) }
}
'''


@pytest.fixture(scope='module')
def data_store(tmp_path_factory):
    return store_after(tmp_path_factory.mktemp('bcast'), FAMILY_FLOW, 1)


def command_for(scheduler):
    def command(_workflow_id, name, args):
        assert name == 'broadcast'
        return broadcast(scheduler, args)
    return command


def mutate(data_store, scheduler, **variables):
    return data_of(data_store, MUTATION, variables={
        'wFlows': [data_store.workflow_id], **variables},
        command=command_for(scheduler))


def test_set_mutation_returns_cylc_8_modified_settings_and_bad_options(
        data_store):
    scheduler = SimpleNamespace(broadcasts=make_store())
    data = mutate(data_store, scheduler, bMode='Set', cPoints=['1', 'x'],
                  nSpaces=['foo', 'nope'],
                  bSettings=[{'environment': {'A': '1'}}, {'bogus': '2'}])
    (entry,) = data['broadcast']['result']
    assert entry['id'] == data_store.workflow_id
    assert entry['response'] == [
        [['1', 'foo', {'environment': {'A': '1'}}]],
        {'point_strings': ['x'], 'namespaces': ['nope'],
         'settings': [{'bogus': '2'}]}]


def test_cancel_mutation_lists_what_was_cancelled(data_store):
    scheduler = SimpleNamespace(broadcasts=make_store())
    scheduler.broadcasts.put(['*'], ['root'], ['script=true'])
    data = mutate(data_store, scheduler, bMode='Clear', cPoints=['*'],
                  nSpaces=['root'], bSettings=[{'script': None}])
    assert data['broadcast']['result'][0]['response'] == [
        [['*', 'root', {'script': 'true'}]], {}]


def test_client_words_the_structured_response_as_cylc_8_does(data_store):
    scheduler = SimpleNamespace(broadcasts=make_store())
    data = mutate(data_store, scheduler, bMode='Set', cPoints=['*'],
                  nSpaces=['root', 'nope'], bSettings=[{'script': 'true'}])
    assert reports(data, is_set=True) == [(
        'Broadcast set:\n+ [*/root] script=true',
        'Rejected broadcast: settings are not compatible with the workflow\n'
        '  --namespace=nope')]


def test_a_refused_request_keeps_the_success_message_shape(data_store):
    data = mutate(data_store, SimpleNamespace(broadcasts=make_store()),
                  bMode='Set', bSettings=[])
    assert data['broadcast']['result'][0]['response'] == [
        False, 'No valid settings to broadcast.']
    assert reports(data, is_set=True) == [
        ('', 'No valid settings to broadcast.')]


def test_other_commands_still_answer_success_and_message(data_store):
    data = data_of(data_store, 'mutation ($w: [WorkflowID]!) {'
                   ' pause (workflows: $w) { result } }',
                   variables={'w': [data_store.workflow_id]},
                   command=lambda *_: (1, 'Command queued'))
    assert data['pause']['result'][0]['response'] == [True, 'Command queued']


@pytest.fixture
def with_broadcasts(data_store):
    data_store.set_broadcasts({
        '*': {'root': {'script': 'r'}, 'FAM': {'script': 'f'},
              'bar': {'script': 'b'}},
        '1': {'a': {'script': 'a1'}, 'foo': {'script': 'foo1'}},
        '2': {'a': {'script': 'a2'}},
    })
    yield data_store
    data_store.set_broadcasts({})


def broadcasts_for(data_store, *ids):
    data = data_of(data_store, CYLC8_QUERY, variables={
        'wFlows': [data_store.workflow_id], 'nIds': list(ids)})
    return data['workflows'][0]['broadcasts']


def test_task_id_filter_includes_the_tasks_families_and_root(with_broadcasts):
    assert broadcasts_for(with_broadcasts, '1/a') == {
        '*': {'root': {'script': 'r'}, 'FAM': {'script': 'f'}},
        '1': {'a': {'script': 'a1'}}}


def test_task_id_filter_leaves_out_other_cycles_and_unrelated_tasks(
        with_broadcasts):
    assert broadcasts_for(with_broadcasts, '2/bar') == {
        '*': {'root': {'script': 'r'}, 'bar': {'script': 'b'}}}


def test_cycle_star_means_the_all_point_entries_as_cylc_8(with_broadcasts):
    assert broadcasts_for(with_broadcasts, '*/a') == {
        '*': {'root': {'script': 'r'}, 'FAM': {'script': 'f'}}}


def test_cycle_and_task_globs(with_broadcasts):
    assert broadcasts_for(with_broadcasts, '[12]/[ab]') == {
        '*': {'root': {'script': 'r'}, 'FAM': {'script': 'f'}},
        '1': {'a': {'script': 'a1'}}, '2': {'a': {'script': 'a2'}}}


def test_unknown_task_gets_nothing_and_no_ids_gets_everything(
        with_broadcasts):
    assert broadcasts_for(with_broadcasts, '1/nosuch') == {}
    assert set(broadcasts_for(with_broadcasts)) == {'*', '1', '2'}
