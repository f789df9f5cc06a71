"""A live CURVE server in a background thread, and raw ZMQ test clients."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
import zmq

from cylc_flow.exceptions import CylcError
from cylc_flow.network.background import BackgroundServer
from cylc_flow.network.client import WorkflowClient
from cylc_flow.network.contact import scheduler_contact_fields, write_contact
from cylc_flow.network.keys import KeyPaths, ensure_keys

WORKFLOW_ID = 'net/run1'


class Live:
    """A started server with test methods, its run dir and its refusal log."""

    def __init__(self, background: BackgroundServer, run_dir: Path,
                 keys: KeyPaths, refusals: list[str]) -> None:
        self.background = background
        self.server = background.server
        self.run_dir = run_dir
        self.keys = keys
        self.refusals = refusals
        self.received: list[dict] = []

    def client(self, scope: str = 'owner', timeout: float = 5.0) -> WorkflowClient:
        return WorkflowClient(WORKFLOW_ID, scope=scope, timeout=timeout,
                              run_dir=self.run_dir)

    def raw_socket(self, *, public: bytes | None = None, secret: bytes | None = None,
                   server_public: bytes | None = None,
                   kind: int = zmq.REQ) -> zmq.Socket:
        """A socket to the request port, CURVE only if keys are given."""
        sock = zmq.Context.instance().socket(kind)
        sock.linger = 0
        if secret is not None:
            sock.curve_secretkey = secret
            sock.curve_publickey = public
            sock.curve_serverkey = server_public
        sock.connect(f'tcp://127.0.0.1:{self.server.port}')
        return sock


def _register_test_methods(live: Live) -> None:
    server = live.server

    def put_messages(args: dict, meta: dict) -> dict:
        live.received.append(args)
        return {'accepted': len(args.get('messages', []))}

    async def slow(args: dict, meta: dict) -> str:
        await asyncio.sleep(float(args.get('seconds', 0.5)))
        return 'slow done'

    def fail_user(args: dict, meta: dict) -> None:
        raise CylcError('task 1/foo is not in the pool')

    def fail_internal(args: dict, meta: dict) -> None:
        raise KeyError('secret internal detail')

    server.register('ping', lambda args, meta: True)
    server.register('echo', lambda args, meta: {'args': args, 'meta': meta})
    server.register('put_messages', put_messages, scope='message')
    server.register('stop', lambda args, meta: 'stopping')
    server.register('slow', slow)
    server.register('blocking', lambda args, meta: sum(range(1000)), blocking=True)
    server.register('fail_user', fail_user)
    server.register('fail_internal', fail_internal)
    server.register('not_json', lambda args, meta: object())


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Live]:
    """A running server for ``net/run1`` with a contact file."""
    run_dir = tmp_path / 'cylc-run' / WORKFLOW_ID
    run_dir.mkdir(parents=True)
    keys = ensure_keys(run_dir)
    refusals: list[str] = []
    background = BackgroundServer(keys, on_refusal=refusals.append)
    background.start()
    live = Live(background, run_dir, keys, refusals)
    _register_test_methods(live)
    write_contact(run_dir, scheduler_contact_fields(
        WORKFLOW_ID, run_dir, port=background.server.port or 0,
        publish_port=background.server.publish_port or 0, uuid='test-uuid',
        host='localhost',
    ))
    try:
        yield live
    finally:
        background.stop()


def free_port() -> int:
    """A TCP port nothing listens on (just now)."""
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]
