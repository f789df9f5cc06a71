"""Live jobs are polled from the core's ``submitted`` and ``started`` task
events, however the scheduler heard of them (job message or poll); simulated
jobs are not polled."""

from __future__ import annotations

from types import SimpleNamespace

from cylc_flow.core.effects import TaskEvent
from cylc_flow.scheduler.scheduler import PlayOptions, Scheduler

INTERVALS = {
    'submission polling intervals': [60.0],
    'execution polling intervals': [120.0],
    'execution time limit polling intervals': [10.0],
}


def make_scheduler(tmp_path, runtime_lookups: list[str]) -> Scheduler:
    scheduler = Scheduler('wf', tmp_path, PlayOptions())
    scheduler.recorder = SimpleNamespace(job_event=lambda *_args: None)
    scheduler.event_handling = SimpleNamespace(task_event=lambda *_args: None)
    scheduler.global_config = SimpleNamespace(
        get=lambda keys: INTERVALS.get(keys[-1]))

    def rtconfig(name):
        runtime_lookups.append(name)
        return {'execution time limit': 30.0}

    scheduler.config = SimpleNamespace(rtconfig=rtconfig)
    return scheduler


def job_task():
    return SimpleNamespace(key=(1, 'a'), name='a', job={}, is_active=True)


def test_submitted_then_started_events_arm_submission_then_execution_polls(
        tmp_path):
    lookups: list[str] = []
    scheduler = make_scheduler(tmp_path, lookups)
    itask = job_task()
    scheduler._apply([TaskEvent(itask, 'submitted', '')], 0.0)
    assert scheduler.polls.next_time() == 60.0
    assert lookups == []  # no execution time limit for submission polls
    scheduler._apply([TaskEvent(itask, 'started', 'started')], 100.0)
    assert scheduler.polls.next_time() == 140.0  # time limit + 10s < 120s
    assert lookups == ['a']
    scheduler._apply([TaskEvent(itask, 'warning', 'hmm')], 200.0)
    assert scheduler.polls.next_time() == 140.0


def test_simulated_jobs_are_not_polled(tmp_path):
    scheduler = make_scheduler(tmp_path, [])
    scheduler.simulated_jobs = object()
    itask = job_task()
    scheduler._apply([TaskEvent(itask, 'submitted', ''),
                      TaskEvent(itask, 'started', 'started')], 0.0)
    assert scheduler.polls.next_time() is None
