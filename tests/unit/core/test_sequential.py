"""Sequential tasks ([special tasks]sequential) and sequential xtriggers."""

from __future__ import annotations

import pytest
from core_sim_helpers import load, make_run, simulate, succeed_after

from cylc_flow.config.xtrigger_spec import parse_xtrigger
from cylc_flow.core.special_tasks import (
    SpecialTaskError,
    SpecialTasks,
    sequential_xtrigger_labels,
)
from cylc_flow.scheduler.simulation import SimulatedRun

SEQUENTIAL = '''
[scheduler]
    allow implicit tasks = True
    [[events]]
        stall timeout = PT0S
        abort on stall timeout = True
[scheduling]
    cycling mode = integer
    initial cycle point = 1
    final cycle point = 4
    runahead limit = P3
    [[special tasks]]
        sequential = foo
    [[graph]]
        P1 = "foo => bar"
'''


def slow_foo(itask):
    duration = 10.0 if itask.name == 'foo' else 0.0
    return succeed_after(duration)


def test_parentless_sequential_task_waits_for_its_previous_instance(tmp_path):
    run = simulate(load(tmp_path, SEQUENTIAL), slow_foo)
    assert run.shutdown.reason == 'AUTOMATIC'
    first = run.when('1/foo')
    assert [run.when(f'{point}/foo') - first for point in (1, 2, 3, 4)] == [
        0, 10, 20, 30]
    assert "2/foo -triggered off ['1/foo'] in flow 1" in run.triggered()
    assert '1/foo -triggered off [] in flow 1' in run.triggered()


def test_without_sequential_the_instances_run_at_once(tmp_path):
    config = load(tmp_path, SEQUENTIAL.replace('sequential = foo', ''))
    run = simulate(config, slow_foo)
    assert len({run.when(f'{point}/foo') for point in (1, 2, 3, 4)}) == 1


def test_parentless_sequential_task_spawns_ahead_waiting_as_cylc_does(tmp_path):
    run = make_run(load(tmp_path, SEQUENTIAL), slow_foo)
    run.core.start(0.0)
    waiting = sorted(int(str(itask.point)) for itask in run.core.pool
                     if itask.name == 'foo')
    assert waiting == [1, 2, 3, 4]
    second = run.core.pool.get(run.core.config.context.point('2'), 'foo')
    assert second.state == 'waiting' and not second.prerequisites_satisfied()


def test_sequential_task_with_graph_parents_waits_for_both(tmp_path):
    config = load(tmp_path, SEQUENTIAL.replace('P1 = "foo => bar"',
                                               'P1 = "prep => foo => bar"'))
    run = simulate(config, slow_foo)
    assert run.shutdown.reason == 'AUTOMATIC'
    assert run.when('2/foo') == run.when('1/foo') + 10
    assert "2/foo -triggered off ['1/foo', '2/prep'] in flow 1" in \
        run.triggered()
    assert "1/foo -triggered off ['1/prep'] in flow 1" in run.triggered()


def test_failed_previous_instance_holds_back_the_next(tmp_path):
    def foo_2_fails(itask):
        if (itask.name, str(itask.point)) == ('foo', '2'):
            return SimulatedRun(['started', 'failed'])
        return SimulatedRun(['started', 'succeeded'])

    run = simulate(load(tmp_path, SEQUENTIAL), foo_2_fails)
    assert run.shutdown.aborted
    assert '3/foo' not in run.triggered_ids()
    assert run.lines("* 3/foo is waiting on ['2/foo:succeeded']")


def test_explicit_previous_instance_trigger_is_not_listed_twice(tmp_path):
    config = load(tmp_path, SEQUENTIAL.replace(
        'P1 = "foo => bar"', 'P1 = "foo[-P1] => foo => bar"'))
    run = simulate(config, slow_foo)
    assert "2/foo -triggered off ['1/foo'] in flow 1" in run.triggered()


def test_sequential_family_members_are_each_sequential(tmp_path):
    config = load(tmp_path, '''
        [scheduling]
            cycling mode = integer
            initial cycle point = 1
            final cycle point = 2
            [[special tasks]]
                sequential = FAM
            [[graph]]
                P1 = "FAM:succeed-all => after"
        [runtime]
            [[FAM]]
            [[a, b]]
                inherit = FAM
            [[after]]
    ''')
    assert SpecialTasks.from_config(config).sequential == {'a', 'b'}


def test_sequential_entry_with_an_offset_is_an_error(tmp_path):
    with pytest.raises(SpecialTaskError, match='sequential'):
        load(tmp_path, SEQUENTIAL.replace('sequential = foo',
                                          'sequential = foo(PT1H)'))


# ---- sequential xtriggers ------------------------------------------------
XTRIGGER = '''
[scheduler]
    allow implicit tasks = True
    [[events]]
        stall timeout = PT0S
        abort on stall timeout = True
[scheduling]
    cycling mode = integer
    initial cycle point = 1
    final cycle point = 4
    runahead limit = P3
    sequential xtriggers = {sequential}
    [[xtriggers]]
        check = echo(succeed=True, which=%(point)s)
    [[graph]]
        P1 = "@check => foo"
'''


def counting_xtrigger(calls):
    def call(effect):
        calls.append(str(effect.point))
        return True, {}
    return call


def spawned_foo(run):
    return sorted(int(str(itask.point)) for itask in run.core.pool
                  if itask.name == 'foo')


def test_sequential_xtriggers_spawn_one_instance_at_a_time(tmp_path):
    run = make_run(load(tmp_path, XTRIGGER.format(sequential='True')))
    run.core.start(0.0)
    assert spawned_foo(run) == [1]


def test_non_sequential_xtriggers_spawn_out_to_the_runahead_limit(tmp_path):
    run = make_run(load(tmp_path, XTRIGGER.format(sequential='False')))
    run.core.start(0.0)
    assert spawned_foo(run) == [1, 2, 3, 4]


def test_satisfying_a_sequential_xtrigger_spawns_the_next_instance(tmp_path):
    run = make_run(load(tmp_path, XTRIGGER.format(sequential='True')))
    core = run.core
    core.start(0.0)
    signature = next(iter(core.xtriggers.pending))
    core.on_xtrigger_result(signature, True, {}, 1.0)
    core.step(1.0)
    assert spawned_foo(run) == [1, 2]


def test_sequential_xtrigger_workflow_runs_to_completion(tmp_path):
    calls: list[str] = []
    config = load(tmp_path, XTRIGGER.format(sequential='True'))
    run = make_run(config)
    run.driver.xtrigger_call = counting_xtrigger(calls)
    run.shutdown = run.driver.run()
    assert run.shutdown.reason == 'AUTOMATIC'
    assert calls == ['1', '2', '3', '4']
    assert run.triggered_ids() == ['1/foo', '2/foo', '3/foo', '4/foo']


def test_sequential_keyword_on_the_declaration_wins(tmp_path):
    config = load(tmp_path, XTRIGGER.format(sequential='True').replace(
        'which=%(point)s)', 'which=%(point)s, sequential=False)'))
    run = make_run(config)
    run.core.start(0.0)
    assert spawned_foo(run) == [1, 2, 3, 4]


def test_triggering_the_waiting_instance_lets_the_next_spawn(tmp_path):
    run = make_run(load(tmp_path, XTRIGGER.format(sequential='True')))
    core = run.core
    core.start(0.0)
    core.trigger([(core.config.context.point('1'), 'foo')], None, 1.0)
    core.step(1.0)
    assert spawned_foo(run) == [1, 2]


def test_sequential_xtrigger_labels_follow_cylc_precedence():
    declarations = {
        'clock': parse_xtrigger('clock', 'wall_clock(offset=PT1H)'),
        'plain': parse_xtrigger('plain', 'echo(succeed=True)'),
        'forced': parse_xtrigger('forced', 'echo(succeed=True, sequential=True)'),
        'unclocked': parse_xtrigger('unclocked',
                                    'wall_clock(offset=PT1H, sequential=False)'),
    }
    assert sequential_xtrigger_labels(declarations) == {'clock', 'forced'}
    assert sequential_xtrigger_labels(declarations, True) == {
        'clock', 'forced', 'plain'}


def test_sequential_xtrigger_labels_ask_the_function_finder_for_defaults():
    def mine(sequential=True):
        return True, {}

    declarations = {'custom': parse_xtrigger('custom', 'mine()')}
    assert sequential_xtrigger_labels(declarations) == set()
    assert sequential_xtrigger_labels(
        declarations, find_function=lambda name: mine) == {'custom'}
