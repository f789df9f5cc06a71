"""The scheduler's network layer: CURVE keys, contact file, server, client.

* :mod:`.keys` makes and loads the CURVE keys in ``.service/`` (two client
  scopes: ``owner`` and ``message``).
* :mod:`.contact` writes, reads and checks the contact file.
* :mod:`.protocol` is the JSON request/reply wire format.
* :mod:`.server` is the asyncio ROUTER server (with :mod:`.zap`
  authentication, :mod:`.ports` binding and the :mod:`.publisher` PUB
  socket); :mod:`.background` runs one in a thread (tests, tools).
* :mod:`.client` is the synchronous client; :mod:`.task_messages` is the
  job side of ``cylc message``.

Nothing is imported here, so ``cylc message`` loads only what it uses.
"""
