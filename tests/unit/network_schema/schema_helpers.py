"""Helpers: build data stores from small flows and query them."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from cylc_flow.network.schema import SchemaContext, build_schema, execute
from tests.unit.datastore.datastore_helpers import load, make_run

FAMILY_FLOW = """
    [scheduling]
        cycling mode = integer
        initial cycle point = 1
        final cycle point = 2
        [[graph]]
            P1 = "foo => FAM:succeed-all => bar"
    [runtime]
        [[FAM]]
            [[[environment]]]
                ANSWER = 42
        [[a, b]]
            inherit = FAM
        [[foo]]
            script = echo hello
            execution time limit = PT1M
        [[bar]]
"""


def store_after(tmp_path: Path, text: str, turns: int, **options: Any) -> Any:
    """A store after ``turns`` simulated scheduler turns."""
    run = make_run(load(tmp_path, text), **options)
    # stopping before the end (too many turns) is what the test wants
    with contextlib.suppress(RuntimeError):
        run.driver.run(max_turns=turns)
    run.turn()
    return run.store


def query(store: Any, text: str, variables: dict[str, Any] | None = None,
          command: Any = None) -> dict[str, Any]:
    stores = {store.workflow_id: store} if store is not None else {}
    return execute(build_schema(), text, variables,
                   SchemaContext(stores=stores, command=command))


def data_of(store: Any, text: str, **kwargs: Any) -> dict[str, Any]:
    reply = query(store, text, **kwargs)
    assert 'errors' not in reply, reply['errors']
    return reply['data']
