"""Job platforms and platform groups from ``global.cylc``, as in Cylc 8.

The public API, re-exported from the modules that implement it:

* :func:`get_platform` - a platform's settings by name or group name;
* :func:`get_platform_for_task` - the platform of a task's ``[runtime]``
  settings, including Cylc 7 ``[remote]host`` / ``[job]batch system``;
* :func:`platform_from_job_info` - the Cylc 7 back-compat lookup alone;
* :func:`is_platform_subshell` - ``platform = $(cmd)`` detection;
* :func:`get_install_target` - where a platform's files are installed.
"""

from __future__ import annotations

from cylc_flow.platforms.errors import NoHostsError, NoPlatformsError
from cylc_flow.platforms.hosts import is_remote_host, select_host
from cylc_flow.platforms.install_targets import (
    get_all_platforms_for_install_target,
    get_install_target_to_platforms_map,
    get_random_platform_for_install_target,
)
from cylc_flow.platforms.legacy import (
    fail_if_platform_and_host_conflict,
    get_platform_deprecated_settings,
    get_platform_for_task,
    platform_from_job_info,
    platform_name_from_job_info,
)
from cylc_flow.platforms.lookup import (
    LOCALHOST,
    PLATFORM_REGEX_TEXT,
    get_install_target,
    get_localhost_install_target,
    get_platform,
    get_platform_group_names,
    get_platform_names,
    is_platform_group,
)
from cylc_flow.platforms.subshell import (
    check_platform_subshell,
    is_platform_subshell,
)

__all__ = [
    'LOCALHOST',
    'PLATFORM_REGEX_TEXT',
    'NoHostsError',
    'NoPlatformsError',
    'check_platform_subshell',
    'fail_if_platform_and_host_conflict',
    'get_all_platforms_for_install_target',
    'get_install_target',
    'get_install_target_to_platforms_map',
    'get_localhost_install_target',
    'get_platform',
    'get_platform_deprecated_settings',
    'get_platform_for_task',
    'get_platform_group_names',
    'get_platform_names',
    'get_random_platform_for_install_target',
    'is_platform_group',
    'is_platform_subshell',
    'is_remote_host',
    'platform_from_job_info',
    'platform_name_from_job_info',
    'select_host',
]
