"""Printing configs in flow.cylc syntax, round trips, and spec docs."""

from __future__ import annotations

import io

import pytest

from cylc_flow.config.spec import (
    FLOW_SPEC,
    GLOBAL_SPEC,
    DurationFloat,
    describe_spec,
    expand_defaults,
    format_value,
    print_config,
    validate,
)
from cylc_flow.exceptions import IllegalItemError

RAW_FLOW = {
    'meta': {'title': 'A # hash in a title', 'priority': 'high'},
    'scheduler': {
        'UTC mode': 'True',
        'events': {
            'stall timeout': 'PT90M',
            'stall handlers': "'echo %(workflow)s, stalled', notify",
        },
    },
    'task parameters': {'m': '1..5', 'n': 'a, b', 'o': '1, 3, 5, 7'},
    'scheduling': {
        'initial cycle point': '20000101T00Z',
        'cycling mode': 'gregorian',
        'xtriggers': {'clock': "wall_clock(offset=PT1H, note='a, b'):PT30S"},
        'graph': {'R1': 'a => b', 'PT6H': 'b[-PT6H] => b\nb => c'},
    },
    'runtime': {
        'root': {
            'script': 'echo one\n  echo two',
            'execution retry delays': '2*PT1M, PT10M',
            'environment': {'QUOTED': "'leading quote", 'EMPTY': ''},
        },
        'a, b': {'inherit': 'FAM', 'simulation': {'speedup factor': '2.5'}},
    },
}


def render(data: dict, spec=FLOW_SPEC, **kwargs) -> str:
    buffer = io.StringIO()
    print_config(data, spec, out=buffer, **kwargs)
    return buffer.getvalue()


def parse_printed(text: str) -> dict:
    from cylc_flow.config.parsec import parse_text

    return parse_text(text, 'printed.cylc').data


def test_printed_layout_matches_cylc_config():
    printed = render(validate(RAW_FLOW, FLOW_SPEC, None, 'f'))
    lines = printed.splitlines()
    assert lines[:3] == [
        '[meta]', "    title = 'A # hash in a title'", '    priority = high',
    ]
    assert '    [[events]]' in lines
    assert '        stall timeout = PT90M' in lines
    assert "        stall handlers = 'echo %(workflow)s, stalled', notify" in lines
    assert '    m = 1..5' in lines
    assert '    o = 1..7..2' in lines
    assert "        clock = wall_clock(offset=PT1H, note='a, b'):PT30S" in lines
    assert '        execution retry delays = PT1M, PT1M, PT10M' in lines
    assert '            EMPTY =' in lines
    start = lines.index('        script = """')
    assert lines[start:start + 4] == [
        '        script = """', '            echo one', '              echo two',
        '        """',
    ]


def test_items_are_printed_before_subsections():
    printed = render({'scheduler': {'events': {'stall timeout': DurationFloat(60)},
                                    'UTC mode': True}})
    assert printed.splitlines() == [
        '[scheduler]', '    UTC mode = True', '    [[events]]',
        '        stall timeout = PT1M',
    ]


def test_round_trip_through_the_reader_gives_the_same_data():
    pytest.importorskip('cylc_flow.config.parsec')
    coerced = validate(RAW_FLOW, FLOW_SPEC, None, 'f')
    again = validate(parse_printed(render(coerced)), FLOW_SPEC, None, 'printed')
    assert again == coerced


def _unset_as_empty(data):
    """None prints as an empty value, which reads back as '' or []."""
    if isinstance(data, dict):
        return {key: _unset_as_empty(value) for key, value in data.items()}
    return None if data in ('', []) else data


def test_round_trip_of_full_defaults():
    pytest.importorskip('cylc_flow.config.parsec')
    for spec in (FLOW_SPEC, GLOBAL_SPEC):
        dense = expand_defaults({}, spec)
        reparsed = validate(parse_printed(render(dense, spec)), spec, None, 'p')
        assert _unset_as_empty(expand_defaults(reparsed, spec)) == (
            _unset_as_empty(dense)
        )


def test_one_line_mode_prints_full_item_paths():
    printed = render({'runtime': {'foo': {'script': 'a\nb',
                                          'environment': {'X': '1'}}}},
                     one_line=True)
    assert printed.splitlines() == [
        '[runtime][foo]script = a\\nb', '[runtime][foo][environment]X = 1',
    ]


def test_custom_indent_and_none_string():
    printed = render({'scheduler': {'UTC mode': None}}, indent='  ',
                     none_str='(unset)')
    assert printed.splitlines() == ['[scheduler]', '  UTC mode = (unset)']


@pytest.mark.parametrize(('value', 'expected'), [
    (None, ''), (True, 'True'), (DurationFloat(3600, 'PT1H'), 'PT1H'),
    ([], ''), (['a', 'b c'], 'a, b c'), (['x, y', "it's"], "'x, y', \"it's\""),
    ([2, 2, 2], '3*2'), ([1, 2], '1, 2'), ([5, 6, 7, 9], '5..7, 9'),
    ('plain', 'plain'), ('has # hash', "'has # hash'"),
    ("it's # here", '"it\'s # here"'),
])
def test_format_value(value, expected):
    assert format_value(value) == expected


def test_describe_item_gives_type_default_and_description():
    text = describe_spec(FLOW_SPEC, ['scheduling', 'runahead limit'])
    assert text.splitlines()[0] == '[scheduling]runahead limit'
    assert 'type: a cycling interval' in text
    assert 'default: P4' in text
    text = describe_spec(FLOW_SPEC, ['scheduling', 'cycling mode'])
    assert 'options: gregorian, 360day' in text


def test_describe_section_lists_its_children():
    text = describe_spec(GLOBAL_SPEC, ['platforms', 'hpc'])
    assert text.splitlines()[0] == '[platforms][<platform name>]'
    assert '  job runner  (a string)' in text
    assert '  [selection]' in text
    assert describe_spec(FLOW_SPEC).startswith('flow.cylc')
    with pytest.raises(IllegalItemError):
        describe_spec(FLOW_SPEC, ['nope'])
