"""Apply broadcast overrides to a task's effective runtime settings."""

from __future__ import annotations

from collections.abc import Mapping


def apply_overrides(runtime: Mapping, overrides: Mapping) -> dict:
    """``runtime`` with ``overrides`` applied, as a new dict.

    Items replace items; sections merge.  Within a section, items new to it
    come first (as Cylc 8 does), so a broadcast environment variable is
    defined before the task's own variables, which may refer to it.  Only
    the sections an override touches are copied.
    """
    if not overrides:
        return dict(runtime)
    result: dict = {}
    for key, value in overrides.items():
        if key not in runtime:
            result[key] = _section_copy(value)
    for key, value in runtime.items():
        if key not in overrides:
            result[key] = value
            continue
        new = overrides[key]
        if isinstance(new, Mapping) and isinstance(value, Mapping):
            result[key] = apply_overrides(value, new)
        else:
            result[key] = _section_copy(new)
    return result


def _section_copy(value: object) -> object:
    if isinstance(value, Mapping):
        return {key: _section_copy(item) for key, item in value.items()}
    return value
