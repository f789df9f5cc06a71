"""Wall-clock time strings as Cylc writes them in job files and summaries.

Extended ISO 8601 to the second with the local offset
(``2025-01-31T12:00:00+13:00``), ``Z`` for UTC (``2025-01-31T12:00:00Z``);
the same format ``job.sh`` writes.
"""

from __future__ import annotations

import time


def time_string(utc: bool = False, seconds: float | None = None) -> str:
    """Return the time (now, or ``seconds`` since the epoch) as a string."""
    if seconds is None:
        seconds = time.time()
    if utc:
        return time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(seconds))
    text = time.strftime('%Y-%m-%dT%H:%M:%S%z', time.localtime(seconds))
    offset = text[-5:]
    if offset in ('+0000', '-0000'):
        return text[:-5] + 'Z'
    return f'{text[:-2]}:{text[-2:]}'
