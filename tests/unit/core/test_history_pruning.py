"""The pool's run history is pruned behind the runahead base point, so a
long cycling run uses bounded memory, without changing what runs."""

from __future__ import annotations

from collections import Counter

from core_sim_helpers import load, make_run, succeed_after

from cylc_flow.core.history import HistoryWindow, RunHistory, backward_offsets
from cylc_flow.scheduler.simulation import SimulatedRun

LONG_RUN = '''
[scheduler]
    allow implicit tasks = True
[scheduling]
    cycling mode = integer
    initial cycle point = 1
    final cycle point = 2000
    runahead limit = P3
    [[graph]]
        P1 = """
            a[-P1] => a => b & c
            c[+P1] | b[+P1] => d
            b => e
        """
'''


def slow_b(itask):
    """b takes a while, so d (spawned early by c[+P1]) finishes first and
    is spawned again by b[+P1]: only the history stops it running twice."""
    if itask.name == 'b':
        return succeed_after(30.0)
    return SimulatedRun(['started', 'succeeded'])


def run_with_sizes(config):
    run = make_run(config, slow_b)
    sizes: list[int] = []
    original = run.core.step

    def step(now: float) -> None:
        original(now)
        sizes.append(len(run.core.pool.history))

    run.core.step = step  # type: ignore[method-assign]
    run.shutdown = run.driver.run()
    return run, sizes


def test_history_stays_bounded_over_2000_cycles(tmp_path):
    run, sizes = run_with_sizes(load(tmp_path, LONG_RUN))
    assert run.shutdown.reason == 'AUTOMATIC'
    assert len(sizes) > 2000
    assert max(sizes) < 60  # a few cycles' worth, not 2000 cycles' worth
    assert len(run.core.pool.history) < 60


def test_pruned_run_runs_every_task_exactly_once(tmp_path):
    run, _sizes = run_with_sizes(load(tmp_path, LONG_RUN))
    counts = Counter(run.triggered_ids())
    assert max(counts.values()) == 1  # nothing re-ran after pruning
    # a, b, c, e at 2000 points; d at 1..1999 (d@2000 needs 2001)
    assert len(counts) == 4 * 2000 + 1999


def test_window_allows_for_triggers_that_spawn_behind_the_parent(tmp_path):
    config = load(tmp_path, LONG_RUN)
    assert backward_offsets(config) == {'d': ['+P1']}
    window = HistoryWindow(config)
    base = config.context.point('10')
    assert str(window.cutoff(base)) == '9'


def test_window_is_the_base_point_without_backward_triggers(tmp_path):
    config = load(tmp_path, '''
        [scheduler]
            allow implicit tasks = True
        [scheduling]
            initial cycle point = 2000
            [[graph]]
                PT6H = "a[-PT6H] => a => b"
    ''')
    assert backward_offsets(config) == {}
    base = config.context.point('20000102T0600Z')
    assert HistoryWindow(config).cutoff(base) == base


def test_run_history_prunes_in_point_order_and_merges_flows(tmp_path):
    config = load(tmp_path, LONG_RUN)
    point = config.context.point
    history = RunHistory()
    for value in (5, 1, 3, 2, 4):
        history.add((point(str(value)), 'a'), frozenset({1}))
    history.add((point('3'), 'a'), frozenset({2}))
    history.add((point('3'), 'b'), frozenset({1}))
    assert history.get((point('3'), 'a')) == frozenset({1, 2})
    assert history.prune_before(point('3')) == 2
    assert sorted(str(key[0]) for key in history) == ['3', '3', '4', '5']
    assert (point('1'), 'a') not in history
    assert history.get((point('1'), 'a')) is None


def test_run_history_asks_its_lookup_only_for_pruned_points(tmp_path):
    config = load(tmp_path, LONG_RUN)
    point = config.context.point
    asked: list[tuple[str, str]] = []

    def lookup(at, name):
        asked.append((str(at), name))
        return frozenset({1}) if name == 'ran' else None

    history = RunHistory()
    history.lookup = lookup
    history.add((point('1'), 'ran'), frozenset({1}))
    assert history.get((point('1'), 'other')) is None
    assert asked == []  # nothing pruned yet: memory is the whole truth
    history.prune_before(point('5'))
    assert history.get((point('1'), 'ran')) == frozenset({1})
    assert history.get((point('2'), 'never')) is None
    assert history.get((point('7'), 'ran')) is None
    assert asked == [('1', 'ran'), ('2', 'never')]
