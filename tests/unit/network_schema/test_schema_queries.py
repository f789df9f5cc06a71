"""Queries in Cylc 8's style against stores built from small flows."""

from __future__ import annotations

from cylc_flow.network.schema import SchemaContext, build_schema, execute

from .schema_helpers import FAMILY_FLOW, data_of, query, store_after

PREFIX = '~alice/test/run1//'


def ids(items):
    return sorted(item['id'] for item in items)


def test_task_proxies_filtered_by_state_show_their_fields(family_store):
    data = data_of(family_store, '''{ taskProxies(states: ["waiting"]) {
        id name cyclePoint state isHeld } }''')
    assert sorted(data['taskProxies'], key=lambda item: item['id']) == [
        {'id': f'{PREFIX}1/bar', 'name': 'bar', 'cyclePoint': '1',
         'state': 'waiting', 'isHeld': False},
        {'id': f'{PREFIX}2/bar', 'name': 'bar', 'cyclePoint': '2',
         'state': 'waiting', 'isHeld': False},
    ]


def test_exstates_leave_out_those_states(family_store):
    data = data_of(family_store, '''{ taskProxies(
        exstates: ["waiting", "preparing"]) { name } }''')
    assert sorted(item['name'] for item in data['taskProxies']) == \
        ['foo', 'foo']


def test_workflows_with_state_totals_and_nested_proxies(family_store):
    data = data_of(family_store, '''{ workflows { id name owner status
        stateTotals taskProxies(ids: ["1/*"]) { id } } }''')
    [workflow] = data['workflows']
    assert workflow['id'] == '~alice/test/run1'
    assert workflow['name'] == 'test/run1'
    assert workflow['owner'] == 'alice'
    assert workflow['stateTotals']['succeeded'] == 2
    assert workflow['stateTotals']['waiting'] == 2
    assert workflow['stateTotals']['expired'] == 0  # every state listed
    assert ids(workflow['taskProxies']) == [
        f'{PREFIX}1/{name}' for name in ('a', 'b', 'bar', 'foo')]


def test_id_globs_match_cycle_and_name(family_store):
    data = data_of(family_store, '''{
        byName: taskProxies(ids: ["*/foo"]) { id }
        byBoth: taskProxies(ids: ["2/b*"]) { id }
        absolute: taskProxies(ids: ["~alice/test/run1//1/a"]) { id }
        relative: taskProxies(ids: ["//2/a"]) { id }
        otherUser: taskProxies(ids: ["~bob/test/run1//1/a"]) { id }
        selector: taskProxies(ids: ["*/*:waiting"]) { id } }''')
    assert ids(data['byName']) == [f'{PREFIX}1/foo', f'{PREFIX}2/foo']
    assert ids(data['byBoth']) == [f'{PREFIX}2/b', f'{PREFIX}2/bar']
    assert ids(data['absolute']) == [f'{PREFIX}1/a']
    assert ids(data['relative']) == [f'{PREFIX}2/a']
    assert data['otherUser'] == []
    assert ids(data['selector']) == [f'{PREFIX}1/bar', f'{PREFIX}2/bar']


def test_exids_remove_matches(family_store):
    data = data_of(family_store, '''{ taskProxies(ids: ["1/*"],
        exids: ["*/b*"]) { name } }''')
    assert sorted(item['name'] for item in data['taskProxies']) == \
        ['a', 'foo']


def test_sort_by_camel_case_keys_and_reverse(family_store):
    data = data_of(family_store, '''{
        up: taskProxies(sort: {keys: ["cyclePoint", "name"]}) { id }
        down: taskProxies(sort: {keys: ["name"], reverse: true}) { name }
    }''')
    assert [item['id'] for item in data['up']] == [
        f'{PREFIX}{point}/{name}' for point in (1, 2)
        for name in ('a', 'b', 'bar', 'foo')]
    assert [item['name'] for item in data['down']] == \
        ['foo', 'foo', 'bar', 'bar', 'b', 'b', 'a', 'a']


def test_depth_arguments_filter_on_inheritance_depth(family_store):
    data = data_of(family_store, '''{
        deep: taskProxies(mindepth: 2, ids: ["1/*"]) { name depth }
        shallow: familyProxies(maxdepth: 0, ids: ["1/*"]) { name } }''')
    assert sorted(item['name'] for item in data['deep']) == ['a', 'b']
    assert data['shallow'] == [{'name': 'root'}]


def test_family_proxies_resolve_children_and_definitions(family_store):
    data = data_of(family_store, '''{ familyProxy(id: "1/FAM") {
        id state stateTotals isHeld childTasks { id state }
        firstParent { id childFamilies { name } } family { name
        childTasks { name } runtime { environment { key value } } } } }''')
    family = data['familyProxy']
    assert family['id'] == f'{PREFIX}1/FAM'
    assert family['state'] == 'preparing'
    assert family['stateTotals']['preparing'] == 2
    assert family['childTasks'] == [
        {'id': f'{PREFIX}1/a', 'state': 'preparing'},
        {'id': f'{PREFIX}1/b', 'state': 'preparing'}]
    assert family['firstParent'] == {'id': f'{PREFIX}1/root',
                                     'childFamilies': [{'name': 'FAM'}]}
    assert family['family']['childTasks'] == [{'name': 'a'}, {'name': 'b'}]
    assert family['family']['runtime']['environment'] == [
        {'key': 'ANSWER', 'value': '42'}]


def test_task_proxy_nested_fields(family_store):
    data = data_of(family_store, '''{ taskProxy(id: "1/a") {
        parents { id } firstParent { id } ancestors { name }
        task { id name namespace } runtime { script }
        prerequisites { expression satisfied conditions {
            taskId reqState satisfied taskProxy { state } } }
        outputs(satisfied: false, limit: 2) { label satisfied } } }''')
    proxy = data['taskProxy']
    assert proxy['parents'] == [{'id': f'{PREFIX}1/FAM'}]
    assert proxy['firstParent'] == {'id': f'{PREFIX}1/FAM'}
    assert proxy['ancestors'] == [{'name': 'FAM'}, {'name': 'root'}]
    assert proxy['task']['id'] == '~alice/test/run1//$namespace|a'
    assert proxy['task']['namespace'] == ['a', 'FAM', 'root']
    [prerequisite] = proxy['prerequisites']
    assert prerequisite['satisfied'] is True
    assert prerequisite['conditions'] == [{
        'taskId': '1/foo', 'reqState': 'succeeded', 'satisfied': True,
        'taskProxy': {'state': 'succeeded'}}]
    assert proxy['outputs'] == [
        {'label': 'expired', 'satisfied': False},
        {'label': 'submitted', 'satisfied': False}]


def test_jobs_and_their_task_proxies(family_store):
    data = data_of(family_store, '''{
        jobs(ids: ["1/foo/01"]) { id submitNum state name cyclePoint
            jobLogDir runtime { script executionTimeLimit }
            taskProxy { id jobs { id } } }
        job(id: "~alice/test/run1//2/foo/01") { id }
        viaProxy: taskProxy(id: "2/foo") {
            jobSubmits jobs(states: ["succeeded"]) { id } }
        missing: job(id: "1/foo/07") { id } }''')
    [job] = data['jobs']
    assert job['id'] == f'{PREFIX}1/foo/01'
    assert (job['submitNum'], job['state'], job['name'], job['cyclePoint']) \
        == (1, 'succeeded', 'foo', '1')
    assert job['jobLogDir'] == '1/foo/01'
    assert job['runtime'] == {'script': 'echo hello',
                              'executionTimeLimit': '60'}
    assert job['taskProxy'] == {'id': f'{PREFIX}1/foo',
                                'jobs': [{'id': f'{PREFIX}1/foo/01'}]}
    assert data['job'] == {'id': f'{PREFIX}2/foo/01'}
    assert data['viaProxy'] == {'jobSubmits': 1,
                                'jobs': [{'id': f'{PREFIX}2/foo/01'}]}
    assert data['missing'] is None


def test_task_and_family_definitions(family_store):
    data = data_of(family_store, '''{
        tasks(ids: ["b*"]) { name depth firstParent { name } parents { name }
                             meta { title } }
        families { name childFamilies { name } }
        task(id: "foo") { runtime { script } proxies { cyclePoint } } }''')
    assert data['tasks'] == [
        {'name': 'b', 'depth': 2, 'firstParent': {'name': 'FAM'},
         'parents': [{'name': 'FAM'}], 'meta': {'title': ''}},
        {'name': 'bar', 'depth': 1, 'firstParent': {'name': 'root'},
         'parents': [{'name': 'root'}], 'meta': {'title': ''}}]
    assert {item['name']: item['childFamilies'] for item in
            data['families']} == {'FAM': [], 'root': [{'name': 'FAM'}]}
    assert data['task']['runtime'] == {'script': 'echo hello'}
    assert sorted(item['cyclePoint'] for item in data['task']['proxies']) \
        == ['1', '2']


def test_edges_and_nodes_edges(family_store):
    data = data_of(family_store, '''{
        edges(sort: {keys: ["id"]}) { source target suicide cond
            sourceNode { ... on TaskProxy { name } } }
        nodesEdges(ids: ["1/bar"], distance: 1) { nodes { name } edges { id } }
        workflows { edges { edges { id } } nEdgeDistance } }''')
    assert len(data['edges']) == 8
    assert data['edges'][0]['sourceNode'] == {'name': 'a'}
    assert data['edges'][0]['suicide'] is False
    assert sorted(item['name'] for item in data['nodesEdges']['nodes']) == \
        ['a', 'b', 'bar']
    assert ids(data['nodesEdges']['edges']) == [
        '~alice/test/run1//$edge|1/a|1/bar',
        '~alice/test/run1//$edge|1/b|1/bar']
    assert len(data['workflows'][0]['edges']['edges']) == 8


def test_strip_null_leaves_out_null_fields(family_store):
    data = data_of(family_store, '''{
        stripped: taskProxies(ids: ["1/foo"], stripNull: true) {
            id firstParent { firstParent { id } } }
        kept: taskProxies(ids: ["1/foo"]) {
            id firstParent { firstParent { id } } } }''')
    assert data['stripped'] == [{'id': f'{PREFIX}1/foo', 'firstParent': {}}]
    assert data['kept'] == [{'id': f'{PREFIX}1/foo',
                             'firstParent': {'firstParent': None}}]


def test_missing_data_is_null_not_an_error(family_store):
    data = data_of(family_store, '''{ workflows { timeZoneInfo { hours }
        logRecords { message } host port lastUpdated
        latestStateTasks(states: ["succeeded"]) } }''')
    [workflow] = data['workflows']
    assert workflow['timeZoneInfo'] is None
    assert workflow['logRecords'] is None
    assert workflow['port'] is None
    assert isinstance(workflow['lastUpdated'], float)
    assert sorted(workflow['latestStateTasks']['succeeded']) == \
        ['1/foo', '2/foo']


def test_workflow_filters_choose_among_many_stores(tmp_path, family_store):
    other = store_after(tmp_path, FAMILY_FLOW.replace('final cycle point = 2',
                                                      'final cycle point = 1'),
                        0)
    other_id = '~alice/other/run1'
    other.records['workflow'][other_id] = other.records['workflow'].pop(
        other.workflow_id)
    record = other.records['workflow'][other_id]
    record.id, record.name = other_id, 'other/run1'
    context = SchemaContext(stores={family_store.workflow_id: family_store,
                                    other_id: other})
    reply = execute(build_schema(), '''{
        all: workflows { name }
        one: workflows(ids: ["other/*"]) { name }
        notOne: workflows(exids: ["~alice/other/run1"]) { name }
        proxies: taskProxies(workflows: ["test/run1"], ids: ["*/foo"]) { id }
        exproxies: taskProxies(exworkflows: ["test/*"], ids: ["*/foo"]) { cyclePoint }
    }''', None, context)
    data = reply['data']
    assert sorted(item['name'] for item in data['all']) == \
        ['other/run1', 'test/run1']
    assert data['one'] == [{'name': 'other/run1'}]
    assert data['notOne'] == [{'name': 'test/run1'}]
    assert ids(data['proxies']) == [f'{PREFIX}1/foo', f'{PREFIX}2/foo']
    assert data['exproxies'] == [{'cyclePoint': '1'}]


def test_an_empty_context_gives_empty_lists():
    reply = query(None, '{ workflows { id } taskProxies { id } '
                        'job(id: "1/a/01") { id } }')
    assert reply == {'data': {'workflows': [], 'taskProxies': [],
                              'job': None}}


def test_a_subscriber_copy_with_dict_records_answers_the_same(family_store):
    """A UI Server holds the records as dicts (DeltaApplier)."""
    from cylc_flow.datastore import DeltaApplier
    from tests.unit.datastore.datastore_helpers import round_trip
    copy = DeltaApplier(round_trip(family_store.snapshot()))
    text = '''{ workflows { id stateTotals lastUpdated }
        taskProxies(ids: ["1/*"], sort: {keys: ["name"]}) { id state
            firstParent { name childTasks { name } } jobs { id state }
            task { runtime { script } } outputs(satisfied: true) { label }
            prerequisites { conditions { taskProxy { name } } } }
        edges(sort: {keys: ["id"]}) { sourceNode { ... on TaskProxy { name } } }
        familyProxies(ids: ["1/FAM"]) { childTasks { name } } }'''
    original = data_of(family_store, text)
    reply = execute(build_schema(), text, None, SchemaContext(
        stores={family_store.workflow_id: copy}))
    assert reply == {'data': original}
    assert original['taskProxies'][0]['firstParent']['name'] == 'FAM'
