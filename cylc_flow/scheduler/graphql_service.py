"""The ``graphql`` request method: Cylc 8's GraphQL API at the scheduler.

The data store is built on the first request (from the current pool) and
then kept up to date once per turn, so a workflow nobody watches pays
nothing for it.  Mutations become the scheduler's own commands.
"""

from __future__ import annotations

import asyncio
import contextlib
import getpass
import socket
import time
from types import SimpleNamespace
from typing import Any

from cylc_flow.datastore.steps import run_steps


class GraphQLService:
    """Serves GraphQL requests from the scheduler's data store.

    A turn updates the store in slices, serving other requests between
    them: queries wait for :attr:`_records_lock` (held while the records
    are brought up to date), full-store requests for :attr:`_published_lock`
    (held for the whole turn, delta included), so neither sees a turn part
    done.
    """

    def __init__(self, scheduler: Any) -> None:
        self.scheduler = scheduler
        self.store: Any = None
        self._schema: Any = None
        self._handlers: dict | None = None
        self._building: asyncio.Task | None = None
        self._records_lock = asyncio.Lock()
        self._published_lock = asyncio.Lock()
        self._generation = 0  # counts reloads: a build of an older one is redone
        self._reloaded = False  # the next build follows a reload

    def _new_store(self) -> Any:
        from cylc_flow.datastore import DataStore

        scheduler = self.scheduler
        server = scheduler.server
        core = scheduler.core
        return DataStore(
            scheduler.config, scheduler.workflow_id, getpass.getuser(),
            host=_scheduler_host(scheduler.run_dir),
            port=getattr(server, 'port', None),
            pub_port=getattr(server, 'publish_port', None),
            run_mode=scheduler.options.mode,
            stop_point=getattr(core.pool, 'stop_point', None),
            workflow_log_dir=str(scheduler.run_dir / 'log' / 'scheduler'),
            external_triggers=getattr(core, 'ext_triggers', None),
            start_point=getattr(core, 'start_point', None),
        )

    def _new_store_and_schema(self) -> Any:
        from cylc_flow.network.schema import build_schema

        store = self._new_store()
        if self._schema is None:
            self._schema = build_schema()
            _warm_up(self._schema)
        return store

    def _seed_steps(self, store: Any) -> Any:
        """The store's first turn: every task in the pool now."""
        tasks = dict(self.scheduler.core.pool.tasks)
        seed = SimpleNamespace(tasks=tasks, dirty=dict(tasks), removed=[])
        status, message = self.workflow_status()
        return store.turn_steps(seed, now=time.time(), status=status,
                                status_msg=message)

    async def ensure_store_async(self, published: bool = False) -> Any:
        """The data store once no turn is updating its records (or, with
        ``published``, once no turn is part done at all), built in slices
        if nobody asked for it before; the caller may read it until its
        next ``await``."""
        lock = self._published_lock if published else self._records_lock
        while True:
            if self.store is None:
                if self._building is None:
                    self._building = asyncio.get_running_loop().create_task(
                        self._build())
                await asyncio.shield(self._building)
            async with lock:
                if self.store is not None:
                    return self.store

    async def ensure_published_async(self) -> Any:
        """:meth:`ensure_store_async` for the published records (a new
        subscriber's full store)."""
        return await self.ensure_store_async(published=True)

    async def _build(self) -> Any:
        loop = asyncio.get_running_loop()
        try:
            while True:
                generation = self._generation
                # the static part (from the config only) and the schema's
                # imports in a worker thread: requests are served meanwhile
                store = await loop.run_in_executor(
                    None, self._new_store_and_schema)
                if self._reloaded:
                    store.mark_reloaded()
                await run_steps(self._seed_steps(store))
                if generation == self._generation:
                    break  # (else a reload came meanwhile: build anew)
            if getattr(self.scheduler, 'broadcasts', None) is not None:
                self.scheduler.broadcasts.publish_to(store)
            self._reloaded = False
            self.store = store
            return store
        finally:
            self._building = None

    async def request_async(self, args: dict, meta: dict) -> Any:
        """Answer a ``graphql`` request (building the store first if need
        be, and never in the middle of a turn)."""
        query = args.get('request_string') or args.get('query')
        if not isinstance(query, str) or not query.strip():
            raise ValueError('graphql needs a "request_string"')
        variables = args.get('variables') or {}
        store = await self.ensure_store_async()
        # (imported by the store's build, in a worker thread, by now)
        from cylc_flow.network.schema import SchemaContext, execute

        context = SchemaContext(stores={self.scheduler.workflow_id: store},
                                command=self._command)
        result = execute(self._schema, query, variables, context)
        if result.get('errors'):
            raise ValueError('; '.join(str(e) for e in result['errors']))
        return result.get('data')

    async def turn_async(self, pool: Any, now: float) -> None:
        """Bring the store up to date in slices (serving other requests
        between them; call before the pool's records clear) and publish
        the delta."""
        if self._building is not None:
            with contextlib.suppress(Exception):  # the request reports it
                await asyncio.shield(self._building)
        store = self.store
        if store is None:
            return
        from cylc_flow.network.publisher import publish_delta_async

        status, message = self.workflow_status()
        async with self._published_lock:
            async with self._records_lock:
                await run_steps(store.update_steps(
                    pool, now=now, status=status, status_msg=message))
            delta = await run_steps(store.collect_steps())
        await publish_delta_async(self.scheduler.server, delta)

    def workflow_status(self) -> tuple[str, str]:
        """Cylc 8's workflow status and status message."""
        from cylc_flow.datastore.status import workflow_status

        return workflow_status(self.scheduler)

    def publish_shutdown(self, reason: str) -> None:
        """Tell subscribers the workflow is stopping (before the server stops)."""
        from cylc_flow.network.publisher import publish_shutdown

        publish_shutdown(self.scheduler.server, self.store, reason)

    def reload(self) -> None:
        """New workflow definitions (reload): if the store was built (or is
        being built), build it afresh in slices, marked reloaded."""
        if self.store is None and self._building is None:
            return  # nobody asked for it: the first request builds it
        self.store = None
        self._generation += 1
        self._reloaded = True
        if self._building is None:
            self._building = asyncio.get_running_loop().create_task(
                self._build())

    def _command(self, workflow_id: str, name: str, args: dict) -> tuple[bool, str]:
        if self._handlers is None:
            from cylc_flow.scheduler.mutations import mutation_handlers

            self._handlers = mutation_handlers()
        if name == 'set_graph_window_extent':
            self.store.set_window_extent(int(args.get('n_edge_distance')))
            return True, 'Command actioned'
        handler = self._handlers.get(name)
        if handler is None:
            return False, f'command "{name}" is not supported by this scheduler'
        return handler(self.scheduler, args)


def _scheduler_host(run_dir: Any) -> str:
    """The scheduler's host as its contact file names it (else this host's
    fully qualified name)."""
    from cylc_flow.exceptions import CylcError
    from cylc_flow.network.contact import HOST, load_contact

    with contextlib.suppress(CylcError):
        host = load_contact(run_dir).get(HOST)
        if host:
            return host
    return socket.getfqdn()


_WARM_UP_QUERY = (
    'query ($ids: [ID]) { workflows(ids: $ids) { id name port pubPort } }')


def _warm_up(schema: Any) -> None:
    """Run one query against no workflows, so the GraphQL library's lazy
    first-use work (type maps, validation rules) is done here, in the worker
    thread, rather than on the main loop at the first request."""
    from cylc_flow.network.schema import execute

    with contextlib.suppress(Exception):  # a warm-up only: never fatal
        execute(schema, _WARM_UP_QUERY, {'ids': ['~nobody/none']})
