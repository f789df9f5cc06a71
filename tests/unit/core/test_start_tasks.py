"""``cylc play --start-task``: a new run from the given tasks."""

from __future__ import annotations

import pytest
from core_sim_helpers import load, make_run, simulate

from cylc_flow.core.start_tasks import StartTaskError
from cylc_flow.exceptions import InputError

CYCLING = '''
[scheduler]
    allow implicit tasks = True
    [[events]]
        stall timeout = PT0S
        abort on stall timeout = True
[scheduling]
    cycling mode = integer
    initial cycle point = 1
    final cycle point = 5
    [[graph]]
        R1 = "install => model"
        P1 = """
            model[-P1] => model => post
            obs => post
        """
'''


def point(config, text):
    return config.context.point(text)


def test_run_follows_the_graph_on_from_the_start_task(tmp_path):
    config = load(tmp_path, CYCLING)
    run = simulate(config, start_tasks=[(point(config, '3'), 'model')])
    assert sorted(run.triggered_ids()) == [
        '3/model', '4/model', '5/model']
    assert run.lines("Start task: ['3/model']")
    # only a sub-graph runs: post also needs obs, which nothing spawns
    assert run.shutdown.aborted
    assert run.lines("* 3/post is waiting on ['3/obs:succeeded']")


def test_start_task_runs_with_its_prerequisites_satisfied(tmp_path):
    config = load(tmp_path, CYCLING)
    run = simulate(config, start_tasks=[(point(config, '3'), 'post')])
    assert run.triggered_ids() == ['3/post']
    assert run.triggered() == [
        "3/post -triggered off ['3/model', '3/obs'] in flow 1"]


def test_other_parentless_tasks_do_not_spawn(tmp_path):
    config = load(tmp_path, CYCLING)
    run = simulate(config, start_tasks=[(point(config, '2'), 'model')])
    assert not [task for task in run.triggered_ids()
                if task.endswith(('/obs', '/install'))]


def test_parentless_start_task_carries_on_with_its_later_instances(tmp_path):
    config = load(tmp_path, CYCLING)
    run = simulate(config, start_tasks=[(point(config, '4'), 'obs'),
                                        (point(config, '4'), 'model')])
    assert sorted(run.triggered_ids()) == [
        '4/model', '4/obs', '4/post', '5/model', '5/obs', '5/post']


def test_start_point_is_the_earliest_start_task_point(tmp_path):
    config = load(tmp_path, CYCLING)
    run = make_run(config, start_tasks=[(point(config, '4'), 'model'),
                                        (point(config, '2'), 'obs')])
    assert str(run.core.start_point) == '2'
    run.core.start(0.0)
    model = run.core.pool.get(point(config, '4'), 'model')
    assert model.prerequisites_satisfied()


def test_start_tasks_may_be_given_as_text(tmp_path):
    config = load(tmp_path, CYCLING)
    run = simulate(config, start_tasks=[('5', 'model')])
    assert run.triggered_ids() == ['5/model']


def test_start_task_is_in_flow_one(tmp_path):
    config = load(tmp_path, CYCLING)
    run = make_run(config, start_tasks=[(point(config, '3'), 'model')])
    run.core.start(0.0)
    assert [itask.flow_nums for itask in run.core.pool] == [frozenset({1})]


@pytest.mark.parametrize('start, message', [
    (('3', 'nosuch'), 'no task nosuch in the graph'),
    (('9', 'model'), 'does not run at cycle point 9'),
    (('1', 'install-not'), 'no task install-not'),
    (('x', 'model'), 'not a valid cycle point'),
    (('3',), 'expected CYCLE/TASK'),
])
def test_bad_start_task_is_one_clear_input_error(tmp_path, start, message):
    config = load(tmp_path, CYCLING)
    with pytest.raises(InputError) as info:
        make_run(config, start_tasks=[start])
    assert isinstance(info.value, StartTaskError)
    assert message in str(info.value)
    assert '\n' not in str(info.value)


def test_no_start_tasks_is_a_normal_cold_start(tmp_path):
    config = load(tmp_path, CYCLING)
    run = simulate(config, start_tasks=[])
    assert '1/install' in run.triggered_ids()
    assert '5/post' in run.triggered_ids()
