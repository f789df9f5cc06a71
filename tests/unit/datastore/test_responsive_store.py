"""The store's sliced turns, sliced encodings, workflow status and
held-on-spawn n-window tasks."""

from __future__ import annotations

import asyncio
import contextlib
import json
from types import SimpleNamespace

from cylc_flow.datastore import DataStore, DeltaApplier
from cylc_flow.datastore import records as R
from cylc_flow.datastore.delta import Delta
from cylc_flow.datastore.status import workflow_status
from cylc_flow.datastore.steps import run_steps, run_to_end
from cylc_flow.datastore.wire import delta_pieces, encode_delta, snapshot_pieces
from cylc_flow.network.server import EncodedData, WorkflowServer

from .datastore_helpers import load, make_run, normalised, round_trip

WIDE = '''
[scheduler]
    allow implicit tasks = True
[task parameters]
    i = 1..1200
[scheduling]
    [[graph]]
        R1 = "gate => t<i>"
'''

CHAIN = '''
[scheduler]
    allow implicit tasks = True
[scheduling]
    cycling mode = integer
    final cycle point = 3
    [[graph]]
        P1 = "foo => bar"
'''


def test_sliced_encodings_match_the_whole_encodings():
    delta = Delta(3, 5, {'a': [{'x': index} for index in range(1234)]},
                  {'b': [{'y': 1}], 'c': [{'z': 2}]}, {'p': ['q']}, epoch='e')
    assert ''.join(delta_pieces(delta, 100)).encode() == encode_delta(delta)[1]
    assert ''.join(delta_pieces(delta, 100)) == delta.to_json()
    empty = Delta(1, 0)
    assert ''.join(delta_pieces(empty)).encode() == encode_delta(empty)[1]
    snapshot = {'epoch': 'e', 'sequence': 1, 'checksum': 2,
                'records': {'a': [{'x': 1}] * 1001, 'b': []}}
    assert json.loads(''.join(snapshot_pieces(snapshot, 100))) == snapshot


def test_a_big_turn_yields_between_slices_and_is_busy_meanwhile(tmp_path):
    config = load(tmp_path, WIDE)
    run = make_run(config)
    with contextlib.suppress(RuntimeError):
        run.driver.run(max_turns=4)  # gate done: 1200 tasks spawned
    tasks = dict(run.core.pool.tasks)
    assert len(tasks) > 600
    store = DataStore(config, 'test/run1', 'alice')
    subscriber = DeltaApplier(round_trip(store.snapshot()))
    seed = SimpleNamespace(tasks=tasks, dirty=dict(tasks), removed=[])
    published = store.snapshot()
    steps = store.turn_steps(seed, now=run.driver.now)
    pauses = 0
    while True:
        try:
            next(steps)
        except StopIteration as done:
            delta = done.value
            break
        assert store.sequence == published['sequence']  # not published yet
        pauses += 1
    assert store.sequence == published['sequence'] + 1
    assert pauses >= 2
    assert subscriber.apply(round_trip(delta.to_dict())), subscriber.reason
    assert normalised(subscriber.snapshot()) == normalised(store.snapshot())


def test_entire_workflow_reply_is_sent_pre_encoded():
    body = b'{"a":1}'
    assert WorkflowServer._data_reply('x', EncodedData(body)) == \
        b'{"data":{"a":1}}'


def _scheduler(**core: object) -> SimpleNamespace:
    pool = SimpleNamespace(hold_point=None, stop_point=None, stop_task=None)
    values = {'paused': False, 'stop_mode': None, 'pool': pool, **core}
    return SimpleNamespace(core=SimpleNamespace(**values), shutdown=None,
                           config=SimpleNamespace(final_point=None))


def test_workflow_status_shows_paused_stopping_and_running():
    assert workflow_status(_scheduler(paused=True)) == ('paused', 'Paused')
    status, message = workflow_status(_scheduler(stop_mode='clean'))
    assert status == 'stopping' and message.startswith('Stopping')
    assert workflow_status(_scheduler()) == ('running', 'Running')
    scheduler = _scheduler()
    scheduler.core.pool.stop_point = 5
    assert workflow_status(scheduler) == ('running', 'Running to stop at 5')


def test_store_status_reaches_the_workflow_record(tmp_path):
    run = make_run(load(tmp_path, CHAIN))
    store = run.store
    store.apply_turn(run.core.pool, status='paused', status_msg='Paused')
    assert (store.workflow.status, store.workflow.status_msg) == \
        ('paused', 'Paused')
    published = store.published[R.WORKFLOW][store.workflow_id]
    assert published['status'] == 'paused'


def test_a_future_task_held_on_spawn_shows_held_in_the_window(tmp_path):
    run = make_run(load(tmp_path, CHAIN))
    core = run.core
    core.start(run.driver.now)
    run.turn()
    store = run.store
    bar = next(record for record in store.records[R.TASK_PROXIES].values()
               if record.name == 'bar' and record.cycle_point == '1')
    assert not bar.is_held
    point = next(key[0] for key in core.pool.tasks)
    core.pool.tasks_to_hold.add((point, 'bar'))
    delta = run.turn()
    assert bar.is_held
    assert any(change['id'] == bar.id and change.get('is_held')
               for change in delta.updated.get(R.TASK_PROXIES, []))
    core.pool.tasks_to_hold.discard((point, 'bar'))
    run.turn()
    assert not bar.is_held


def _service(config, core, tmp_path, monkeypatch):
    """A GraphQLService of an in-process core, whose turns yield after
    every slice (so a request can arrive in the middle of one)."""
    from cylc_flow.scheduler import graphql_service

    async def every_slice(steps):
        return await run_steps(steps, budget=0)

    monkeypatch.setattr(graphql_service, 'run_steps', every_slice)
    scheduler = SimpleNamespace(
        config=config, workflow_id='test/run1', server=None, core=core,
        options=SimpleNamespace(mode='live'), run_dir=tmp_path,
        broadcasts=None)
    return graphql_service.GraphQLService(scheduler)


TOTALS = 'query { workflows { stateTotals nEdgeDistance } taskProxies { id } }'
EXTENT = ('mutation { setGraphWindowExtent(workflows: ["*"],'
          ' nEdgeDistance: 2) { result } }')


def test_requests_wait_for_a_sliced_turn_and_extent_changes_apply_next_turn(
        tmp_path, monkeypatch):
    config = load(tmp_path, WIDE)
    run = make_run(config)
    service = _service(config, run.core, tmp_path, monkeypatch)

    async def scenario():
        await service.ensure_store_async()  # before the 1200 tasks spawn
        with contextlib.suppress(RuntimeError):
            run.driver.run(max_turns=4)
        tasks = dict(run.core.pool.tasks)
        pool = SimpleNamespace(tasks=tasks, dirty=dict(tasks), removed=[])
        turn = asyncio.create_task(service.turn_async(pool, run.driver.now))
        await asyncio.sleep(0)
        assert service._records_lock.locked()  # the turn yielded part way
        data, changed = await asyncio.gather(
            service.request_async({'request_string': TOTALS}, {}),
            service.request_async({'request_string': EXTENT}, {}))
        await turn
        proxies = service.store.records[R.TASK_PROXIES]
        assert len(data['taskProxies']) == len(proxies) > 600
        workflow = data['workflows'][0]
        assert sum(workflow['stateTotals'].values()) == len(proxies)
        assert changed['setGraphWindowExtent']['result'][0]['response'] == [
            True, 'Command actioned']
        assert workflow['nEdgeDistance'] == service.store.window.extent == 1
        idle = SimpleNamespace(tasks=tasks, dirty={}, removed=[])
        await service.turn_async(idle, run.driver.now)
        assert service.store.window.extent == 2
        assert service.store.workflow.n_edge_distance == 2

    asyncio.run(scenario())


def test_an_extent_set_in_the_middle_of_a_turn_waits_for_the_next(tmp_path):
    config = load(tmp_path, WIDE)
    run = make_run(config)
    with contextlib.suppress(RuntimeError):
        run.driver.run(max_turns=4)
    store = DataStore(config, 'test/run1', 'alice')
    steps = store.turn_steps(run.core.pool)
    for _ in range(3):
        next(steps)
    store.set_window_extent(2)
    delta = run_to_end(steps)
    assert store.window.extent == 1
    assert delta.added[R.TASK_PROXIES]
    run.core.pool.dirty.clear()
    delta = store.apply_turn(run.core.pool)
    assert store.window.extent == store.workflow.n_edge_distance == 2
    assert delta.updated[R.WORKFLOW][0]['n_edge_distance'] == 2


def test_the_store_names_the_host_keeps_the_stop_point_and_rebuilds_on_reload(
        tmp_path, monkeypatch):
    from cylc_flow.network.contact import HOST, write_contact

    config = load(tmp_path, CHAIN)
    run = make_run(config)
    run.core.start(run.driver.now)
    stop = next(key[0] for key in run.core.pool.tasks)
    run.core.pool.stop_point = stop
    write_contact(tmp_path, {HOST: 'scheduler.example.org'})
    service = _service(config, run.core, tmp_path, monkeypatch)

    async def scenario():
        first = await service.ensure_store_async()
        assert first.workflow.host == 'scheduler.example.org'
        assert first.window.neighbours.last_point == stop
        assert not first.workflow.reloaded
        service.reload()
        assert service.store is None  # rebuilt in slices, not at once
        second = await service.ensure_store_async()
        assert second is not first and second.epoch != first.epoch
        published = second.published[R.WORKFLOW][second.workflow_id]
        assert second.workflow.reloaded and published['reloaded']

    asyncio.run(scenario())
