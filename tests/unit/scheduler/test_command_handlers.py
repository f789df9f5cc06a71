"""Mutation handlers at the scheduler: checked and matched at once (a
rejection is returned and logged), carried out on the next turn (logged as
actioned)."""

from __future__ import annotations

import textwrap

import pytest

from cylc_flow.config.workflow_config import WorkflowConfig
from cylc_flow.core.scheduler_core import SchedulerCore
from cylc_flow.scheduler.command_handling import CommandHandling
from cylc_flow.scheduler.mutations import mutation_handlers
from cylc_flow.scheduler.task_matching import match_tasks

FLOW = '''
[scheduler]
    allow implicit tasks = True
[scheduling]
    cycling mode = integer
    initial cycle point = 1
    final cycle point = 3
    [[graph]]
        P1 = """
            a => b => c
            a:x => d
        """
[runtime]
    [[FAM]]
    [[b, c]]
        inherit = FAM
    [[a]]
        [[[outputs]]]
            x = "x done"
'''


class Log:
    def __init__(self):
        self.lines: list[tuple[str, str]] = []

    def info(self, text):
        self.lines.append(('INFO', text))

    def warning(self, text):
        self.lines.append(('WARNING', text))

    def texts(self):
        return [text for _level, text in self.lines]


class Database:
    def __init__(self):
        self.rows = []

    def put_replace(self, table, row):
        self.rows.append((table, row))

    def put_delete(self, table, where):
        self.rows.append((table + ':delete', where))


class Recorder:
    def __init__(self, db):
        self.db = db

    def workflow_params(self, params):
        for key, value in params.items():
            self.db.put_replace('workflow_params', {'key': key, 'value': value})


class FakeScheduler(CommandHandling):
    """Just enough scheduler: config, core, log, DB and a post queue."""

    def __init__(self, config):
        self.config = config
        self.core = SchedulerCore(config, now=0.0)
        self.core.start(0.0)
        self.log = Log()
        self.db = Database()
        self.recorder = Recorder(self.db)
        self.queued = []

    def post(self, handler, *args):
        self.queued.append((handler, args))

    def _point(self, text):
        return self.config.context.point(text)

    def turn(self, now=1.0):
        while self.queued:
            handler, args = self.queued.pop(0)
            handler(now, *args)


@pytest.fixture
def scheduler(tmp_path):
    path = tmp_path / 'flow.cylc'
    path.write_text(textwrap.dedent(FLOW))
    return FakeScheduler(WorkflowConfig(path, 'test', warn=lambda _m: None))


HANDLERS = mutation_handlers()


def command(scheduler, name, **args):
    return HANDLERS[name](scheduler, args)


def pool_names(scheduler):
    return sorted(f'{itask.point}/{itask.name}' for itask in scheduler.core.pool)


def test_explicit_ids_families_and_cycles_match_defined_tasks(scheduler):
    config, pool = scheduler.config, scheduler.core.pool
    point = config.context.point
    targets, unmatched = match_tasks(config, pool, ['1/b', '2/FAM', '3/nope'])
    assert targets == [(point('1'), 'b'), (point('2'), 'b'), (point('2'), 'c')]
    assert unmatched == ['3/nope']
    targets, _ = match_tasks(config, pool, ['1'])
    assert sorted(name for _, name in targets) == ['a', 'b', 'c', 'd']


def test_globs_and_selectors_match_pool_tasks_only(scheduler):
    config, pool = scheduler.config, scheduler.core.pool
    assert pool_names(scheduler) == ['1/a', '2/a', '3/a']
    assert sorted(str(p) for p, _ in match_tasks(config, pool, ['*/a'])[0]) \
        == ['1', '2', '3']
    assert match_tasks(config, pool, ['1/[bc]'])[0] == []
    assert len(match_tasks(config, pool, ['*:preparing'])[0]) == 3
    assert match_tasks(config, pool, ['*:running'])[0] == []
    assert match_tasks(config, pool, ['1/b'], inactive=False)[0] == []


def test_a_command_matching_nothing_is_rejected_and_logged(scheduler):
    assert command(scheduler, 'hold', tasks=['1/nope', '*/zz']) == (
        False, 'No matching tasks found: 1/nope, */zz')
    scheduler.turn()
    assert scheduler.log.texts() == [
        'Command "hold" rejected: No matching tasks found: 1/nope, */zz']


def test_a_bad_id_is_rejected_with_the_id(scheduler):
    success, message = command(scheduler, 'trigger', tasks=['1/a/b/c/d'])
    assert not success and '1/a/b/c/d' in message


def test_hold_then_release_are_actioned_on_the_next_turn(scheduler):
    assert command(scheduler, 'hold', tasks=['1/a', '1/b']) == (
        True, 'Command queued')
    assert not scheduler.core.pool.get(scheduler._point('1'), 'a').is_held
    scheduler.turn()
    assert scheduler.core.pool.get(scheduler._point('1'), 'a').is_held
    assert 'Command "hold" actioned: 2 task(s)' in scheduler.log.texts()
    command(scheduler, 'release', tasks=['1/*'])
    scheduler.turn()
    assert not scheduler.core.pool.get(scheduler._point('1'), 'a').is_held
    assert 'Command "release" actioned: 1 task(s)' in scheduler.log.texts()


def test_set_refuses_unknown_outputs_and_prerequisites(scheduler):
    success, message = command(scheduler, 'set', tasks=['1/b'],
                               outputs=['x'])
    assert not success and message == 'Output "x" is not defined for task "b"'
    success, message = command(scheduler, 'set', tasks=['1/b'],
                               prerequisites=['zz/a'])
    assert not success and 'Invalid cycle point' in message
    success, message = command(scheduler, 'set', tasks=['1/b'],
                               prerequisites=['1/nope'])
    assert not success and 'No such task' in message
    scheduler.turn()
    texts = scheduler.log.texts()
    assert len(texts) == 3
    assert all(text.startswith('Command "set" rejected') for text in texts)


def test_set_custom_output_spawns_its_children(scheduler):
    assert command(scheduler, 'set', tasks=['1/a'], outputs=['x'])[0]
    scheduler.turn()
    assert '1/d' in pool_names(scheduler)
    assert 'Command "set" actioned: 1 task(s)' in scheduler.log.texts()


@pytest.mark.parametrize('flow, message', [
    (['cheese'], 'must be an integer'),
    (['new', '2'], 'integer valued'),
])
def test_trigger_refuses_bad_flow_values(scheduler, flow, message):
    success, reason = command(scheduler, 'trigger', tasks=['1/a'], flow=flow)
    assert not success and message in reason


def test_trigger_of_an_active_task_is_ignored_with_a_warning(scheduler):
    assert command(scheduler, 'trigger', tasks=['1/a'])[0]
    scheduler.turn()
    assert 'Command "trigger" actioned: 0 task(s)' in scheduler.log.texts()
    effects = scheduler.core.effects.drain()
    assert any('ignoring trigger' in getattr(effect, 'text', '')
               for effect in effects)


def test_group_trigger_runs_members_in_graph_order(scheduler):
    assert command(scheduler, 'trigger', tasks=['2/b', '2/c'])[0]
    scheduler.turn()
    pool = scheduler.core.pool
    point = scheduler._point('2')
    assert pool.get(point, 'b').state == 'preparing'
    assert pool.get(point, 'c').state == 'waiting'  # waits for 2/b
    assert not pool.get(point, 'c').prerequisites_satisfied()
    assert 'Command "trigger" actioned: 1 task(s)' in scheduler.log.texts()


def test_trigger_new_flow_starts_one_flow_for_all_targets(scheduler):
    command(scheduler, 'trigger', tasks=['1/b', '2/b'], flow=['new'],
            flow_descr='again')
    scheduler.turn()
    pool = scheduler.core.pool
    flows = {pool.get(scheduler._point(c), 'b').flow_nums for c in '12'}
    assert flows == {frozenset({2})}
    assert scheduler.core.new_flows[-1] == (2, 'again')


def test_remove_from_one_flow_keeps_tasks_in_other_flows(scheduler):
    pool = scheduler.core.pool
    itask = pool.get(scheduler._point('1'), 'a')
    itask.flow_nums = frozenset({1, 2})
    command(scheduler, 'remove', tasks=['1/a'], flow=['2'])
    scheduler.turn()
    assert itask.flow_nums == frozenset({1}) and '1/a' in pool_names(scheduler)
    command(scheduler, 'remove', tasks=['1/a'])
    scheduler.turn()
    assert '1/a' not in pool_names(scheduler)


def test_hold_point_holds_later_tasks_and_is_recorded_then_released(scheduler):
    assert command(scheduler, 'set_hold_point', point='1')[0]
    scheduler.turn()
    pool = scheduler.core.pool
    held = sorted(f'{t.point}/{t.name}' for t in pool if t.is_held)
    assert held == ['2/a', '3/a']
    assert ('workflow_params', {'key': 'holdcp', 'value': '1'}) in \
        scheduler.db.rows
    assert command(scheduler, 'release_hold_point')[0]
    scheduler.turn()
    assert not any(t.is_held for t in pool) and pool.hold_point is None
    assert ('workflow_params:delete', {'key': 'holdcp'}) in scheduler.db.rows


def test_set_hold_point_refuses_a_bad_point(scheduler):
    assert command(scheduler, 'set_hold_point', point='x') == (
        False, 'Invalid cycle point: x')


@pytest.mark.parametrize('args, message', [
    ({'cycle_point': 'x'}, 'Invalid cycle point: x'),
    ({'task': '1/nope'}, 'No such task: 1/nope'),
    ({'task': 'b'}, 'Invalid task ID'),
    ({'clock_time': 'soon'}, 'Invalid wall-clock time: soon'),
    ({'flow_num': 0}, 'Invalid flow number'),
    ({'mode': 'Sideways'}, 'Invalid stop mode'),
])
def test_stop_refuses_bad_arguments(scheduler, args, message):
    success, reason = command(scheduler, 'stop', **args)
    assert not success and message in reason
    scheduler.turn()
    assert scheduler.log.texts() == [f'Command "stop" rejected: {reason}']


def test_stop_after_a_task_and_now_are_actioned(scheduler):
    assert command(scheduler, 'stop', task='2/b')[0]
    scheduler.turn()
    assert scheduler.core.pool.stop_task == (scheduler._point('2'), 'b')
    assert command(scheduler, 'stop', mode='NowNow')[0]
    scheduler.turn()
    assert scheduler.core.shutdown_requested
    assert 'Command "stop" actioned: nownow' in scheduler.log.texts()
