"""Fill in the defaults of every unset item."""

from __future__ import annotations

from functools import cache
from typing import Any

from cylc_flow.config.spec.model import MANY, Section


class _Template:
    """A section's defaults, precomputed so expanding is mostly dict copies."""

    __slots__ = ('leaves', 'mutable', 'sections')

    def __init__(self, section: Section) -> None:
        self.leaves: dict[str, Any] = {}
        self.mutable: list[str] = []
        self.sections: list[tuple[str, Section]] = []
        for name, node in section.fixed.items():
            if isinstance(node, Section):
                self.leaves[name] = None  # placeholder keeps the spec order
                self.sections.append((name, node))
            else:
                self.leaves[name] = node.default
                if isinstance(node.default, (list, dict, set)):
                    self.mutable.append(name)


@cache
def _template(section: Section) -> _Template:
    return _Template(section)


def expand_defaults(data: dict, spec: Section, *, skip_many: bool = True) -> dict:
    """Return a new dict where every unset item has its default.

    Fixed sections are always present (None where an item has no default).
    Wildcard sections are expanded only for the keys present in ``data``;
    with ``skip_many=False`` each wildcard section also gets a ``__MANY__``
    entry holding the wildcard's defaults (as ``cylc config -d`` shows them).
    """
    return _expand(data, spec, skip_many)


def _expand_empty(template: _Template) -> dict:
    """The defaults of a section that is not set at all."""
    result = template.leaves.copy()
    for name in template.mutable:
        result[name] = _copy(result[name])
    for name, node in template.sections:
        result[name] = _expand_empty(_template(node))
    return result


def _expand(data: dict, section: Section, skip_many: bool) -> dict:
    template = _template(section)
    if not data and skip_many:
        return _expand_empty(template)
    result = template.leaves.copy()
    for name in template.mutable:
        result[name] = _copy(result[name])
    for name, node in template.sections:
        value = data.get(name)
        result[name] = _expand(value if isinstance(value, dict) else {}, node,
                               skip_many)
    many = section.many
    fixed = section.fixed
    for key, value in data.items():
        node = fixed.get(key)
        if node is not None:
            if not isinstance(node, Section):
                result[key] = value
        elif isinstance(many, Section) and isinstance(value, dict):
            result[key] = _expand(value, many, skip_many)
        else:
            result[key] = value
    if not skip_many and many is not None and MANY not in result:
        if isinstance(many, Section):
            result[MANY] = _expand({}, many, skip_many)
        else:
            result[MANY] = _copy(many.default)
    return result


def _copy(value: Any) -> Any:
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, set):
        return set(value)
    return value
