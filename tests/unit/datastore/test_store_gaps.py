"""Ghost prerequisites, external triggers and patched prerequisite deltas."""

from __future__ import annotations

import pytest

from cylc_flow.datastore import DataStore, DeltaApplier
from cylc_flow.datastore.patch import (
    MIN_PATCH_CONDITIONS,
    PATCH_KEY,
    apply_prerequisites_patch,
    prerequisites_patch,
)
from cylc_flow.datastore.proxies import prerequisite_summary

from .datastore_helpers import load, make_run, normalised, round_trip, run_to_end

GHOSTS = '''
[scheduler]
    allow implicit tasks = True
[scheduling]
    cycling mode = integer
    initial cycle point = 1
    final cycle point = 2
    [[graph]]
        P1 = """
            a => b
            a[-P1] & x => c
            (a | x) & b => d
        """
'''


def proxy(store, relative):
    return store.records['task_proxies'][f'~alice/test/run1//{relative}']


def started(tmp_path, text, **options):
    run = make_run(load(tmp_path, text), **options)
    run.core.start(0.0)
    run.turn()
    return run


def advance(run, turns):
    """Run the simulation for a few more turns."""
    try:
        run.driver.run(max_turns=run.driver.turns + turns)
    except RuntimeError as exc:
        assert 'too many turns' in str(exc) or 'nothing can happen' in str(exc)


def conditions(summary):
    return [(item['task_id'], item['req_state'], item['satisfied'],
             item['message']) for item in summary['conditions']]


def test_a_ghost_shows_its_prerequisites_all_unsatisfied(tmp_path):
    run = started(tmp_path, GHOSTS, n_edge_distance=2)
    store = run.store
    assert '1/b' not in {f'{key[0]}/{key[1]}' for key in run.core.pool.tasks}
    (only,) = proxy(store, '1/b').prerequisites
    assert only['expression'] == 'c0'
    assert only['satisfied'] is False
    assert only['cycle_points'] == ['1']
    assert conditions(only) == [('1/a', 'succeeded', False, 'unsatisfied')]


def test_a_ghost_shows_the_conditional_expression(tmp_path):
    run = started(tmp_path, GHOSTS, n_edge_distance=2)
    (only,) = proxy(run.store, '1/d').prerequisites
    assert only['expression'] == '(c0 | c1) & c2'
    assert [item[0] for item in conditions(only)] == ['1/a', '1/x', '1/b']


def test_a_ghost_pre_initial_condition_is_satisfied_as_in_the_core(tmp_path):
    run = started(tmp_path, GHOSTS)
    ghost = proxy(run.store, '1/c').prerequisites
    assert [conditions(item) for item in ghost] == [[
        ('0/a', 'succeeded', True, 'satisfied (pre-initial)'),
        ('1/x', 'succeeded', False, 'unsatisfied')]]
    # the next cycle's inter-cycle condition refers to the earlier point
    later = proxy(run.store, '2/c').prerequisites
    assert [item[0] for item in conditions(later[0])] == ['1/a', '2/x']
    assert later[0]['cycle_points'] == ['1', '2']


def test_a_ghost_prerequisites_match_the_spawned_task(tmp_path):
    run = started(tmp_path, GHOSTS, n_edge_distance=2)
    ghost = proxy(run.store, '2/c').prerequisites
    (point,) = {key[0] for key in run.core.pool.tasks if str(key[0]) == '2'}
    itask = run.core.pool.factory.make(run.core.config.taskdefs['c'], point,
                                       frozenset({1}))
    assert ghost == [prerequisite_summary(item) for item in itask.prerequisites]


def test_a_warm_start_ghost_counts_pre_start_conditions_as_done(tmp_path):
    from cylc_flow.cycling.integer import IntegerPoint

    run = started(tmp_path, GHOSTS, start_point=IntegerPoint(2))
    ghost = proxy(run.store, '2/c').prerequisites
    assert [conditions(item)[0][:3] for item in ghost] == [
        ('1/a', 'succeeded', True)]
    itask = run.core.pool.factory.make(run.core.config.taskdefs['c'],
                                       IntegerPoint(2), frozenset({1}))
    assert ghost == [prerequisite_summary(item) for item in itask.prerequisites]


EXTERNAL = '''
[scheduler]
    allow implicit tasks = True
[scheduling]
    cycling mode = integer
    initial cycle point = 1
    final cycle point = 1
    [[special tasks]]
        external-trigger = get("data ready for $CYLC_TASK_CYCLE_POINT")
    [[graph]]
        P1 = "prep => get => post"
'''


def external_run(tmp_path):
    run = make_run(load(tmp_path, EXTERNAL))
    store = run.store
    run.store = DataStore(run.core.config, 'test/run1', 'alice',
                          epoch='test-epoch',
                          external_triggers=run.core.ext_triggers)
    del store
    run.core.start(0.0)
    run.turn()
    return run


def test_external_triggers_of_a_ghost_are_unsatisfied(tmp_path):
    run = external_run(tmp_path)
    assert proxy(run.store, '1/get').external_triggers == [{
        'id': 'data ready for 1', 'label': 'data ready for 1', 'message': '',
        'satisfied': False, 'time': None}]
    assert proxy(run.store, '1/prep').external_triggers == []


def test_an_external_trigger_is_marked_satisfied_with_its_event(tmp_path):
    run = external_run(tmp_path)
    advance(run, 4)
    assert ('1', 'get') in {(str(p), n) for p, n in run.core.pool.tasks}
    entry = proxy(run.store, '1/get').external_triggers[0]
    assert entry['satisfied'] is False
    subscriber = DeltaApplier(round_trip(run.store.snapshot()))
    run.core.on_ext_trigger('data ready for 1', 'event-7')
    advance(run, 2)
    record = proxy(run.store, '1/get')
    (entry,) = record.external_triggers
    assert entry['satisfied'] is True
    assert entry['message'] == 'event-7'
    assert entry['time'] is not None
    for delta in run.deltas:
        if delta.sequence > subscriber.sequence:
            assert subscriber.apply(round_trip(delta.to_dict())), \
                subscriber.reason
    held = subscriber.records['task_proxies'][record.id]
    assert held['external_triggers'] == record.external_triggers


# ---- patches ----------------------------------------------------------------

def condition(index, satisfied=False):
    return {'task_id': f'1/w{index}', 'req_state': 'succeeded',
            'expr_alias': f'c{index}', 'satisfied': satisfied,
            'message': 'satisfied naturally' if satisfied else 'unsatisfied'}


def prerequisite(count, done=()):
    return {'expression': ' & '.join(f'c{i}' for i in range(count)),
            'conditions': [condition(i, i in done) for i in range(count)],
            'cycle_points': ['1'], 'satisfied': len(done) == count}


def test_a_large_prerequisite_patch_carries_only_changed_conditions():
    old = [prerequisite(200)]
    new = [{**old[0], 'conditions': list(old[0]['conditions'])}]
    new[0]['conditions'][5] = condition(5, True)
    patch = prerequisites_patch(old, new)
    assert patch == [[0, {}, [[5, condition(5, True)]]]]
    assert apply_prerequisites_patch(round_trip(old), round_trip(patch)) == new
    assert old[0]['conditions'][5]['satisfied'] is False  # old unchanged


def test_changed_prerequisite_fields_travel_in_the_patch():
    old = [prerequisite(100, done=range(99))]
    new = [prerequisite(100, done=range(100))]
    patch = prerequisites_patch(old, new)
    assert patch[0][1] == {'satisfied': True}
    assert patch[0][2] == [[99, condition(99, True)]]
    assert apply_prerequisites_patch(old, patch) == new


@pytest.mark.parametrize('old, new', [
    ([prerequisite(2)], [prerequisite(2, done={0})]),  # small: sent whole
    ([prerequisite(100)], [prerequisite(100), prerequisite(1)]),  # length
    ([prerequisite(100)], [prerequisite(101)]),  # condition count
    ([prerequisite(100)], [prerequisite(100, done=range(80))]),  # most changed
])
def test_no_patch_when_it_would_not_fit_or_save(old, new):
    assert prerequisites_patch(old, new) is None
    assert MIN_PATCH_CONDITIONS > 2


@pytest.mark.parametrize('patch', [
    [[3, {}, []]], [[-1, {}, []]], [[0, {'nope': 1}, []]],
    [[0, {}, [[-2, {}]]]], 'junk', [[0, {}]],
])
def test_a_bad_patch_is_refused(patch):
    with pytest.raises((ValueError, TypeError, IndexError, KeyError)):
        apply_prerequisites_patch([prerequisite(100)], patch)


WIDE = '''
[scheduler]
    allow implicit tasks = True
[scheduling]
    [[queues]]
        [[[default]]]
            limit = 10
    [[graph]]
        R1 = """
            start => <w> => join
        """
[task parameters]
    w = 1..150
'''


def test_a_join_prerequisite_is_patched_and_subscribers_keep_up(tmp_path):
    config = load(tmp_path, WIDE)
    run = make_run(config)
    subscriber = DeltaApplier(round_trip(run.store.snapshot()))
    patched = []

    def follow(_turn, run):
        for delta in run.deltas[subscriber.sequence:]:
            for change in delta.updated.get('task_proxies', ()):
                if PATCH_KEY in change:
                    patched.append(change)
            assert subscriber.apply(round_trip(delta.to_dict())), \
                subscriber.reason
        assert subscriber.checksum == run.store.checksum.value

    run.hooks.append(follow)
    run_to_end(run)
    assert patched, 'no delta patched the join prerequisites'
    assert all('prerequisites' not in change for change in patched)
    assert normalised(subscriber.snapshot()) == normalised(run.store.snapshot())
