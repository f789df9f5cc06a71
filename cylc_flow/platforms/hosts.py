"""Hosts of a platform: is a host this machine, and which host to use."""

from __future__ import annotations

import random
import socket
from collections.abc import Callable, Collection, Mapping, Sequence
from functools import lru_cache
from typing import Any

from cylc_flow.exceptions import PlatformLookupError
from cylc_flow.platforms.errors import NoHostsError

#: Ways of picking one item from a non-empty list of candidates.
SELECTION_METHODS: dict[str, Callable[[Sequence[str], random.Random], str]] = {
    'definition order': lambda candidates, _rng: candidates[0],
    'random': lambda candidates, rng: rng.choice(candidates),
}

_DEFAULT_RNG = random.Random()


@lru_cache(maxsize=1)
def _this_host_identity() -> tuple[str, frozenset[str]]:
    """This machine's canonical name and IP addresses."""
    return _host_identity(socket.gethostname())


@lru_cache(maxsize=256)
def _host_identity(name: str) -> tuple[str, frozenset[str]]:
    """Canonical name and addresses of a host (raises OSError if unknown)."""
    canonical, _aliases, addresses = socket.gethostbyname_ex(name)
    return canonical, frozenset(addresses)


@lru_cache(maxsize=1024)
def is_remote_host(name: str | None) -> bool:
    """Whether ``name`` is a host other than this one.

    As Cylc 8: no name, or a name starting with ``localhost``, is local; an
    unknown host counts as remote; otherwise compare name and addresses.
    """
    if not name or name.startswith('localhost'):
        return False
    try:
        identity = _host_identity(name)
    except (OSError, UnicodeError):
        return True
    try:
        return identity != _this_host_identity()
    except (OSError, UnicodeError):
        return True


def select_host(
    platform: Mapping[str, Any],
    *,
    bad_hosts: Collection[str] | None = None,
    rng: random.Random | None = None,
) -> str:
    """Pick a host of a platform by its ``[selection]method``.

    Raises:
        NoHostsError: every host is in ``bad_hosts``.
        PlatformLookupError: the selection method is unknown.
    """
    hosts = platform.get('hosts') or [platform['name']]
    if bad_hosts:
        hosts = [host for host in hosts if host not in bad_hosts]
    if not hosts:
        raise NoHostsError(platform['name'])
    selection = platform.get('selection') or {}
    method = selection.get('method') or 'random'
    chooser = SELECTION_METHODS.get(method)
    if chooser is None:
        raise PlatformLookupError(
            f'method "{method}" is not a supported host selection method.'
        )
    return chooser(hosts, rng or _DEFAULT_RNG)
