"""global.cylc discovery, merging, defaults and load-time checks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cylc_flow import __version__
from cylc_flow.config.global_config import (
    CONF_BASENAME,
    GlobalConfig,
    config_file_hierarchy,
    version_hierarchy,
)
from cylc_flow.exceptions import (
    CylcError,
    FileParseError,
    GlobalConfigError,
    IllegalItemError,
    IllegalValueError,
)

MAJOR, MINOR, PATCH = __version__.split('.')[:3]
VERSION_DIRS = ['', MAJOR, f'{MAJOR}.{MINOR}', f'{MAJOR}.{MINOR}.{PATCH}']


def write_conf(directory: Path, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / CONF_BASENAME
    path.write_text(text)
    return path


@pytest.fixture
def dirs(tmp_path: Path) -> dict[str, Path]:
    """A fake site root and home; never the real /etc/cylc or ~."""
    return {'site': tmp_path / 'site', 'home': tmp_path / 'home'}


@pytest.fixture
def environ(dirs: dict[str, Path]) -> dict[str, str]:
    return {
        'HOME': str(dirs['home']),
        'CYLC_SITE_CONF_PATH': str(dirs['site']),
    }


def load(environ: dict[str, str], warnings: list[str] | None = None):
    warn = warnings.append if warnings is not None else (lambda _msg: None)
    return GlobalConfig.load(environ=environ, warn=warn)


def load_text(tmp_path: Path, text: str) -> GlobalConfig:
    return GlobalConfig.load_files([write_conf(tmp_path / 'conf', text)])


# ---- discovery ---------------------------------------------------------


def test_version_hierarchy_lists_plain_then_major_minor_patch_dirs():
    assert version_hierarchy('8.6.0') == ['', '8', '8.6', '8.6.0']


def test_version_hierarchy_adds_pre_release_and_full_version():
    assert version_hierarchy('8.0.1a2.dev') == [
        '', '8', '8.0', '8.0.1', '8.0.1a2', '8.0.1a2.dev',
    ]


def test_hierarchy_is_site_dirs_then_user_dirs_for_our_version(environ, dirs):
    locations = config_file_hierarchy(environ)
    expected = [
        ('site', str(dirs['site'] / 'flow' / sub / CONF_BASENAME))
        for sub in VERSION_DIRS
    ] + [
        ('user', str(dirs['home'] / '.cylc' / 'flow' / sub / CONF_BASENAME))
        for sub in VERSION_DIRS
    ]
    assert [(loc.kind, os.path.normpath(loc.path)) for loc in locations] == [
        (kind, os.path.normpath(path)) for kind, path in expected
    ]


def test_site_root_defaults_to_etc_cylc_flow(dirs):
    locations = config_file_hierarchy({'HOME': str(dirs['home'])})
    assert os.path.normpath(locations[0].path) == '/etc/cylc/flow/global.cylc'


def test_cylc_conf_path_is_the_only_file_read(environ, dirs, tmp_path):
    write_conf(dirs['site'] / 'flow', '[scheduler]\n    process pool size = 1\n')
    write_conf(dirs['home'] / '.cylc' / 'flow', '[install]\n    max depth = 2\n')
    only = write_conf(tmp_path / 'only', '[scheduler]\n    process pool size = 7\n')
    config = load({**environ, 'CYLC_CONF_PATH': str(tmp_path / 'only')})
    assert config.files == [str(only)]
    assert config.get(['scheduler', 'process pool size']) == 7
    assert config.get(['install', 'max depth']) == 4  # the default


def test_cylc_conf_path_ignores_version_sub_dirs(environ, tmp_path):
    write_conf(tmp_path / 'only' / MAJOR, '[install]\n    max depth = 2\n')
    config = load({**environ, 'CYLC_CONF_PATH': str(tmp_path / 'only')})
    assert config.files == []
    assert config.get(['install', 'max depth']) == 4


def test_missing_cylc_conf_path_file_gives_defaults(environ, tmp_path):
    config = load({**environ, 'CYLC_CONF_PATH': str(tmp_path / 'nowhere')})
    assert config.files == []
    assert config.sparse == {}
    assert config.get(['scheduler', 'process pool size']) == 4


def test_files_are_read_site_then_user_each_plain_then_versions(environ, dirs):
    written = []
    for root in (dirs['site'] / 'flow', dirs['home'] / '.cylc' / 'flow'):
        for sub in VERSION_DIRS:
            written.append(str(write_conf(root / sub, '')))
    assert load(environ).files == written


def test_later_files_override_earlier_ones_item_by_item(environ, dirs):
    write_conf(
        dirs['site'] / 'flow',
        '[scheduler]\n    process pool size = 1\n    UTC mode = True\n'
        '[install]\n    max depth = 2\n',
    )
    write_conf(
        dirs['site'] / 'flow' / MAJOR,
        '[scheduler]\n    process pool size = 2\n',
    )
    write_conf(
        dirs['home'] / '.cylc' / 'flow',
        '[scheduler]\n    process pool size = 3\n',
    )
    write_conf(
        dirs['home'] / '.cylc' / 'flow' / f'{MAJOR}.{MINOR}.{PATCH}',
        '[install]\n    max depth = 6\n',
    )
    config = load(environ)
    assert config.get(['scheduler', 'process pool size']) == 3
    assert config.get(['scheduler', 'UTC mode']) is True  # site only
    assert config.get(['install', 'max depth']) == 6
    assert config.sparse['scheduler'] == {
        'process pool size': 3, 'UTC mode': True,
    }


def test_other_versions_sub_dirs_are_ignored(environ, dirs):
    user_root = dirs['home'] / '.cylc' / 'flow'
    write_conf(user_root / '7', '[install]\n    max depth = 2\n')
    write_conf(user_root / '9.0', '[install]\n    max depth = 3\n')
    config = load(environ)
    assert config.files == []


def test_home_falls_back_to_the_password_database(monkeypatch, tmp_path):
    import pwd

    class Entry:
        pw_dir = str(tmp_path / 'pwhome')

    monkeypatch.setattr(pwd, 'getpwuid', lambda _uid: Entry)
    locations = config_file_hierarchy({'CYLC_SITE_CONF_PATH': str(tmp_path)})
    user = [loc.path for loc in locations if loc.kind == 'user']
    assert user[0] == os.path.join(Entry.pw_dir, '.cylc', 'flow', '', CONF_BASENAME)


def test_unreadable_file_is_skipped(environ, dirs):
    path = write_conf(dirs['home'] / '.cylc' / 'flow', '[install]\n max depth = 2\n')
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip('running as a user who can read anything')
        assert load(environ).files == []
    finally:
        path.chmod(0o600)


def test_a_directory_named_global_cylc_is_skipped(environ, dirs):
    (dirs['home'] / '.cylc' / 'flow' / CONF_BASENAME).mkdir(parents=True)
    assert load(environ).files == []


# ---- templating, errors ------------------------------------------------


def test_jinja2_global_config_is_rendered(tmp_path):
    config = load_text(
        tmp_path,
        '#!Jinja2\n{% set size = 3 * 4 %}\n'
        '[scheduler]\n    process pool size = {{ size }}\n',
    )
    assert config.get(['scheduler', 'process pool size']) == 12


def test_cylc7_hosts_section_is_an_error_naming_file_and_platforms(tmp_path):
    with pytest.raises(FileParseError) as excinfo:
        load_text(tmp_path, '[hosts]\n    [[foo]]\n        ssh command = ssh\n')
    message = str(excinfo.value)
    assert str(tmp_path / 'conf' / CONF_BASENAME) in message
    assert '[hosts]' in message
    assert 'platforms' in message
    assert '\n' not in message


def test_illegal_item_names_file_and_line(tmp_path):
    with pytest.raises(IllegalItemError) as excinfo:
        load_text(tmp_path, '[scheduler]\n    no such item = 1\n')
    assert excinfo.value.line_num == 2
    assert excinfo.value.filename == str(tmp_path / 'conf' / CONF_BASENAME)


def test_bad_value_in_user_file_is_reported_against_that_file(environ, dirs):
    write_conf(dirs['site'] / 'flow', '[install]\n    max depth = 2\n')
    user = write_conf(dirs['home'] / '.cylc' / 'flow', '[install]\n    max depth = x\n')
    with pytest.raises(IllegalValueError) as excinfo:
        load(environ)
    assert excinfo.value.filename == str(user)


def test_relative_source_dirs_are_rejected(tmp_path):
    with pytest.raises(IllegalValueError, match='absolute path'):
        load_text(tmp_path, '[install]\n    source dirs = ~/src, relative/dir\n')


def test_source_dirs_may_start_with_tilde_or_variable(tmp_path):
    config = load_text(
        tmp_path, '[install]\n    source dirs = ~/a, $HOME/b, /abs/c\n'
    )
    assert config.get(['install', 'source dirs']) == ['~/a', '$HOME/b', '/abs/c']


def test_undecodable_file_is_a_one_line_cylc_error(tmp_path):
    path = tmp_path / CONF_BASENAME
    path.write_bytes(b'[scheduler]\n    UTC mode = \xff\xfe\n')
    with pytest.raises(CylcError) as excinfo:
        GlobalConfig.load_files([path])
    assert str(path) in str(excinfo.value)


# ---- dense, get, cache -------------------------------------------------


def test_localhost_platform_always_exists_with_defaults(tmp_path):
    config = load_text(tmp_path, '')
    localhost = config.dense['platforms']['localhost']
    assert localhost['hosts'] == ['localhost']
    assert localhost['job runner'] == 'background'
    assert localhost['selection']['method'] == 'definition order'


def test_every_dense_platform_has_every_item(tmp_path):
    config = load_text(
        tmp_path, '[platforms]\n    [[hpc]]\n        job runner = slurm\n'
    )
    hpc = config.dense['platforms']['hpc']
    assert set(hpc) == set(config.dense['platforms']['localhost'])
    assert hpc['job runner'] == 'slurm'
    assert hpc['hosts'] is None  # the lookup uses the platform name
    assert hpc['selection']['method'] == 'random'
    assert config.sparse['platforms'] == {'hpc': {'job runner': 'slurm'}}


def test_localhost_is_first_in_dense_platforms(tmp_path):
    config = load_text(
        tmp_path,
        '[platforms]\n    [[a]]\n    [[localhost]]\n        shell = /bin/zsh\n',
    )
    assert list(config.dense['platforms']) == ['localhost', 'a']
    assert config.dense['platforms']['localhost']['shell'] == '/bin/zsh'


def test_get_returns_default_for_missing_items(tmp_path):
    config = load_text(tmp_path, '[scheduler]\n    UTC mode = True\n')
    assert config.get(['scheduler', 'UTC mode']) is True
    assert config.get(['scheduler', 'nope'], 'fallback') == 'fallback'
    assert config.get(['scheduler', 'UTC mode', 'deeper']) is None
    assert config.get(['install', 'max depth'], sparse=True) is None
    assert config.get(['install', 'max depth']) == 4


def test_get_inst_caches_until_reset(monkeypatch, tmp_path):
    monkeypatch.setenv('CYLC_CONF_PATH', str(tmp_path))
    write_conf(tmp_path, '[install]\n    max depth = 2\n')
    GlobalConfig.set_inst(None)
    try:
        first = GlobalConfig.get_inst()
        write_conf(tmp_path, '[install]\n    max depth = 3\n')
        assert GlobalConfig.get_inst() is first
        fresh = GlobalConfig.get_inst(cached=False)
        assert fresh is not first
        assert fresh.get(['install', 'max depth']) == 3
        assert GlobalConfig.get_inst() is first  # not replaced
    finally:
        GlobalConfig.set_inst(None)


# ---- platform definitions checked at load ------------------------------


def test_comma_separated_platform_names_become_separate_platforms(tmp_path):
    config = load_text(
        tmp_path,
        '[platforms]\n'
        '    [[a, b]]\n        job runner = slurm\n'
        '    [[b]]\n        shell = /bin/sh\n',
    )
    assert config.sparse['platforms'] == {
        'a': {'job runner': 'slurm'},
        'b': {'job runner': 'slurm', 'shell': '/bin/sh'},
    }


def test_quoted_platform_name_keeps_its_comma(tmp_path):
    config = load_text(
        tmp_path, '[platforms]\n    [["desk\\d{1,2}", lap]]\n'
    )
    assert list(config.sparse['platforms']) == ['desk\\d{1,2}', 'lap']


def test_comma_separated_symlink_dir_targets_are_expanded(tmp_path):
    config = load_text(
        tmp_path,
        '[install]\n    [[symlink dirs]]\n        [[[one, two]]]\n'
        '            run = /big\n',
    )
    symlinks = config.get(['install', 'symlink dirs'])
    assert symlinks['one']['run'] == '/big'
    assert symlinks['two']['run'] == '/big'


def test_platform_and_group_sharing_a_name_is_an_error(tmp_path):
    with pytest.raises(GlobalConfigError, match=r'must not share names.*foo'):
        load_text(
            tmp_path,
            '[platforms]\n    [[foo]]\n'
            '[platform groups]\n    [[foo]]\n        platforms = localhost\n',
        )


def test_regex_matching_localhost_is_an_error_naming_the_line(tmp_path):
    with pytest.raises(GlobalConfigError) as excinfo:
        load_text(tmp_path, '[platforms]\n    [[local.*]]\n')
    message = str(excinfo.value)
    assert 'localhost' in message
    assert f'{CONF_BASENAME}:2:' in message


def test_localhost_in_a_comma_list_is_allowed(tmp_path):
    config = load_text(
        tmp_path, '[platforms]\n    [[localhost, server\\d]]\n'
        '        shell = /bin/ksh\n',
    )
    assert config.dense['platforms']['localhost']['shell'] == '/bin/ksh'


def test_invalid_platform_regex_is_an_error(tmp_path):
    with pytest.raises(GlobalConfigError, match='invalid regular expression'):
        load_text(tmp_path, '[platforms]\n    [[bad(]]\n')


def test_invalid_group_regex_is_an_error(tmp_path):
    with pytest.raises(GlobalConfigError, match=r'\[platform groups\]\[g\[\]'):
        load_text(tmp_path, '[platform groups]\n    [[g[]]\n')


def test_background_platform_with_several_hosts_is_an_error(tmp_path):
    with pytest.raises(GlobalConfigError, match='single-host job runner'):
        load_text(tmp_path, '[platforms]\n    [[pc]]\n        hosts = a, b\n')


def test_batch_platform_with_several_hosts_is_fine(tmp_path):
    config = load_text(
        tmp_path,
        '[platforms]\n    [[hpc]]\n        hosts = a, b\n'
        '        job runner = slurm\n',
    )
    assert config.dense['platforms']['hpc']['hosts'] == ['a', 'b']
