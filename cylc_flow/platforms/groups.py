"""Platform groups: choose one member platform for a job."""

from __future__ import annotations

import random
from collections.abc import Callable, Collection, Mapping
from typing import Any

from cylc_flow.exceptions import PlatformLookupError
from cylc_flow.platforms.errors import NoPlatformsError
from cylc_flow.platforms.hosts import SELECTION_METHODS


def select_platform_from_group(
    group_name: str,
    group: Mapping[str, Any],
    rng: random.Random,
    *,
    bad_hosts: Collection[str] | None = None,
    hosts_of: Callable[[str], list[str]] | None = None,
) -> str:
    """Return the name of the platform chosen from a group.

    Args:
        group_name: the requested name (reported in errors).
        group: the group's settings (``platforms``, ``[selection]method``).
        rng: random source for the ``random`` method.
        bad_hosts: hosts known to be unreachable; platforms all of whose
            hosts are bad are skipped.
        hosts_of: returns a member platform's hosts (needed with bad_hosts).

    Raises:
        NoPlatformsError: no usable member platform.
        PlatformLookupError: unknown selection method.
    """
    candidates = list(group.get('platforms') or ())
    if bad_hosts and hosts_of is not None:
        candidates = [
            name
            for name in candidates
            if any(host not in bad_hosts for host in hosts_of(name))
        ]
    if not candidates:
        raise NoPlatformsError(group_name)
    selection = group.get('selection') or {}
    method = selection.get('method') or 'random'
    chooser = SELECTION_METHODS.get(method)
    if chooser is None:
        raise PlatformLookupError(
            f'"{method}" is not a supported platform selection method.'
        )
    return chooser(candidates, rng)
