"""Task parameters: ``[task parameters]`` values, name templates, expansion.

``proc<m>`` with ``m = 1..4`` names ``proc_m1`` .. ``proc_m4``.  Default
templates follow Cylc 8: integers ``_<name>%(<name>)0Nd`` zero-padded to the
widest value (``_<name>%(<name>)+0Nd`` when any value is negative), strings
``_%(<name>)s``.  Inside ``<...>``: ``m`` (every value), ``m=2`` (one value),
``m-1`` / ``m+1`` (the previous / next value in the list; graph only).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import product
from typing import TypeAlias

from cylc_flow.exceptions import ParamExpandError

Value: TypeAlias = int | str

_PARAMETER_NAME = re.compile(r'\w+\Z')
_STRING_VALUE = re.compile(r'[\w\-+%@]+\Z')
_ITEM = re.compile(r'\s*(\w+)\s*(?:([+\-])\s*(\d+)|=\s*([\w\-+%@]+))?\s*\Z')
_GROUP = re.compile(r'<([^<>]*)>')
_HEADING_NAMES = re.compile(r'(?:[^,<]|<[^>]*>)+')


@dataclass(frozen=True, slots=True)
class ParameterItem:
    """One entry of a ``<...>`` group: ``m``, ``m=2`` or ``m-1``."""

    name: str
    offset: int = 0
    value: Value | None = None


@dataclass(frozen=True, slots=True)
class NameTemplate:
    """A parameterised name split into literal text and ``<...>`` groups."""

    parts: tuple[str | tuple[ParameterItem, ...], ...]
    loop_names: tuple[str, ...]  # parameters iterated over (free or offset)


class Parameters:
    """The workflow's task parameters and their name templates."""

    def __init__(
        self,
        values: Mapping[str, Sequence[Value]],
        templates: Mapping[str, str] | None = None,
    ) -> None:
        self.values: dict[str, list[Value]] = {}
        self._position: dict[str, dict[Value, int]] = {}
        for name, raw_values in (values or {}).items():
            self.values[name] = self._checked_values(name, raw_values)
            position: dict[Value, int] = {}
            for index, value in enumerate(self.values[name]):
                position.setdefault(value, index)
            self._position[name] = position
        self.templates: dict[str, str] = {}
        for name, param_values in self.values.items():
            if param_values:
                self.templates[name] = default_template(name, param_values)
        for name, template in (templates or {}).items():
            if not isinstance(template, str):
                raise ParamExpandError(
                    f'[task parameters][templates]{name}: template must be text'
                )
            self.templates[name] = template
        for name, param_values in self.values.items():
            if param_values:
                self._check_template(name, param_values[0])
        self._graph_templates: dict[str, NameTemplate] = {}

    # ---- construction checks ------------------------------------------------
    @staticmethod
    def _checked_values(name: str, raw_values: Sequence[Value]) -> list[Value]:
        where = f'[task parameters]{name}'
        if not isinstance(name, str) or not _PARAMETER_NAME.match(name):
            raise ParamExpandError(f'{where}: illegal parameter name')
        if isinstance(raw_values, str | bytes) or not isinstance(
            raw_values, Sequence
        ):
            raise ParamExpandError(f'{where}: values must be a list')
        checked = list(raw_values)
        integers = [
            isinstance(value, int) and not isinstance(value, bool)
            for value in checked
        ]
        if any(integers) and not all(integers):
            raise ParamExpandError(f'{where}: mixing integer and string values')
        if not all(integers):
            for value in checked:
                if not isinstance(value, str) or not _STRING_VALUE.match(value):
                    raise ParamExpandError(
                        f'{where}: illegal parameter value {value!r}'
                    )
        return checked

    def _check_template(self, name: str, sample: Value) -> None:
        template = self.templates[name]
        try:
            template % {name: sample}
        except (KeyError, ValueError, TypeError) as exc:
            raise ParamExpandError(
                f'[task parameters][templates]{name}: bad template'
                f' {template!r} ({type(exc).__name__}: {exc})'
            ) from None

    # ---- lookups --------------------------------------------------------------
    def is_defined(self, name: str) -> bool:
        """True for a parameter with at least one value."""
        return bool(self.values.get(name))

    def format_group(self, group_values: Mapping[str, Value]) -> str:
        """Apply the templates of one ``<...>`` group to its values."""
        template = ''.join(self.templates[name] for name in group_values)
        try:
            return template % group_values
        except KeyError as exc:
            raise ParamExpandError(
                f'parameter {exc.args[0]} is not defined.'
            ) from None
        except (ValueError, TypeError) as exc:
            raise ParamExpandError(
                f'bad parameter template {template!r}: {exc}'
            ) from None

    def _parse_item(self, text: str, group: str, where: str) -> ParameterItem:
        match = _ITEM.match(text)
        if match is None:
            raise ParamExpandError(
                f'illegal parameter expression <{group}> in {where}'
            )
        name, sign, digits, fixed = match.groups()
        if not self.is_defined(name):
            raise ParamExpandError(
                f'parameter {name} is not defined in <{group}>: {where}'
            )
        if digits is not None:
            offset = int(digits)
            return ParameterItem(name, -offset if sign == '-' else offset)
        if fixed is None:
            return ParameterItem(name)
        return ParameterItem(name, value=self._fixed_value(name, fixed, group, where))

    def _fixed_value(self, name: str, text: str, group: str, where: str) -> Value:
        values = self.values[name]
        if isinstance(values[0], int):
            try:
                value: Value = int(text)
            except ValueError:
                value = text
        else:
            value = text
        if value not in self._position[name]:
            raise ParamExpandError(
                f'parameter {name} out of range: <{group}> in {where}'
            )
        return value

    def _parse_groups(
        self, name_with_params: str, where: str
    ) -> tuple[tuple[str | tuple[ParameterItem, ...], ...], list[str]]:
        pieces = _GROUP.split(name_with_params)
        parts: list[str | tuple[ParameterItem, ...]] = []
        loop_names: list[str] = []
        for index, piece in enumerate(pieces):
            if index % 2 == 0:
                if '<' in piece or '>' in piece:
                    raise ParamExpandError(
                        f'illegal parameterised name: {name_with_params}'
                    )
                if piece:
                    parts.append(piece)
                continue
            items = tuple(
                self._parse_item(text, piece, where) for text in piece.split(',')
            )
            parts.append(items)
            for item in items:
                if item.value is None and item.name not in loop_names:
                    loop_names.append(item.name)
        return tuple(parts), loop_names

    # ---- runtime names -------------------------------------------------------
    def expand_name(
        self, name_with_params: str
    ) -> list[tuple[str, dict[str, Value]]]:
        """Expand one ``[runtime]`` name: ``proc<m>`` -> ``[('proc_m1', {'m': 1})..]``.

        ``foo<m=2>`` selects one value; ``foo<m,n>`` is the cartesian product.
        Offsets (``<m-1>``) are not allowed here.
        """
        name_with_params = name_with_params.strip()
        parts, loop_names = self._parse_groups(name_with_params, name_with_params)
        for part in parts:
            if isinstance(part, tuple):
                for item in part:
                    if item.offset:
                        sign = '+' if item.offset > 0 else '-'
                        raise ParamExpandError(
                            'parameter index offsets are not supported in name'
                            f' expansion: {item.name}{sign}{abs(item.offset)}'
                        )
        results: list[tuple[str, dict[str, Value]]] = []
        for combination in product(*(self.values[name] for name in loop_names)):
            loop_values = dict(zip(loop_names, combination))
            used: dict[str, Value] = {}
            text = []
            for part in parts:
                if isinstance(part, str):
                    text.append(part)
                    continue
                group_values = {}
                for item in part:
                    value = loop_values[item.name] if item.value is None else item.value
                    group_values[item.name] = value
                    used[item.name] = value
                text.append(self.format_group(group_values))
            results.append((''.join(text), used))
        return results

    def expand_heading(self, heading: str) -> list[tuple[str, dict[str, Value]]]:
        """Expand a comma-separated ``[runtime]`` heading: ``a<m>, b<m>``."""
        results: list[tuple[str, dict[str, Value]]] = []
        for name in _HEADING_NAMES.findall(heading):
            name = name.strip()
            if name:
                results.extend(self.expand_name(name))
        return results

    def expand_parent(
        self, parent: str, param_values: Mapping[str, Value], origin: str
    ) -> str:
        """Resolve ``inherit = FAM<m>`` for a child with ``param_values``.

        ``FAM<m=3>`` names a value explicitly; offsets are illegal here.
        """
        if '<' not in parent:
            return parent
        pieces = _GROUP.split(parent)
        text: list[str] = []
        for index, piece in enumerate(pieces):
            if index % 2 == 0:
                text.append(piece)
                continue
            group_values: dict[str, Value] = {}
            for raw in piece.split(','):
                match = _ITEM.match(raw)
                if match is None:
                    raise ParamExpandError(
                        f"illegal parameter expression '<{piece}>' in '{origin}'"
                    )
                name, _sign, digits, fixed = match.groups()
                if digits is not None:
                    raise ParamExpandError(
                        f"parameter offsets illegal here: '{origin}'"
                    )
                if not self.is_defined(name):
                    raise ParamExpandError(
                        f"parameter '{name}' undefined in '{origin}'"
                    )
                if fixed is not None:
                    value = self._fixed_value(name, fixed, piece, origin)
                elif name in param_values:
                    value = param_values[name]
                else:
                    raise ParamExpandError(
                        f"parameter '{name}' undefined in '{origin}'"
                    )
                group_values[name] = value
            text.append(self.format_group(group_values))
        return ''.join(text)

    # ---- graph names ----------------------------------------------------------
    def graph_template(self, name_with_params: str, line: str) -> NameTemplate:
        """Parse (once) a parameterised graph node name."""
        found = self._graph_templates.get(name_with_params)
        if found is None:
            parts, loop_names = self._parse_groups(name_with_params, line)
            found = NameTemplate(parts, tuple(loop_names))
            self._graph_templates[name_with_params] = found
        return found

    def render(
        self, template: NameTemplate, loop_values: Mapping[str, Value]
    ) -> str | None:
        """The concrete name, or None if an offset falls outside the values."""
        text = []
        for part in template.parts:
            if isinstance(part, str):
                text.append(part)
                continue
            group_values: dict[str, Value] = {}
            for item in part:
                if item.value is not None:
                    value = item.value
                elif item.offset:
                    values = self.values[item.name]
                    index = self._position[item.name][loop_values[item.name]]
                    index += item.offset
                    if not 0 <= index < len(values):
                        return None
                    value = values[index]
                else:
                    value = loop_values[item.name]
                group_values[item.name] = value
            text.append(self.format_group(group_values))
        return ''.join(text)


def default_template(name: str, values: Sequence[Value]) -> str:
    """Cylc 8's default name template for a parameter."""
    if not all(isinstance(value, int) for value in values):
        return f'_%({name})s'
    if any(value < 0 for value in values):  # type: ignore[operator]
        width = max(len(str(value)) for value in values)
        return f'_{name}%({name})+0{width}d'
    width = len(str(max(values)))  # type: ignore[type-var]
    return f'_{name}%({name})0{width}d'
