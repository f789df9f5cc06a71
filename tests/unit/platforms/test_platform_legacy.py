"""Cylc 7 ``[remote]host`` / ``[job]batch system`` back-compat lookup."""

from __future__ import annotations

import pytest

from cylc_flow.exceptions import PlatformLookupError
from cylc_flow.platforms import (
    fail_if_platform_and_host_conflict,
    get_platform_deprecated_settings,
    get_platform_for_task,
    platform_from_job_info,
    platform_name_from_job_info,
)

PLATFORMS = """
[platforms]
    [[desktop\\d\\d|laptop\\d\\d]]
    [[sugar]]
        hosts = localhost
        job runner = slurm
    [[hpc]]
        hosts = hpcl1, hpcl2
        job runner = pbs
        retrieve job logs = True
    [[hpc-noretrieve]]
        hosts = hpcl1, hpcl2
        job runner = pbs
"""

LOCAL_NAMES = {'localhost', 'myself'}


def is_remote(host: str) -> bool:
    return host not in LOCAL_NAMES


def name_for(config, job, remote) -> str:
    return platform_name_from_job_info(job, remote, config, is_remote=is_remote)


def test_local_host_with_batch_system_picks_platform_listing_localhost(
    global_config,
):
    config = global_config(PLATFORMS)
    assert name_for(config, {'batch system': 'slurm'}, {'host': 'localhost'}) == (
        'sugar'
    )
    assert name_for(config, {'batch system': 'slurm'}, {}) == 'sugar'


def test_remote_host_matching_a_platform_regex_becomes_the_platform_name(
    global_config,
):
    config = global_config(PLATFORMS)
    assert name_for(config, {}, {'host': 'desktop92'}) == 'desktop92'
    platform = platform_from_job_info({}, {'host': 'laptop01'}, config,
                                      is_remote=is_remote)
    assert platform['name'] == 'laptop01'
    assert platform['hosts'] == ['laptop01']


def test_local_background_task_is_localhost(global_config):
    config = global_config(PLATFORMS)
    assert name_for(config, {}, {}) == 'localhost'
    assert name_for(config, {'batch system': 'background'}, {'host': 'myself'}) == (
        'localhost'
    )


def test_host_in_platform_hosts_with_matching_runner(global_config):
    config = global_config(PLATFORMS)
    job = {'batch system': 'pbs'}
    # hpc-noretrieve is defined last so is examined first
    assert name_for(config, job, {'host': 'hpcl2'}) == 'hpc-noretrieve'


def test_other_old_items_must_match_the_platform(global_config):
    config = global_config(PLATFORMS)
    job = {'batch system': 'pbs'}
    remote = {'host': 'hpcl2', 'retrieve job logs': True}
    assert name_for(config, job, remote) == 'hpc'


def test_runner_mismatch_finds_no_platform(global_config):
    config = global_config(PLATFORMS)
    with pytest.raises(PlatformLookupError) as excinfo:
        name_for(config, {'batch system': 'lsf'}, {'host': 'desktop92'})
    assert str(excinfo.value) == 'No platform found matching your task'


def test_task_with_platform_uses_it(global_config):
    config = global_config(PLATFORMS)
    platform = get_platform_for_task({'platform': 'sugar'}, 'foo', config)
    assert platform['name'] == 'sugar'


def test_task_with_no_platform_settings_is_localhost(global_config):
    config = global_config(PLATFORMS)
    assert get_platform_for_task({}, 'foo', config)['name'] == 'localhost'
    harmless = {'remote': {'host': 'localhost'}, 'job': {'batch system': None}}
    assert get_platform_for_task(harmless, 'foo', config)['name'] == 'localhost'


def test_task_with_cylc7_settings_is_upgraded(global_config):
    config = global_config(PLATFORMS)
    task = {'remote': {'host': 'hpcl1'}, 'job': {'batch system': 'pbs'}}
    platform = get_platform_for_task(task, 'foo', config, is_remote=is_remote)
    assert platform['name'] == 'hpc-noretrieve'
    assert platform['job runner'] == 'pbs'


def test_task_with_subshell_platform_is_resolved_later(global_config):
    config = global_config(PLATFORMS)
    assert get_platform_for_task({'platform': '$(pick)'}, 'foo', config) is None


def test_task_with_backtick_platform_is_rejected(global_config):
    with pytest.raises(PlatformLookupError, match='backticks'):
        get_platform_for_task({'platform': '`pick`'}, 'foo', global_config(''))


def test_platform_with_cylc7_host_is_a_conflict_naming_the_items():
    task = {
        'platform': 'hpc',
        'remote': {'host': 'hpcl1'},
        'job': {'batch system': 'pbs', 'batch submit command template': None},
    }
    with pytest.raises(PlatformLookupError) as excinfo:
        fail_if_platform_and_host_conflict(task, 'foo')
    message = str(excinfo.value)
    assert "Task 'foo'" in message
    assert "'platform = hpc'" in message
    assert '[remote]host' in message
    assert '[job]batch system' in message
    assert 'batch submit command template' not in message
    assert '\n' not in message


def test_deprecated_settings_are_listed_except_harmless_values():
    task = {
        'remote': {'host': 'localhost', 'retrieve job logs': True},
        'job': {'batch system': 'slurm', 'batch submit command template': None},
    }
    assert get_platform_deprecated_settings(task, 'foo') == [
        '[runtime][foo][remote]retrieve job logs = True',
        '[runtime][foo][job]batch system = slurm',
    ]


def test_unhashable_old_value_counts_as_deprecated():
    task = {'remote': {'retrieve job logs retry delays': [1.0, 2.0]}}
    assert get_platform_deprecated_settings(task, 'foo') == [
        '[runtime][foo][remote]retrieve job logs retry delays = [1.0, 2.0]'
    ]
