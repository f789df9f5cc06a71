"""Start the scheduler's network server and write its contact file."""

from __future__ import annotations

from typing import Any


async def start_server(scheduler: Any) -> Any:
    """Create keys, bind the server, register methods, write the contact file."""
    from cylc_flow.network.contact import (
        clear_stale_contact,
        scheduler_contact_fields,
        write_contact,
    )
    from cylc_flow.network.keys import ensure_keys
    from cylc_flow.network.server import WorkflowServer

    clear_stale_contact(scheduler.run_dir, scheduler.workflow_id)
    keys = ensure_keys(scheduler.run_dir)
    port_range = _port_range(scheduler.global_config)
    server = WorkflowServer(
        keys, port_range=port_range,
        on_refusal=lambda text: _log_now(scheduler, f'network: {text}'),
    )
    register_methods(server, scheduler)
    await server.start()
    write_contact(scheduler.run_dir, scheduler_contact_fields(
        scheduler.workflow_id, scheduler.run_dir, port=server.port,
        publish_port=server.publish_port, uuid=scheduler.uuid,
    ))
    scheduler.log.info(f'listening on port {server.port}'
                       f' (publishing on {server.publish_port})')
    return server


def _log_now(scheduler: Any, text: str) -> None:
    scheduler.log.warning(text)
    scheduler.log.flush()  # (between turns: nothing else would write it)


def _port_range(global_config: Any) -> tuple[int, int]:
    ports = global_config.get(['scheduler', 'run hosts', 'ports'])
    if isinstance(ports, list) and len(ports) >= 2:
        return int(ports[0]), int(ports[-1])
    if isinstance(ports, str) and '..' in ports:
        low, _, high = ports.partition('..')
        return int(low), int(high)
    return 43001, 43100


def register_methods(server: Any, scheduler: Any) -> None:
    """The request methods: task messages, ping and graphql (commands are
    GraphQL mutations: see :mod:`cylc_flow.scheduler.mutations`)."""

    from cylc_flow.scheduler.mutations.control import job_messages

    def put_messages(args: dict, meta: dict) -> str:
        scheduler.receive_messages(*job_messages(args))  # raises InputError
        return 'Messages queued'

    def ping(args: dict, meta: dict) -> str:
        return 'running'

    async def graphql(args: dict, meta: dict) -> Any:
        try:
            return await scheduler.graphql.request_async(args, meta)
        finally:
            # a command's rejection is logged as it is answered, between
            # turns: write it now rather than at the next turn's end
            scheduler.log.flush()

    server.register('put_messages', put_messages, 'message')
    server.register('graphql', graphql)
    from cylc_flow.network.publisher import register_entire_workflow

    register_entire_workflow(server, scheduler.graphql.ensure_published_async)
    server.register('ping', ping)
    for name, handler in getattr(scheduler, 'extra_methods', {}).items():
        server.register(name, handler)
