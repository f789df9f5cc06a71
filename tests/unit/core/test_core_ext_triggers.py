"""Push external triggers (``external-trigger`` + ``cylc ext-trigger``)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from core_sim_helpers import Y2K, load

from cylc_flow.core.ext_triggers import (
    ExternalTriggerError,
    ExternalTriggers,
    external_trigger_messages,
    render_message,
)
from cylc_flow.core.scheduler_core import SchedulerCore

FLOW = '''
[scheduler]
    allow implicit tasks = True
[scheduling]
    cycling mode = integer
    initial cycle point = 1
    final cycle point = {fcp}
    [[special tasks]]
        external-trigger = {entry}
    [[graph]]
        P1 = """{graph}"""
'''


def core_for(tmp_path, entry='get_data("new data ready")',
             graph='get_data => proc', fcp=3) -> SchedulerCore:
    config = load(tmp_path, FLOW.format(entry=entry, graph=graph, fcp=fcp))
    core = SchedulerCore(config, now=Y2K)
    core.start(Y2K)
    return core


def submitted(core: SchedulerCore) -> list[str]:
    found = []
    for effect in core.effects.drain():
        for itask in getattr(effect, 'tasks', ()):
            if itask.state == 'preparing':
                found.append(itask.identity)
    return found


def fake_config(entries, tasks=('foo', 'bar'), families=None):
    special = {'external-trigger': entries}
    return SimpleNamespace(
        get=lambda *keys: special if keys == ('scheduling', 'special tasks')
        else None,
        taskdefs=dict.fromkeys(tasks),
        family_members=families or {},
    )


# ---- parsing ------------------------------------------------------------------
def test_message_quotes_are_removed():
    config = fake_config(['foo("new data ready")', "bar('x y')"])
    assert external_trigger_messages(config) == {
        'foo': ('new data ready',), 'bar': ('x y',)}


def test_family_entry_applies_to_every_member():
    config = fake_config(['FAM("go")'], families={'FAM': ['foo', 'bar']})
    assert external_trigger_messages(config) == {'foo': ('go',),
                                                 'bar': ('go',)}


@pytest.mark.parametrize('entry', ['foo', 'foo()', 'foo("")', '(x)', 'foo(x'])
def test_malformed_entry_is_an_error_naming_it(entry):
    with pytest.raises(ExternalTriggerError, match='external-trigger'):
        external_trigger_messages(fake_config([entry]))


def test_unknown_task_is_an_error():
    with pytest.raises(ExternalTriggerError, match='nosuch'):
        external_trigger_messages(fake_config(['nosuch("x")']))


def test_cycle_point_variable_is_replaced():
    assert render_message('data for $CYLC_TASK_CYCLE_POINT', 20200101) == \
        'data for 20200101'


# ---- the queue -------------------------------------------------------------------
def task(point, name='foo', submit_num=0):
    return SimpleNamespace(name=name, point=point, key=(point, name),
                           submit_num=submit_num, state='waiting',
                           is_held=False,
                           prerequisites_satisfied=lambda: True)


def test_one_event_satisfies_one_task_earliest_point_first():
    first, second = task(1), task(2)
    tasks = {first.key: first, second.key: second}
    triggers = ExternalTriggers({'foo': ('go',)}, tasks)
    triggers.attach(second)
    triggers.attach(first)
    triggers.queue('go', 'id-1')
    matched = triggers.match()
    assert [(m.task.point, m.event_id) for m in matched] == [(1, 'id-1')]
    assert not triggers.blocks(first)
    assert triggers.blocks(second)
    assert triggers.ids == {1: 'id-1'}


def test_event_waits_in_the_queue_for_a_task_that_wants_it():
    tasks = {}
    triggers = ExternalTriggers({'foo': ('go',)}, tasks)
    triggers.queue('go', 'early')
    assert triggers.match() == []
    later = task(5)
    tasks[later.key] = later
    triggers.attach(later)
    assert [m.event_id for m in triggers.match()] == ['early']


def test_same_event_reported_twice_satisfies_two_tasks():
    one, two = task(1), task(2)
    tasks = {one.key: one, two.key: two}
    triggers = ExternalTriggers({'foo': ('go',)}, tasks)
    triggers.attach(one)
    triggers.attach(two)
    triggers.queue('go', 'same')
    triggers.queue('go', 'same')
    assert len(triggers.match()) == 2
    assert not triggers.queued


def test_task_with_a_job_already_is_not_held_back():
    itask = task(1, submit_num=1)
    triggers = ExternalTriggers({'foo': ('go',)}, {itask.key: itask})
    triggers.attach(itask)
    assert not triggers.blocks(itask)


def test_an_event_goes_to_a_waiting_task_not_one_triggered_meanwhile():
    triggered, waiting = task(1, submit_num=1), task(2)
    tasks = {triggered.key: triggered, waiting.key: waiting}
    triggers = ExternalTriggers({'foo': ('go',)}, tasks)
    triggers.attach(triggered)
    triggers.attach(waiting)
    triggers.queue('go', 'id-1')
    assert [m.task.point for m in triggers.match()] == [2]
    assert not triggers.blocks(waiting)


def test_reconfigure_keeps_satisfied_messages_and_adds_new_ones():
    itask = task(1)
    triggers = ExternalTriggers({'foo': ('a',)}, {itask.key: itask})
    triggers.attach(itask)
    triggers.queue('a', '1')
    triggers.match()
    triggers.reconfigure({'foo': ('a', 'b')})
    triggers.attach(itask, keep=triggers.triggers_of(itask))  # (as reload does)
    assert triggers.triggers_of(itask) == {'a': True, 'b': False}
    triggers.reconfigure({})
    assert triggers.triggers_of(itask) == {}
    assert not triggers.blocks(itask)


# ---- in the core -------------------------------------------------------------
def test_task_waits_for_its_event_then_runs(tmp_path):
    core = core_for(tmp_path, fcp=1)
    assert submitted(core) == []
    core.on_ext_trigger('something else', 'x')
    core.step(Y2K)
    assert submitted(core) == []
    core.on_ext_trigger('new data ready', 'passX12')
    core.step(Y2K)
    assert submitted(core) == ['1/get_data']
    assert core.ext_triggers.ids == {core.config.context.point('1'): 'passX12'}
    assert [m.event_id for m in core.ext_triggers.matched] == ['passX12']


def test_cycle_point_message_targets_one_cycle(tmp_path):
    core = core_for(tmp_path,
                    entry='get_data("data for $CYLC_TASK_CYCLE_POINT")')
    submitted(core)
    core.on_ext_trigger('data for 2', 'id2')
    core.step(Y2K)
    assert submitted(core) == ['2/get_data']


def test_waiting_for_an_event_is_not_a_stall(tmp_path):
    core = core_for(tmp_path, fcp=1)
    core.step(Y2K)
    assert not core.stalled
    assert core.ext_triggers.waiting_for_event()


def test_manual_trigger_runs_a_task_without_its_event(tmp_path):
    core = core_for(tmp_path, fcp=1)
    submitted(core)
    point = core.config.context.point('1')
    assert core.trigger([(point, 'get_data')], None, Y2K) == 1
    assert submitted(core) == ['1/get_data']
