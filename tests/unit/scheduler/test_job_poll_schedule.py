"""When active jobs are polled: each interval in turn, the last repeating."""

from types import SimpleNamespace

from cylc_flow.scheduler.job_polling import JobPollSchedule


def task(name='foo', active=True):
    itask = SimpleNamespace(key=(1, name), is_active=active)
    return itask


def test_polls_follow_the_intervals_then_repeat_the_last():
    schedule = JobPollSchedule()
    itask = task()
    schedule.arm(itask, [10, 20], now=0)
    assert schedule.next_time() == 10
    assert schedule.due(9) == []
    assert schedule.due(10) == [itask]
    assert schedule.next_time() == 30
    assert schedule.due(30) == [itask]
    assert schedule.next_time() == 50  # the last interval repeats
    assert schedule.due(50) == [itask]
    assert schedule.next_time() == 70


def test_first_delay_overrides_the_first_interval():
    schedule = JobPollSchedule()
    itask = task()
    schedule.arm(itask, [900], now=100, first_delay=5)
    assert schedule.next_time() == 105


def test_rearming_replaces_the_old_plan_and_inactive_tasks_are_dropped():
    schedule = JobPollSchedule()
    itask = task()
    schedule.arm(itask, [10], now=0)
    schedule.arm(itask, [100], now=0)
    assert schedule.due(10) == []
    assert schedule.next_time() == 100
    itask.is_active = False
    assert schedule.due(100) == []
    assert schedule.next_time() is None


def test_disarm_stops_polling():
    schedule = JobPollSchedule()
    itask = task()
    schedule.arm(itask, [1], now=0)
    schedule.disarm(itask)
    assert schedule.due(5) == []


def test_the_plan_of_a_task_no_longer_active_is_forgotten():
    schedule = JobPollSchedule()
    itask = task()
    schedule.arm(itask, [10], now=0)
    itask.is_active = False
    assert schedule.next_time() is None
    assert schedule._plans == {}
