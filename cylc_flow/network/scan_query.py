"""Asking many running workflows a GraphQL question at once (asyncio).

Used by ``cylc scan --ping`` and by anything that discovers workflows with
:mod:`cylc_flow.network.scan` and wants their status: one ``zmq.asyncio``
REQ socket per workflow, all in flight together, bounded by a semaphore.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cylc_flow.exceptions import CylcError

#: Fields asked of each workflow for ``cylc scan --ping`` / ``-t rich``.
STATUS_QUERY = '''
query ($ids: [ID]) {
  workflows(ids: $ids) {
    id
    status
    statusMsg
    stateTotals
    cylcVersion
    meta { title description }
  }
}
'''

DEFAULT_CONCURRENCY = 64


@dataclass(slots=True)
class QueryOutcome:
    """What one workflow answered (``data``) or why it did not (``error``)."""

    flow: dict[str, Any]
    data: Any = None
    error: str | None = None
    stale: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None


async def request(
    flow: dict[str, Any],
    command: str,
    args: dict[str, Any],
    *,
    timeout: float,
    context: Any,
) -> Any:
    """Send one request to the scheduler a (contact-read) flow dict names.

    Raises ``CylcError`` (with a one-line reason) on any failure.
    """
    import zmq

    from cylc_flow.network.client_contact import request_meta
    from cylc_flow.network.contact import contact_address, contact_file_path
    from cylc_flow.network.keys import OWNER, load_client_key
    from cylc_flow.network.protocol import decode_reply, encode_request

    host, port = contact_address(flow, contact_file_path(flow['path']))
    key = load_client_key(flow['path'], OWNER)
    socket = context.socket(zmq.REQ)
    try:
        socket.setsockopt(zmq.LINGER, 0)
        socket.curve_secretkey = key.secret
        socket.curve_publickey = key.public
        socket.curve_serverkey = key.server_public
        socket.connect(f'tcp://{host}:{port}')
        await socket.send(encode_request(command, args, request_meta()))
        if not await socket.poll(int(timeout * 1000), zmq.POLLIN):
            raise CylcError(
                f'{flow["name"]}: timed out after {timeout:g}s'
                f' (host: {host}, port: {port})')
        ok, data = decode_reply(await socket.recv())
    finally:
        socket.close(linger=0)
    if not ok:
        raise CylcError(f'{flow["name"]}: {data}')
    return data


async def query_workflow(
    flow: dict[str, Any],
    request_string: str = STATUS_QUERY,
    *,
    timeout: float = 5.0,
    context: Any = None,
) -> QueryOutcome:
    """Ask one workflow a GraphQL question; never raises."""
    from cylc_flow.network.scan import remove_stale_contact, scheduler_gone

    if scheduler_gone(flow):
        remove_stale_contact(flow)
        return QueryOutcome(flow, error='removed a stale contact file', stale=True)
    own_context = context is None
    if own_context:
        import zmq.asyncio

        context = zmq.asyncio.Context()
    try:
        variables = {'ids': [flow.get('CYLC_WORKFLOW_ID') or flow['name']]}
        data = await request(
            flow, 'graphql',
            {'request_string': request_string, 'variables': variables},
            timeout=timeout, context=context)
    except CylcError as exc:
        return QueryOutcome(flow, error=str(exc))
    except (OSError, ValueError) as exc:  # bad keys, unreachable host...
        return QueryOutcome(flow, error=f'{flow["name"]}: {exc}')
    finally:
        if own_context:
            context.destroy(linger=0)
    return QueryOutcome(flow, data=data)


def merge_workflow_fields(outcome: QueryOutcome) -> bool:
    """Copy the first ``workflows`` entry of a reply into the flow dict."""
    data = outcome.data
    if not isinstance(data, dict):
        return False
    found = data.get('workflows')
    if not isinstance(found, list) or not found or not isinstance(found[0], dict):
        return False
    for key, value in found[0].items():
        if key != 'id':
            outcome.flow[key] = value
    return True


async def query_many(
    flows: Iterable[dict[str, Any]],
    request_string: str = STATUS_QUERY,
    *,
    timeout: float = 5.0,
    concurrency: int = DEFAULT_CONCURRENCY,
) -> list[QueryOutcome]:
    """Query every flow concurrently; outcomes in the order given."""
    import zmq.asyncio

    context = zmq.asyncio.Context()
    gate = asyncio.Semaphore(max(1, concurrency))

    async def one(flow: dict[str, Any]) -> QueryOutcome:
        async with gate:
            return await query_workflow(flow, request_string,
                                        timeout=timeout, context=context)

    try:
        return list(await asyncio.gather(*(one(flow) for flow in flows)))
    finally:
        context.destroy(linger=0)
