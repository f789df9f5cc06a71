"""The scheduler side: database rows, restore, data store, job settings,
automatic expiry and the ``broadcast`` mutation handler."""

from __future__ import annotations

import logging
import sqlite3
from types import SimpleNamespace

import pytest

from cylc_flow.broadcast.scheduler_broadcasts import SchedulerBroadcasts
from cylc_flow.config.workflow_config import WorkflowConfig
from cylc_flow.db import WorkflowDatabase
from cylc_flow.scheduler.mutations.broadcast import broadcast

FLOW = '''
[scheduling]
    cycling mode = integer
    initial cycle point = 1
    [[graph]]
        P1 = foo => bar
[runtime]
    [[FAM]]
        execution time limit = PT1H
        [[[environment]]]
            A = a
    [[foo]]
        inherit = FAM
        script = echo foo
    [[bar]]
'''


class ListLog:
    """Collects log lines by level."""

    def __init__(self) -> None:
        self.lines: list[tuple[int, str]] = []

    def info(self, text: str) -> None:
        self.lines.append((logging.INFO, text))

    def warning(self, text: str) -> None:
        self.lines.append((logging.WARNING, text))

    def error(self, text: str) -> None:
        self.lines.append((logging.ERROR, text))

    def text(self) -> str:
        return '\n'.join(line for _, line in self.lines)


class FakeStore:
    def __init__(self) -> None:
        self.broadcasts = None

    def set_broadcasts(self, broadcasts: dict) -> None:
        self.broadcasts = broadcasts


@pytest.fixture
def config(tmp_path):
    flow_file = tmp_path / 'flow.cylc'
    flow_file.write_text(FLOW)
    return WorkflowConfig(flow_file, 'demo', warn=lambda _text: None)


def make_scheduler(config, db, by_point=None, paused=False):
    sequences = list(dict.fromkeys(
        seq for tdef in config.taskdefs.values() for seq in tdef.sequences))
    core = SimpleNamespace(paused=paused,
                           pool=SimpleNamespace(by_point=by_point or {},
                                                sequences=sequences))
    posted: list = []
    scheduler = SimpleNamespace(
        config=config, db=db, log=ListLog(), core=core,
        graphql=SimpleNamespace(store=FakeStore()),
        post=lambda handler, *args: posted.append(handler))
    scheduler.broadcasts = SchedulerBroadcasts(scheduler)
    scheduler.posted = posted
    return scheduler


def rows(path, table):
    with sqlite3.connect(path) as connection:
        return connection.execute(f'SELECT * FROM {table}').fetchall()


def test_set_and_cancel_write_states_and_events_in_one_commit(tmp_path, config):
    db = WorkflowDatabase(tmp_path / 'db')
    scheduler = make_scheduler(config, db)
    ok, message = broadcast(scheduler, {
        'mode': 'Set', 'cycle_points': ['*'], 'namespaces': ['FAM'],
        'settings': [{'environment': {'X': '1'}}, 'script=true']})
    assert ok
    assert message == [[['*', 'FAM', {'environment': {'X': '1'}}],
                        ['*', 'FAM', {'script': 'true'}]], {}]
    assert scheduler.posted, 'the main loop is woken to commit'
    db.commit()
    assert sorted(rows(tmp_path / 'db', 'broadcast_states')) == [
        ('*', 'FAM', '[environment]X', '1'), ('*', 'FAM', 'script', 'true')]
    ok, message = broadcast(scheduler, {
        'mode': 'Clear', 'cycle_points': ['*'], 'namespaces': ['FAM'],
        'settings': [{'environment': {'X': None}}]})
    assert ok and message == [[['*', 'FAM', {'environment': {'X': '1'}}]], {}]
    db.commit()
    assert rows(tmp_path / 'db', 'broadcast_states') == [
        ('*', 'FAM', 'script', 'true')]
    events = rows(tmp_path / 'db', 'broadcast_events')
    assert [event[1:] for event in events] == [
        ('+', '*', 'FAM', '[environment]X', '1'),
        ('+', '*', 'FAM', 'script', 'true'),
        ('-', '*', 'FAM', '[environment]X', '1')]
    assert '.' in events[0][0]  # sub-second time stamps, as Cylc
    assert 'Broadcast set:\n+ [*/FAM] [environment]X=1' in scheduler.log.text()
    db.close()


def test_restart_restores_broadcasts_and_logs_them(tmp_path, config):
    db = WorkflowDatabase(tmp_path / 'db')
    first = make_scheduler(config, db)
    first.broadcasts.put(['2'], ['foo'], ['[environment]B=b'])
    db.commit()
    db.close()
    db = WorkflowDatabase(tmp_path / 'db')
    second = make_scheduler(config, db)
    second.broadcasts.restore(db)
    assert second.broadcasts.store.as_dict() == {
        '2': {'foo': {'environment': {'B': 'b'}}}}
    assert second.log.text().splitlines() == [
        'LOADING broadcast states', '+ [2/foo] [environment]B=b']
    assert second.graphql.store.broadcasts == second.broadcasts.store.as_dict()
    db.close()


def test_rejections_fail_the_response_and_are_logged(tmp_path, config):
    db = WorkflowDatabase(tmp_path / 'db')
    scheduler = make_scheduler(config, db)
    ok, message = broadcast(scheduler, {
        'mode': 'Set', 'cycle_points': ['*', 'x'], 'namespaces': ['zilch'],
        'settings': ['script=true']})
    assert not ok
    assert message == [[], {'point_strings': ['x'], 'namespaces': ['zilch']}]
    assert scheduler.log.lines[-1][1] == (
        'Rejected broadcast: settings are not compatible with the workflow\n'
        '  --namespace=zilch\n  --point=x')
    assert scheduler.log.lines[-1][0] == logging.ERROR
    ok, message = broadcast(scheduler, {'mode': 'Set', 'settings': []})
    assert not ok and 'No valid settings' in message
    ok, message = broadcast(scheduler, {'mode': 'Expire', 'cutoff': '5'})
    assert not ok and message == [[], {'expire': ['5']}]
    db.close()


def test_jobs_get_broadcast_settings_over_the_task_settings(tmp_path, config):
    scheduler = make_scheduler(config, None)
    broadcasts = scheduler.broadcasts
    itask = SimpleNamespace(point=config.context.point('1'), name='foo')
    runtime = config.rtconfig('foo')
    assert broadcasts.runtime_for(itask, runtime) is runtime  # no broadcasts
    broadcasts.put(['*'], ['FAM'], ['execution time limit = PT5M',
                                    '[environment]Z = z'])
    broadcasts.put(['1'], ['root'], ['script = echo broadcast'])
    job_runtime = broadcasts.runtime_for(itask, runtime)
    assert job_runtime['script'] == 'echo broadcast'
    assert float(job_runtime['execution time limit']) == 300.0
    assert list(job_runtime['environment']) == ['Z', 'A']
    other = SimpleNamespace(point=config.context.point('2'), name='foo')
    assert broadcasts.runtime_for(other, runtime)['script'] == 'echo foo'
    assert config.rtconfig('foo')['script'] == 'echo foo'


def test_point_broadcasts_expire_behind_the_oldest_active_point(tmp_path, config):
    context = config.context
    pool_points = {context.point('3'): {}}
    scheduler = make_scheduler(config, None, by_point=pool_points)
    broadcasts = scheduler.broadcasts
    broadcasts.put(['*', '1', '2', '3'], ['foo'], ['script=x'])
    broadcasts.expire_behind()
    # oldest active point 3 minus the longest interval (P1) = 2
    assert sorted(broadcasts.store.as_dict()) == ['*', '2', '3']
    assert 'Broadcast cancelled:\n- [1/foo] script=x' in scheduler.log.text()
    scheduler.core.paused = True
    pool_points[context.point('9')] = pool_points.pop(context.point('3'))
    broadcasts.expire_behind()
    assert sorted(broadcasts.store.as_dict()) == ['*', '2', '3']
    scheduler.core.paused = False
    broadcasts.expire_behind()
    assert sorted(broadcasts.store.as_dict()) == ['*']


def test_handler_without_a_started_scheduler_refuses():
    ok, message = broadcast(SimpleNamespace(broadcasts=None), {'mode': 'Set'})
    assert not ok and 'not available' in message
