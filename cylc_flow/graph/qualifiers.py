"""Trigger qualifiers: ``foo:fail``, ``FAM:succeed-all`` and friends."""

from __future__ import annotations

from cylc_flow.graph.model import (
    OUTPUT_EXPIRED,
    OUTPUT_FAILED,
    OUTPUT_FINISHED,
    OUTPUT_STARTED,
    OUTPUT_SUBMIT_FAILED,
    OUTPUT_SUBMITTED,
    OUTPUT_SUCCEEDED,
)

# Short forms accepted for the standard outputs.
QUALIFIER_ALIASES: dict[str, str] = {
    'expire': OUTPUT_EXPIRED,
    'submit': OUTPUT_SUBMITTED,
    'submit-fail': OUTPUT_SUBMIT_FAILED,
    'start': OUTPUT_STARTED,
    'succeed': OUTPUT_SUCCEEDED,
    'fail': OUTPUT_FAILED,
    'finish': OUTPUT_FINISHED,
}

# Family qualifier -> (member output, True for "all members", False for "any").
FAMILY_TRIGGERS: dict[str, tuple[str, bool]] = {
    'expire-all': (OUTPUT_EXPIRED, True),
    'expire-any': (OUTPUT_EXPIRED, False),
    'submit-all': (OUTPUT_SUBMITTED, True),
    'submit-any': (OUTPUT_SUBMITTED, False),
    'submit-fail-all': (OUTPUT_SUBMIT_FAILED, True),
    'submit-fail-any': (OUTPUT_SUBMIT_FAILED, False),
    'start-all': (OUTPUT_STARTED, True),
    'start-any': (OUTPUT_STARTED, False),
    'succeed-all': (OUTPUT_SUCCEEDED, True),
    'succeed-any': (OUTPUT_SUCCEEDED, False),
    'fail-all': (OUTPUT_FAILED, True),
    'fail-any': (OUTPUT_FAILED, False),
    'finish-all': (OUTPUT_FINISHED, True),
    'finish-any': (OUTPUT_FINISHED, False),
}

# A plain family name on the right of an arrow means every member succeeds.
DEFAULT_FAMILY_QUALIFIER = 'succeed-all'


def standard_output(qualifier: str | None) -> str:
    """The output a task qualifier refers to (``None`` means succeeded)."""
    if not qualifier:
        return OUTPUT_SUCCEEDED
    return QUALIFIER_ALIASES.get(qualifier, qualifier)


def family_member_outputs(qualifier: str) -> tuple[str, ...] | None:
    """Member outputs whose optionality a family qualifier sets (or None)."""
    found = FAMILY_TRIGGERS.get(qualifier)
    if found is None:
        return None
    output = found[0]
    if output == OUTPUT_FINISHED:
        return (OUTPUT_SUCCEEDED, OUTPUT_FAILED)
    return (output,)
