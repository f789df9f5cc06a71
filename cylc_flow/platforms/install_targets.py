"""Install targets: the file systems that platforms share."""

from __future__ import annotations

import random
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from cylc_flow.exceptions import PlatformLookupError
from cylc_flow.platforms.lookup import (
    get_install_target,
    get_platform,
    platform_index,
)

if TYPE_CHECKING:
    from cylc_flow.config.global_config import GlobalConfig

_DEFAULT_RNG = random.Random()


def get_install_target_to_platforms_map(
    platform_names: Iterable[str], global_config: GlobalConfig
) -> dict[str, list[dict[str, Any]]]:
    """Group the named platforms by install target (each name once)."""
    targets: dict[str, list[dict[str, Any]]] = {}
    for name in dict.fromkeys(platform_names):
        platform = get_platform(name, global_config)
        targets.setdefault(get_install_target(platform), []).append(platform)
    return targets


def get_all_platforms_for_install_target(
    install_target: str, global_config: GlobalConfig
) -> list[dict[str, Any]]:
    """Every configured platform section whose install target matches.

    A section without ``install target`` uses its own name.  Each returned
    dict is a copy with ``name`` set to the section name.
    """
    found = []
    platforms = platform_index(global_config).platforms
    for name, settings in platforms.items():
        if (settings.get('install target') or name) == install_target:
            platform = dict(settings)
            platform['name'] = name
            found.append(platform)
    return found


def get_random_platform_for_install_target(
    install_target: str,
    global_config: GlobalConfig,
    *,
    rng: random.Random | None = None,
) -> dict[str, Any]:
    """Any one platform of an install target.

    Raises:
        PlatformLookupError: no platform has that install target.
    """
    platforms = get_all_platforms_for_install_target(install_target, global_config)
    if not platforms:
        raise PlatformLookupError(
            f'Could not select platform for install target: {install_target}'
        )
    return (rng or _DEFAULT_RNG).choice(platforms)
