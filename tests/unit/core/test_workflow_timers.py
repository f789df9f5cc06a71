"""[scheduler][events] workflow, inactivity and stall timeouts."""

from __future__ import annotations

from core_sim_helpers import load, make_run, simulate, succeed_after

from cylc_flow.config.spec.durations import DurationFloat
from cylc_flow.core.effects import EffectLog, WorkflowEvent
from cylc_flow.core.timers import (
    INACTIVITY_TIMEOUT,
    STALL_TIMEOUT,
    WORKFLOW_TIMEOUT,
    WorkflowTimers,
    timer_settings,
)
from cylc_flow.scheduler.simulation import SimulatedRun

T0 = 1_000_000.0

TEMPLATE = '''
[scheduler]
    allow implicit tasks = True
    [[events]]
{events}
[scheduling]
    cycling mode = integer
    initial cycle point = 1
    final cycle point = 1
    [[graph]]
        R1 = "{graph}"
'''


def flow(tmp_path, events: str, graph: str = 'a => b'):
    lines = '\n'.join(f'        {line}' for line in events.strip().splitlines())
    return load(tmp_path, TEMPLATE.format(events=lines, graph=graph))


def job_lasting(seconds: float, name: str = 'a'):
    def outcome(itask):
        duration = seconds if itask.name == name else 0.0
        return succeed_after(duration)
    return outcome


def failing(name: str):
    def outcome(itask):
        if itask.name == name:
            return SimulatedRun(['started', 'failed'])
        return SimulatedRun(['started', 'succeeded'])
    return outcome


def test_inactivity_timeout_aborts_when_nothing_happens(tmp_path):
    config = flow(tmp_path, '''
        inactivity timeout = PT1M
        abort on inactivity timeout = True
    ''')
    run = simulate(config, job_lasting(600), start_time=T0)
    assert run.shutdown.aborted
    assert run.shutdown.reason == '"abort on inactivity timeout" is set'
    assert run.driver.now == T0 + 60
    assert (T0 + 60, 'inactivity timeout') in run.events
    assert run.lines('inactivity timer timed out after PT1M')


def test_activity_restarts_the_inactivity_timer(tmp_path):
    config = flow(tmp_path, '''
        inactivity timeout = PT1M
        abort on inactivity timeout = True
    ''', graph='a => b => c => d')
    run = simulate(config, lambda itask: succeed_after(50.0), start_time=T0)
    assert run.shutdown.reason == 'AUTOMATIC'
    assert not run.events
    assert run.driver.now == T0 + 200


def test_inactivity_timeout_without_abort_fires_its_event_once(tmp_path):
    config = flow(tmp_path, 'inactivity timeout = PT1M')
    run = simulate(config, job_lasting(600), start_time=T0)
    assert run.shutdown.reason == 'AUTOMATIC'
    assert run.events == [(T0 + 60, 'inactivity timeout')]


def test_workflow_timeout_aborts_however_busy_the_workflow_is(tmp_path):
    config = flow(tmp_path, '''
        workflow timeout = PT2M
        abort on workflow timeout = True
    ''', graph='a => b => c => d => e')
    run = simulate(config, lambda itask: succeed_after(50.0), start_time=T0)
    assert run.shutdown.reason == '"abort on workflow timeout" is set'
    assert run.driver.now == T0 + 120
    assert (T0 + 120, 'workflow timeout') in run.events
    assert run.lines('PT2M workflow timer starts NOW')


def test_workflow_timeout_without_abort_lets_the_run_finish(tmp_path):
    config = flow(tmp_path, 'workflow timeout = PT1M')
    run = simulate(config, job_lasting(600), start_time=T0)
    assert run.shutdown.reason == 'AUTOMATIC'
    assert run.events == [(T0 + 60, 'workflow timeout')]


def test_stall_timeout_defaults_to_an_hour_then_aborts(tmp_path):
    config = flow(tmp_path, 'mail events = stall')
    run = simulate(config, failing('a'), start_time=T0)
    assert run.shutdown.aborted
    assert run.shutdown.reason == '"abort on stall timeout" is set'
    assert run.driver.now == T0 + 3600
    assert run.events == [(T0, 'stall'), (T0 + 3600, 'stall timeout')]
    assert run.lines('PT1H stall timer starts NOW')
    assert run.lines('Workflow stalled')


def test_flow_cylc_overrides_the_global_abort_on_stall(tmp_path):
    config = flow(tmp_path, '''
        stall timeout = PT10M
        abort on stall timeout = False
        inactivity timeout = PT1H
        abort on inactivity timeout = True
    ''')
    run = simulate(config, failing('a'), start_time=T0)
    assert (T0 + 600, 'stall timeout') in run.events
    assert run.shutdown.reason == '"abort on inactivity timeout" is set'
    assert run.driver.now == T0 + 3600


def test_global_events_fill_in_what_flow_cylc_leaves_out(tmp_path):
    config = flow(tmp_path, 'mail events = stall')
    run = simulate(config, job_lasting(600), start_time=T0, global_events={
        'inactivity timeout': DurationFloat(30.0, 'PT30S'),
        'abort on inactivity timeout': True,
    })
    assert run.shutdown.reason == '"abort on inactivity timeout" is set'
    assert run.driver.now == T0 + 30


def test_timer_deadlines_are_in_next_wakeup(tmp_path):
    config = flow(tmp_path, '''
        inactivity timeout = PT5M
        workflow timeout = PT1M
    ''')
    run = make_run(config, start_time=T0)
    run.core.start(T0)
    assert run.core.next_wakeup() == T0 + 60


def test_unstalling_stops_the_stall_timer(tmp_path):
    config = flow(tmp_path, 'stall timeout = PT1H')
    run = make_run(config, failing('a'), start_time=T0)
    core = run.core
    core.start(T0)
    itask = next(iter(core.pool))
    core.on_job_submitted(itask, T0)
    core.on_message(itask, 1, 'INFO', 'started', T0)
    core.on_message(itask, 1, 'CRITICAL', 'failed', T0)
    core.step(T0)
    assert core.stalled and core.stalled_since == T0
    assert core.next_wakeup() == T0 + 3600
    core.trigger([(itask.point, 'a')], None, T0 + 10)
    core.step(T0 + 10)
    assert not core.stalled and core.stalled_since is None
    texts = [entry.text for entry in core.effects.items
             if hasattr(entry, 'text')]
    assert 'stall timer stopped' in texts


def test_timer_settings_layer_flow_global_and_spec_defaults():
    settings = timer_settings(
        {'stall timeout': DurationFloat(60.0, 'PT1M')},
        {'abort on stall timeout': False, 'workflow timeout': 5.0},
    )
    assert settings[STALL_TIMEOUT].interval == 60.0
    assert settings[STALL_TIMEOUT].text == 'PT1M'
    assert settings[STALL_TIMEOUT].abort is False
    assert settings[WORKFLOW_TIMEOUT].interval == 5.0
    assert settings[WORKFLOW_TIMEOUT].text == 'PT5S'
    assert settings[INACTIVITY_TIMEOUT].interval is None
    defaults = timer_settings(None)
    assert defaults[STALL_TIMEOUT].interval == 3600.0
    assert defaults[STALL_TIMEOUT].abort is True
    assert defaults[WORKFLOW_TIMEOUT].abort is False


def test_each_timer_fires_once_until_rearmed():
    effects = EffectLog()
    timers = WorkflowTimers(timer_settings(
        {'inactivity timeout': 10.0, 'abort on inactivity timeout': False}),
        effects)
    timers.start(0.0)
    assert timers.check(9.0) is None
    assert timers.check(10.0) is None
    timers.check(11.0)
    fired = [item for item in effects.items if isinstance(item, WorkflowEvent)]
    assert [event.event for event in fired] == ['inactivity timeout']
    assert timers.next_wakeup() is None
    timers.activity(20.0)
    assert timers.next_wakeup() == 30.0
