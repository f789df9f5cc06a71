"""%include: inlining, path resolution, loops, origins, cylc view marks."""

from __future__ import annotations

from pathlib import Path

import pytest

from cylc_flow.config.parsec import Origin, parse_file, parse_text, process_lines
from cylc_flow.exceptions import FileParseError


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_include_inlines_the_file_in_place(tmp_path):
    write(tmp_path / 'runtime.cylc', '[runtime]\n    [[foo]]\n')
    flow = write(
        tmp_path / 'flow.cylc',
        '[scheduling]\n    x = 1\n%include runtime.cylc\n[meta]\n',
    )
    config = parse_file(flow)
    assert list(config.data) == ['scheduling', 'runtime', 'meta']
    assert config.data['runtime'] == {'foo': {}}


@pytest.mark.parametrize('line', ["%include 'a b.cylc'", '%include "a b.cylc"'])
def test_include_path_may_be_quoted(tmp_path, line):
    write(tmp_path / 'a b.cylc', '[a]\n')
    flow = write(tmp_path / 'flow.cylc', f'  {line}  \n')
    assert parse_file(flow).data == {'a': {}}


def test_include_with_mismatched_quotes_is_an_error(tmp_path):
    flow = write(tmp_path / 'flow.cylc', "[a]\n%include 'a.cylc\"\n")
    with pytest.raises(FileParseError, match='mismatched quotes') as info:
        parse_file(flow)
    assert info.value.line_num == 2


def test_nested_include_is_relative_to_the_including_file(tmp_path):
    write(tmp_path / 'inc' / 'sub' / 'leaf.cylc', '[leaf]\n')
    write(tmp_path / 'inc' / 'middle.cylc', '[middle]\n%include sub/leaf.cylc\n')
    flow = write(tmp_path / 'flow.cylc', '%include inc/middle.cylc\n')
    assert list(parse_file(flow).data) == ['middle', 'leaf']


def test_nested_include_falls_back_to_the_workflow_directory(tmp_path):
    # Cylc 8 resolves every include against the workflow directory
    write(tmp_path / 'inc' / 'leaf.cylc', '[leaf]\n')
    write(tmp_path / 'inc' / 'middle.cylc', '%include inc/leaf.cylc\n')
    flow = write(tmp_path / 'flow.cylc', '%include inc/middle.cylc\n')
    assert list(parse_file(flow).data) == ['leaf']


def test_the_including_files_directory_wins_over_the_workflow_directory(tmp_path):
    write(tmp_path / 'leaf.cylc', '[top_leaf]\n')
    write(tmp_path / 'inc' / 'leaf.cylc', '[inc_leaf]\n')
    write(tmp_path / 'inc' / 'middle.cylc', '%include leaf.cylc\n')
    flow = write(tmp_path / 'flow.cylc', '%include inc/middle.cylc\n')
    assert list(parse_file(flow).data) == ['inc_leaf']


def test_absolute_include_path(tmp_path):
    other = write(tmp_path / 'elsewhere' / 'x.cylc', '[x]\n')
    flow = write(tmp_path / 'wf' / 'flow.cylc', f'%include {other}\n')
    assert parse_file(flow).data == {'x': {}}


def test_same_file_may_be_included_twice(tmp_path):
    write(tmp_path / 'item.cylc', '    x = 1\n')
    flow = write(
        tmp_path / 'flow.cylc', '[a]\n%include item.cylc\n[b]\n%include item.cylc\n'
    )
    assert parse_file(flow).data == {'a': {'x': '1'}, 'b': {'x': '1'}}


def test_missing_include_file_names_it_and_the_including_line(tmp_path):
    write(tmp_path / 'inc' / 'middle.cylc', '[a]\n%include gone.cylc\n')
    flow = write(tmp_path / 'flow.cylc', '%include inc/middle.cylc\n')
    with pytest.raises(FileParseError) as info:
        parse_file(flow)
    error = info.value
    assert 'Include-file not found: gone.cylc' in error.reason
    assert error.filename == str(tmp_path / 'inc' / 'middle.cylc')
    assert error.line_num == 2


def test_include_of_a_directory_is_not_found(tmp_path):
    (tmp_path / 'adir').mkdir()
    flow = write(tmp_path / 'flow.cylc', '%include adir\n')
    with pytest.raises(FileParseError, match='not found'):
        parse_file(flow)


def test_include_loop_is_an_error(tmp_path):
    write(tmp_path / 'a.cylc', '[a]\n%include b.cylc\n')
    write(tmp_path / 'b.cylc', '[b]\n%include a.cylc\n')
    flow = write(tmp_path / 'flow.cylc', '%include a.cylc\n')
    with pytest.raises(FileParseError, match='include-file loop') as info:
        parse_file(flow)
    assert 'a.cylc -> b.cylc -> a.cylc' in info.value.reason
    assert info.value.filename == str(tmp_path / 'b.cylc')


def test_file_including_itself_is_a_loop(tmp_path):
    flow = write(tmp_path / 'flow.cylc', '[a]\n%include flow.cylc\n')
    with pytest.raises(FileParseError, match='include-file loop'):
        parse_file(flow)


def test_origins_of_included_lines_name_the_included_file(tmp_path):
    inc = write(tmp_path / 'inc.cylc', '# comment\n    [[foo]]\n        x = 1\n')
    flow = write(tmp_path / 'flow.cylc', '[runtime]\n%include inc.cylc\n    [[bar]]\n')
    config = parse_file(flow)
    assert config.origins[('runtime', 'foo')] == Origin(str(inc), 2)
    assert config.origins[('runtime', 'foo', 'x')] == Origin(str(inc), 3)
    assert config.origins[('runtime', 'bar')] == Origin(str(flow), 3)


def test_parse_errors_in_included_files_name_that_file_and_line(tmp_path):
    inc = write(tmp_path / 'inc.cylc', '[b]\n    bad line\n')
    flow = write(tmp_path / 'flow.cylc', '[a]\n%include inc.cylc\n')
    with pytest.raises(FileParseError) as info:
        parse_file(flow)
    assert (info.value.filename, info.value.line_num) == (str(inc), 2)


def test_parse_text_includes_from_the_given_directory(tmp_path):
    write(tmp_path / 'x.cylc', '[x]\n')
    assert parse_text('%include x.cylc', directory=tmp_path).data == {'x': {}}


def test_process_lines_can_mark_or_skip_includes(tmp_path):
    write(tmp_path / 'x.cylc', '[x]\n')
    flow = write(tmp_path / 'flow.cylc', '[a]\n%include "x.cylc"\n')
    assert process_lines(flow) == ['[a]', '[x]']
    assert process_lines(flow, inline=False) == ['[a]', '%include "x.cylc"']
    assert process_lines(flow, mark_includes=True) == [
        '[a]',
        '#++++ START INLINED INCLUDE FILE x.cylc',
        '[x]',
        '#++++ END INLINED INCLUDE FILE x.cylc',
    ]
    # the marks are comments, so the marked text still parses
    assert parse_text('\n'.join(process_lines(flow, mark_includes=True))).data == {
        'a': {},
        'x': {},
    }


@pytest.mark.parametrize('name', ['missing.cylc', '.', 'nul\x00byte'])
def test_unreadable_top_file_is_a_file_parse_error(tmp_path, name):
    with pytest.raises(FileParseError, match='cannot read file') as info:
        parse_file(tmp_path / name)
    assert info.value.filename == str(tmp_path / name)


def test_non_utf8_include_file_is_an_error(tmp_path):
    (tmp_path / 'bin.cylc').write_bytes(b'[a]\n\xff\xfe\n')
    flow = write(tmp_path / 'flow.cylc', '%include bin.cylc\n')
    with pytest.raises(FileParseError, match='not a UTF-8 text file'):
        parse_file(flow)


def test_process_lines_can_skip_continuation_joining(tmp_path):
    flow = write(tmp_path / 'flow.cylc', '[a]\n    x = 1 \\\n    2\n')
    assert process_lines(flow) == ['[a]', '    x = 1     2']
    assert process_lines(flow, continuation=False) == ['[a]', '    x = 1 \\', '    2']
