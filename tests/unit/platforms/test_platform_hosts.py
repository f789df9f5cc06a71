"""Host selection within a platform, and local host detection."""

from __future__ import annotations

import random
import socket

import pytest

from cylc_flow.exceptions import PlatformLookupError
from cylc_flow.platforms import NoHostsError, is_remote_host, select_host


def platform(method: str, hosts: list[str] | None) -> dict:
    return {'name': 'p', 'hosts': hosts, 'selection': {'method': method}}


def test_definition_order_takes_the_first_good_host():
    assert select_host(platform('definition order', ['a', 'b', 'c'])) == 'a'
    chosen = select_host(
        platform('definition order', ['a', 'b', 'c']), bad_hosts={'a'}
    )
    assert chosen == 'b'


def test_random_uses_the_injected_generator():
    hosts = ['a', 'b', 'c', 'd']
    chosen = {
        select_host(platform('random', hosts), rng=random.Random(seed))
        for seed in range(40)
    }
    assert chosen == set(hosts)


def test_platform_without_hosts_uses_its_name():
    assert select_host(platform('random', None)) == 'p'


def test_all_hosts_bad_raises_no_hosts_error():
    with pytest.raises(NoHostsError, match='Unable to find valid host for p'):
        select_host(platform('random', ['a']), bad_hosts={'a'})


def test_unknown_selection_method_raises():
    with pytest.raises(PlatformLookupError, match='"sideways"'):
        select_host(platform('sideways', ['a']))


@pytest.mark.parametrize('name', [None, '', 'localhost', 'localhost.localdomain'])
def test_localhost_names_are_not_remote(name):
    assert not is_remote_host(name)


def test_this_hosts_name_is_not_remote():
    assert not is_remote_host(socket.gethostname())


def test_unresolvable_host_counts_as_remote():
    assert is_remote_host('no-such-host.invalid')
