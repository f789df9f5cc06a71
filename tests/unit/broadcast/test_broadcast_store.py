"""The pure broadcast store: put, precedence, clear, expire, restore."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cylc_flow.broadcast.store import ALL_POINTS

from .conftest import ANCESTRY, make_store


def test_put_then_overrides_apply_to_the_task(store):
    result = store.put(['*'], ['root'], ['[environment]FOO=bar'])
    assert not result.bad_options
    assert [(c.point, c.namespace, c.key, c.value) for c in result.changes] \
        == [('*', 'root', '[environment]FOO', 'bar')]
    assert store.overrides('1', 'foo') == {'environment': {'FOO': 'bar'}}


def test_values_are_typed_like_the_flow_cylc_spec(store):
    store.put(['*'], ['foo'], [{'execution time limit': 'PT5S'},
                               'execution retry delays = 2*PT1M'])
    overrides = store.overrides('1', 'foo')
    assert float(overrides['execution time limit']) == 5.0
    assert [float(d) for d in overrides['execution retry delays']] == [60.0, 60.0]
    # the raw text is what is displayed and stored
    assert store.as_dict() == {'*': {'foo': {
        'execution time limit': 'PT5S', 'execution retry delays': '2*PT1M'}}}


def test_task_beats_family_beats_root_at_one_point(store):
    store.put(['*'], ['root'], ['script=root'])
    store.put(['*'], ['FAM'], ['script=fam'])
    store.put(['*'], ['SUB'], ['script=sub'])
    assert store.overrides('1', 'foo')['script'] == 'sub'
    assert store.overrides('1', 'bar')['script'] == 'fam'
    assert store.overrides('1', 'baz')['script'] == 'root'
    store.put(['*'], ['foo'], ['script=foo'])
    assert store.overrides('1', 'foo')['script'] == 'foo'


def test_specific_point_beats_all_points_even_from_root(store):
    store.put(['*'], ['foo'], ['script=all points'])
    store.put(['2'], ['root'], ['script=point two'])
    assert store.overrides('1', 'foo')['script'] == 'all points'
    assert store.overrides('2', 'foo')['script'] == 'point two'


def test_family_broadcasts_reach_members_only(store):
    store.put(['*'], ['FAM'], ['[environment]X=1'])
    assert store.overrides('1', 'foo') == {'environment': {'X': '1'}}
    assert store.overrides('1', 'baz') == {}


def test_sections_merge_across_namespaces(store):
    store.put(['*'], ['root'], ['[environment]A=1', '[environment]B=1'])
    store.put(['*'], ['foo'], ['[environment]B=2'])
    assert store.overrides('1', 'foo') == {'environment': {'A': '1', 'B': '2'}}


def test_points_are_standardised(store):
    iso = make_store('iso8601')
    result = iso.put(['2010'], ['foo'], ['script=x'])
    assert result.changes[0].point == '20100101T0000Z'
    assert iso.overrides('20100101T0000Z', 'foo') == {'script': 'x'}


def test_bad_points_namespaces_and_settings_are_rejected_the_rest_applied(store):
    result = store.put(['*', 'junk'], ['root', 'nope'],
                       [{'script': 'true'}, {'invalid': 'false'}])
    assert result.bad_options == {'point_strings': ['junk'],
                                  'namespaces': ['nope'],
                                  'settings': [{'invalid': 'false'}]}
    assert result.response() == [[['*', 'root', {'script': 'true'}]],
                                 result.bad_options]
    assert store.as_dict() == {'*': {'root': {'script': 'true'}}}


def test_truncated_date_time_point_is_rejected():
    iso = make_store('iso8601')
    result = iso.put(['050101T0000Z'], ['root'], ['script=x'])
    assert result.bad_options == {'point_strings': ['050101T0000Z']}
    assert not iso


def test_bad_values_and_inheritance_changes_are_rejected(store):
    for setting in ('execution time limit=junk', 'inherit=FAM',
                    '[environment]=x', 'run mode=sideways', {'script': {}}):
        result = store.put(['*'], ['root'], [setting])
        assert result.bad_options == {'settings': [setting]}, setting
        assert not result.changes
    assert not store


def test_clear_everything(store):
    store.put(['*', '1'], ['root', 'foo'], ['script=x'])
    result = store.clear()
    assert result.is_cancel
    assert len(result.changes) == 4
    assert not result.bad_options
    assert not store and store.as_dict() == {}
    assert store.overrides('1', 'foo') == {}


def test_clear_by_namespace_keeps_the_others(store):
    store.put(['*'], ['root', 'foo'], ['script=x'])
    result = store.clear(namespaces=['foo'])
    assert [(c.namespace, c.value) for c in result.changes] == [('foo', 'x')]
    assert store.as_dict() == {'*': {'root': {'script': 'x'}}}


def test_cancel_one_setting(store):
    store.put(['*'], ['root'], ['[environment]A=1', '[environment]B=2'])
    result = store.clear(['*'], ['root'], ['[environment]A'])
    assert [c.key for c in result.changes] == ['[environment]A']
    assert store.as_dict() == {'*': {'root': {'environment': {'B': '2'}}}}
    # the nested form (as Cylc 8's CLI sends it) works too
    store.clear(['*'], ['root'], [{'environment': {'B': None}}])
    assert not store


def test_clear_reports_options_that_matched_nothing(store):
    store.put(['*'], ['root'], ['[environment]BCAST=ROOT'])
    result = store.clear(['2'], ['m4'], ['[environment]BCAST'])
    assert result.bad_options == {'point_strings': ['2'], 'namespaces': ['m4'],
                                  'cancel': ['[environment]BCAST']}
    result = store.clear(['*'], ['baz'], ['[environment]BCAST'])
    assert result.bad_options['point_strings'] == ['*']
    assert store.as_dict() == {'*': {'root': {'environment': {'BCAST': 'ROOT'}}}}


def test_clear_of_a_point_does_not_clear_all_point_broadcasts(store):
    store.put(['*'], ['root'], ['script=all'])
    store.put(['3'], ['root'], ['script=three'])
    store.clear(points=['3'])
    assert store.as_dict() == {'*': {'root': {'script': 'all'}}}


def test_expire_cancels_earlier_points_only(store):
    store.put(['*', '1', '2', '3'], ['root'], ['script=x'])
    result = store.expire('3')
    assert sorted(c.point for c in result.changes) == ['1', '2']
    assert sorted(store.as_dict()) == ['*', '3']


def test_expire_with_nothing_to_expire_is_a_bad_option(store):
    store.put(['*', '5'], ['root'], ['script=x'])
    result = store.expire('2')
    assert result.bad_options == {'expire': ['2']}
    assert not result.changes


def test_expire_before_is_silent_without_point_broadcasts(store):
    store.put(['*'], ['root'], ['script=x'])
    context_point = make_store().parse_point
    assert store.expire_before(context_point('10')) is None
    store.put(['4'], ['root'], ['script=y'])
    result = store.expire_before(context_point('10'))
    assert [c.point for c in result.changes] == ['4']
    assert store.as_dict() == {'*': {'root': {'script': 'x'}}}


def test_setting_again_replaces_the_value_in_place(store):
    store.put(['*'], ['root'], ['[environment]A=1', '[environment]B=2'])
    store.put(['*'], ['root'], ['[environment]A=3'])
    assert list(store.as_dict()['*']['root']['environment'].items()) == [
        ('A', '3'), ('B', '2')]


def test_load_restores_rows_and_skips_bad_ones(store):
    loaded, skipped = store.load([
        ('*', 'root', '[environment]FOO', 'bar'),
        ('2', 'foo', 'execution time limit', 'PT1M'),
        ('*', 'root', 'not an item', 'x'),
    ])
    assert [c.key for c in loaded] == ['[environment]FOO', 'execution time limit']
    assert len(skipped) == 1 and 'not an item' in skipped[0][1]
    assert float(store.overrides('2', 'foo')['execution time limit']) == 60.0
    assert store.expire('3').changes[0].point == '2'


def test_changes_lists_every_active_setting_for_the_database(store):
    store.put(['*'], ['root'], ['[environment]FOO=bar', 'script=true'])
    assert sorted((c.point, c.namespace, c.key, c.value)
                  for c in store.changes()) == [
        ('*', 'root', '[environment]FOO', 'bar'), ('*', 'root', 'script', 'true')]


_names = st.sampled_from(sorted(ANCESTRY))
_points = st.sampled_from(['*', '1', '2', '3'])
_operations = st.lists(st.tuples(
    st.sampled_from(['put', 'clear', 'expire']), _points, _names,
    st.sampled_from(['A', 'B']), st.integers(0, 9)), max_size=25)


@settings(max_examples=150, deadline=None)
@given(_operations)
def test_overrides_match_a_simple_model(operations):
    """Random put/clear/expire sequences agree with a dictionary model."""
    store = make_store()
    model: dict[tuple[str, str, str], str] = {}
    for operation, point, name, variable, value in operations:
        if operation == 'put':
            store.put([point], [name], [f'[environment]{variable}={value}'])
            model[(point, name, variable)] = str(value)
        elif operation == 'clear':
            store.clear([point], [name], [f'[environment]{variable}'])
            model.pop((point, name, variable), None)
        elif point != ALL_POINTS:
            store.expire(point)
            for key in [k for k in model if k[0] != '*' and int(k[0]) < int(point)]:
                del model[key]
    for point in ('1', '2', '3'):
        for name, order in ANCESTRY.items():
            expected: dict[str, str] = {}
            for cycle in ('*', point):
                for namespace in reversed(order):
                    for variable in ('A', 'B'):
                        if (cycle, namespace, variable) in model:
                            expected[variable] = model[(cycle, namespace, variable)]
            got = store.overrides(point, name).get('environment', {})
            assert got == expected
    assert bool(store) == bool(model)
