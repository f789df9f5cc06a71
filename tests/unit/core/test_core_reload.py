"""Reload at the core: new task definitions swapped into a running pool."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from core_sim_helpers import Y2K, load

from cylc_flow.core.reload import plan_reload
from cylc_flow.core.scheduler_core import SchedulerCore
from cylc_flow.exceptions import WorkflowConfigError

INTEGER = '''
[scheduler]
    allow implicit tasks = True
[scheduling]
    cycling mode = integer
    initial cycle point = 1
    final cycle point = {fcp}
    runahead limit = {runahead}
    {queues}
    [[graph]]
        P1 = """{graph}"""
[runtime]
    [[root]]
        script = {script}
'''


def config(tmp_path: Path, name: str, graph: str, *, fcp: int = 3,
           runahead: str = 'P4', queues: str = '', script: str = 'true',
           extra: str = ''):
    directory = tmp_path / name
    directory.mkdir()
    text = INTEGER.format(graph=graph, fcp=fcp, runahead=runahead,
                          queues=queues, script=script) + extra
    return load(directory, text)


def started(cfg) -> SchedulerCore:
    core = SchedulerCore(cfg, now=Y2K)
    core.pause()  # nothing submits unless a test says so
    core.start(Y2K)
    core.effects.drain()
    return core


def run_job(core: SchedulerCore, point: str, name: str, *outputs: str) -> None:
    """Submit a task by hand and feed it messages."""
    itask = core.pool.get(core.config.context.point(point), name)
    assert itask is not None, f'{point}/{name} not in the pool'
    core.trigger([(itask.point, name)], None, Y2K)
    core.on_job_submitted(itask, Y2K)
    for output in outputs:
        core.on_message(itask, itask.submit_num, 'INFO', output, Y2K)
    core.step(Y2K)


def task(core: SchedulerCore, point: str, name: str):
    return core.pool.get(core.config.context.point(point), name)


def reload(core: SchedulerCore, new_config, **kwargs):
    report = core.reload(plan_reload(new_config, core.config), **kwargs)
    core.step(Y2K)
    logs = [effect.text for effect in core.effects.drain()
            if hasattr(effect, 'text')]
    return report, logs


def conditions(itask) -> dict[str, object]:
    return {f'{point}/{name}:{output}': value
            for prereq in itask.prerequisites
            for (point, name, output), value in prereq.conditions.items()}


def test_waiting_task_keeps_satisfied_conditions_and_gets_new_ones(tmp_path):
    core = started(config(tmp_path, 'old', 'a & b => c'))
    run_job(core, '1', 'a', 'started', 'succeeded')
    assert conditions(task(core, '1', 'c')) == {
        '1/a:succeeded': 'satisfied naturally', '1/b:succeeded': False}
    _report, _logs = reload(core, config(tmp_path, 'new', 'a & d => c'))
    assert conditions(task(core, '1', 'c')) == {
        '1/a:succeeded': 'satisfied naturally', '1/d:succeeded': False}


def test_new_condition_on_a_completed_output_is_satisfied(tmp_path):
    core = started(config(tmp_path, 'old', 'a => c\nb'))
    run_job(core, '1', 'a', 'started', 'succeeded')
    asked = []

    def recorded(point, name, output, flows):
        asked.append((str(point), name, output))
        return (str(point), name, output) == ('1', 'b', 'succeeded')

    reload(core, config(tmp_path, 'new', 'a & b => c'), output_lookup=recorded)
    assert conditions(task(core, '1', 'c')) == {
        '1/a:succeeded': 'satisfied naturally',
        '1/b:succeeded': 'satisfied naturally'}
    assert ('1', 'b', 'succeeded') in asked


def test_task_state_outputs_and_flags_survive_reload(tmp_path):
    core = started(config(tmp_path, 'old', 'a => b'))
    run_job(core, '1', 'a', 'started')
    running = task(core, '1', 'a')
    waiting = task(core, '2', 'a')
    core.hold([(waiting.point, 'a')])
    _report, logs = reload(core, config(tmp_path, 'new', 'a => b',
                                        script='echo new'))
    assert task(core, '1', 'a') is running  # same object: jobs still match
    assert running.state == 'running'
    assert running.submit_num == 1
    assert 'started' in running.completed_outputs
    assert waiting.is_held
    assert '[1/a/01:running] active with pre-reload settings' in logs
    assert '[2/a:waiting(held)] reloaded task definition' in logs
    assert core.config.rtconfig('a')['script'] == 'echo new'


def test_waiting_task_of_a_removed_definition_is_removed(tmp_path):
    core = started(config(tmp_path, 'old', 'a\nb'))
    report, logs = reload(core, config(tmp_path, 'new', 'a'))
    assert report.removed == ['b']
    assert task(core, '1', 'b') is None
    assert '[1/b:waiting(queued)] removed (task definition removed)' in logs


def test_active_task_of_a_removed_definition_finishes_without_children(
        tmp_path):
    core = started(config(tmp_path, 'old', 'a\nb => c'))
    run_job(core, '1', 'b', 'started')
    report, logs = reload(core, config(tmp_path, 'new', 'a\nx => c'))
    assert report.removed == ['b']
    assert report.added == ['x']
    assert '[1/b/01:running] will not spawn children - task definition' \
           ' removed' in logs
    itask = task(core, '1', 'b')
    core.on_message(itask, 1, 'INFO', 'succeeded', Y2K)
    core.step(Y2K)
    assert task(core, '1', 'c') is None  # b's old edge is gone
    assert task(core, '1', 'b') is None  # finished and complete


def test_removed_task_not_in_the_pool_is_reported(tmp_path):
    core = started(config(tmp_path, 'old', 'a => b'))
    _report, logs = reload(core, config(tmp_path, 'new', 'a'))
    assert "Removed task: 'b'" in logs


def test_new_parentless_task_starts_at_the_oldest_active_point(tmp_path):
    core = started(config(tmp_path, 'old', 'a[-P1] => a', fcp=6,
                          runahead='P1'))
    for point in ('1', '2'):
        run_job(core, point, 'a', 'started', 'succeeded')
    assert task(core, '3', 'a') is not None
    report, _logs = reload(core, config(tmp_path, 'new', 'a[-P1] => a\nz',
                                        fcp=6, runahead='P1'))
    assert report.added == ['z']
    points = sorted(int(str(t.point)) for t in core.pool if t.name == 'z')
    assert points and points[0] == 3  # not back at the initial point


def test_runahead_limit_shrinks_on_reload(tmp_path):
    cfg = config(tmp_path, 'old', 'a', fcp=5, runahead='P4')
    core = SchedulerCore(cfg, now=Y2K)
    point = cfg.context.point
    core.pool.tasks_to_hold = {(point('4'), 'a'), (point('5'), 'a')}
    core.start(Y2K)  # 1-3 submit; 4 and 5 wait, held (not queued)
    assert not task(core, '4', 'a').is_runahead
    reload(core, config(tmp_path, 'new', 'a', fcp=5, runahead='P1'))
    assert task(core, '4', 'a').is_runahead
    assert task(core, '5', 'a').is_runahead


def test_new_queue_limits_apply_to_waiting_tasks(tmp_path):
    core = started(config(tmp_path, 'old', 'a & b & c', fcp=1))
    queues = '''[[queues]]
        [[[q]]]
            limit = 1
            members = a, b, c'''
    reload(core, config(tmp_path, 'new', 'a & b & c', fcp=1, queues=queues))
    core.resume(Y2K)
    submitted = [t.name for t in core.pool if t.state == 'preparing']
    assert len(submitted) == 1


def test_new_task_settings_reach_the_next_job(tmp_path):
    core = started(config(tmp_path, 'old', 'a', script='echo old'))
    reload(core, config(tmp_path, 'new', 'a', script='echo new'))
    assert core.config.rtconfig('a')['script'] == 'echo new'
    assert task(core, '1', 'a').tdef is core.config.taskdefs['a']


def test_reload_rejects_a_change_of_cycling_mode(tmp_path):
    old = config(tmp_path, 'old', 'a')
    directory = tmp_path / 'datetime'
    directory.mkdir()
    new = load(directory, '''
[scheduler]
    allow implicit tasks = True
[scheduling]
    initial cycle point = 2000
    [[graph]]
        P1D = a
''')
    with pytest.raises(WorkflowConfigError, match='cycling mode'):
        plan_reload(new, old)


def test_reload_rejects_bad_special_tasks_before_changing_anything(tmp_path):
    core = started(config(tmp_path, 'old', 'a'))
    before = core.config
    with pytest.raises(WorkflowConfigError, match='external-trigger'):
        # the new definition is refused as it loads (as cylc validate does)
        plan_reload(config(tmp_path, 'new', 'a', extra='''
[scheduling]
    [[special tasks]]
        external-trigger = a
'''), core.config)
    assert core.config is before


def test_reloaded_pool_runs_to_completion(tmp_path):
    from core_sim_helpers import succeed

    from cylc_flow.scheduler.simulation import SimulationDriver

    core = started(config(tmp_path, 'old', 'a => b', fcp=2))
    reload(core, config(tmp_path, 'new', 'a => b => c', fcp=2))
    core.resume(Y2K)
    log: list[str] = []
    driver = SimulationDriver(core, succeed, start_time=Y2K,
                              on_log=lambda entry: log.append(entry.text))
    driver.core.start = lambda now, **_kw: None  # already started
    shutdown = driver.run()
    assert shutdown.reason == 'AUTOMATIC'
    ran = {line.split(' ')[0] for line in log if '-triggered off' in line}
    assert {'1/c', '2/c'} <= ran


def test_reload_logs_at_info_and_warning_levels(tmp_path):
    core = started(config(tmp_path, 'old', 'a'))
    core.reload(plan_reload(config(tmp_path, 'new', 'a'), core.config))
    levels = {effect.text: effect.level for effect in core.effects.drain()
              if hasattr(effect, 'text')}
    assert levels['Reloading task definitions.'] == logging.INFO


WALL_CLOCK_GRAPH = '''
[scheduler]
    allow implicit tasks = True
[scheduling]
    initial cycle point = 2000
    runahead limit = P4
    [[graph]]
        P1D = "@wall_clock => a"
'''


def test_reload_keeps_the_implicit_wall_clock_sequential(tmp_path):
    def points(core):
        return sorted(str(itask.point) for itask in core.pool)

    (tmp_path / 'old').mkdir()
    (tmp_path / 'new').mkdir()
    core = started(load(tmp_path / 'old', WALL_CLOCK_GRAPH))
    assert core.pool.sequential_xtriggers == {'wall_clock'}
    before = points(core)
    assert len(before) == 2  # the next instance waits on the clock
    reload(core, load(tmp_path / 'new', WALL_CLOCK_GRAPH))
    assert core.pool.sequential_xtriggers == {'wall_clock'}
    assert points(core) == before
