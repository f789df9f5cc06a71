"""The n-window, graph depths, edges and family totals."""

from __future__ import annotations

from collections import Counter

import pytest

from cylc_flow.exceptions import InputError

from .datastore_helpers import load, make_run, run_to_end
from .test_datastore_sync import SMALL


def relative_ids(store, kind='task_proxies'):
    return sorted(item.split('//')[-1] for item in store.records[kind])


def started(tmp_path, extent):
    run = make_run(load(tmp_path, SMALL), n_edge_distance=extent)
    run.core.start(0.0)
    run.turn()
    return run


@pytest.mark.parametrize('extent, expected', [
    (0, ['1/prep']),
    (1, ['1/m1', '1/m2', '1/prep', '1/s1', '2/prep']),
    (2, ['1/m1', '1/m2', '1/post', '1/prep', '1/s1', '2/m1', '2/m2',
         '2/prep', '2/s1', '3/prep']),
])
def test_window_holds_pool_tasks_and_neighbours_out_to_n_edges(
        tmp_path, extent, expected):
    run = started(tmp_path, extent)
    assert relative_ids(run.store) == expected
    records = run.store.records['task_proxies']
    depths = {key.split('//')[-1]: record.graph_depth
              for key, record in records.items()}
    assert depths['1/prep'] == 0
    if extent >= 1:
        assert depths['2/prep'] == 1 and depths['1/m1'] == 1
    if extent >= 2:
        assert depths['1/post'] == 2
    ghost = records.get(f'{run.store.prefix}2/prep')
    if ghost is not None:
        assert ghost.state == 'waiting' and ghost.job_submits == 0


def test_edges_join_window_nodes_only(tmp_path):
    run = started(tmp_path, 1)
    assert relative_ids(run.store, 'edges') == [
        '$edge|1/prep|1/m1', '$edge|1/prep|1/m2', '$edge|1/prep|1/s1',
        '$edge|1/prep|2/prep']
    edge = run.store.records['edges'][
        f'{run.store.prefix}$edge|1/prep|1/m1']
    assert edge.source == f'{run.store.prefix}1/prep'
    assert edge.target == f'{run.store.prefix}1/m1'
    assert not edge.suicide and not edge.cond


def test_changing_the_extent_adds_and_prunes_ghosts(tmp_path):
    run = started(tmp_path, 1)
    run.store.set_window_extent(2)
    delta = run.turn()
    added = sorted(item['id'].split('//')[-1]
                   for item in delta.added['task_proxies'])
    assert added == ['1/post', '2/m1', '2/m2', '2/s1', '3/prep']
    assert delta.updated['workflow'][0]['n_edge_distance'] == 2
    run.store.set_window_extent(0)
    delta = run.turn()
    pruned = sorted(item.split('//')[-1]
                    for item in delta.pruned['task_proxies'])
    assert len(pruned) == 9 and '1/prep' not in pruned
    assert relative_ids(run.store) == ['1/prep']
    assert relative_ids(run.store, 'edges') == []


def test_a_bad_extent_is_a_user_error(tmp_path):
    run = started(tmp_path, 1)
    with pytest.raises(InputError, match='n-window extent'):
        run.store.set_window_extent(-1)


def reference_window(store, pool_keys, extent):
    """Breadth-first search from every pool task (the slow, obvious way)."""
    neighbours = store.window.neighbours
    found = {}
    for source in pool_keys:
        frontier, seen = [source], {source: 0}
        for distance in range(1, extent + 1):
            following = []
            for node in frontier:
                for other in [*neighbours.parents(node),
                              *neighbours.children(node)]:
                    if other not in seen:
                        seen[other] = distance
                        following.append(other)
            frontier = following
        for node, distance in seen.items():
            found[node] = min(distance, found.get(node, distance))
    return found


def check_invariants(_turn, run):
    store = run.store
    prefix = store.prefix
    proxies = store.records['task_proxies']
    expected = reference_window(store, list(run.core.pool.tasks),
                                store.window.extent)
    assert sorted(proxies) == sorted(
        f'{prefix}{point}/{name}' for point, name in expected)
    for (point, name), distance in expected.items():
        assert proxies[f'{prefix}{point}/{name}'].graph_depth == distance
    families = store.records['family_proxies']
    for family in families.values():
        totals = Counter(proxies[child].state for child in family.child_tasks)
        totals.update(families[child].state for child in family.child_families)
        assert family.state_totals == {
            state: totals.get(state, 0) for state in family.state_totals}
        leaves = [proxy for proxy in proxies.values()
                  if family.id in proxy.ancestors]
        assert family.is_held_total == sum(p.is_held for p in leaves)
        assert family.is_queued_total == sum(p.is_queued for p in leaves)
    for proxy in proxies.values():
        for ancestor in proxy.ancestors:
            assert ancestor in families
    workflow = store.workflow
    states = Counter(proxy.state for proxy in proxies.values())
    assert workflow.state_totals == {
        state: states.get(state, 0) for state in workflow.state_totals}
    points = {point for point, _name in run.core.pool.tasks}
    assert workflow.oldest_active_cycle_point == (
        str(min(points)) if points else None)


@pytest.mark.parametrize('extent', [0, 1, 2, 3])
def test_window_and_family_totals_match_a_full_recount_every_turn(
        tmp_path, extent):
    run = make_run(load(tmp_path, SMALL), n_edge_distance=extent)
    run.hooks.append(check_invariants)
    run_to_end(run)
    assert len(run.deltas) > 4


def test_window_stays_right_when_the_extent_changes_mid_run(tmp_path):
    run = make_run(load(tmp_path, SMALL))

    def change(turn, run):
        if turn == 2:
            run.store.set_window_extent(3)
        elif turn == 4:
            run.store.set_window_extent(0)

    run.hooks.extend([check_invariants, change])  # published next turn
    run_to_end(run)


def test_family_proxy_shows_its_most_important_child_state(tmp_path):
    run = started(tmp_path, 1)
    run.core.step(0.0)
    prefix = run.store.prefix
    run.turn()
    fam = run.store.records['family_proxies'][f'{prefix}1/FAM']
    assert fam.state == 'waiting'
    assert fam.state_totals['waiting'] == 3  # m1, m2 and family SUB
    assert fam.child_tasks == [f'{prefix}1/m1', f'{prefix}1/m2']
    assert fam.child_families == [f'{prefix}1/SUB']
    assert fam.first_parent == f'{prefix}1/root'
    itask = run.core.pool.tasks[next(iter(run.core.pool.tasks))]
    run.core.pool.set_state(itask, 'failed')
    run.turn()
    root = run.store.records['family_proxies'][f'{prefix}1/root']
    assert root.state == 'failed'
    assert root.state_totals['failed'] == 1
