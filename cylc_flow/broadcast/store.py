"""The broadcast store: runtime overrides by cycle point and namespace.

Pure: no I/O, no clock, no logging.  Each operation returns a
:class:`BroadcastResult` (what changed, which options matched nothing) that
the caller persists, logs and reports.

Settings that use Cylc 7 item names are upgraded first (see
:mod:`.upgrade`).

Precedence (as Cylc 8): for a task at point P, the ``*`` (all points)
broadcasts apply first, then those for P, so a point-specific broadcast to
``root`` beats an all-point broadcast to the task; within one point the
namespaces apply root first, then each family down the task's inheritance
order, then the task itself.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from cylc_flow.broadcast.settings import (
    BroadcastSettingError,
    SettingPath,
    coerce_leaf,
    describe_leaf,
    flatten_setting,
    format_key,
    nest,
    parse_key,
    set_leaf,
)
from cylc_flow.broadcast.upgrade import upgrade_leaves
from cylc_flow.config.runtime import merge_sparse
from cylc_flow.exceptions import CylcError

ALL_POINTS = '*'
ALL_POINT_ALIASES = frozenset({'*', 'all-cycle-points', 'all-cycles'})
# (point, namespace) -> {path: typed value} of the leaves set by one operation
_Touched = dict[tuple[str, str], dict[SettingPath, Any]]

# bad option kinds, in report order, and their command-line names
POINT_STRINGS = 'point_strings'
NAMESPACES = 'namespaces'
SETTINGS = 'settings'
CANCEL = 'cancel'
EXPIRE = 'expire'


@dataclass(frozen=True, slots=True)
class BroadcastChange:
    """One setting set (``+``) or cancelled (``-``) at a point/namespace."""

    point: str
    namespace: str
    path: SettingPath
    value: str

    @property
    def key(self) -> str:
        """The setting as the database names it, e.g. ``[environment]FOO``."""
        return format_key(self.path)

    def setting(self) -> dict:
        """The setting as a nested object."""
        return nest(self.path, self.value)


@dataclass(slots=True)
class BroadcastResult:
    """What an operation changed and which of its options matched nothing."""

    changes: list[BroadcastChange] = field(default_factory=list)
    bad_options: dict[str, list[Any]] = field(default_factory=dict)
    is_cancel: bool = False

    def reject(self, kind: str, value: Any) -> None:
        found = self.bad_options.setdefault(kind, [])
        if value not in found:
            found.append(value)

    def response(self) -> list[Any]:
        """``[modified_settings, bad_options]`` in Cylc 8's shape."""
        return [[[change.point, change.namespace, change.setting()]
                 for change in self.changes], dict(self.bad_options)]


class BroadcastStore:
    """Active broadcasts, with their raw text and their typed values.

    Args:
        namespaces: the runtime namespaces (tasks and families) that may be
            targeted.
        ancestry: a namespace's inheritance order, itself first, root last.
        parse_point: parse a cycle point; its ``str`` is the standard form.
            Raises a ``CylcError`` for a bad point.
    """

    def __init__(
        self,
        namespaces: Container[str],
        ancestry: Callable[[str], Sequence[str]],
        parse_point: Callable[[str], Any],
    ) -> None:
        self.namespaces = namespaces
        self.ancestry = ancestry
        self.parse_point = parse_point
        # point -> namespace -> {path: raw text}
        self._raw: dict[str, dict[str, dict[SettingPath, str]]] = {}
        # point -> namespace -> nested typed values
        self._typed: dict[str, dict[str, dict]] = {}
        self._points: dict[str, Any] = {}  # point string -> point
        self._nested: dict | None = None  # cache of as_dict()
        self.version = 0  # counts changes

    # ---- queries ------------------------------------------------------------
    def __bool__(self) -> bool:
        return bool(self._raw)

    def as_dict(self) -> dict[str, dict[str, dict]]:
        """Every broadcast: ``{point: {namespace: {nested raw settings}}}``.

        The same object is returned until the next change: do not modify it.
        """
        if self._nested is None:
            nested: dict[str, dict[str, dict]] = {}
            for point, by_namespace in self._raw.items():
                for namespace, leaves in by_namespace.items():
                    target = nested.setdefault(point, {}).setdefault(namespace, {})
                    for path, value in leaves.items():
                        set_leaf(target, path, value)
            self._nested = nested
        return self._nested

    def changes(self) -> list[BroadcastChange]:
        """Every active setting as a change (for logging and the database)."""
        return [BroadcastChange(point, namespace, path, value)
                for point, by_namespace in self._raw.items()
                for namespace, leaves in by_namespace.items()
                for path, value in leaves.items()]

    def overrides(self, point: str, name: str) -> dict:
        """The typed settings that broadcasts give task ``name`` at ``point``
        (nested like ``[runtime][<name>]``; empty if none)."""
        if not self._typed:
            return {}
        result: dict = {}
        order: Sequence[str] | None = None
        for cycle in (ALL_POINTS, point):
            by_namespace = self._typed.get(cycle)
            if not by_namespace:
                continue
            if order is None:
                order = self.ancestry(name)
            for namespace in reversed(order):
                settings = by_namespace.get(namespace)
                if settings:
                    result = merge_sparse(result, settings)
            if point == ALL_POINTS:
                break
        return result

    # ---- put ------------------------------------------------------------------
    def put(self, points: Iterable[str], namespaces: Iterable[str],
            settings: Iterable[Any]) -> BroadcastResult:
        """Set each valid setting at each valid point and namespace; options
        that are invalid are rejected (reported) and the rest applied."""
        result = BroadcastResult()
        good_points = self._good_points(points, result)
        good_namespaces = []
        for namespace in _unique(namespaces):
            if namespace in self.namespaces:
                good_namespaces.append(namespace)
            else:
                result.reject(NAMESPACES, namespace)
        leaves: list[tuple[SettingPath, str, Any]] = []
        for setting in settings or ():
            try:
                flat = upgrade_leaves(flatten_setting(setting))
                typed = [coerce_leaf(path, value or '') for path, value in flat]
            except BroadcastSettingError:
                result.reject(SETTINGS, setting)
                continue
            if not flat:  # only obsolete items
                result.reject(SETTINGS, setting)
                continue
            leaves.extend((path, value or '', value_typed) for (path, value),
                          value_typed in zip(flat, typed, strict=True))
        touched: _Touched = {}
        for point in good_points:
            for namespace in good_namespaces:
                for path, value, typed_value in leaves:
                    self._set(point, namespace, path, value, typed_value,
                              touched)
                    result.changes.append(
                        BroadcastChange(point, namespace, path, value))
        self._retype(touched)
        if result.changes:
            self._changed()
        return result

    def _good_points(self, points: Iterable[str], result: BroadcastResult
                     ) -> list[str]:
        good: list[str] = []
        for text in _unique(points):
            text = str(text).strip()
            if text in ALL_POINT_ALIASES:
                standard = ALL_POINTS
            else:
                try:
                    point = self.parse_point(text)
                except CylcError:
                    result.reject(POINT_STRINGS, text)
                    continue
                standard = str(point)
                self._points.setdefault(standard, point)
            if standard not in good:
                good.append(standard)
        return good

    def _set(self, point: str, namespace: str, path: SettingPath, value: str,
             typed_value: Any, touched: _Touched) -> None:
        """Set a raw leaf; its typed value waits in ``touched`` for
        :meth:`_retype`."""
        leaves = self._raw.setdefault(point, {}).setdefault(namespace, {})
        if path not in leaves:
            for existing in [p for p in leaves if _overlaps(p, path)]:
                del leaves[existing]  # a section replaced by an item or back
        leaves[path] = value
        touched.setdefault((point, namespace), {})[path] = typed_value

    def _retype(self, touched: _Touched) -> None:
        """Rebuild the typed settings of each (point, namespace) set, once."""
        for (point, namespace), known in touched.items():
            self._rebuild_typed(point, namespace, known)

    def _rebuild_typed(self, point: str, namespace: str,
                       known: dict[SettingPath, Any] | None = None) -> None:
        leaves = self._raw.get(point, {}).get(namespace)
        if not leaves:
            by_namespace = self._typed.get(point)
            if by_namespace is not None:
                by_namespace.pop(namespace, None)
                if not by_namespace:
                    del self._typed[point]
            return
        old = self._typed.get(point, {}).get(namespace, {})
        typed: dict = {}
        for path, value in leaves.items():
            if known and path in known:
                typed_value = known[path]
            else:
                typed_value = _lookup(old, path, _MISSING)
                if typed_value is _MISSING:
                    typed_value = coerce_leaf(path, value)
            set_leaf(typed, path, typed_value)
        self._typed.setdefault(point, {})[namespace] = typed

    # ---- clear and expire -------------------------------------------------------
    def clear(self, points: Iterable[str] | None = None,
              namespaces: Iterable[str] | None = None,
              cancel: Iterable[Any] | None = None) -> BroadcastResult:
        """Cancel broadcasts: all of them, or those at these points and/or to
        these namespaces, and (``cancel``) only these settings.

        Options that matched nothing are reported as bad options."""
        result = BroadcastResult(is_cancel=True)
        point_list = [self._standard_point(text) for text in _unique(points or ())]
        namespace_list = _unique(namespaces or ())
        cancel_paths: list[SettingPath] = []
        for setting in cancel or ():
            try:
                paths = [path for path, _ in upgrade_leaves(
                    flatten_setting(setting, with_value=False))]
                if not paths:  # only obsolete items
                    raise BroadcastSettingError('nothing to cancel')
            except BroadcastSettingError:
                result.reject(CANCEL, setting if isinstance(setting, str)
                              else repr(setting))
                continue
            cancel_paths.extend(path for path in paths if path not in cancel_paths)
        hit_points: set[str] = set()
        hit_namespaces: set[str] = set()
        hit_paths: set[SettingPath] = set()
        wanted_points = set(point_list)
        wanted_namespaces = set(namespace_list)
        wanted_paths = set(cancel_paths)
        for point in list(self._raw):
            if wanted_points and point not in wanted_points:
                continue
            by_namespace = self._raw[point]
            for namespace in list(by_namespace):
                if wanted_namespaces and namespace not in wanted_namespaces:
                    continue
                leaves = by_namespace[namespace]
                gone = [path for path in leaves
                        if not wanted_paths or path in wanted_paths]
                if not gone:
                    continue
                for path in gone:
                    result.changes.append(BroadcastChange(
                        point, namespace, path, leaves.pop(path)))
                    hit_paths.add(path)
                hit_points.add(point)
                hit_namespaces.add(namespace)
                if not leaves:
                    del by_namespace[namespace]
                self._rebuild_typed(point, namespace)
            if not by_namespace:
                del self._raw[point]
                self._points.pop(point, None)
        for point in point_list:
            if point not in hit_points:
                result.reject(POINT_STRINGS, point)
        for namespace in namespace_list:
            if namespace not in hit_namespaces:
                result.reject(NAMESPACES, namespace)
        for path in cancel_paths:
            if path not in hit_paths:
                result.reject(CANCEL, describe_leaf(path, None))
        if result.changes:
            self._changed()
        return result

    def _standard_point(self, text: Any) -> str:
        text = str(text).strip()
        if text in ALL_POINT_ALIASES:
            return ALL_POINTS
        try:
            return str(self.parse_point(text))
        except CylcError:
            return text

    def expire(self, cutoff: str | None = None) -> BroadcastResult:
        """Cancel every broadcast to a point before ``cutoff`` (not the
        all-point ones); with no cutoff, cancel everything."""
        if cutoff is None:
            points = list(self._raw)
        else:
            try:
                limit = self.parse_point(str(cutoff).strip())
            except CylcError:
                result = BroadcastResult(is_cancel=True)
                result.reject(EXPIRE, cutoff)
                return result
            points = self._points_before(limit)
        if not points:
            result = BroadcastResult(is_cancel=True)
            result.reject(EXPIRE, cutoff)
            return result
        return self.clear(points)

    def expire_before(self, limit: Any) -> BroadcastResult | None:
        """Cancel broadcasts to points before the point ``limit``; None if
        there were none (the cheap, silent check made every turn)."""
        if not self._points:
            return None
        points = self._points_before(limit)
        return self.clear(points) if points else None

    def _points_before(self, limit: Any) -> list[str]:
        before = []
        for text in self._raw:
            if text == ALL_POINTS:
                continue
            point = self._points.get(text)
            if point is None:
                try:
                    point = self._points[text] = self.parse_point(text)
                except CylcError:
                    continue
            try:
                if point < limit:
                    before.append(text)
            except TypeError:
                continue
        return before

    # ---- restart ------------------------------------------------------------------
    def load(self, rows: Iterable[Sequence[Any]]) -> tuple[
            list[BroadcastChange], list[tuple[Sequence[Any], str]]]:
        """Restore ``broadcast_states`` rows ``(point, namespace, key, value)``.

        Returns (the settings loaded, [(row, why) for rows skipped]).
        """
        loaded: list[BroadcastChange] = []
        skipped: list[tuple[Sequence[Any], str]] = []
        touched: _Touched = {}
        for row in rows:
            try:
                point, namespace, key, value = (str(part) if part is not None
                                                else '' for part in row)
                path = parse_key(key)
                typed_value = coerce_leaf(path, value)
            except (BroadcastSettingError, ValueError) as error:
                skipped.append((row, str(error)))
                continue
            if point != ALL_POINTS and point not in self._points:
                try:
                    self._points[point] = self.parse_point(point)
                except CylcError as error:
                    skipped.append((row, str(error)))
                    continue
            self._set(point, namespace, path, value, typed_value, touched)
            loaded.append(BroadcastChange(point, namespace, path, value))
        self._retype(touched)
        if loaded:
            self._changed()
        return loaded, skipped

    def _changed(self) -> None:
        self._nested = None
        self.version += 1


_MISSING = object()


def _overlaps(first: SettingPath, second: SettingPath) -> bool:
    """True if one path is the other or lies inside it."""
    shorter = min(len(first), len(second))
    return first[:shorter] == second[:shorter]


def _lookup(tree: dict, path: SettingPath, default: Any) -> Any:
    for part in path:
        if not isinstance(tree, dict) or part not in tree:
            return default
        tree = tree[part]
    return tree


def _unique(values: Iterable[Any]) -> list[Any]:
    return list(dict.fromkeys(str(value).strip() for value in values or ()))
