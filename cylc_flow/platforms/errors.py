"""Platform errors that carry more than the generic lookup failure."""

from __future__ import annotations

from cylc_flow.exceptions import PlatformLookupError


class NoPlatformsError(PlatformLookupError):
    """Every platform of a group is unusable (all its hosts are bad)."""

    def __init__(self, group_name: str) -> None:
        self.group_name = group_name
        super().__init__(f'Unable to find a platform from group {group_name}.')


class NoHostsError(PlatformLookupError):
    """Every host of a platform is unusable (all are known to be bad)."""

    def __init__(self, platform_name: str) -> None:
        self.platform_name = platform_name
        super().__init__(f'Unable to find valid host for {platform_name}')
