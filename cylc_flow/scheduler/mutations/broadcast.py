"""The ``broadcast`` mutation: set, clear (cancel) or expire broadcasts.

Arguments as Cylc 8's schema names them: ``mode`` (Set, Clear, Expire),
``cycle_points``, ``namespaces``, ``settings`` and ``cutoff``.  The work is
done at once (handlers run on the scheduler's event loop, between turns); the
database rows go in the next turn's transaction, which this wakes.

The response is Cylc 8's structure, ``[modified_settings, bad_options]``
(``[[point, namespace, {setting}], ...]`` and ``{kind: [values]}``), which
the client words as a report; the scheduler log gets the same report.  A
request refused outright (no settings, an unknown mode) gets
``[False, message]`` like other commands.
"""

from __future__ import annotations

from typing import Any

MODES = ('Set', 'Clear', 'Expire')


def broadcast(scheduler: Any, args: dict) -> tuple[bool, list | str]:
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
    return not result.bad_options, result.response()


def _strings(values: Any) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    return [str(value) for value in values if value is not None]


HANDLERS = {'broadcast': broadcast}
