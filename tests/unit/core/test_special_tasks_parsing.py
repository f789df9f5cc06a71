"""Reading [scheduling][special tasks]: good entries, and fuzzed bad ones."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cylc_flow.core.special_tasks import (
    SpecialTaskError,
    SpecialTasks,
    clock_trigger_label,
)
from cylc_flow.core.start_tasks import StartTaskError, check_start_tasks
from cylc_flow.exceptions import CylcError


def fake_config(section, *, mode='gregorian', tasks=('foo', 'bar', 'baz')):
    def get(*keys, default=None):
        if keys == ('scheduling', 'special tasks'):
            return section
        return default

    return SimpleNamespace(
        get=get, cycling_mode=mode,
        taskdefs={name: SimpleNamespace(name=name, sequences=[])
                  for name in tasks},
        family_members={'FAM': ['bar', 'baz']},
    )


def test_entries_with_and_without_offsets():
    special = SpecialTasks.from_config(fake_config({
        'clock-trigger': ['foo(PT1H)', 'FAM'],
        'clock-expire': ['foo( -P1DT6H )'],
        'sequential': ['bar'],
    }))
    assert special.clock_triggers == {'foo': 'PT1H', 'bar': 'PT0S',
                                      'baz': 'PT0S'}
    assert special.clock_expiry == {'foo': '-P1DT6H'}
    assert special.sequential == {'bar'}
    declarations = special.clock_trigger_declarations()
    assert declarations[clock_trigger_label('foo')].function == 'wall_clock'
    assert dict(declarations['_cylc_wall_clock_foo'].kwargs) == {'offset': 'PT1H'}


def test_no_special_tasks_section_means_nothing_special():
    special = SpecialTasks.from_config(fake_config(None))
    assert not special.clock_triggers and not special.clock_expiry
    assert not special.sequential


def test_unknown_task_is_named_in_the_error():
    with pytest.raises(SpecialTaskError,
                       match=r'clock-expire: nosuch is not a task'):
        SpecialTasks.from_config(fake_config({'clock-expire': ['nosuch(PT1H)']}))


def test_clock_triggers_need_date_time_cycling():
    with pytest.raises(SpecialTaskError, match='date-time'):
        SpecialTasks.from_config(fake_config({'clock-trigger': ['foo']},
                                             mode='integer'))


@settings(max_examples=300, deadline=None)
@given(kind=st.sampled_from(['clock-trigger', 'clock-expire', 'sequential']),
       entry=st.text(max_size=30))
def test_any_entry_is_read_or_rejected_with_a_config_error(kind, entry):
    try:
        special = SpecialTasks.from_config(fake_config({kind: [entry]}))
    except SpecialTaskError as exc:
        assert '\n' not in str(exc)
        return
    found = {'clock-trigger': special.clock_triggers,
             'clock-expire': special.clock_expiry,
             'sequential': dict.fromkeys(special.sequential)}[kind]
    assert set(found) <= {'foo', 'bar', 'baz'}


@settings(max_examples=200, deadline=None)
@given(item=st.one_of(
    st.tuples(st.text(max_size=12), st.text(max_size=8)),
    st.tuples(st.integers(), st.text(max_size=8)),
    st.lists(st.text(max_size=5), max_size=3).map(tuple),
    st.none(),
))
def test_any_start_task_is_accepted_or_rejected_cleanly(item):
    from cylc_flow.cycling.context import CyclingContext

    config = fake_config({})
    config.context = CyclingContext.integer()
    try:
        check_start_tasks(config, [item])
    except StartTaskError as exc:
        assert '\n' not in str(exc)
    except CylcError as exc:  # pragma: no cover - should be StartTaskError
        pytest.fail(f'wrong error class {type(exc).__name__}: {exc}')
