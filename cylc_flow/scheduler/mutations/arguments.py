"""Checks of task-command arguments, shared by the CLI and the scheduler.

Pure functions (no scheduler state): flow options, ``cylc set`` outputs and
prerequisites.  Each raises :class:`~cylc_flow.exceptions.InputError` with a
one-line message naming the bad value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from cylc_flow.core.commands import FLOW_ALL, FLOW_NEW, FLOW_NONE
from cylc_flow.exceptions import InputError

FLOW_WORDS = (FLOW_ALL, FLOW_NEW, FLOW_NONE)

OUTPUT_REQUIRED = 'required'
PREREQUISITE_ALL = 'all'

ERROR_FLOW_VALUE = "Flow values must be an integer, or 'all', 'new', or 'none'"
ERROR_FLOW_INTEGERS = 'Multiple flow options must all be integer valued'
ERROR_FLOW_WAIT = '--wait is not compatible with --flow=new or --flow=none'
ERROR_FLOW_META = 'Metadata is only for new flows'

# cycle/task[:output]; the cycle and task may not contain "/" or ":"
_PREREQUISITE = re.compile(r'^(?P<cycle>[^/:\s]+)/(?P<task>[^/:\s]+)'
                           r'(?::(?P<output>[^/:\s]+))?$')


def split_items(values: Iterable[str] | None) -> list[str]:
    """Flatten repeated, comma-separated option values (``-o a -o b,c``)."""
    return [item.strip() for value in values or () for item in
            str(value).split(',') if item.strip()]


def validate_flows(flows: Iterable[object] | None, flow_wait: bool = False,
                   flow_descr: str | None = None) -> list[str]:
    """Check ``--flow`` values; return them as strings (``[]`` means all)."""
    values = [str(value).strip() for value in flows or ()]
    for value in values:
        if value in FLOW_WORDS:
            if len(values) != 1:
                raise InputError(ERROR_FLOW_INTEGERS)
        elif not value.isdigit() or int(value) < 1:
            raise InputError(f'{ERROR_FLOW_VALUE} (got {value!r})')
    if flow_wait and values and values[0] in (FLOW_NEW, FLOW_NONE):
        raise InputError(ERROR_FLOW_WAIT)
    if flow_descr and values != [FLOW_NEW]:
        raise InputError(ERROR_FLOW_META)
    if values == [FLOW_ALL]:
        return []
    return values


def validate_outputs(outputs: Iterable[str] | None) -> list[str]:
    """Check ``--out`` values; ``[]`` means the required outputs."""
    values = split_items(outputs)
    if not values or values == [OUTPUT_REQUIRED]:
        return []
    if OUTPUT_REQUIRED in values:
        raise InputError('--out=required must be used alone')
    if 'waiting' in values:
        raise InputError('Tasks cannot be set to waiting.'
                         ' Use trigger to re-run tasks.')
    return values


def parse_prerequisite(text: str) -> tuple[str, str, str] | None:
    """``cycle/task[:output]`` as ``(cycle, task, output)``, or None."""
    match = _PREREQUISITE.match(text)
    if match is None:
        return None
    return (match.group('cycle'), match.group('task'),
            match.group('output') or 'succeeded')


def validate_prerequisites(prerequisites: Iterable[str] | None) -> list[str]:
    """Check ``--pre`` values; add the implicit ``:succeeded``."""
    values = split_items(prerequisites)
    checked: list[str] = []
    bad: list[str] = []
    for value in values:
        if value == PREREQUISITE_ALL:
            checked.append(value)
            continue
        parsed = parse_prerequisite(value)
        if parsed is None:
            bad.append(value)
        else:
            checked.append('{}/{}:{}'.format(*parsed))
    if bad:
        raise InputError('Use prerequisite format <cycle-point>/<task>:output,'
                         f' not: {", ".join(bad)}')
    if PREREQUISITE_ALL in checked and len(checked) > 1:
        raise InputError('--pre=all must be used alone')
    return checked


def validate_set(outputs: Iterable[str] | None,
                 prerequisites: Iterable[str] | None
                 ) -> tuple[list[str], list[str]]:
    """Check ``cylc set`` outputs and prerequisites together."""
    outputs = validate_outputs(outputs)
    prerequisites = validate_prerequisites(prerequisites)
    if outputs and prerequisites:
        raise InputError('Use --prerequisite or --output, not both.')
    return outputs, prerequisites
