"""The ``graphql`` request method: Cylc 8's GraphQL API at the scheduler.

The data store is built on the first request (from the current pool) and
then kept up to date once per turn, so a workflow nobody watches pays
nothing for it.  Mutations become the scheduler's own commands.
"""

from __future__ import annotations

import getpass
from types import SimpleNamespace
from typing import Any


class GraphQLService:
    """Serves GraphQL requests from the scheduler's data store."""

    def __init__(self, scheduler: Any) -> None:
        self.scheduler = scheduler
        self.store: Any = None
        self._schema: Any = None
        self._handlers: dict | None = None

    def _ensure_store(self) -> Any:
        if self.store is None:
            from cylc_flow.datastore import DataStore

            scheduler = self.scheduler
            server = scheduler.server
            self.store = DataStore(
                scheduler.config, scheduler.workflow_id, getpass.getuser(),
                port=getattr(server, 'port', None),
                pub_port=getattr(server, 'publish_port', None),
                run_mode=scheduler.options.mode,
                workflow_log_dir=str(scheduler.run_dir / 'log' / 'scheduler'),
            )
            pool = scheduler.core.pool
            seed = SimpleNamespace(tasks=pool.tasks, dirty=dict(pool.tasks),
                                   removed=[])
            self.store.apply_turn(seed, status='running')
            if getattr(scheduler, 'broadcasts', None) is not None:
                scheduler.broadcasts.publish_to(self.store)
        return self.store

    def turn(self, pool: Any, now: float) -> None:
        """Bring the store up to date (call before the pool's records clear)."""
        if self.store is not None:
            from cylc_flow.network.publisher import publish_delta

            publish_delta(self.scheduler.server,
                          self.store.apply_turn(pool, now=now))

    def ensure_store(self) -> Any:
        """The data store (built now if nobody asked for it before)."""
        return self._ensure_store()

    def publish_shutdown(self, reason: str) -> None:
        """Tell subscribers the workflow is stopping (before the server stops)."""
        from cylc_flow.network.publisher import publish_shutdown

        publish_shutdown(self.scheduler.server, self.store, reason)

    def reload(self) -> None:
        """New workflow definitions (reload): rebuild the store if built."""
        if self.store is not None:
            self.store = None
            store = self._ensure_store()
            store.workflow.reloaded = True

    def request(self, args: dict, meta: dict) -> Any:
        from cylc_flow.network.schema import SchemaContext, build_schema, execute

        query = args.get('request_string') or args.get('query')
        if not isinstance(query, str) or not query.strip():
            raise ValueError('graphql needs a "request_string"')
        variables = args.get('variables') or {}
        if self._schema is None:
            self._schema = build_schema()
        store = self._ensure_store()
        context = SchemaContext(stores={self.scheduler.workflow_id: store},
                                command=self._command)
        result = execute(self._schema, query, variables, context)
        if result.get('errors'):
            raise ValueError('; '.join(str(e) for e in result['errors']))
        return result.get('data')

    def _command(self, workflow_id: str, name: str, args: dict) -> tuple[bool, str]:
        if self._handlers is None:
            from cylc_flow.scheduler.mutations import mutation_handlers

            self._handlers = mutation_handlers()
        if name == 'set_graph_window_extent':
            self._ensure_store().set_window_extent(int(args.get('n_edge_distance')))
            return True, 'Command actioned'
        handler = self._handlers.get(name)
        if handler is None:
            return False, f'command "{name}" is not supported by this scheduler'
        return handler(self.scheduler, args)
