"""Validate a raw nested config against a spec and coerce its values."""

from __future__ import annotations

from collections.abc import Sequence
from difflib import get_close_matches
from typing import Any

from cylc_flow.config.spec.locations import Origins, item_path, locate, shorten
from cylc_flow.config.spec.model import Item, Section
from cylc_flow.config.spec.value_types import STRING
from cylc_flow.exceptions import IllegalItemError, IllegalValueError


class _Context:
    """What every level of the walk needs to report an error."""

    __slots__ = ('filename', 'origins')

    def __init__(self, origins: Origins | None, filename: str) -> None:
        self.origins = origins
        self.filename = filename

    def illegal_item(
        self, keys: tuple[str, ...], name: str, is_section: bool, reason: str = '',
    ) -> IllegalItemError:
        where = item_path((*keys, name)) if is_section else item_path(keys, name)
        filename, line = locate(self.origins, (*keys, name), self.filename)
        return IllegalItemError(f'illegal item: {where}{reason}', filename, line)


def validate(
    data: dict, spec: Section, origins: Origins | None = None, filename: str = '',
) -> dict:
    """Return a new nested dict with every value coerced to its spec type.

    Raises:
        IllegalItemError: an unknown item or section, or a section given
            where an item is expected (or the reverse).
        IllegalValueError: a value that does not fit its item's type.
    """
    context = _Context(origins, filename)
    if not isinstance(data, dict):
        raise IllegalItemError('the configuration is not a set of sections',
                               filename)
    return _validate_section(data, spec, (), context)


def _validate_section(
    data: dict, section: Section, keys: tuple[str, ...], context: _Context,
) -> dict:
    result: dict[str, Any] = {}
    fixed = section.fixed
    many = section.many
    for key, value in data.items():
        node = fixed.get(key)
        if node is None:
            node = _wildcard(many, section, keys, key, value, context)
        if node.is_section:
            if not isinstance(value, dict):
                raise context.illegal_item(
                    keys, key, False,
                    f' ("{key}" should be a [section] not a setting)',
                )
            result[key] = _validate_section(value, node, (*keys, key), context)
        elif type(value) is str:
            try:
                coerced = node.value_type.coerce(value)
            except IllegalValueError as exc:
                raise _bad_value(node, value, keys, key, context,
                                 exc.reason) from None
            if node.options is not None and coerced is not None:
                _check_options(node, coerced, value, keys, key, context)
            result[key] = coerced
        else:
            result[key] = _coerce_other(node, value, keys, key, context)
    return result


def _wildcard(
    many: Section | Item | None, section: Section, keys: tuple[str, ...],
    key: Any, value: Any, context: _Context,
) -> Section | Item:
    """The wildcard node for a key that is not a fixed child, or an error."""
    is_dict = isinstance(value, dict)
    if not isinstance(key, str):
        raise context.illegal_item(keys, str(key), is_dict)
    if many is None:
        raise _unknown(context, section, keys, key, is_dict)
    if not is_dict and '  ' in key and not many.is_section and not many.free_name:
        raise context.illegal_item(keys, key, False, ' (consecutive spaces)')
    return many


def _unknown(
    context: _Context, section: Section, keys: tuple[str, ...], key: str,
    is_dict: bool,
) -> IllegalItemError:
    candidates = [
        name for name, node in section.fixed.items() if node.is_section == is_dict
    ] or list(section.fixed)
    matches = get_close_matches(key, candidates, n=1)
    reason = f' (did you mean "{matches[0]}"?)' if matches else ''
    return context.illegal_item(keys, key, is_dict, reason)


def _coerce_other(
    node: Item, raw: Any, keys: tuple[str, ...], key: str, context: _Context,
) -> Any:
    """Coerce a value that is not a plain string (None, a list, a section)."""
    if raw is None:
        return None
    if isinstance(raw, dict):
        raise context.illegal_item(
            keys, key, True, f' ("{key}" should be a setting not a [section])'
        )
    if not (
        isinstance(raw, list) and node.value_type is STRING
        and all(isinstance(part, str) for part in raw)
    ):
        raise _bad_value(node, raw, keys, key, context, 'expected one value')
    text = '\n'.join(raw)  # repeated graph strings add up
    try:
        return node.value_type.coerce(text)
    except IllegalValueError as exc:
        raise _bad_value(node, text, keys, key, context, exc.reason) from None


def _check_options(
    node: Item, value: Any, raw: str, keys: tuple[str, ...], key: str,
    context: _Context,
) -> None:
    options = node.options or ()
    for one in value if isinstance(value, list) else (value,):
        if one not in options:
            raise _bad_value(
                node, raw, keys, key, context,
                'must be one of ' + ', '.join(str(option) for option in options),
            )


def _bad_value(
    node: Item, raw: Any, keys: tuple[str, ...], key: str, context: _Context,
    reason: str,
) -> IllegalValueError:
    filename, line = locate(context.origins, (*keys, key), context.filename)
    detail = f'; {reason}' if reason else ''
    return IllegalValueError(
        f'illegal value for {item_path(keys, key)} = "{shorten(raw)}" '
        f'(expected {node.value_type.label}{detail})',
        filename, line,
    )


def get_item_spec(spec: Section, keys: Sequence[str]) -> Section | Item:
    """The spec node for a key path, e.g. ``['runtime', 'foo', 'script']``.

    Wildcard sections match any name (``__MANY__`` and ``<namespace>`` too).

    Raises:
        IllegalItemError: if the path does not exist in the spec.
    """
    node: Section | Item = spec
    for depth, key in enumerate(keys):
        if not isinstance(node, Section):
            raise IllegalItemError(
                f'illegal item: {item_path(keys[:depth - 1], keys[depth - 1])} '
                'is a setting, not a section'
            )
        child = node.fixed.get(key, node.many)
        if child is None:
            parents = keys[:depth]
            matches = get_close_matches(key, list(node.fixed), n=1)
            reason = f' (did you mean "{matches[0]}"?)' if matches else ''
            raise IllegalItemError(
                f'illegal item: {item_path(parents, key)}{reason}'
            )
        node = child
    return node
