"""How values are written to and read from the workflow database.

The encodings match Cylc 8, because users' scripts parse them:

* flow numbers: a JSON list of sorted integers, ``[1]``, ``[1, 2]``; ``[]``
  is the "none" flow;
* task outputs: a JSON object ``{trigger: message}`` (Cylc 8.0-8.2 wrote a
  JSON list of messages, which is still read);
* time stamps: extended ISO 8601 with a time zone, ``2025-01-31T06:00:00Z``
  in UTC mode or ``2025-01-31T19:00:00+13:00`` otherwise;
* prerequisite satisfaction: ``'0'`` when unsatisfied, else how it was
  satisfied (``'satisfied naturally'``, ``'force satisfied'``, ...);
* booleans: 0/1 (sqlite stores Python ``True``/``False`` so by itself).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

from cylc_flow.db.errors import DatabaseValueError

UNSATISFIED = '0'
SATISFIED_NATURALLY = 'satisfied naturally'

_FLOW_TEXT: dict[frozenset[int], str] = {}
_FLOW_NUMBERS: dict[str, frozenset[int]] = {}
_CACHE_LIMIT = 4096


def serialise_flow_nums(flow_nums: Iterable[int]) -> str:
    """Encode flow numbers as Cylc does: ``{2, 1}`` -> ``'[1, 2]'``."""
    key = flow_nums if isinstance(flow_nums, frozenset) else frozenset(flow_nums)
    text = _FLOW_TEXT.get(key)
    if text is None:
        text = json.dumps(sorted(key))
        if len(_FLOW_TEXT) < _CACHE_LIMIT:
            _FLOW_TEXT[key] = text
    return text


def deserialise_flow_nums(text: str | None) -> frozenset[int]:
    """Decode stored flow numbers; NULL or ``'[]'`` mean no flow."""
    if text is None:
        return frozenset()
    numbers = _FLOW_NUMBERS.get(text)
    if numbers is not None:
        return numbers
    try:
        value = json.loads(text)
        if not isinstance(value, list) or not all(
            isinstance(item, int) and not isinstance(item, bool)
            for item in value
        ):
            raise ValueError
    except (ValueError, TypeError, RecursionError):
        raise DatabaseValueError(f'bad flow numbers {text!r}') from None
    numbers = frozenset(value)
    if len(_FLOW_NUMBERS) < _CACHE_LIMIT:
        _FLOW_NUMBERS[text] = numbers
    return numbers


def serialise_outputs(outputs: Mapping[str, str]) -> str:
    """Encode completed outputs, ``{trigger: message}``, as JSON."""
    return json.dumps(dict(outputs))


def deserialise_outputs(text: str | None) -> dict[str, str]:
    """Decode completed outputs to ``{trigger: message}``.

    The Cylc 8.0-8.2 list-of-messages form decodes to ``{message: message}``
    (the triggers were not recorded).
    """
    if not text:
        return {}
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        raise DatabaseValueError(f'bad task outputs {text!r}') from None
    if isinstance(value, dict) and all(
        isinstance(item, str) for item in value.values()
    ):
        return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return {message: message for message in value}
    raise DatabaseValueError(f'bad task outputs {text!r}')


def serialise_satisfied(state: str | bool) -> str:
    """Encode a prerequisite's satisfaction state (False -> ``'0'``)."""
    if state is False or state == UNSATISFIED:
        return UNSATISFIED
    if state is True:
        return SATISFIED_NATURALLY
    return str(state)


def deserialise_satisfied(text: str | int | None) -> str | bool:
    """Decode a prerequisite's satisfaction: False, or how it was satisfied."""
    if text is None or text in (UNSATISFIED, 0):
        return False
    return str(text)


def decode_json(text: str | None, what: str) -> object:
    """Decode one JSON value stored in a TEXT column (NULL -> None)."""
    if text is None:
        return None
    try:
        return json.loads(text)
    except (ValueError, TypeError, RecursionError):
        raise DatabaseValueError(f'bad JSON in {what}: {text!r}') from None


def decode_float(text: str | float | None, what: str) -> float | None:
    """Decode a number stored in a TEXT column (Cylc writes floats there)."""
    if text is None or text == '':
        return None
    try:
        return float(text)
    except (ValueError, TypeError):
        raise DatabaseValueError(f'bad number in {what}: {text!r}') from None


def time_string(
    seconds: float | None = None,
    *,
    utc: bool = True,
    sub_seconds: bool = False,
) -> str:
    """Format a Unix time (default: now) as Cylc's database time stamps.

    ``2025-01-31T06:00:00Z`` in UTC mode, else local time with its offset,
    ``2025-01-31T19:00:00+13:00`` (``Z`` when the local offset is zero).
    ``sub_seconds`` adds microseconds (Cylc uses them for broadcast events).
    """
    if seconds is None:
        seconds = time.time()
    if utc:
        moment = datetime.fromtimestamp(seconds, UTC)
    else:
        moment = datetime.fromtimestamp(seconds).astimezone()
    text = moment.strftime(
        '%Y-%m-%dT%H:%M:%S.%f' if sub_seconds else '%Y-%m-%dT%H:%M:%S'
    )
    return text + _zone_suffix(moment)


def _zone_suffix(moment: datetime) -> str:
    offset = moment.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    if minutes == 0:
        return 'Z'
    sign = '-' if minutes < 0 else '+'
    hours, minutes = divmod(abs(minutes), 60)
    return f'{sign}{hours:02d}:{minutes:02d}'
