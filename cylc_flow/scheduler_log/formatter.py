"""The Cylc 8 scheduler log line format.

``2025-01-01T00:00:00Z INFO - message``: extended ISO 8601 time to the
second with the local UTC offset (``+13:00``; ``Z`` for a zero offset or in
UTC mode), the level name, `` - `` and the message.  Continuation lines of
a multi-line message, and the wrapped part of a very long line, are
indented by four spaces.
"""

from __future__ import annotations

import logging
import re
import textwrap
import time

MAX_WIDTH = 999
CONTINUATION_INDENT = '    '
# Line breaks (str.splitlines) and whitespace textwrap rewrites: slow path.
_REC_SPECIAL_WHITESPACE = re.compile(r'[\t\n\x0b\x0c\r\x1c\x1d\x1e\x85\u2028\u2029]')


def time_string(seconds: float, *, utc: bool) -> str:
    """Format seconds since the epoch as Cylc log timestamps do."""
    if utc:
        return time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(seconds))
    local = time.localtime(seconds)
    text = time.strftime('%Y-%m-%dT%H:%M:%S', local)
    offset = local.tm_gmtoff or 0
    if offset == 0:
        return text + 'Z'
    sign = '+' if offset > 0 else '-'
    hours, minutes = divmod(abs(offset) // 60, 60)
    return f'{text}{sign}{hours:02d}:{minutes:02d}'


class CylcLogFormatter(logging.Formatter):
    """Format records as Cylc 8 scheduler log lines."""

    def __init__(
        self,
        *,
        utc: bool = False,
        timestamp: bool = True,
        max_width: int = MAX_WIDTH,
    ) -> None:
        super().__init__()
        self.utc = utc
        self.timestamp = timestamp
        self.max_width = max_width
        self._cached_second = -1
        self._cached_time = ''

    def formatTime(
        self, record: logging.LogRecord, datefmt: str | None = None,
    ) -> str:
        """The record time as an ISO 8601 string (cached per second)."""
        second = int(record.created)
        if second != self._cached_second:
            self._cached_time = time_string(second, utc=self.utc)
            self._cached_second = second
        return self._cached_time

    def format(self, record: logging.LogRecord) -> str:
        """One (possibly multi-line) log entry, without a final newline."""
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            message = f'{message}\n{record.exc_text}'
        if record.stack_info:
            message = f'{message}\n{self.formatStack(record.stack_info)}'
        if self.timestamp:
            text = f'{self.formatTime(record)} {record.levelname} - {message}'
        else:
            text = f'{record.levelname} - {message}'
        if (
            len(text) <= self.max_width
            and _REC_SPECIAL_WHITESPACE.search(text) is None
            and not text[-1:].isspace()
        ):
            return text
        return self._wrap(text)

    def _wrap(self, text: str) -> str:
        """Indent continuation lines and wrap over-long ones."""
        lines = []
        for part_number, part in enumerate(text.splitlines()):
            lines.extend(textwrap.wrap(
                part,
                width=self.max_width,
                initial_indent='' if part_number == 0 else CONTINUATION_INDENT,
                subsequent_indent=CONTINUATION_INDENT,
            ))
        return '\n'.join(lines)
