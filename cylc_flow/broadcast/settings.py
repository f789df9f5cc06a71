"""Broadcast settings: parse, flatten, validate against the runtime spec.

A broadcast setting names one ``[runtime][<namespace>]`` item.  It arrives
either as text (``script=true``, ``[environment]FOO = bar``, for a cancel
just ``[environment]FOO``) or as a nested object
(``{"environment": {"FOO": "bar"}}``, as Cylc 8's CLI sends it).  Inside the
store every setting is one *leaf*: the path of keys down to an item and the
item's raw text, e.g. ``(("environment", "FOO"), "bar")``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from cylc_flow.exceptions import CylcError

SettingPath = tuple[str, ...]
Leaf = tuple[SettingPath, str | None]

_SECTION = re.compile(r'\[([^\[\]]*)\]')
_KEY_TEXT = re.compile(r'^((?:\[[^\[\]]*\])*)([^\[\]]*)$')


class BroadcastSettingError(CylcError):
    """A broadcast setting that is malformed or not a runtime item."""


def parse_setting_text(text: str, *, with_value: bool = True) -> Leaf:
    """``[sec]key=value`` (or, ``with_value=False``, ``[sec]key``) as a leaf.

    Spaces around names and the value are stripped, as Cylc's CLI does.
    """
    if not isinstance(text, str):
        raise BroadcastSettingError(f'not a setting: {text!r}')
    left, equals, right = text.partition('=')
    if with_value and not equals:
        raise BroadcastSettingError(
            f'--set=[SEC]ITEM=VALUE requires a value: {text.strip()!r}')
    if not with_value and equals:
        raise BroadcastSettingError(
            f'--cancel=[SEC]ITEM does not take a value: {text.strip()!r}')
    path = parse_key(left)
    return path, (right.strip() if with_value else None)


def parse_key(text: str) -> SettingPath:
    """``[environment]FOO`` -> ``("environment", "FOO")``."""
    match = _KEY_TEXT.match(text.strip())
    if match is None:
        raise BroadcastSettingError(f'malformed setting name: {text.strip()!r}')
    sections = [name.strip() for name in _SECTION.findall(match.group(1))]
    item = match.group(2).strip()
    path = (*sections, item) if item else tuple(sections)
    if not path or any(not part for part in path):
        raise BroadcastSettingError(f'malformed setting name: {text.strip()!r}')
    return path


def format_key(path: SettingPath) -> str:
    """``("environment", "FOO")`` -> ``[environment]FOO`` (the DB key)."""
    return ''.join(f'[{part}]' for part in path[:-1]) + path[-1]


def flatten_setting(setting: Any, *, with_value: bool = True) -> list[Leaf]:
    """Every leaf of a setting given as text or as a nested object."""
    if isinstance(setting, str):
        return [parse_setting_text(setting, with_value=with_value)]
    if not isinstance(setting, Mapping) or not setting:
        raise BroadcastSettingError(f'not a setting: {setting!r}')
    leaves: list[Leaf] = []
    _collect_leaves(setting, (), leaves, with_value)
    return leaves


def _collect_leaves(section: Mapping, path: SettingPath, leaves: list[Leaf],
                    with_value: bool) -> None:
    """Append the leaves of ``section`` in order (depth first)."""
    if len(path) > 8:
        raise BroadcastSettingError(f'setting nested too deeply: {path!r}')
    for key, value in section.items():
        if not isinstance(key, str) or not key.strip():
            raise BroadcastSettingError(f'bad setting name: {key!r}')
        here = (*path, key.strip())
        if isinstance(value, Mapping):
            if not value:
                raise BroadcastSettingError(
                    f'empty section: {format_key(here)}')
            _collect_leaves(value, here, leaves, with_value)
        else:
            leaves.append((here, raw_text(value) if with_value else None))


def raw_text(value: Any) -> str:
    """A value as the text a flow.cylc would hold (lists comma-joined)."""
    if value is None:
        return ''
    if isinstance(value, bool):
        return 'True' if value else 'False'
    if isinstance(value, (list, tuple)):
        return ', '.join(raw_text(item) for item in value)
    return str(value).strip() if isinstance(value, str) else str(value)


def nest(path: SettingPath, value: Any) -> dict:
    """``(("environment", "FOO"), "bar")`` -> ``{"environment": {"FOO": "bar"}}``."""
    result: Any = value
    for part in reversed(path):
        result = {part: result}
    return result


def set_leaf(target: dict, path: SettingPath, value: Any) -> None:
    """Set ``value`` at ``path`` in a nested dict, making sections (and
    replacing an item that is in the way) as needed."""
    for part in path[:-1]:
        section = target.get(part)
        if not isinstance(section, dict):
            section = target[part] = {}
        target = section
    target[path[-1]] = value


def describe_leaf(path: SettingPath, value: str | None) -> str:
    """``[environment]FOO=bar`` (or just the key when there is no value)."""
    key = format_key(path)
    return key if value is None else f'{key}={value}'


def check_path(path: SettingPath) -> None:
    """Reject items that a broadcast may not change, or that do not exist."""
    from cylc_flow.config.spec import get_item_spec
    from cylc_flow.config.spec.flow_runtime import NAMESPACE
    from cylc_flow.exceptions import IllegalItemError

    if path[0] == 'inherit':
        raise BroadcastSettingError('Inheritance cannot be changed by broadcast')
    try:
        node = get_item_spec(NAMESPACE, path)
    except IllegalItemError as error:
        raise BroadcastSettingError(str(error)) from None
    if node.is_section:
        raise BroadcastSettingError(
            f'{format_key(path)} is a section, not a setting')


def coerce_leaf(path: SettingPath, value: str) -> Any:
    """The typed value of a leaf (e.g. an interval as seconds), validated
    against ``[runtime][<namespace>]`` of the flow.cylc spec."""
    from cylc_flow.config.spec import validate
    from cylc_flow.config.spec.flow_runtime import NAMESPACE
    from cylc_flow.exceptions import IllegalItemError, IllegalValueError

    check_path(path)
    try:
        coerced = validate(nest(path, value), NAMESPACE)
    except (IllegalItemError, IllegalValueError) as error:
        raise BroadcastSettingError(str(error)) from None
    for part in path:
        coerced = coerced[part]
    return coerced
