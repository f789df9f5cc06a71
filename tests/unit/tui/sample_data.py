"""GraphQL-shaped workflow data for the Tui unit tests."""

from __future__ import annotations

from typing import Any

W = '~me/flow'


def proxy(cycle: str, name: str, state: str, parent: str = 'root',
          jobs: list[dict[str, Any]] | None = None, **flags: Any) -> dict[str, Any]:
    return {
        'id': f'{W}//{cycle}/{name}', 'name': name, 'cyclePoint': cycle,
        'state': state, 'isHeld': False, 'isQueued': False, 'isRunahead': False,
        'firstParent': {'id': f'{W}//{cycle}/{parent}', 'name': parent},
        'jobs': jobs or [], 'task': {'meanElapsedTime': None}, **flags,
    }


def job(cycle: str, name: str, number: int, state: str) -> dict[str, Any]:
    return {'id': f'{W}//{cycle}/{name}/{number:02d}', 'submitNum': number,
            'state': state, 'platform': 'localhost',
            'jobRunnerName': 'background', 'jobId': str(1000 + number),
            'startedTime': None, 'finishedTime': None}


def family(cycle: str, name: str, state: str, parent: str = 'root') -> dict[str, Any]:
    return {'id': f'{W}//{cycle}/{name}', 'name': name, 'cyclePoint': cycle,
            'state': state, 'isHeld': False,
            'firstParent': {'id': f'{W}//{cycle}/{parent}', 'name': parent}}


def cycle(point: str, state: str) -> dict[str, Any]:
    return {'id': f'{W}//{point}/root', 'cyclePoint': point, 'state': state,
            'isHeld': False}


def loaded_workflow() -> dict[str, Any]:
    """Cycles 2 and 10; FAM > SUB families; foo ran twice (jobs newest
    first, as ``WORKFLOW_QUERY`` sorts them; no root family, as it
    excludes it)."""
    return {
        'id': W, 'name': 'flow', 'status': 'running',
        'stateTotals': {'waiting': 3, 'running': 1, 'succeeded': 1,
                        'failed': 0},
        'taskProxies': [
            proxy('10', 'foo', 'waiting'),
            proxy('2', 'foo', 'running',
                  jobs=[job('2', 'foo', 2, 'running'), job('2', 'foo', 1, 'failed')]),
            proxy('2', 'bar', 'succeeded', parent='FAM',
                  jobs=[job('2', 'bar', 1, 'succeeded')]),
            proxy('2', 'baz', 'waiting', parent='SUB', isHeld=True),
            proxy('10', 'bar', 'waiting', parent='FAM'),
        ],
        'familyProxies': [
            family('2', 'FAM', 'running'),
            family('2', 'SUB', 'waiting', parent='FAM'),
            family('10', 'FAM', 'waiting'),
        ],
        'cyclePoints': [cycle('10', 'waiting'), cycle('2', 'running')],
    }
