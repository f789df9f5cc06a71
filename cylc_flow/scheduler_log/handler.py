"""A buffered logging handler for the rolling scheduler log files.

Lines are formatted when logged but written in one ``write`` per scheduler
turn (:meth:`SchedulerLogHandler.flush`), when the buffer grows large, or at
once for ERROR and worse.  ``logging.shutdown`` (run at interpreter exit)
flushes too, so only a hard kill loses lines, and then only the current
turn's.  When a file would reach ``maximum size in bytes`` the handler moves
on to the next ``NN`` (same load type and start number), repoints the
``log`` symlink, deletes files beyond the rolling archive length and writes
the header records again at the top of the new file.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from pathlib import Path

from cylc_flow.scheduler_log.formatter import CylcLogFormatter
from cylc_flow.scheduler_log.naming import (
    LINK_NAME,
    LOG_EXTENSION,
    LogFileName,
    next_log_number,
    numbered_logs,
)

MIN_BYTES = 1024
DEFAULT_BUFFER_BYTES = 64 * 1024
_OPEN_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, 'O_CLOEXEC', 0)


class SchedulerLogHandler(logging.Handler):
    """Write Cylc log lines to ``NN-<load type>-RR.log`` files, rolling by size.

    Mark a record with ``extra=HEADER_EXTRA`` to have it repeated at the top
    of every later file; give it also ``cylc_log_num`` and a single ``%d``
    argument to have that argument replaced by the file's rollover count.
    """

    HEADER_FLAG = 'cylc_log_file_header'
    ROLLOVER_NUMBER = 'cylc_log_num'
    HEADER_EXTRA = {HEADER_FLAG: True}

    def __init__(
        self,
        directory: Path,
        *,
        load_type: str,
        start_number: int,
        max_bytes: int,
        archive_length: int,
        utc: bool = False,
        timestamp: bool = True,
        buffer_bytes: int = DEFAULT_BUFFER_BYTES,
        flush_level: int = logging.ERROR,
        redirect_std_streams: bool = False,
    ) -> None:
        super().__init__()
        self.directory = Path(directory)
        self.load_type = load_type
        self.start_number = start_number
        self.max_bytes = max(int(max_bytes), MIN_BYTES)
        self.archive_length = max(int(archive_length or 0), 0)
        self.buffer_bytes = buffer_bytes
        self.flush_level = flush_level
        self.redirect_std_streams = redirect_std_streams
        self.setFormatter(CylcLogFormatter(utc=utc, timestamp=timestamp))
        self.current_path: Path | None = None
        self.rollover_count = 0
        self._buffer: list[bytes] = []
        self._buffered = 0
        self._size = 0
        self._header_bytes = 0
        self._headers: list[logging.LogRecord] = []
        self._fd: int | None = None
        self._closed = False
        self._log_number = next_log_number(self.directory, LOG_EXTENSION) - 1
        self._open_next_file()

    # logging.Handler interface

    def emit(self, record: logging.LogRecord) -> None:
        """Buffer one formatted record, rolling over first if it would not fit."""
        if self._closed:
            return
        try:
            data = (self.format(record) + '\n').encode('utf-8', 'backslashreplace')
            if (
                self._size > self._header_bytes
                and self._size + len(data) >= self.max_bytes
            ):
                self._roll_over()
            if record.__dict__.get(self.HEADER_FLAG):
                self._headers.append(record)
                self._header_bytes += len(data)
            self._buffer.append(data)
            self._buffered += len(data)
            self._size += len(data)
            if (
                record.levelno >= self.flush_level
                or self._buffered >= self.buffer_bytes
            ):
                self._write_buffer()
        except RecursionError:
            raise
        except Exception:
            self.handleError(record)

    def flush(self) -> None:
        """Write every buffered line (call once per scheduler turn)."""
        with self.lock:
            self._write_buffer()

    def close(self) -> None:
        """Flush and close the current file; later records are dropped."""
        with self.lock:
            if not self._closed:
                try:
                    self._write_buffer()
                finally:
                    self._closed = True
                    if self._fd is not None:
                        os.close(self._fd)
                        self._fd = None
        super().close()

    # internals

    def _write_buffer(self) -> None:
        if not self._buffer or self._fd is None:
            return
        data = memoryview(b''.join(self._buffer))
        self._buffer.clear()
        self._buffered = 0
        while data:
            written = os.write(self._fd, data)
            data = data[written:]

    def _roll_over(self) -> None:
        self._write_buffer()
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        self._open_next_file()
        now = time.time()
        for record in self._headers:
            if self.ROLLOVER_NUMBER in record.__dict__:
                record.__dict__[self.ROLLOVER_NUMBER] = self.rollover_count
                record.args = (self.rollover_count,)
            record.created = now
            data = (self.format(record) + '\n').encode('utf-8', 'backslashreplace')
            self._buffer.append(data)
            self._buffered += len(data)
            self._size += len(data)
            self._header_bytes += len(data)

    def _open_next_file(self) -> None:
        self._log_number += 1
        name = str(LogFileName(
            self._log_number, self.load_type, self.start_number, LOG_EXTENSION,
        ))
        path = self.directory / name
        self.directory.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(path, _OPEN_FLAGS, 0o644)
        self._size = os.fstat(self._fd).st_size
        self._header_bytes = 0
        self.current_path = path
        self.rollover_count += 1
        self._relink(name)
        self._housekeep()
        if self.redirect_std_streams:
            for stream in (sys.stdout, sys.stderr):
                with contextlib.suppress(Exception):
                    stream.flush()
            os.dup2(self._fd, 1)
            os.dup2(self._fd, 2)

    def _relink(self, name: str) -> None:
        """Point the ``log`` symlink at ``name`` (atomically)."""
        link = self.directory / LINK_NAME
        temporary = self.directory / f'.{LINK_NAME}.{os.getpid()}.tmp'
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        os.symlink(name, temporary)
        os.replace(temporary, link)

    def _housekeep(self) -> None:
        """Delete the oldest files beyond the rolling archive length."""
        if not self.archive_length:
            return
        logs = numbered_logs(self.directory, LOG_EXTENSION)
        excess = len(logs) - self.archive_length
        for _name, path in logs[:max(excess, 0)]:
            if path != self.current_path:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(path)
