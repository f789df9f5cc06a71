"""Read ``cylc broadcast -F/-G`` files: ``[runtime][<namespace>]`` settings
written as in a flow.cylc, e.g.::

    script = echo hello
    [environment]
        VERSE = the quick brown fox
"""

from __future__ import annotations

from collections.abc import Callable

from cylc_flow.broadcast.settings import (
    BroadcastSettingError,
    SettingPath,
    coerce_leaf,
    flatten_setting,
)
from cylc_flow.broadcast.upgrade import upgrade_leaves
from cylc_flow.exceptions import FileParseError


def read_setting_file(name: str, text: str | None = None,
                      warn: Callable[[str], None] | None = None,
                      ) -> list[tuple[SettingPath, str]]:
    """The settings of a file (or of ``text``, e.g. read from stdin), with
    Cylc 7 item names upgraded (reported through ``warn``), each checked
    against the runtime spec.

    Raises:
        BroadcastSettingError: the file cannot be read, or holds a bad item.
    """
    from cylc_flow.config.parsec import parse_file, parse_text

    shown = '<stdin>' if name == '-' else name
    try:
        parsed = parse_text(text, shown) if text is not None else parse_file(name)
    except FileParseError as error:
        raise BroadcastSettingError(str(error)) from None
    except OSError as error:
        raise BroadcastSettingError(
            f'{shown}: cannot read: {error.strerror or error}') from None
    if not parsed.data:
        return []
    leaves: list[tuple[SettingPath, str]] = []
    try:
        found = upgrade_leaves(flatten_setting(parsed.data), warn)
    except BroadcastSettingError as error:
        raise BroadcastSettingError(f'{shown}: {error}') from None
    for path, value in found:
        raw = value or ''
        try:
            coerce_leaf(path, raw)
        except BroadcastSettingError as error:
            raise BroadcastSettingError(f'{shown}: {error}') from None
        leaves.append((path, raw))
    return leaves
