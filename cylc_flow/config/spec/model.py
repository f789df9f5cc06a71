"""The spec model: sections and items, each described once.

A :class:`Section` holds fixed children (looked up by name) and at most one
wildcard child (``is_many``), which matches any other name: a task namespace
under ``[runtime]``, an environment variable, a platform regex, ...
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from cylc_flow.config.spec.value_types import ValueType

MANY = '__MANY__'


@dataclass(slots=True, eq=False)
class Item:
    """A setting: ``name = value``."""

    name: str
    value_type: ValueType
    default: Any = None
    desc: str = ''
    options: tuple[Any, ...] | None = None
    is_many: bool = False
    # Names under this wildcard may contain runs of spaces (graph recurrences).
    free_name: bool = False

    is_section = False


@dataclass(slots=True, eq=False)
class Section:
    """A ``[section]`` with its children in definition order."""

    name: str
    desc: str = ''
    children: tuple[Section | Item, ...] = ()
    is_many: bool = False
    fixed: dict[str, Section | Item] = field(init=False, repr=False)
    many: Section | Item | None = field(init=False, repr=False)

    is_section = True

    def __post_init__(self) -> None:
        self.fixed = {}
        self.many = None
        for child in self.children:
            if child.is_many:
                if self.many is not None:
                    raise ValueError(f'[{self.name}] has two wildcard children')
                self.many = child
            elif child.name in self.fixed:
                raise ValueError(f'[{self.name}] defines {child.name} twice')
            else:
                self.fixed[child.name] = child

    def child(self, name: str) -> Section | Item | None:
        """The child that a key of this name falls under, or None."""
        return self.fixed.get(name, self.many)

    def walk(self, path: tuple[str, ...] = ()) -> Iterable[
        tuple[tuple[str, ...], Section | Item]
    ]:
        """Yield ``(path, node)`` for every descendant, depth first."""
        for child in self.children:
            child_path = (*path, child.name)
            yield child_path, child
            if isinstance(child, Section):
                yield from child.walk(child_path)


def item(
    name: str,
    value_type: ValueType,
    default: Any = None,
    desc: str = '',
    *,
    options: Iterable[Any] | None = None,
    free_name: bool = False,
) -> Item:
    """Describe a setting; ``<name>`` in angle brackets makes it a wildcard."""
    return Item(
        name=name,
        value_type=value_type,
        default=default,
        desc=desc,
        options=None if options is None else tuple(options),
        is_many=_is_placeholder(name),
        free_name=free_name,
    )


def conf(name: str, desc: str, children: Iterable[Section | Item] = ()) -> Section:
    """Describe a section; ``<name>`` in angle brackets makes it a wildcard."""
    return Section(
        name=name, desc=desc, children=tuple(children),
        is_many=_is_placeholder(name),
    )


def _is_placeholder(name: str) -> bool:
    return name.startswith('<') and name.endswith('>')


def with_defaults(node: Section | Item, **defaults: Any) -> Section | Item:
    """A copy of a section (or item) with some item defaults replaced.

    Keys are item names at the top level of the section; for an item, pass
    ``default=``. Used where Cylc derives a fixed section from a wildcard one
    (e.g. ``[queues][default]`` from ``[queues][<queue name>]``).
    """
    if isinstance(node, Item):
        return Item(
            node.name, node.value_type, defaults.get('default', node.default),
            node.desc, node.options, node.is_many, node.free_name,
        )
    children = []
    for child in node.children:
        if isinstance(child, Item) and child.name in defaults:
            child = with_defaults(child, default=defaults[child.name])
        children.append(child)
    return Section(node.name, node.desc, tuple(children), node.is_many)


def renamed(node: Section, name: str, desc: str | None = None) -> Section:
    """A copy of a section under a new (fixed or wildcard) name."""
    return Section(
        name, node.desc if desc is None else desc, node.children,
        _is_placeholder(name),
    )
