"""Run a :class:`WorkflowServer` on its own event loop in a background thread.

For tests, benchmarks and tools that need a live server beside synchronous
code::

    with BackgroundServer(ensure_keys(run_dir), port_range=(43001, 43101)) as bg:
        bg.server.register('ping', lambda args, meta: True)
        ...   # bg.server.port is bound; clients may connect
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from cylc_flow.network.keys import KeyPaths
from cylc_flow.network.server import WorkflowServer

Result = TypeVar('Result')


class BackgroundServer:
    """A started server whose event loop runs in a daemon thread."""

    def __init__(self, keys: KeyPaths, **server_options: Any) -> None:
        self.server = WorkflowServer(keys, **server_options)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._stopped: asyncio.Event | None = None

    def start(self, timeout: float = 10.0) -> WorkflowServer:
        """Start the loop and the server; return once it is bound."""
        started: Future[None] = Future()
        self._thread = threading.Thread(
            target=self._run, args=(started,), name='workflow-server', daemon=True
        )
        self._thread.start()
        started.result(timeout)
        return self.server

    def _run(self, started: Future[None]) -> None:
        asyncio.run(self._main(started))

    async def _main(self, started: Future[None]) -> None:
        self._loop = asyncio.get_running_loop()
        self._stopped = asyncio.Event()
        try:
            await self.server.start()
        except BaseException as exc:
            started.set_exception(exc)
            return
        started.set_result(None)
        try:
            await self._stopped.wait()
        finally:
            await self.server.stop()

    def call(self, function: Callable[..., Result], *args: Any) -> Result:
        """Run ``function(*args)`` on the server's loop; return its result."""
        loop = self._loop
        if loop is None:
            raise RuntimeError('the background server is not running')

        async def run() -> Result:
            return function(*args)

        return asyncio.run_coroutine_threadsafe(run(), loop).result(10.0)

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the server and its thread."""
        loop, stopped = self._loop, self._stopped
        if loop is not None and stopped is not None and not loop.is_closed():
            loop.call_soon_threadsafe(stopped.set)
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self._loop = None

    def __enter__(self) -> BackgroundServer:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
