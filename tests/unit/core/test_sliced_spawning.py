"""An output with thousands of children spawns them over several steps
(a bounded amount of work per step), with the same result as at once."""

from __future__ import annotations

from core_sim_helpers import Y2K, load, make_run, simulate

from cylc_flow.core import pool as pool_module
from cylc_flow.core import states as S

WIDE = '''
[scheduler]
    allow implicit tasks = True
[task parameters]
    i = 1..{count}
[scheduling]
    [[queues]]
        [[[default]]]
            limit = 0
    [[graph]]
        R1 = """
            gate => t<i>
            gate:started => early
        """
'''


def test_children_of_a_big_output_spawn_a_slice_per_step(tmp_path):
    count = 2 * pool_module.SPAWN_SLICE + 7
    run = make_run(load(tmp_path, WIDE.format(count=count)))
    core = run.core
    core.start(Y2K)
    core.step(Y2K)
    (gate,) = core.pool.tasks.values()
    assert gate.state == S.PREPARING
    core.effects.drain()
    core.on_job_submitted(gate, Y2K)
    core.on_message(gate, gate.submit_num, 'INFO', 'started', Y2K)
    # a small output still spawns its children at once
    assert (gate.point, 'early') in core.pool.tasks
    core.on_message(gate, gate.submit_num, 'INFO', 'succeeded', Y2K)
    assert core.has_pending_work

    sizes = []
    while core.has_pending_work:
        core.step(Y2K)
        assert not core.shutdown_requested  # not "all done" meanwhile
        assert not core.stalled
        sizes.append(sum(name.startswith('t_i') for _point, name
                         in core.pool.tasks))
    assert sizes == [pool_module.SPAWN_SLICE, 2 * pool_module.SPAWN_SLICE,
                     count]
    spawned = [itask for itask in core.pool.tasks.values()
               if itask.name.startswith('t_i')]
    assert all(itask.prerequisites_satisfied() for itask in spawned)


def test_a_sliced_run_triggers_every_child_once(tmp_path):
    count = pool_module.SPAWN_SLICE + 50
    run = simulate(load(tmp_path, WIDE.format(count=count)))
    assert run.shutdown.reason == 'AUTOMATIC'
    triggered = run.triggered_ids()
    assert len(triggered) == len(set(triggered)) == count + 2
    assert sum(' -triggered off [\'1/gate\'] in flow 1' in line
               for line in run.triggered()) == count + 1  # and early
