"""Task event timers in the core: submission timeout, execution timeout and
late offset (``[runtime][<task>][events]``)."""

from __future__ import annotations

from core_sim_helpers import Y2K, load, make_run, simulate, succeed_after

from cylc_flow.core import states as S
from cylc_flow.core.effects import PollJobs, SubmitJobs, TaskEvent
from cylc_flow.core.scheduler_core import SchedulerCore

INTEGER = '''
[scheduler]
    allow implicit tasks = True
[scheduling]
    cycling mode = integer
    initial cycle point = 1
    final cycle point = 1
    [[graph]]
        R1 = "a => b"
[runtime]
    [[a]]
        [[[events]]]
            submission timeout = PT1M
            execution timeout = PT2M
            late offset = PT1S
'''

DATETIME = '''
[scheduler]
    allow implicit tasks = True
    UTC mode = True
[scheduling]
    initial cycle point = 2000-01-01T00Z
    final cycle point = 2000-01-01T00Z
    [[graph]]
        R1 = "a => b & c"
[runtime]
    [[b, c]]
        [[[events]]]
            late offset = PT1H
'''


def slow(seconds: float):
    def outcome(_itask):
        return succeed_after(seconds)
    return outcome


def test_submission_timeout_fires_once_after_the_interval(tmp_path):
    run = simulate(load(tmp_path, INTEGER), slow(150.0))
    lines = run.lines('timeout')
    assert lines == [(Y2K + 60.0, '[1/a/01:submitted] submission timeout after'
                                  ' PT1M')]


def test_no_timeout_when_the_job_finishes_in_time(tmp_path):
    run = simulate(load(tmp_path, INTEGER), slow(30.0))
    assert run.lines('timeout') == []


def start_one_job(tmp_path, text: str = INTEGER):
    config = load(tmp_path, text)
    core = SchedulerCore(config, now=Y2K)
    core.start(Y2K)
    submit = [e for e in core.effects.drain() if isinstance(e, SubmitJobs)]
    itask = submit[0].tasks[0]
    core.on_job_submitted(itask, Y2K)
    return core, itask


def test_execution_timeout_replaces_the_submission_timeout(tmp_path):
    core, itask = start_one_job(tmp_path)
    assert core.next_wakeup() == Y2K + 60.0
    core.on_message(itask, 1, 'INFO', 'started', Y2K + 10.0)
    assert core.next_wakeup() == Y2K + 130.0
    core.step(Y2K + 70.0)  # the old submission deadline passes: nothing
    assert not [e for e in core.effects.drain() if isinstance(e, TaskEvent)
                and 'timeout' in e.event]
    core.step(Y2K + 131.0)
    effects = core.effects.drain()
    events = [(e.event, e.message) for e in effects if isinstance(e, TaskEvent)]
    assert events == [('execution timeout', 'execution timeout after PT2M')]
    polls = [e.tasks for e in effects if isinstance(e, PollJobs)]
    assert polls == [[itask]]
    core.step(Y2K + 500.0)  # once only
    assert not [e for e in core.effects.drain() if isinstance(e, TaskEvent)]


def test_finished_job_cancels_its_timeout(tmp_path):
    core, itask = start_one_job(tmp_path)
    core.on_message(itask, 1, 'INFO', 'started', Y2K + 1.0)
    core.on_message(itask, 1, 'INFO', 'succeeded', Y2K + 2.0)
    core.effects.drain()
    core.step(Y2K + 1000.0)
    assert not [e for e in core.effects.drain() if isinstance(e, TaskEvent)
                and 'timeout' in e.event]


def test_job_timeouts_off_checks_nothing(tmp_path):
    config = load(tmp_path, INTEGER)
    core = SchedulerCore(config, now=Y2K)
    core.pool.task_timers.configure(global_task_events=None, job_timeouts=False)
    core.start(Y2K)
    itask = next(iter(core.pool))
    core.effects.drain()
    core.on_job_submitted(itask, Y2K)
    assert itask.timeout_at is None
    assert core.next_wakeup() is None


def test_global_task_events_give_the_default_timeout(tmp_path):
    config = load(tmp_path, INTEGER.replace('submission timeout = PT1M', ''))
    core = SchedulerCore(config, now=Y2K)
    core.pool.task_timers.configure(
        global_task_events={'submission timeout': 5.0}, job_timeouts=True)
    core.start(Y2K)
    itask = next(iter(core.pool))
    core.on_job_submitted(itask, Y2K)
    assert itask.timeout_at == Y2K + 5.0


def test_task_spawned_after_its_late_time_is_late_at_once(tmp_path):
    # a runs 2 hours; b and c are spawned when it succeeds, already late
    run = simulate(load(tmp_path, DATETIME), slow(7200.0), start_time=Y2K)
    late = run.lines(' late ')
    assert late == [
        (Y2K + 7200.0, '[20000101T0000Z/b:waiting] late'
                       ' (late-time=2000-01-01T01:00:00Z)'),
        (Y2K + 7200.0, '[20000101T0000Z/c:waiting] late'
                       ' (late-time=2000-01-01T01:00:00Z)'),
    ]


def test_task_waiting_in_a_queue_is_late_at_its_late_time(tmp_path):
    config = load(tmp_path, '''
        [scheduler]
            allow implicit tasks = True
            UTC mode = True
        [scheduling]
            initial cycle point = 2000-01-01T00Z
            final cycle point = 2000-01-01T00Z
            [[queues]]
                [[[default]]]
                    limit = 1
            [[graph]]
                R1 = "a & b"
        [runtime]
            [[root]]
                [[[events]]]
                    late offset = PT1H
    ''')
    run = simulate(config, slow(7200.0), start_time=Y2K)
    first = run.triggered_ids()[0].split('/')[1]
    other = 'b' if first == 'a' else 'a'
    assert run.lines(' late ') == [
        (Y2K + 3600.0, f'[20000101T0000Z/{other}:waiting(queued)] late'
                       ' (late-time=2000-01-01T01:00:00Z)'),
    ]


def test_task_active_before_its_late_time_is_not_late(tmp_path):
    run = simulate(load(tmp_path, DATETIME), slow(60.0), start_time=Y2K)
    assert run.lines(' late ') == []
    assert run.shutdown.reason == 'AUTOMATIC'


def test_late_event_is_a_task_event_with_cylc_message(tmp_path):
    core, parent = start_one_job(tmp_path, DATETIME)
    core.on_message(parent, 1, 'INFO', 'started', Y2K)
    core.on_message(parent, 1, 'INFO', 'succeeded', Y2K + 4000.0)
    core.step(Y2K + 4000.0)
    events = [(e.task.name, e.event, e.message) for e in core.effects.drain()
              if isinstance(e, TaskEvent) and e.event == 'late']
    assert sorted(events) == [
        ('b', 'late', 'late (late-time=2000-01-01T01:00:00Z)'),
        ('c', 'late', 'late (late-time=2000-01-01T01:00:00Z)'),
    ]
    assert all(itask.is_late for itask in core.pool if itask.name != 'a')


def test_integer_cycling_has_no_late_time(tmp_path):
    _core, itask = start_one_job(tmp_path)
    assert itask.late_time is None
    assert itask.state == S.SUBMITTED


def test_long_run_with_timers_keeps_the_heap_small(tmp_path):
    config = load(tmp_path, '''
        [scheduler]
            allow implicit tasks = True
        [scheduling]
            initial cycle point = 2000-01-01T00Z
            final cycle point = 2000-03-01T00Z
            [[graph]]
                PT6H = "a[-PT6H] => a => b"
        [runtime]
            [[root]]
                [[[events]]]
                    late offset = PT1H
                    submission timeout = PT1H
                    execution timeout = PT1H
    ''')
    run = make_run(config, slow(1.0), start_time=Y2K)
    sizes: list[int] = []
    original = run.core.step

    def step(now: float) -> None:
        original(now)
        sizes.append(len(run.core.pool.task_timers))

    run.core.step = step  # type: ignore[method-assign]
    run.shutdown = run.driver.run()
    assert run.shutdown.reason == 'AUTOMATIC'
    assert max(sizes) < 100  # never more than about twice the pool
