"""GraphQL mutations at the scheduler: one handler per Cylc 8 mutation name.

Each submodule exports ``HANDLERS``: ``{snake_case_name: handler}`` where a
handler is ``handler(scheduler, args) -> (success, message)``.  Handlers run
on the network thread's side of the loop: they validate the arguments, then
queue the work with ``scheduler.post`` so that the core is only touched from
the main loop (which logs ``Command "<name>" actioned``).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

Handler = Callable[[Any, dict], tuple[bool, str]]

HANDLER_MODULES = (
    'cylc_flow.scheduler.mutations.lifecycle',
    'cylc_flow.scheduler.mutations.tasks',
    'cylc_flow.scheduler.mutations.broadcast',
    'cylc_flow.scheduler.mutations.control',
)


def mutation_handlers() -> dict[str, Handler]:
    """Every mutation handler, by snake_case mutation name."""
    handlers: dict[str, Handler] = {}
    for name in HANDLER_MODULES:
        handlers.update(import_module(name).HANDLERS)
    return handlers
