"""The parsec line parser: sections, items, values, comments, merging."""

from __future__ import annotations

import textwrap

import pytest

from cylc_flow.config.parsec import Origin, ParsedConfig, parse_text
from cylc_flow.exceptions import CylcError, FileParseError


def parse(text: str) -> dict:
    return parse_text(textwrap.dedent(text)).data


def test_sections_nest_by_bracket_depth():
    data = parse("""
        [a]
            x = 1
            [[b]]
                y = 2
                [[[c]]]
                    z = 3
            [[d]]
                w = 4
        [e]
            v = 5
    """)
    assert data == {
        'a': {'x': '1', 'b': {'y': '2', 'c': {'z': '3'}}, 'd': {'w': '4'}},
        'e': {'v': '5'},
    }


def test_heading_can_go_back_up_several_levels():
    data = parse("""
        [a]
            [[b]]
                [[[c]]]
                    z = 3
        [f]
            u = 1
    """)
    assert data['f'] == {'u': '1'}
    assert data['a']['b']['c'] == {'z': '3'}


def test_heading_more_than_one_level_deeper_is_an_error():
    with pytest.raises(FileParseError) as info:
        parse_text('[a]\n    [[[c]]]\n')
    assert info.value.line_num == 2
    assert 'more than one level deeper' in str(info.value)


def test_mismatched_heading_brackets_are_an_error():
    with pytest.raises(FileParseError, match='bracket mismatch') as info:
        parse_text('[a]\n[[b]\n')
    assert info.value.line_num == 2


@pytest.mark.parametrize('line', ['[a', '[]', '[ ]', '[a] junk'])
def test_bad_headings_are_errors(line):
    with pytest.raises(FileParseError) as info:
        parse_text(line)
    assert info.value.line_num == 1


def test_heading_with_trailing_comment_and_indentation():
    assert parse('   [a]   # comment\n    x = 1\n') == {'a': {'x': '1'}}
    assert parse('[ a   b ]  # [c]\n') == {'a b': {}}


def test_heading_names_may_hold_brackets_and_hashes():
    assert parse('[a#b]\n[[c]d]]\n') == {'a#b': {'c]d': {}}}


def test_section_and_item_names_are_whitespace_normalised():
    data = parse("""
        [ a ]
            [[  foo    bar  ]]
                my   item = 1
    """)
    assert data == {'a': {'foo bar': {'my item': '1'}}}


def test_keys_keep_case():
    assert parse('[a]\n    Foo = 1\n    foo = 2\n') == {'a': {'Foo': '1', 'foo': '2'}}


def test_duplicate_sections_are_merged():
    data = parse("""
        [runtime]
            [[foo]]
                script = a
        [scheduling]
            x = 1
        [runtime]
            [[foo]]
                pre-script = b
            [[bar]]
    """)
    assert data['runtime'] == {
        'foo': {'script': 'a', 'pre-script': 'b'},
        'bar': {},
    }
    assert list(data) == ['runtime', 'scheduling']


def test_duplicate_items_later_value_wins():
    data = parse("""
        [runtime]
            [[foo]]
                script = first
                script = second
    """)
    assert data['runtime']['foo']['script'] == 'second'


def test_duplicate_graph_items_are_appended():
    data = parse('''
        [scheduling]
            [[graph]]
                R1 = a => b
                P1D = x => y
                R1 = """
                    b => c
                """
        [scheduling]
            [[graph]]
                R1 = c => d
    ''')
    assert data['scheduling']['graph'] == {
        'R1': 'a => b\nb => c\nc => d',
        'P1D': 'x => y',
    }


def test_duplicate_cylc7_dependency_graphs_are_appended():
    data = parse("""
        [scheduling]
            [[dependencies]]
                [[[R1]]]
                    graph = a => b
                    graph = b => c
    """)
    assert data['scheduling']['dependencies']['R1']['graph'] == 'a => b\nb => c'


def test_duplicate_items_outside_graph_are_not_appended():
    data = parse('[scheduling]\n    [[queues]]\n        x = a\n        x = b\n')
    assert data['scheduling']['queues']['x'] == 'b'


def test_comments_and_blank_lines_are_ignored():
    data = parse("""
        # a comment

        [a]  # heading comment
            # indented comment
            x = 1  # trailing comment

    """)
    assert data == {'a': {'x': '1'}}


def test_hash_inside_quotes_is_not_a_comment():
    data = parse("""
        [a]
            dq = "a # b"  # comment
            sq = 'a # b'
            unquoted = echo "x # y" # comment
            apostrophe = don't # comment
    """)
    assert data['a'] == {
        'dq': 'a # b',
        'sq': 'a # b',
        'unquoted': 'echo "x # y"',
        'apostrophe': "don't",
    }


def test_single_and_double_quotes_are_removed_and_values_stripped():
    data = parse("""
        [a]
            dq = "  spaced  "
            sq = 'it'
            escaped = "say \\"hi\\""
            empty = ""
            nothing =
    """)
    assert data['a'] == {
        'dq': 'spaced',
        'sq': 'it',
        'escaped': 'say \\"hi\\"',
        'empty': '',
        'nothing': '',
    }


def test_list_of_quoted_strings_keeps_its_quotes():
    data = parse("""
        [a]
            inherit = "A", 'B'  # comment
    """)
    assert data['a']['inherit'] == '"A", \'B\''


def test_unclosed_quote_is_an_error():
    with pytest.raises(FileParseError, match='unclosed quote') as info:
        parse_text('[a]\n    x = "abc\n')
    assert info.value.line_num == 2


def test_multiline_string_is_dedented_and_stripped():
    data = parse('''
        [a]
            script = """
                echo one
                  echo two  # not a comment
                echo three
            """  # a comment
    ''')
    assert data['a']['script'] == 'echo one\n  echo two  # not a comment\necho three'


def test_multiline_string_text_on_opening_and_closing_lines():
    data = parse("""
        [a]
            x = '''first
        second
            third'''
            y = 1
    """)
    assert data['a'] == {'x': 'first\nsecond\n    third', 'y': '1'}


def test_multiline_string_keeps_blank_lines_and_other_quotes():
    data = parse('''
        [a]
            x = """
                one

                it's "two" \'\'\'
            """
    ''')
    assert data['a']['x'] == 'one\n\nit\'s "two" \'\'\''


def test_triple_quoted_string_on_one_line():
    data = parse('[a]\n    x = """ one line """  # c\n    y = \'\'\'z\'\'\'\n')
    assert data == {'a': {'x': 'one line', 'y': 'z'}}


def test_text_after_closing_triple_quotes_is_an_error():
    with pytest.raises(FileParseError, match='after the closing quotes') as info:
        parse_text('[a]\n    x = """\n    text\n    """ junk\n')
    assert info.value.line_num == 4
    with pytest.raises(FileParseError, match='after the closing quotes'):
        parse_text('[a]\n    x = """a""" b\n')


def test_unclosed_multiline_string_is_an_error_at_its_start():
    with pytest.raises(FileParseError, match='not closed') as info:
        parse_text('[a]\n    x = 1\n    y = """\n    foo\n[b]\n')
    assert info.value.line_num == 3


def test_invalid_line_is_an_error_naming_file_and_line():
    with pytest.raises(FileParseError) as info:
        parse_text('[a]\n    x = 1\n    this is not an item\n', 'my.cylc')
    error = info.value
    assert (error.filename, error.line_num) == ('my.cylc', 3)
    assert str(error).startswith('my.cylc:3: invalid line: this is not an item')


def test_items_before_any_section_are_top_level_items():
    assert parse('title = x\n[a]\n') == {'title': 'x', 'a': {}}


def test_graph_recurrence_and_parameter_keys_are_allowed():
    data = parse("""
        [scheduling]
            [[graph]]
                R1/^ = a
                +PT6H/PT12H!(T00, T06) = b
                R/$-P1D/P1D = c
        [runtime]
            [[foo<m=1, n>]]
            [[[directives]]]
        [x]
            foo<m=1> = d
            -l select = 1:ncpus=4
    """)
    assert data['scheduling']['graph'] == {
        'R1/^': 'a',
        '+PT6H/PT12H!(T00, T06)': 'b',
        'R/$-P1D/P1D': 'c',
    }
    assert data['x'] == {'foo<m=1>': 'd', '-l select': '1:ncpus=4'}


def test_item_and_section_with_the_same_name_is_an_error():
    with pytest.raises(FileParseError, match='same name'):
        parse_text('[a]\n    b = 1\n    [[b]]\n')
    with pytest.raises(FileParseError, match='same name'):
        parse_text('[a]\n    [[b]]\n[a]\n    b = 1\n')


def test_origins_record_where_each_section_and_item_was_set():
    config = parse_text('[a]\n    x = 1\n    [[b]]\n        y = """\n  2\n"""\n', 'f')
    assert isinstance(config, ParsedConfig)
    assert config.filename == 'f'
    assert config.origins == {
        ('a',): Origin('f', 1),
        ('a', 'x'): Origin('f', 2),
        ('a', 'b'): Origin('f', 3),
        ('a', 'b', 'y'): Origin('f', 4),
    }


def test_origin_of_a_redefined_item_is_the_later_line():
    config = parse_text('[a]\n    x = 1\n    x = 2\n')
    assert config.origins[('a', 'x')] == Origin('<string>', 3)


def test_origin_of_a_merged_section_is_its_first_heading():
    config = parse_text('[a]\n[b]\n[a]\n')
    assert config.origins[('a',)].line == 1


def test_line_continuation_joins_lines():
    config = parse_text('[a]\n    x = one \\\n two \\\n three\n    y = 1\n')
    assert config.data['a'] == {'x': 'one  two  three', 'y': '1'}
    assert config.origins[('a', 'y')].line == 5
    assert config.processed_lines == ['[a]', '    x = one  two  three', '    y = 1']


def test_continuation_applies_inside_multiline_strings():
    config = parse_text('[a]\n    x = """\n    a \\\n    b\n    """\n')
    assert config.data['a']['x'] == 'a     b'


def test_continuation_marker_on_last_line_is_dropped():
    assert parse_text('[a]\n    x = 1\\').data['a']['x'] == '1'


def test_whitespace_after_continuation_marker_is_an_error():
    with pytest.raises(FileParseError, match='whitespace after') as info:
        parse_text('[a]\n    x = 1 \\  \n    2\n')
    assert info.value.line_num == 2


def test_whitespace_after_continuation_marker_in_a_comment_is_allowed():
    assert parse_text('[a]  # comment \\  \n    x = 1\n').data == {'a': {'x': '1'}}


def test_processed_lines_are_right_stripped():
    config = parse_text('[a]   \n    x = 1\t\n')
    assert config.processed_lines == ['[a]', '    x = 1']


def test_windows_line_endings_are_accepted():
    assert parse_text('[a]\r\n    x = 1\r\n').data == {'a': {'x': '1'}}


def test_empty_text_gives_empty_config():
    config = parse_text('')
    assert (config.data, config.origins, config.processed_lines) == ({}, {}, [])


def test_errors_are_cylc_errors_with_one_line_reason():
    with pytest.raises(CylcError) as info:
        parse_text('[a]\n    x = 1\n    ]]]\n')
    assert '\n' not in info.value.reason
