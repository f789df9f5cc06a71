"""Cylc 7 back-compat: choose a platform from ``[remote]host`` and
``[job]batch system``.

A workflow upgraded from Cylc 7 may set no ``platform`` but still set the
old items.  As in Cylc 8, the platforms are searched from the last defined
to the first; a platform qualifies when every other old item the task sets
(e.g. ``[remote]retrieve job logs``) equals the platform's item of the same
name, and then:

1. a task on this host with the ``background`` runner gets ``localhost``;
2. a platform listing the task host in ``hosts`` with the same job runner is
   chosen by its section name;
3. a platform whose name pattern matches the task host, with the same job
   runner, is chosen by the task host name.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Collection, Mapping
from typing import TYPE_CHECKING, Any

from cylc_flow.exceptions import PlatformLookupError
from cylc_flow.platforms.definitions import DEFAULT_JOB_RUNNER
from cylc_flow.platforms.hosts import is_remote_host
from cylc_flow.platforms.lookup import LOCALHOST, get_platform, platform_index
from cylc_flow.platforms.subshell import check_platform_subshell

if TYPE_CHECKING:
    from cylc_flow.config.global_config import GlobalConfig

#: Old task items that ``platform`` replaces, with their harmless values.
FORBIDDEN_WITH_PLATFORM: dict[str, dict[str, frozenset[str | None]]] = {
    'remote': {
        'host': frozenset({'localhost', None}),
        'retrieve job logs': frozenset({None}),
        'retrieve job logs max size': frozenset({None}),
        'retrieve job logs retry delays': frozenset({None}),
    },
    'job': {
        'batch system': frozenset({None}),
        'batch submit command template': frozenset({None}),
    },
}

_SPECIAL_ITEMS = frozenset({'host', 'batch system'})


def _section(task_conf: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    section = task_conf.get(name)
    return section if isinstance(section, Mapping) else {}


def _is_harmless(value: Any, exclusions: frozenset[str | None]) -> bool:
    try:
        return value in exclusions
    except TypeError:  # an unhashable value (a list) is never harmless
        return False


def get_platform_deprecated_settings(
    task_conf: Mapping[str, Any], task_name: str = 'unknown task'
) -> list[str]:
    """The task's old items that should be upgraded to a platform."""
    found = []
    for section_name, items in FORBIDDEN_WITH_PLATFORM.items():
        section = _section(task_conf, section_name)
        for key, exclusions in items.items():
            if key in section and not _is_harmless(section[key], exclusions):
                found.append(
                    f'[runtime][{task_name}][{section_name}]{key} = '
                    f'{section[key]}'
                )
    return found


def fail_if_platform_and_host_conflict(
    task_conf: Mapping[str, Any], task_name: str
) -> None:
    """Reject a task that sets both ``platform`` and old host items.

    Raises:
        PlatformLookupError: naming the conflicting items.
    """
    platform = task_conf.get('platform')
    if not platform:
        return
    conflicts = [
        f'[{section_name}]{key}'
        for section_name, items in FORBIDDEN_WITH_PLATFORM.items()
        for key in items
        if _section(task_conf, section_name).get(key) is not None
    ]
    if conflicts:
        raise PlatformLookupError(
            f"Task '{task_name}' has the following deprecated '[runtime]' "
            f"setting(s) which cannot be used with 'platform = {platform}': "
            + ', '.join(conflicts)
        )


def _generic_items_match(
    platform: Mapping[str, Any],
    job: Mapping[str, Any],
    remote: Mapping[str, Any],
) -> bool:
    """Do the task's other old items equal the platform's same-named items?"""
    for section in (job, remote):
        for key, value in section.items():
            if key in _SPECIAL_ITEMS or value is None:
                continue
            if key in platform and platform[key] != value:
                return False
    return True


def platform_name_from_job_info(
    job: Mapping[str, Any],
    remote: Mapping[str, Any],
    global_config: GlobalConfig,
    *,
    is_remote: Callable[[str], bool] = is_remote_host,
) -> str:
    """The platform name for Cylc 7 ``[job]`` and ``[remote]`` settings.

    Raises:
        PlatformLookupError: no platform fits.
    """
    task_host = remote.get('host') or LOCALHOST
    task_runner = job.get('batch system') or DEFAULT_JOB_RUNNER
    index = platform_index(global_config)
    platforms = index.platforms
    for name in reversed(list(platforms)):
        settings = platforms[name]
        if not _generic_items_match(settings, job, remote):
            continue
        platform_runner = settings.get('job runner') or DEFAULT_JOB_RUNNER
        if task_runner == DEFAULT_JOB_RUNNER and not is_remote(task_host):
            return LOCALHOST
        if task_runner == platform_runner and task_host in (
            settings.get('hosts') or ()
        ):
            return name
        if task_runner == platform_runner and index.name_matches(
            name, task_host
        ):
            return task_host
    raise PlatformLookupError('No platform found matching your task')


def platform_from_job_info(
    job: Mapping[str, Any],
    remote: Mapping[str, Any],
    global_config: GlobalConfig,
    *,
    is_remote: Callable[[str], bool] = is_remote_host,
) -> dict[str, Any]:
    """The platform (settings dict) for Cylc 7 ``[job]``/``[remote]``."""
    name = platform_name_from_job_info(
        job, remote, global_config, is_remote=is_remote
    )
    return get_platform(name, global_config)


def get_platform_for_task(
    task_conf: Mapping[str, Any],
    task_name: str,
    global_config: GlobalConfig,
    *,
    bad_hosts: Collection[str] | None = None,
    rng: random.Random | None = None,
    is_remote: Callable[[str], bool] = is_remote_host,
) -> dict[str, Any] | None:
    """The platform of a task's ``[runtime]`` settings.

    Uses ``platform`` when set, else the Cylc 7 items, else ``localhost``.
    Returns None for a ``$(command)`` platform, which is only known at job
    submission.

    Raises:
        PlatformLookupError: no match, a platform/host conflict, or a
            backtick command.
    """
    platform = task_conf.get('platform')
    if platform:
        fail_if_platform_and_host_conflict(task_conf, task_name)
        if check_platform_subshell(platform):
            return None
        return get_platform(platform, global_config, bad_hosts=bad_hosts, rng=rng)
    if not get_platform_deprecated_settings(task_conf, task_name):
        return get_platform(None, global_config, bad_hosts=bad_hosts, rng=rng)
    name = platform_name_from_job_info(
        _section(task_conf, 'job'),
        _section(task_conf, 'remote'),
        global_config,
        is_remote=is_remote,
    )
    return get_platform(name, global_config, bad_hosts=bad_hosts, rng=rng)
