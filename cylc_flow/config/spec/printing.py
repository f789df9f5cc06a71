"""Write a config back out in flow.cylc syntax, and document spec nodes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TextIO

from cylc_flow.config.spec.locations import item_path
from cylc_flow.config.spec.model import Item, Section
from cylc_flow.config.spec.validate import get_item_spec
from cylc_flow.config.spec.value_types import INTEGER_LIST, PARAMETER_LIST

_RANGE_TYPES = (INTEGER_LIST, PARAMETER_LIST)
_LIST_SPECIALS = frozenset(',#"\'')


def print_config(
    data: dict,
    spec: Section | None,
    *,
    one_line: bool = False,
    indent: str = '    ',
    out: TextIO,
    none_str: str = '',
) -> None:
    """Write a (coerced) config as ``cylc config`` prints it.

    Items come before sub-sections, as in Cylc; headings get one more bracket
    per level; lists are comma-joined (quoted where needed); durations print
    as ISO 8601; multi-line strings use triple quotes. With ``one_line`` each
    item is printed as ``[section][sub]item = value``.
    """
    _print_section(data, spec, [], one_line, indent, out, none_str)


def _print_section(
    data: dict, spec: Section | None, keys: list[str], one_line: bool,
    indent: str, out: TextIO, none_str: str,
) -> None:
    depth = len(keys)
    margin = indent * max(depth - 1, 0)
    if keys and not one_line:
        out.write(f'{margin}{"[" * depth}{keys[-1]}{"]" * depth}\n')
    item_margin = indent * depth if depth else ''
    subsections = []
    for key, value in data.items():
        node = spec.child(key) if spec is not None else None
        if isinstance(value, dict):
            subsections.append((key, value, node))
            continue
        item_spec = node if isinstance(node, Item) else None
        text = format_value(value, item_spec, none_str)
        if one_line:
            text = text.replace('\n', '\\n')
            out.write(f'{item_path(keys, key)} = {text}\n')
        elif '\n' in text:
            out.write(f'{item_margin}{key} = {_block(text, item_margin, indent)}\n')
        elif text:
            out.write(f'{item_margin}{key} = {text}\n')
        else:
            out.write(f'{item_margin}{key} =\n')
    for key, value, node in subsections:
        section_spec = node if isinstance(node, Section) else None
        _print_section(value, section_spec, [*keys, key], one_line, indent, out,
                       none_str)


def _block(text: str, margin: str, indent: str) -> str:
    """A triple-quoted multi-line value, indented one level in."""
    quotes = '"""' if '"""' not in text else "'''"
    body = ''.join(
        f'{margin}{indent}{line}' if line.strip() else line
        for line in text.splitlines(True)
    )
    return f'{quotes}\n{body}\n{margin}{quotes}'


def format_value(value: Any, spec: Item | None = None, none_str: str = '') -> str:
    """The text of one value in flow.cylc syntax."""
    if value is None:
        return none_str
    if isinstance(value, str):
        return _format_string(value)
    if isinstance(value, list):
        compact = spec is None or spec.value_type in _RANGE_TYPES
        return _join_list(value, compact, none_str)
    return str(value)


def _format_string(value: str) -> str:
    """Quote a single-line string only where the reader would misread it."""
    if '\n' in value or not value:
        return value
    needs_quotes = (
        '#' in value or value[0] in '"\'' or value[-1] in '"\''
        or value != value.strip()
    )
    if not needs_quotes:
        return value
    for quote in ("'", '"'):
        if quote not in value:
            return f'{quote}{value}{quote}'
    return f"'''{value}'''"


def _join_list(values: list[Any], compact: bool, none_str: str) -> str:
    if not values:
        return none_str
    if (
        compact and len(values) > 2
        and all(type(one) is int for one in values)
    ):
        return _join_integers(values)
    parts = []
    for one in values:
        if one is None:
            parts.append(none_str)
            continue
        text = str(one)
        if _LIST_SPECIALS.intersection(text) or text != text.strip():
            quote = "'" if "'" not in text else '"'
            text = f'{quote}{text}{quote}'
        parts.append(text)
    return ', '.join(parts)


def _join_integers(values: list[int]) -> str:
    """Compact integers into ``a..b[..step]`` runs and ``N*x`` repeats."""
    parts: list[str] = []
    index = 0
    count = len(values)
    while index < count:
        end = index + 1
        if end < count:
            step = values[end] - values[index]
            while end + 1 < count and values[end + 1] - values[end] == step:
                end += 1
        if end - index >= 2:
            first, last = values[index], values[end]
            step = values[index + 1] - first
            if step == 0:
                parts.append(f'{end - index + 1}*{first}')
            elif step == 1:
                parts.append(f'{first}..{last}')
            elif step > 1:
                parts.append(f'{first}..{last}..{step}')
            else:
                parts.extend(str(one) for one in values[index:end + 1])
            index = end + 1
        else:
            parts.append(str(values[index]))
            index += 1
    return ', '.join(parts)


def describe_spec(spec: Section, keys: Sequence[str] = ()) -> str:
    """Documentation for the item or section at ``keys`` (the whole spec if
    empty): its type, default, options and description."""
    node = get_item_spec(spec, keys) if keys else spec
    if isinstance(node, Item):
        lines = [
            f'{item_path(list(keys[:-1]), node.name)}',
            f'  type: {node.value_type.label} ({node.value_type.help})',
            f'  default: {format_value(node.default, node) or "(none)"}',
        ]
        if node.options:
            lines.append(f'  options: {", ".join(str(o) for o in node.options)}')
        lines.append(f'  {node.desc}')
        return '\n'.join(lines)
    heading = item_path([*list(keys[:-1]), node.name]) if keys else node.name
    lines = [heading, f'  {node.desc}']
    for child in node.children:
        if isinstance(child, Section):
            lines.append(f'  [{child.name}]  {child.desc}')
        else:
            lines.append(f'  {child.name}  ({child.value_type.label}) {child.desc}')
    return '\n'.join(lines)
