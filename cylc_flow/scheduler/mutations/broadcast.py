"""The ``broadcast`` mutation: set, clear (cancel) or expire broadcasts.

Arguments as Cylc 8's schema names them: ``mode`` (Set, Clear, Expire),
``cycle_points``, ``namespaces``, ``settings`` and ``cutoff``.  The work is
done at once (handlers run on the scheduler's event loop, between turns); the
database rows go in the next turn's transaction, which this wakes.

The response message is Cylc 8's report: the ``Broadcast set:`` or
``Broadcast cancelled:`` lines, then any bad options under their title; the
response fails if some option was rejected or matched nothing.
"""

from __future__ import annotations

from typing import Any

from cylc_flow.broadcast.report import result_report

MODES = ('Set', 'Clear', 'Expire')


def broadcast(scheduler: Any, args: dict) -> tuple[bool, str]:
    broadcasts = getattr(scheduler, 'broadcasts', None)
    if broadcasts is None:
        return False, 'broadcasts are not available until the workflow starts'
    mode = str(args.get('mode') or 'Set')
    if mode not in MODES:
        return False, f'unknown broadcast mode {mode!r} (Set, Clear or Expire)'
    points = _strings(args.get('cycle_points'))
    namespaces = _strings(args.get('namespaces'))
    settings = list(args.get('settings') or [])
    if mode == 'Set':
        if not settings:
            return False, 'No valid settings to broadcast.'
        result = broadcasts.put(points or ['*'], namespaces or ['root'],
                                settings)
    elif mode == 'Clear':
        result = broadcasts.clear(points, namespaces, settings)
    else:
        cutoff = args.get('cutoff')
        result = broadcasts.expire(None if cutoff in (None, '') else str(cutoff))
    changes, bad = result_report(result, is_set=mode == 'Set')
    message = '\n'.join(text for text in (changes, bad) if text)
    return not result.bad_options, message


def _strings(values: Any) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    return [str(value) for value in values if value is not None]


HANDLERS = {'broadcast': broadcast}
