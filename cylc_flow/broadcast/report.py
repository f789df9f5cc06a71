"""Broadcast reports, worded as Cylc 8 words them.

Change reports (scheduler log and command output)::

    Broadcast set:
    + [*/root] [environment]FOO=bar

Bad options (command error output, scheduler log)::

    No broadcast to cancel/clear for these options:
      --namespace=m4
      --point=20100809T00

The ``--display`` tree::

    *
     `-root
       `-environment
         `-FOO      bar
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from cylc_flow.broadcast.settings import (
    BroadcastSettingError,
    describe_leaf,
    flatten_setting,
    format_key,
)
from cylc_flow.broadcast.store import BroadcastChange

CHANGE_TITLE_SET = 'Broadcast set:'
CHANGE_TITLE_CANCEL = 'Broadcast cancelled:'
BAD_OPTIONS_TITLE = 'No broadcast to cancel/clear for these options:'
BAD_OPTIONS_TITLE_SET = ('Rejected broadcast: settings are not compatible'
                         ' with the workflow')
# bad option kinds -> their command-line names
OPTION_NAMES = {
    'cancel': 'cancel',
    'expire': 'expire',
    'namespaces': 'namespace',
    'point_strings': 'point',
    'settings': 'set',
}

ASCII_TREE = ('|', '|-', '`-')
UNICODE_TREE = ('\u2502', '\u251c\u2500', '\u2514\u2500')


def change_line(change: BroadcastChange, is_cancel: bool = False) -> str:
    """``+ [point/namespace] [section]key=value``."""
    sign = '-' if is_cancel else '+'
    return (f'{sign} [{change.point}/{change.namespace}]'
            f' {change.key}={change.value}')


def change_report(changes: Iterable[BroadcastChange],
                  is_cancel: bool = False) -> str:
    """The title and one line per change, sorted by point and namespace;
    empty if nothing changed."""
    ordered = sorted(changes, key=lambda change: (change.point, change.namespace))
    if not ordered:
        return ''
    title = CHANGE_TITLE_CANCEL if is_cancel else CHANGE_TITLE_SET
    return '\n'.join([title, *(change_line(change, is_cancel)
                               for change in ordered)])


def bad_options_report(bad_options: Mapping[str, list[Any]],
                       is_set: bool = False) -> str:
    """The title and one ``--option=value`` line per bad option value."""
    if not bad_options:
        return ''
    lines = [BAD_OPTIONS_TITLE_SET if is_set else BAD_OPTIONS_TITLE]
    for kind in sorted(bad_options):
        name = OPTION_NAMES.get(kind, kind)
        for value in bad_options[kind]:
            for text in _option_texts(value):
                lines.append(f'  --{name}={text}')
    return '\n'.join(lines)


def _option_texts(value: Any) -> list[str]:
    """A bad value as command-line text (a setting as ``[sec]key=value``)."""
    if isinstance(value, Mapping):
        try:
            return [describe_leaf(path, leaf_value) for path, leaf_value
                    in flatten_setting(value)]
        except BroadcastSettingError:
            return [repr(value)]
    if isinstance(value, (list, tuple)):  # a setting path
        return [format_key(tuple(str(part) for part in value)) if value else '']
    return ['' if value is None else str(value)]


def changes_from_response(modified: Any) -> list[BroadcastChange]:
    """The changes listed in a mutation response's ``modified_settings``
    (``[[point, namespace, {setting}], ...]``).

    Raises:
        BroadcastSettingError: if an entry is malformed.
    """
    if not isinstance(modified, (list, tuple)):
        raise BroadcastSettingError(f'not a list of settings: {modified!r}')
    changes: list[BroadcastChange] = []
    for entry in modified:
        if not isinstance(entry, (list, tuple)) or len(entry) != 3:
            raise BroadcastSettingError(f'malformed setting: {entry!r}')
        point, namespace, setting = entry
        for path, value in flatten_setting(setting):
            changes.append(BroadcastChange(str(point), str(namespace), path,
                                           value or ''))
    return changes


def response_report(response: Any, *, is_set: bool) -> tuple[str, str]:
    """(change report, bad options report) of a broadcast mutation's
    ``[modified_settings, bad_options]`` response, as Cylc 8's client words
    them (a set reports ``+`` lines, anything else ``-`` lines).

    Raises:
        BroadcastSettingError: if the response is malformed.
    """
    if not isinstance(response, (list, tuple)) or len(response) != 2:
        raise BroadcastSettingError(f'malformed response: {response!r}')
    modified, bad_options = response
    if bad_options is None:
        bad_options = {}
    if not isinstance(bad_options, Mapping):
        raise BroadcastSettingError(f'malformed bad options: {bad_options!r}')
    changes = changes_from_response(modified or [])
    return (change_report(changes, is_cancel=not is_set),
            bad_options_report(bad_options, is_set=is_set))


# ---- the --display tree ------------------------------------------------------------
def tree_padding(tree: Mapping, level: int = 0, width: int = 0) -> int:
    """The widest ``2 * depth + len(key)`` in the tree (values line up)."""
    level += 1
    for key, value in tree.items():
        width = max(width, level * 2 + len(str(key)))
        if isinstance(value, Mapping):
            width = tree_padding(value, level, width)
    return width


def tree_lines(tree: Mapping, use_unicode: bool = False) -> list[str]:
    """Cylc's ``--display`` tree of a nested dict (keys sorted)."""
    width = tree_padding(tree)
    lines: list[str] = []
    _tree_level(tree, lines, '', 0, width,
                UNICODE_TREE if use_unicode else ASCII_TREE)
    return lines


def _tree_level(tree: Mapping, lines: list[str], lead: str, depth: int,
                width: int, chars: tuple[str, str, str]) -> None:
    bar, tee, last_tee = chars
    keys = sorted(tree, key=str)
    for index, key in enumerate(keys):
        is_last = index == len(keys) - 1
        if depth == 0:
            text = str(key)
            child_lead = ''
        else:
            text = f'{lead} {last_tee if is_last else tee}{key}'
            child_lead = lead + ('  ' if is_last else f' {bar}')
        line = text + ' ' * max(1, width + 1 - len(text))
        value = tree[key]
        if isinstance(value, Mapping):
            lines.append(line)
            _tree_level(value, lines, child_lead, depth + 1, width, chars)
        else:
            lines.append(line + _value_text(value))


def _value_text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ', '.join(str(item) for item in value)
    return str(value)
