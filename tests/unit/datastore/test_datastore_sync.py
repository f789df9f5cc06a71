"""A subscriber that applies every delta holds exactly the store."""

from __future__ import annotations

from cylc_flow.datastore import DeltaApplier

from .datastore_helpers import load, make_run, normalised, round_trip, run_to_end

SMALL = '''
[scheduler]
    allow implicit tasks = True
[scheduling]
    cycling mode = integer
    final cycle point = 3
    [[graph]]
        P1 = """
            prep[-P1] => prep => FAM:succeed-all => post
        """
[runtime]
    [[FAM]]
    [[SUB]]
        inherit = FAM
    [[m1, m2]]
        inherit = FAM
    [[s1]]
        inherit = SUB
'''


def test_subscriber_applying_every_delta_holds_the_snapshot(tmp_path):
    run = make_run(load(tmp_path, SMALL))
    subscriber = DeltaApplier(round_trip(run.store.snapshot()))
    checked = []

    def follow(_turn, run):
        for delta in run.deltas[len(checked):]:
            assert subscriber.apply(round_trip(delta.to_dict())), \
                subscriber.reason
            checked.append(delta)
        assert subscriber.checksum == run.store.checksum.value

    run.hooks.append(follow)
    run_to_end(run)
    assert len(checked) > 5
    assert normalised(subscriber.snapshot()) == normalised(run.store.snapshot())
    sequences = [delta.sequence for delta in run.deltas]
    assert sequences == list(range(1, len(sequences) + 1))



def test_everything_is_pruned_when_the_workflow_finishes(tmp_path):
    run = run_to_end(make_run(load(tmp_path, SMALL)))
    records = run.store.snapshot()['records']
    for kind in ('task_proxies', 'family_proxies', 'jobs', 'edges'):
        assert records[kind] == [], kind
    pruned = {kind for delta in run.deltas for kind in delta.pruned}
    assert pruned == {'task_proxies', 'family_proxies', 'jobs', 'edges'}
    assert len(records['tasks']) == 5  # prep m1 m2 s1 post
    assert len(records['families']) == 3  # root FAM SUB
    assert run.store.workflow.state_totals == dict.fromkeys(
        run.store.workflow.state_totals, 0)


def test_a_gap_in_sequence_numbers_asks_for_a_refetch(tmp_path):
    run = run_to_end(make_run(load(tmp_path, SMALL)))
    first = run.deltas[0]
    fresh = make_run(load(tmp_path, SMALL))
    subscriber = DeltaApplier(round_trip(fresh.store.snapshot()))
    assert subscriber.apply(first.to_dict())
    assert not subscriber.apply(run.deltas[2].to_dict())
    assert subscriber.needs_refetch
    assert 'missed deltas 2 to 2' in subscriber.reason
    assert not subscriber.apply(run.deltas[1].to_dict())  # until a reset
    subscriber.reset(round_trip(run.store.snapshot()))
    assert not subscriber.needs_refetch
    assert subscriber.sequence == run.deltas[-1].sequence


def test_a_checksum_mismatch_asks_for_a_refetch(tmp_path):
    run = run_to_end(make_run(load(tmp_path, SMALL)))
    fresh = make_run(load(tmp_path, SMALL))
    subscriber = DeltaApplier(round_trip(fresh.store.snapshot()))
    tampered = round_trip(run.deltas[0].to_dict())
    tampered['added']['task_proxies'][0]['state'] = 'running'
    assert not subscriber.apply(tampered)
    assert subscriber.needs_refetch
    assert 'checksum mismatch' in subscriber.reason


def test_repeated_deltas_are_ignored(tmp_path):
    run = run_to_end(make_run(load(tmp_path, SMALL)))
    fresh = make_run(load(tmp_path, SMALL))
    subscriber = DeltaApplier(round_trip(fresh.store.snapshot()))
    assert subscriber.apply(run.deltas[0].to_dict())
    assert subscriber.apply(run.deltas[0].to_dict())
    assert subscriber.sequence == 1 and not subscriber.needs_refetch


def test_an_idle_turn_gives_an_empty_delta_with_the_same_sequence(tmp_path):
    run = make_run(load(tmp_path, SMALL))
    run.core.start(0.0)
    first = run.turn()
    again = run.turn()
    assert not first.is_empty and again.is_empty
    assert again.sequence == first.sequence == run.store.sequence
