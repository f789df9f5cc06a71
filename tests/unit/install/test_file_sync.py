"""The rsync-like copy: content comparison, links, deletions, exclusions."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cylc_flow.install.file_sync import sync_tree
from cylc_flow.install.ignore_rules import PathFilter, compile_rule, parse_rules

NO_RULES = PathFilter([])


def tree(root: Path) -> dict[str, str]:
    """``{relative path: content or '->target' or '/'}`` of a directory."""
    found = {}
    for directory, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(directory, name)
            relative = str(path.relative_to(root))
            if path.is_symlink():
                found[relative] = '->' + os.readlink(path)
            elif path.is_dir():
                found[relative] = '/'
            else:
                found[relative] = path.read_text()
    return found


def write(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_copy_reproduces_files_directories_and_symlinks(tmp_path):
    source, dest = tmp_path / 'src', tmp_path / 'dest'
    write(source, {'flow.cylc': 'x', 'bin/run': 'y', 'empty/.keep': ''})
    (source / 'link').symlink_to('bin/run')
    result = sync_tree(source, dest, NO_RULES)
    assert result.errors == []
    assert tree(dest) == tree(source)
    assert (dest / 'link').is_symlink()
    assert {str(change) for change in result.changes} == {
        'send bin/', 'send bin/run', 'send empty/', 'send empty/.keep',
        'send flow.cylc', 'send link -> bin/run',
    }


def test_permissions_are_kept(tmp_path):
    source, dest = tmp_path / 'src', tmp_path / 'dest'
    write(source, {'bin/script': '#!/bin/sh\n'})
    (source / 'bin/script').chmod(0o750)
    sync_tree(source, dest, NO_RULES)
    assert stat.S_IMODE((dest / 'bin/script').stat().st_mode) == 0o750


def test_unchanged_files_are_not_reported_even_if_newer(tmp_path):
    source, dest = tmp_path / 'src', tmp_path / 'dest'
    write(source, {'a': 'same', 'b': 'old'})
    sync_tree(source, dest, NO_RULES)
    write(source, {'a': 'same', 'b': 'new'})
    os.utime(source / 'a', (1, 1))
    result = sync_tree(source, dest, NO_RULES)
    assert [str(change) for change in result.changes] == ['send b']
    assert (dest / 'b').read_text() == 'new'


def test_same_size_different_content_is_copied(tmp_path):
    source, dest = tmp_path / 'src', tmp_path / 'dest'
    write(source, {'a': 'abc'})
    sync_tree(source, dest, NO_RULES)
    write(source, {'a': 'xyz'})
    assert [str(c) for c in sync_tree(source, dest, NO_RULES).changes] == ['send a']
    assert (dest / 'a').read_text() == 'xyz'


def test_delete_removes_extra_files_and_reports_each(tmp_path):
    source, dest = tmp_path / 'src', tmp_path / 'dest'
    write(source, {'keep': '1'})
    write(dest, {'keep': '1', 'gone': '2', 'old/a': '3'})
    result = sync_tree(source, dest, NO_RULES, delete=True)
    assert tree(dest) == {'keep': '1'}
    assert [str(change) for change in result.changes] == [
        'del. gone', 'del. old/a', 'del. old/',
    ]


def test_without_delete_extra_files_stay(tmp_path):
    source, dest = tmp_path / 'src', tmp_path / 'dest'
    write(source, {'keep': '1'})
    write(dest, {'extra': '2'})
    sync_tree(source, dest, NO_RULES)
    assert tree(dest) == {'keep': '1', 'extra': '2'}


def test_excluded_paths_are_neither_copied_nor_deleted(tmp_path):
    source, dest = tmp_path / 'src', tmp_path / 'dest'
    write(source, {'flow.cylc': 'x', 'log/a': 'source log', 'data.csv': 'c'})
    write(dest, {'log/job/out': 'run log', 'results.csv': 'r', 'junk': 'j'})
    rules = PathFilter([compile_rule('/log'), *parse_rules('*.csv\n')])
    sync_tree(source, dest, rules, delete=True)
    assert tree(dest) == {
        'flow.cylc': 'x', 'log': '/', 'log/job': '/', 'log/job/out': 'run log',
        'results.csv': 'r',
    }


def test_a_directory_replacing_a_file_and_vice_versa(tmp_path):
    source, dest = tmp_path / 'src', tmp_path / 'dest'
    write(source, {'was_file/inner': 'i', 'was_dir': 'f'})
    write(dest, {'was_file': 'f', 'was_dir/inner': 'i'})
    result = sync_tree(source, dest, NO_RULES, delete=True)
    assert result.errors == []
    assert tree(dest) == tree(source)


def test_dry_run_changes_nothing_but_reports_everything(tmp_path):
    source, dest = tmp_path / 'src', tmp_path / 'dest'
    write(source, {'new/a': 'n', 'changed': 'new'})
    write(dest, {'changed': 'old', 'gone': 'g'})
    before = tree(dest)
    result = sync_tree(source, dest, NO_RULES, delete=True, dry_run=True)
    assert tree(dest) == before
    assert [str(change) for change in result.changes] == [
        'del. gone', 'send changed', 'send new/', 'send new/a',
    ]


def test_dry_run_into_a_missing_directory_lists_the_whole_source(tmp_path):
    source = tmp_path / 'src'
    write(source, {'a/b': '1'})
    result = sync_tree(source, tmp_path / 'missing', NO_RULES, dry_run=True)
    assert [str(change) for change in result.changes] == ['send a/', 'send a/b']
    assert not (tmp_path / 'missing').exists()


def test_unreadable_source_file_is_an_error_not_an_exception(tmp_path):
    if os.geteuid() == 0:
        import pytest

        pytest.skip('root can read anything')
    source, dest = tmp_path / 'src', tmp_path / 'dest'
    write(source, {'secret': 's', 'ok': 'o'})
    (source / 'secret').chmod(0)
    result = sync_tree(source, dest, NO_RULES)
    assert (dest / 'ok').read_text() == 'o'
    assert any('secret' in error for error in result.errors)


_NAMES = st.sampled_from(['a', 'b', 'c.txt', 'd'])
_TREES = st.dictionaries(
    st.lists(_NAMES, min_size=1, max_size=3).map('/'.join),
    st.text(alphabet='xyz', max_size=5),
    max_size=8,
)


def _write_tree(root: Path, files: dict[str, str]) -> None:
    """Write files, skipping any whose path clashes with another file."""
    root.mkdir(parents=True, exist_ok=True)
    for relative, text in sorted(files.items()):
        path = root / relative
        if any(parent.is_file() for parent in path.parents) or path.is_dir():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=_TREES, after=_TREES)
def test_sync_with_delete_makes_the_destination_equal_the_source(
    tmp_path_factory, before, after
):
    base = tmp_path_factory.mktemp('fuzz')
    source, dest = base / 'src', base / 'dest'
    _write_tree(dest, before)
    _write_tree(source, after)
    preview = sync_tree(source, dest, NO_RULES, delete=True, dry_run=True)
    result = sync_tree(source, dest, NO_RULES, delete=True)
    assert result.errors == []
    assert tree(dest) == tree(source)
    assert sync_tree(source, dest, NO_RULES, delete=True).changes == []
    assert preview.changes == result.changes
