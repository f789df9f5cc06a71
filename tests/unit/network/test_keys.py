"""CURVE key files: layout, permissions, loading and scopes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
import zmq.auth

from cylc_flow.network.errors import ServiceFileError
from cylc_flow.network.keys import (
    MESSAGE,
    OWNER,
    add_client_key,
    ensure_keys,
    load_authorized_keys,
    load_client_key,
    load_server_key,
    read_certificate,
    remove_keys,
)


def mode(path: str | Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_ensure_keys_writes_the_documented_layout(tmp_path: Path) -> None:
    paths = ensure_keys(tmp_path)
    service = tmp_path / '.service'
    assert paths.service_dir == str(service)
    assert sorted(os.listdir(service)) == [
        'client.key_secret', 'client_public_keys', 'message.key_secret',
        'server.key', 'server.key_secret',
    ]
    assert sorted(os.listdir(service / 'client_public_keys')) == [
        'client_localhost.key', 'message_localhost.key',
    ]


def test_key_files_are_0600_and_directories_0700(tmp_path: Path) -> None:
    (tmp_path / '.service').mkdir(mode=0o755)
    ensure_keys(tmp_path)
    service = tmp_path / '.service'
    assert mode(service) == 0o700
    assert mode(service / 'client_public_keys') == 0o700
    for path in [*service.glob('*.key*'), *service.glob('client_public_keys/*')]:
        assert mode(path) == 0o600, path


def test_key_files_are_zmq_certificates(tmp_path: Path) -> None:
    ensure_keys(tmp_path)
    service = tmp_path / '.service'
    public, secret = zmq.auth.load_certificate(service / 'server.key_secret')
    assert zmq.curve_public(secret) == public
    public_only, none = zmq.auth.load_certificate(service / 'server.key')
    assert public_only == public and none is None


def test_owner_and_message_scopes_have_different_keys(tmp_path: Path) -> None:
    ensure_keys(tmp_path)
    owner = load_client_key(tmp_path, OWNER)
    message = load_client_key(tmp_path, MESSAGE)
    server_public, server_secret = load_server_key(tmp_path)
    assert owner.public != message.public
    assert zmq.curve_public(owner.secret) == owner.public
    assert owner.server_public == message.server_public == server_public
    assert zmq.curve_public(server_secret) == server_public
    granted = load_authorized_keys(tmp_path)
    assert granted[owner.public].scope == OWNER
    assert granted[message.public].scope == MESSAGE
    assert granted[message.public].name == 'message_localhost'


def test_ensure_keys_replaces_keys_of_an_earlier_run(tmp_path: Path) -> None:
    ensure_keys(tmp_path)
    old = load_client_key(tmp_path, OWNER).public
    add_client_key(tmp_path, 'remote_target')
    ensure_keys(tmp_path)
    granted = load_authorized_keys(tmp_path)
    assert old not in granted
    assert {grant.name for grant in granted.values()} == {
        'client_localhost', 'message_localhost'}


def test_add_client_key_grants_a_new_key_with_its_scope(tmp_path: Path) -> None:
    ensure_keys(tmp_path)
    secret_path = add_client_key(tmp_path, 'hpc', MESSAGE)
    assert mode(secret_path) == 0o600
    public, secret = read_certificate(secret_path)
    assert secret is not None
    assert load_authorized_keys(tmp_path)[public].scope == MESSAGE


@pytest.mark.parametrize('name', ['', '../x', '.hidden', 'a/b'])
def test_add_client_key_rejects_bad_names(tmp_path: Path, name: str) -> None:
    ensure_keys(tmp_path)
    with pytest.raises(ServiceFileError, match='bad client key name'):
        add_client_key(tmp_path, name)


def test_unknown_scope_is_a_clear_error(tmp_path: Path) -> None:
    ensure_keys(tmp_path)
    with pytest.raises(ServiceFileError, match="unknown client scope 'admin'"):
        load_client_key(tmp_path, 'admin')


def test_missing_key_file_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(ServiceFileError, match=r'key file not found: .*client\.key_'):
        load_client_key(tmp_path, OWNER)


def test_malformed_key_file_is_a_clear_error(tmp_path: Path) -> None:
    ensure_keys(tmp_path)
    (tmp_path / '.service' / 'client.key_secret').write_text(
        'curve\n    public-key = "short"\n')
    with pytest.raises(ServiceFileError, match='malformed CURVE key'):
        load_client_key(tmp_path, OWNER)


def test_public_key_file_without_a_secret_cannot_be_a_client_key(
    tmp_path: Path
) -> None:
    ensure_keys(tmp_path)
    service = tmp_path / '.service'
    (service / 'client.key_secret').write_text((service / 'server.key').read_text())
    with pytest.raises(ServiceFileError, match='no secret key'):
        load_client_key(tmp_path, OWNER)


def test_unrecognised_or_broken_public_keys_are_never_granted(tmp_path: Path) -> None:
    ensure_keys(tmp_path)
    folder = tmp_path / '.service' / 'client_public_keys'
    (folder / 'client_localhost.key').rename(folder / 'stranger.key')
    (folder / 'client_broken.key').write_text('garbage')
    granted = load_authorized_keys(tmp_path)
    assert [grant.name for grant in granted.values()] == ['message_localhost']


def test_remove_keys_removes_every_key_file(tmp_path: Path) -> None:
    ensure_keys(tmp_path)
    add_client_key(tmp_path, 'hpc')
    (tmp_path / '.service' / 'contact').write_text('x=1\n')
    remove_keys(tmp_path)
    assert os.listdir(tmp_path / '.service') == ['contact']
    remove_keys(tmp_path)  # twice is fine
