"""Patches: sending only the changed conditions of large prerequisites.

A task's ``prerequisites`` field is a list of summaries, each holding a
``conditions`` list that can be thousands long (a ``join`` waiting on 10,000
parents).  When a few conditions change, a delta's ``updated`` entry carries,
instead of the whole field, a patch under :data:`PATCH_KEY`::

    {"id": ..., "$patch": {"prerequisites": [[index, fields, conditions]]}}

one item per changed prerequisite: its position in the list, its other
fields that changed (``expression``, ``satisfied``, ...) and
``[[condition index, condition], ...]`` for the conditions replaced.  A patch
is only made when the list keeps its length and each changed prerequisite
keeps its keys and number of conditions, and only for large fields where it
saves most of the size; otherwise the whole value is sent as before.
Applying a patch builds new lists and dicts (the old value, which may be
shared, is never changed).
"""

from __future__ import annotations

from typing import Any

from cylc_flow.datastore.records import TASK_PROXIES

PATCH_KEY = '$patch'
PREREQUISITES = 'prerequisites'
# (record type, field) pairs that may be patched
PATCHED = frozenset({(TASK_PROXIES, PREREQUISITES)})
# fields with fewer conditions than this are always sent whole
MIN_PATCH_CONDITIONS = 64

Patch = list[list[Any]]


def prerequisites_patch(old: Any, new: Any) -> Patch | None:
    """The patch turning ``old`` into ``new``, or None to send ``new``
    whole (a patch is impossible or would not save much)."""
    if not isinstance(old, list) or not isinstance(new, list) or \
            len(old) != len(new):
        return None
    total = 0
    for element in new:
        conditions = element.get('conditions') \
            if isinstance(element, dict) else None
        if isinstance(conditions, list):
            total += len(conditions)
    if total < MIN_PATCH_CONDITIONS:
        return None
    replaced = 0
    found: Patch = []
    for index, (before, after) in enumerate(zip(old, new, strict=True)):
        if before is after:
            continue
        if not isinstance(before, dict) or not isinstance(after, dict) or \
                before.keys() != after.keys():
            return None
        old_conditions = before.get('conditions')
        new_conditions = after.get('conditions')
        if not isinstance(old_conditions, list) or \
                not isinstance(new_conditions, list) or \
                len(old_conditions) != len(new_conditions):
            return None
        fields = {name: value for name, value in after.items()
                  if name != 'conditions' and before[name] != value}
        conditions = [
            [position, condition] for position, (previous, condition)
            in enumerate(zip(old_conditions, new_conditions, strict=True))
            if previous is not condition and previous != condition]
        if fields or conditions:
            replaced += len(conditions)
            found.append([index, fields, conditions])
    if 2 * replaced > total:
        return None
    return found


def apply_prerequisites_patch(value: Any, patch: Any) -> list[Any]:
    """``value`` with a patch applied (a new list; ``value`` is unchanged).

    Raises ``ValueError`` (or ``TypeError``/``IndexError``/``KeyError``)
    if the patch does not fit the value.
    """
    if not isinstance(value, list) or not isinstance(patch, list):
        raise ValueError('a prerequisites patch needs lists')
    result = list(value)
    for index, fields, conditions in patch:
        if not isinstance(index, int) or index < 0:
            raise ValueError(f'bad prerequisite index {index!r}')
        element = result[index]
        if not isinstance(fields, dict) or not fields.keys() <= element.keys():
            raise ValueError(f'bad fields for prerequisite {index}')
        held = element['conditions']
        if conditions:
            held = list(held)
            for position, condition in conditions:
                if not isinstance(position, int) or position < 0:
                    raise ValueError(f'bad condition index {position!r}')
                held[position] = condition
        result[index] = {**element, **fields, 'conditions': held}
    return result


def make_patch(kind: str, name: str, old: Any, new: Any) -> Any:
    """A patch of one field, or None to send the field whole."""
    if (kind, name) in PATCHED:
        return prerequisites_patch(old, new)
    return None


def apply_patch(kind: str, name: str, value: Any, patch: Any) -> Any:
    """A field's new value from its old value and a patch."""
    if (kind, name) not in PATCHED:
        raise ValueError(f'no patch is defined for {kind}.{name}')
    return apply_prerequisites_patch(value, patch)
