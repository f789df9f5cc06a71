"""Published messages, the incremental checksum and epochs."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cylc_flow.datastore import DeltaApplier
from cylc_flow.datastore.delta import ContentChecksum, Delta, record_digest
from cylc_flow.datastore.records import FIELDS, TASK_PROXIES
from cylc_flow.datastore.wire import (
    TOPIC_DELTA,
    TOPIC_SHUTDOWN,
    MessageError,
    decode_body,
    encode_delta,
    encode_shutdown,
)

from .datastore_helpers import load, make_run, normalised, round_trip, run_to_end
from .test_datastore_sync import SMALL


def proxy(record_id: str, **values) -> dict:
    found = dict.fromkeys(FIELDS[TASK_PROXIES])
    found.update(id=record_id, prerequisites=[], outputs={}, jobs=[])
    found.update(values)
    return found


def test_delta_message_round_trips_with_sequence_checksum_and_epoch():
    delta = Delta(7, 12345, added={'edges': [{'id': 'e'}]}, epoch='abc')
    topic, body = encode_delta(delta)
    assert topic == TOPIC_DELTA == b'all'
    data = decode_body(topic, body)
    assert data == {'sequence': 7, 'checksum': 12345, 'epoch': 'abc',
                    'added': {'edges': [{'id': 'e'}]}}
    assert Delta.from_dict(data) == delta


def test_shutdown_message_carries_the_reason():
    topic, body = encode_shutdown('AUTOMATIC')
    assert topic == TOPIC_SHUTDOWN
    assert decode_body(topic, body) == {'reason': 'AUTOMATIC'}


@pytest.mark.parametrize('body', [b'{', b'[1]', b'\xff', b'"text"'])
def test_malformed_message_raises_one_line_message_error(body):
    with pytest.raises(MessageError, match="malformed 'all' message"):
        decode_body(b'all', body)


def test_updating_fields_gives_the_checksum_of_the_whole_new_record():
    values = proxy('p1', state='waiting',
                   prerequisites=[{'expression': 'c0', 'n': i} for i in range(5)])
    incremental = ContentChecksum()
    incremental.set_record(TASK_PROXIES, 'p1', values)
    changed = {'state': 'running',
               'prerequisites': [*values['prerequisites'][:3], {'n': 'new'}]}
    values.update(changed)
    incremental.set_record(TASK_PROXIES, 'p1', values, changed)
    fresh = ContentChecksum()
    fresh.set_record(TASK_PROXIES, 'p1', dict(values))
    assert incremental.value == fresh.value == record_digest(
        TASK_PROXIES, 'p1', values)
    incremental.drop(TASK_PROXIES, 'p1')
    assert incremental.value == 0 and len(incremental) == 0


def test_checksum_of_changed_conditions_matches_a_fresh_digest():
    conditions = [{'task_id': f'1/t{i}', 'satisfied': False} for i in range(200)]
    prerequisite = {'expression': 'c0 & c1', 'conditions': conditions,
                    'satisfied': False}
    values = proxy('p1', prerequisites=[prerequisite, {'other': 1}])
    incremental = ContentChecksum()
    incremental.set_record(TASK_PROXIES, 'p1', values)
    seen = {incremental.value}
    one_changed = [*conditions[:7], {'task_id': '1/t7', 'satisfied': True},
                   *conditions[8:]]
    for element in (
            {**prerequisite, 'conditions': one_changed},
            {**prerequisite, 'conditions': one_changed, 'satisfied': True},
            {**prerequisite, 'conditions': one_changed[:150]},
            {**prerequisite, 'conditions': conditions},
            {'expression': 'c0', 'conditions': 'not a list'}):
        changed = {'prerequisites': [element, {'other': 1}]}
        values.update(changed)
        incremental.set_record(TASK_PROXIES, 'p1', values, changed)
        assert incremental.value == record_digest(TASK_PROXIES, 'p1', values)
        seen.add(incremental.value)
    assert len(seen) == 5  # the fourth change restores the first value


def test_checksum_notices_a_changed_prerequisite_element_and_its_position():
    one = proxy('p', prerequisites=[{'a': 1}, {'b': 2}])
    swapped = proxy('p', prerequisites=[{'b': 2}, {'a': 1}])
    assert record_digest(TASK_PROXIES, 'p', one) != record_digest(
        TASK_PROXIES, 'p', swapped)


FIELD_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 5), st.text(max_size=3),
    st.lists(st.dictionaries(st.text(max_size=2), st.integers(0, 3),
                             max_size=2), max_size=4),
)
CHANGES = st.lists(st.dictionaries(
    st.sampled_from(['state', 'outputs', 'prerequisites', 'jobs', 'is_held',
                     'xtriggers', 'extras']), FIELD_VALUES, min_size=1),
    max_size=8)


@settings(max_examples=150, deadline=None)
@given(CHANGES)
def test_any_sequence_of_updates_keeps_the_checksum_equal_to_a_fresh_one(
        changes):
    values = proxy('p')
    checksum = ContentChecksum()
    checksum.set_record(TASK_PROXIES, 'p', values)
    for change in changes:
        values.update(change)
        checksum.set_record(TASK_PROXIES, 'p', values, change)
        # a subscriber: its copy came through JSON
        copy = json.loads(json.dumps(values))
        fresh = ContentChecksum()
        fresh.set_record(TASK_PROXIES, 'p', copy)
        assert checksum.value == fresh.value


def test_a_delta_from_a_rebuilt_store_asks_for_a_refetch(tmp_path):
    run = run_to_end(make_run(load(tmp_path, SMALL)))
    fresh = make_run(load(tmp_path, SMALL))
    subscriber = DeltaApplier(round_trip(fresh.store.snapshot()))
    assert subscriber.epoch == 'test-epoch'
    rebuilt = round_trip(run.deltas[0].to_dict())
    rebuilt['epoch'] = 'another-store'
    assert not subscriber.apply(rebuilt)
    assert subscriber.needs_refetch
    assert 'new epoch' in subscriber.reason


def test_unverified_subscriber_still_follows_sequence_and_holds_the_store(
        tmp_path):
    run = run_to_end(make_run(load(tmp_path, SMALL)))
    fresh = make_run(load(tmp_path, SMALL))
    subscriber = DeltaApplier(round_trip(fresh.store.snapshot()), verify=False)
    for delta in run.deltas:
        assert subscriber.apply(round_trip(delta.to_dict()))
    held = normalised(subscriber.snapshot())
    expected = normalised(run.store.snapshot())
    held.pop('checksum')
    expected.pop('checksum')
    assert held == expected
    assert not subscriber.apply(run.deltas[0].to_dict() | {'sequence': 999})


def test_malformed_delta_updates_ask_for_a_refetch_not_an_exception(tmp_path):
    run = run_to_end(make_run(load(tmp_path, SMALL)))
    fresh = make_run(load(tmp_path, SMALL))
    subscriber = DeltaApplier(round_trip(fresh.store.snapshot()))
    broken = round_trip(run.deltas[0].to_dict())
    broken['updated'] = {'task_proxies': [{'id': 'no-such-proxy'}]}
    assert not subscriber.apply(broken)
    assert 'does not apply' in subscriber.reason


def test_snapshot_copies_the_published_fields(tmp_path):
    run = run_to_end(make_run(load(tmp_path, SMALL)))
    snapshot = run.store.snapshot()
    assert snapshot == run.store.snapshot()
    assert snapshot['epoch'] == 'test-epoch'
    workflow = snapshot['records']['workflow'][0]
    assert workflow == run.store.published['workflow'][workflow['id']]
    assert workflow is not run.store.published['workflow'][workflow['id']]
