"""Move, convert or delete deprecated and obsolete items, with a warning each.

Rules are declarative (:func:`deprecate`, :func:`obsolete`); a ``__MANY__``
key in a rule's path matches every key at that level (e.g. every task in
``[runtime]``). The data is changed in place; when ``origins`` is a mutable
mapping, moved items get origins at their new paths too, so later errors
still name the right file and line.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

from cylc_flow.config.spec.locations import Origins, item_path, locate
from cylc_flow.config.spec.model import MANY
from cylc_flow.exceptions import UpgradeError

Path = tuple[str, ...]
_MISSING = object()


@dataclass(frozen=True, slots=True)
class Upgrade:
    """One upgrade rule."""

    version: str
    old: Path
    new: Path | None = None  # None: the item is deleted
    is_section: bool = False
    convert: Callable[[Any], Any] | None = None
    note: str = 'value unchanged'
    # Deprecations are silent in Cylc 7 compatibility mode; obsoletions never.
    is_deprecation: bool = True


def deprecate(
    version: str, old: Path, new: Path | None, *, is_section: bool = False,
    convert: Callable[[Any], Any] | None = None, note: str = 'value unchanged',
) -> Upgrade:
    """An item that moved (or, with ``new=None``, was dropped with a note)."""
    return Upgrade(version, old, new, is_section, convert, note, True)


def obsolete(version: str, old: Path, *, is_section: bool = False) -> Upgrade:
    """An item that no longer exists and is dropped."""
    return Upgrade(version, old, None, is_section, None, 'DELETED (OBSOLETE)',
                   False)


def show_path(path: Path, is_section: bool) -> str:
    """``[a][b]c`` for an item path, ``[a][b][c]`` for a section path."""
    if is_section:
        return item_path(path)
    return item_path(path[:-1], path[-1])


class Upgrader:
    """Applies upgrade rules to one nested config dict."""

    def __init__(
        self, data: dict, origins: Origins | None, filename: str,
        warn: Callable[[str], None], *, silence_deprecations: bool,
    ) -> None:
        self.data = data
        self.origins = origins
        self.filename = filename
        self.warn = warn
        self.silence_deprecations = silence_deprecations

    def error(self, message: str, path: Path) -> UpgradeError:
        filename, line = locate(self.origins, path, self.filename)
        return UpgradeError(message, filename, line)

    def apply(self, rules: list[Upgrade]) -> None:
        # For wildcard rules: the keys found one level below the wildcard,
        # so that rules for keys nobody uses cost nothing.
        heads: dict[Path, set[str]] = {}
        for rule in rules:
            if MANY not in rule.old:
                self._apply_one(rule, rule.old, rule.new)
                continue
            index = rule.old.index(MANY)
            prefix = rule.old[:index]
            parent = self.get(prefix)
            if not isinstance(parent, dict):
                continue
            head = rule.old[index + 1] if len(rule.old) > index + 1 else None
            present = heads.get(prefix)
            if present is None:
                present = heads[prefix] = {
                    key for child in parent.values() if isinstance(child, dict)
                    for key in child
                }
            if head is not None and head not in present:
                continue
            for key, child in list(parent.items()):
                if head is not None and (
                    not isinstance(child, dict) or head not in child
                ):
                    continue
                old = (*rule.old[:index], key, *rule.old[index + 1:])
                new = None
                if rule.new is not None:
                    new = tuple(key if part == MANY else part for part in rule.new)
                    if len(new) > index + 1:
                        present.add(new[index + 1])
                self._apply_one(rule, old, new)

    def _apply_one(self, rule: Upgrade, old: Path, new: Path | None) -> None:
        value = self.get(old)
        if value is _MISSING:
            return
        message = show_path(old, rule.is_section)
        if new is not None:
            message += ' -> ' + show_path(new, rule.is_section)
        message += ' - ' + rule.note
        if not (rule.is_deprecation and self.silence_deprecations):
            self.warn(
                f'deprecated item automatically upgraded in "{self.filename}": '
                f'({rule.version}) {message}'
            )
        self.delete(old)
        if new is None:
            return
        if rule.convert is not None:
            if not isinstance(value, str):
                raise self.error(
                    f'{show_path(old, False)} should be a setting, not a '
                    '[section]', old,
                )
            value = rule.convert(value)
        existing = self.get(new)
        if existing is not _MISSING and existing:
            raise self.error(
                f'cannot upgrade deprecated item "{message}" because the '
                'upgraded item already exists', old,
            )
        self.put(new, value, old)

    def get(self, path: Path) -> Any:
        """The value at ``path``, or ``_MISSING``."""
        node: Any = self.data
        for depth, key in enumerate(path):
            if not isinstance(node, dict):
                raise self.error(
                    f'{show_path(path[:depth], True)} ("{path[depth - 1]}" '
                    'should be a [section] not a setting)', path[:depth],
                )
            node = node.get(key, _MISSING)
            if node is _MISSING:
                return _MISSING
        return node

    def delete(self, path: Path) -> None:
        parent = self.get(path[:-1])
        if isinstance(parent, dict):
            parent.pop(path[-1], None)

    def put(self, path: Path, value: Any, origin_path: Path | None = None) -> None:
        """Set ``path`` (creating sections) and copy origins from the old path."""
        node = self.data
        for depth, key in enumerate(path[:-1]):
            child = node.get(key)
            if child is None:
                child = node[key] = {}
            elif not isinstance(child, dict):
                raise self.error(
                    f'{show_path(path[:depth + 1], False)} should be a '
                    '[section] not a setting', path[:depth + 1],
                )
            node = child
        node[path[-1]] = value
        if origin_path is not None:
            self.move_origins(origin_path, path, value)

    def move_origins(self, old: Path, new: Path, value: Any) -> None:
        """Give ``new`` (and everything under it) the origins of ``old``."""
        origins = self.origins
        if not isinstance(origins, MutableMapping):
            return
        stack = [(old, new, value)]
        while stack:
            old_path, new_path, node = stack.pop()
            origin = origins.get(old_path)
            if origin is not None:
                origins[new_path] = origin
            if isinstance(node, dict):
                stack.extend(
                    ((*old_path, key), (*new_path, key), child)
                    for key, child in node.items()
                )
