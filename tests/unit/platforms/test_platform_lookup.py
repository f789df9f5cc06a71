"""Platform and platform group lookup by name."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cylc_flow.exceptions import PlatformLookupError
from cylc_flow.platforms import (
    NoPlatformsError,
    get_all_platforms_for_install_target,
    get_install_target,
    get_install_target_to_platforms_map,
    get_localhost_install_target,
    get_platform,
    get_platform_group_names,
    get_platform_names,
    get_random_platform_for_install_target,
    is_platform_group,
)

SITE = """
[platforms]
    [[hpc\\d+]]
        hosts = login1, login2
        job runner = slurm
    [[desktop\\d\\d]]
    [[shared]]
        hosts = box
        install target = localhost
[platform groups]
    [[pool]]
        platforms = hpc1, desktop01, hpc2
    [[ordered]]
        platforms = desktop07, hpc3
        [[[selection]]]
            method = definition order
"""


def test_none_and_empty_name_give_localhost(global_config):
    config = global_config(SITE)
    for name in (None, ''):
        platform = get_platform(name, config)
        assert platform['name'] == 'localhost'
        assert platform['hosts'] == ['localhost']
        assert platform['job runner'] == 'background'


def test_localhost_exists_without_any_config(global_config):
    assert get_platform('localhost', global_config(''))['name'] == 'localhost'


def test_name_is_matched_against_the_whole_regex(global_config):
    config = global_config(SITE)
    platform = get_platform('hpc42', config)
    assert platform['name'] == 'hpc42'
    assert platform['job runner'] == 'slurm'
    assert platform['hosts'] == ['login1', 'login2']
    with pytest.raises(PlatformLookupError):
        get_platform('hpc42x', config)  # no partial matches
    with pytest.raises(PlatformLookupError):
        get_platform('xhpc42', config)


def test_hosts_default_to_the_requested_name(global_config):
    platform = get_platform('desktop07', global_config(SITE))
    assert platform['hosts'] == ['desktop07']
    assert platform['name'] == 'desktop07'


def test_unknown_platform_error_uses_cylc8_wording(global_config):
    with pytest.raises(PlatformLookupError) as excinfo:
        get_platform('nowhere', global_config(SITE))
    assert str(excinfo.value) == 'No matching platform "nowhere" found'


def test_later_definitions_take_precedence(global_config):
    config = global_config(
        '[platforms]\n'
        '    [[hpc.*]]\n        job runner = slurm\n'
        '    [[hpc1]]\n        job runner = pbs\n'
        '    [["hpc[12]"]]\n        job runner = lsf\n'  # quoted: ends in ]
    )
    assert get_platform('hpc1', config)['job runner'] == 'lsf'
    assert get_platform('hpc2', config)['job runner'] == 'lsf'
    assert get_platform('hpc3', config)['job runner'] == 'slurm'


def test_user_file_platform_overrides_site_regex(global_config):
    user = '[platforms]\n    [[hpc1]]\n        job runner = pbs\n'
    config = global_config(SITE, user)
    assert get_platform('hpc1', config)['job runner'] == 'pbs'
    assert get_platform('hpc1', config)['hosts'] == ['hpc1']
    assert get_platform('hpc2', config)['job runner'] == 'slurm'


def test_user_file_redefining_a_site_platform_merges_items(global_config):
    user = '[platforms]\n    [[shared]]\n        shell = /bin/sh\n'
    config = global_config(SITE, user)
    platform = get_platform('shared', config)
    assert platform['hosts'] == ['box']
    assert platform['shell'] == '/bin/sh'


def test_returned_platform_is_a_private_copy(global_config):
    config = global_config(SITE)
    first = get_platform('hpc1', config)
    first['hosts'].append('intruder')
    first['selection']['method'] = 'changed'
    first['job runner'] = 'changed'
    second = get_platform('hpc1', config)
    assert second['hosts'] == ['login1', 'login2']
    assert second['selection']['method'] == 'random'
    assert second['job runner'] == 'slurm'
    assert config.dense['platforms']['hpc\\d+']['hosts'] == ['login1', 'login2']


def test_group_resolves_to_a_member_with_injected_random(global_config):
    config = global_config(SITE)
    chosen = {
        get_platform('pool', config, rng=random.Random(seed))['name']
        for seed in range(40)
    }
    assert chosen == {'hpc1', 'desktop01', 'hpc2'}


def test_group_random_choice_is_reproducible_with_a_seed(global_config):
    config = global_config(SITE)
    names = [
        get_platform('pool', config, rng=random.Random(7))['name']
        for _ in range(3)
    ]
    assert len(set(names)) == 1


def test_group_definition_order_takes_the_first_member(global_config):
    config = global_config(SITE)
    platform = get_platform('ordered', config, rng=random.Random(1))
    assert platform['name'] == 'desktop07'
    assert platform['hosts'] == ['desktop07']


def test_group_skips_platforms_whose_hosts_are_all_bad(global_config):
    config = global_config(SITE)
    platform = get_platform('ordered', config, bad_hosts={'desktop07'})
    assert platform['name'] == 'hpc3'


def test_group_with_no_usable_platform_raises(global_config):
    config = global_config(SITE)
    with pytest.raises(NoPlatformsError) as excinfo:
        get_platform(
            'ordered', config, bad_hosts={'desktop07', 'login1', 'login2'}
        )
    assert str(excinfo.value) == 'Unable to find a platform from group ordered.'
    assert isinstance(excinfo.value, PlatformLookupError)


def test_group_member_that_is_not_a_platform_raises(global_config):
    config = global_config(
        '[platform groups]\n    [[g]]\n        platforms = ghost\n'
    )
    with pytest.raises(PlatformLookupError, match='"ghost"'):
        get_platform('g', config)


def test_group_names_are_regexes_later_ones_winning(global_config):
    config = global_config(
        '[platforms]\n    [[a]]\n    [[b]]\n'
        '[platform groups]\n'
        '    [[grp.*]]\n        platforms = a\n'
        '    [[grp2]]\n        platforms = b\n'
    )
    assert get_platform('grp1', config)['name'] == 'a'
    assert get_platform('grp2', config)['name'] == 'b'
    assert is_platform_group('grp9', config)
    assert not is_platform_group('a', config)


def test_quoted_name_with_comma_quantifier_matches(global_config):
    config = global_config('[platforms]\n    [["node\\d{1,2}"]]\n')
    assert get_platform('node12', config)['name'] == 'node12'
    with pytest.raises(PlatformLookupError):
        get_platform('node123', config)


def test_platform_names_list_localhost_first_then_definition_order(global_config):
    config = global_config(SITE)
    assert get_platform_names(config) == [
        'localhost', 'hpc\\d+', 'desktop\\d\\d', 'shared',
    ]
    assert get_platform_group_names(config) == ['pool', 'ordered']


def test_install_target_defaults_to_the_platform_name(global_config):
    config = global_config(SITE)
    assert get_install_target(get_platform('hpc1', config)) == 'hpc1'
    assert get_install_target(get_platform('shared', config)) == 'localhost'
    assert get_localhost_install_target(config) == 'localhost'


def test_platforms_are_grouped_by_install_target(global_config):
    config = global_config(SITE)
    targets = get_install_target_to_platforms_map(
        ['hpc1', 'shared', 'localhost', 'hpc1'], config
    )
    assert {key: [p['name'] for p in value] for key, value in targets.items()} == {
        'hpc1': ['hpc1'],
        'localhost': ['shared', 'localhost'],
    }


def test_all_platforms_for_an_install_target(global_config):
    config = global_config(SITE)
    found = get_all_platforms_for_install_target('localhost', config)
    assert [platform['name'] for platform in found] == ['localhost', 'shared']
    chosen = get_random_platform_for_install_target(
        'localhost', config, rng=random.Random(3)
    )
    assert chosen['name'] in {'localhost', 'shared'}


def test_unknown_install_target_raises(global_config):
    with pytest.raises(PlatformLookupError, match='install target: nope'):
        get_random_platform_for_install_target('nope', global_config(SITE))


def test_ten_thousand_lookups_are_fast(global_config):
    import time

    config = global_config(SITE)
    names = [None, 'hpc1', 'desktop12', 'shared'] * 2500
    start = time.perf_counter()
    for name in names:
        get_platform(name, config)
    assert time.perf_counter() - start < 0.5


@pytest.fixture(scope='module')
def site_config(tmp_path_factory):
    path = tmp_path_factory.mktemp('site') / 'global.cylc'
    path.write_text(SITE)
    from cylc_flow.config.global_config import GlobalConfig

    return GlobalConfig.load_files([path])


@given(name=st.text(max_size=30))
@settings(max_examples=300, deadline=None)
def test_any_name_gives_a_platform_or_a_lookup_error(site_config, name):
    try:
        platform = get_platform(name, site_config, rng=random.Random(0))
    except PlatformLookupError:
        return
    assert platform['hosts']
    assert platform['name'] in {name or 'localhost', 'hpc1', 'hpc2', 'hpc3',
                                'desktop01', 'desktop07'}


def test_hand_made_config_without_localhost_still_has_it():
    from cylc_flow.config.global_config import GlobalConfig

    config = GlobalConfig(sparse={}, dense={'platforms': {'x': {}}}, files=[])
    assert get_platform_names(config) == ['localhost', 'x']
    localhost = get_platform(None, config)
    assert localhost['hosts'] == ['localhost']
    assert localhost['selection']['method'] == 'definition order'
