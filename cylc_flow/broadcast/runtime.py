"""Apply broadcast overrides to a task's effective runtime settings."""

from __future__ import annotations

from collections.abc import Mapping

from cylc_flow.config.runtime import merge_sparse


def apply_overrides(runtime: Mapping, overrides: Mapping) -> dict:
    """``runtime`` with ``overrides`` applied, as a new dict.

    Items replace items; sections merge.  Within a section, items new to it
    come first (as Cylc 8 does), so a broadcast environment variable is
    defined before the task's own variables, which may refer to it.  Only
    the sections an override touches are copied.
    """
    return merge_sparse(runtime, overrides, new_first=True)
