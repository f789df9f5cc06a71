"""Look up a platform by name, as Cylc 8 does.

``[platforms]`` and ``[platform groups]`` section names are regular
expressions matched against the whole requested name.  They are searched
from the last definition to the first, so a user's ``global.cylc`` (read
after the site one) and later sections override earlier ones.  Groups are
searched first: a group name resolves to one of its member platforms, chosen
by the group's ``[selection]method``.  Each ``GlobalConfig`` gets its own
index of compiled patterns and resolved platforms, built on first use.
"""

from __future__ import annotations

import random
import re
import weakref
from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any

from cylc_flow.exceptions import PlatformLookupError
from cylc_flow.platforms.definitions import compile_name_pattern
from cylc_flow.platforms.groups import select_platform_from_group

if TYPE_CHECKING:
    from cylc_flow.config.global_config import GlobalConfig

LOCALHOST = 'localhost'

#: Printed by ``cylc config --platform-names`` before the lists of names.
PLATFORM_REGEX_TEXT = (
    '\nConfigured names are regular expressions; any match is a valid '
    'platform.\nThey are searched from the bottom up, until the first match '
    'is found.'
)

_DEFAULT_RNG = random.Random()


def _copy_settings(settings: Mapping[str, Any]) -> dict[str, Any]:
    """Copy a platform dict and its nested dicts/lists (values are flat)."""
    return {
        key: (value.copy() if isinstance(value, (dict, list)) else value)
        for key, value in settings.items()
    }


class PlatformIndex:
    """Compiled platform and group patterns of one global configuration."""

    __slots__ = (
        '_group_cache',
        '_group_patterns',
        '_patterns_by_section',
        '_platform_cache',
        '_platform_patterns',
        'groups',
        'platforms',
    )

    def __init__(
        self,
        platforms: Mapping[str, Mapping[str, Any]],
        groups: Mapping[str, Mapping[str, Any]],
    ) -> None:
        self.platforms = platforms
        self.groups = groups
        # Latest definition first: the first match wins.
        self._platform_patterns = [
            (compile_name_pattern(name, 'platforms'), name)
            for name in reversed(list(platforms))
        ]
        self._patterns_by_section = {
            section: pattern for pattern, section in self._platform_patterns
        }
        self._group_patterns = [
            (compile_name_pattern(name, 'platform groups'), name)
            for name in reversed(list(groups))
        ]
        self._platform_cache: dict[str, dict[str, Any] | None] = {}
        self._group_cache: dict[str, str | None] = {}

    @staticmethod
    def _first_match(
        patterns: list[tuple[re.Pattern[str], str]], name: str
    ) -> str | None:
        for pattern, section in patterns:
            if pattern.fullmatch(name):
                return section
        return None

    def group_section(self, name: str) -> str | None:
        """The ``[platform groups]`` section matching ``name``, if any."""
        try:
            return self._group_cache[name]
        except KeyError:
            section = self._first_match(self._group_patterns, name)
            self._group_cache[name] = section
            return section

    def resolved_platform(self, name: str) -> dict[str, Any] | None:
        """The settings of the platform ``name`` (shared; do not modify)."""
        try:
            return self._platform_cache[name]
        except KeyError:
            pass
        section = self._first_match(self._platform_patterns, name)
        resolved = None
        if section is not None:
            resolved = _copy_settings(self.platforms[section])
            # A platform without hosts is a host of the same name.
            if not resolved.get('hosts'):
                resolved['hosts'] = [name]
            resolved['name'] = name
        self._platform_cache[name] = resolved
        return resolved

    def name_matches(self, section: str, name: str) -> bool:
        """Whether the ``[platforms]`` section's pattern matches ``name``."""
        pattern = self._patterns_by_section.get(section)
        return pattern is not None and pattern.fullmatch(name) is not None

    def hosts_of(self, name: str) -> list[str]:
        """The hosts of a platform (raises PlatformLookupError if unknown)."""
        return _require(self.resolved_platform(name), name)['hosts']


def _require(
    platform: dict[str, Any] | None, name: str
) -> dict[str, Any]:
    if platform is None:
        raise PlatformLookupError(f'No matching platform "{name}" found')
    return platform


_INDEXES: weakref.WeakKeyDictionary[GlobalConfig, PlatformIndex] = (
    weakref.WeakKeyDictionary()
)


def platform_index(global_config: GlobalConfig) -> PlatformIndex:
    """The (cached) platform index of a global configuration."""
    index = _INDEXES.get(global_config)
    if index is None:
        dense = global_config.dense
        platforms = dense.get('platforms') or {}
        if LOCALHOST not in platforms:
            # A hand-made config: localhost is implicit, with its defaults.
            platforms = {LOCALHOST: _default_localhost(), **platforms}
        index = PlatformIndex(platforms, dense.get('platform groups') or {})
        _INDEXES[global_config] = index
    return index


def _default_localhost() -> dict[str, Any]:
    from cylc_flow.config.spec import GLOBAL_SPEC, expand_defaults

    return expand_defaults({}, GLOBAL_SPEC)['platforms'][LOCALHOST]


def get_platform(
    name: str | None,
    global_config: GlobalConfig,
    *,
    bad_hosts: Collection[str] | None = None,
    rng: random.Random | None = None,
) -> dict[str, Any]:
    """Return the settings of the platform called ``name``.

    The result holds every platform item (with defaults) plus ``name``, the
    requested name, or for a platform group the name of the member chosen by
    the group's selection method.  ``None`` or ``''`` means ``localhost``.
    The dict is a fresh copy that the caller may modify.

    Raises:
        PlatformLookupError: nothing matches ``name``.
        NoPlatformsError: a group has no usable platform (see bad_hosts).
    """
    index = platform_index(global_config)
    if not name:
        name = LOCALHOST
    group = index.group_section(name)
    if group is not None:
        name = select_platform_from_group(
            name,
            index.groups[group],
            rng or _DEFAULT_RNG,
            bad_hosts=bad_hosts,
            hosts_of=index.hosts_of,
        )
    return _copy_settings(_require(index.resolved_platform(name), name))


def is_platform_group(name: str, global_config: GlobalConfig) -> bool:
    """Whether ``name`` matches a ``[platform groups]`` section."""
    return platform_index(global_config).group_section(name) is not None


def get_platform_names(global_config: GlobalConfig) -> list[str]:
    """Configured platform names (patterns), ``localhost`` first."""
    return list(platform_index(global_config).platforms)


def get_platform_group_names(global_config: GlobalConfig) -> list[str]:
    """Configured platform group names (patterns), in definition order."""
    return list(platform_index(global_config).groups)


def get_install_target(platform: Mapping[str, Any]) -> str:
    """The platform's ``install target``, defaulting to its name."""
    return platform.get('install target') or platform['name']


def get_localhost_install_target(global_config: GlobalConfig) -> str:
    """The install target of the ``localhost`` platform."""
    return get_install_target(get_platform(None, global_config))
