"""Read a config file (or a string) into lines."""

from __future__ import annotations

from pathlib import Path

from cylc_flow.exceptions import FileParseError


def split_text(text: str) -> list[str]:
    """Split text into lines the way reading a file does.

    ``\\r\\n`` and ``\\r`` count as line ends; a final line end does not
    start another (empty) line.
    """
    if '\r' in text:
        text = text.replace('\r\n', '\n').replace('\r', '\n')
    lines = text.split('\n')
    if lines and lines[-1] == '':
        lines.pop()
    return lines


def read_lines(
    path: str | Path,
    *,
    including_file: str | None = None,
    line_num: int | None = None,
) -> list[str]:
    """Return the lines of a UTF-8 text file.

    Raises FileParseError naming the file (or, for an include-file, the
    including file and line) when the file cannot be read.
    """
    try:
        with open(path, encoding='utf-8') as handle:
            text = handle.read()
    except UnicodeDecodeError as exc:
        raise FileParseError(
            f'{path}: not a UTF-8 text file ({exc.reason} at byte {exc.start})',
            including_file,
            line_num,
        ) from None
    except (OSError, ValueError) as exc:  # ValueError: NUL in the path
        reason = getattr(exc, 'strerror', None) or str(exc)
        if including_file is None:
            raise FileParseError(f'cannot read file: {reason}', str(path)) from None
        raise FileParseError(
            f'cannot read include-file {path}: {reason}', including_file, line_num
        ) from None
    return split_text(text)
