"""Cycle points of a target workflow, written as its database writes them.

Points are matched in the database as strings, so a point given on the
command line (``2025-01-01T06Z``) is rewritten in the workflow's cycle point
format (``20250101T0600Z``), after adding any offset (``PT1H``, or ``P1``
for integer cycling).

The format comes from ``cycle_point_format`` in the workflow parameters
(absent: integer cycling, as Cylc 8 writes it; the initial point decides
when the parameter was left empty), with ``cycle_point_tz`` and
``UTC_mode``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from cylc_flow.exceptions import CylcError, InputError
from cylc_flow.workflow_state.query import WILDCARD

if TYPE_CHECKING:
    from cylc_flow.cycling import PointBase
    from cylc_flow.cycling.context import CyclingContext

_INTEGER_POINT = re.compile(r'[+-]?\d+')
_TRUE = frozenset({'1', 'true', 'True'})
INITIAL_POINT_KEYS = ('icp', 'initial_point')  # Cylc 8, Cylc 7
START_POINT_KEYS = ('startcp', 'start_point')


def _first(params: Mapping[str, str | None], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = params.get(key)
        if value not in (None, '', 'None'):
            return value
    return None


class DatabasePoints:
    """Parse, offset and compare points in one database's cycling mode."""

    def __init__(
        self, params: Mapping[str, str | None], is_cylc7: bool = False
    ) -> None:
        point_format = params.get('cycle_point_format') or None
        self.point_format = point_format
        initial = _first(params, INITIAL_POINT_KEYS)
        self.start_point = _first(params, START_POINT_KEYS)
        if point_format is not None:
            self.is_integer: bool | None = False
        elif initial is not None:
            self.is_integer = bool(_INTEGER_POINT.fullmatch(initial))
        else:
            self.is_integer = None  # decided by the first point given
        self._time_zone = params.get('cycle_point_tz') or None
        self._utc_mode = str(params.get('UTC_mode')) in _TRUE
        self._is_cylc7 = is_cylc7
        self._context: CyclingContext | None = None

    def _integer_for(self, cycle: str) -> bool:
        if self.is_integer is None:
            self.is_integer = bool(_INTEGER_POINT.fullmatch(cycle.strip()))
        return self.is_integer

    def _get_context(self, integer: bool) -> CyclingContext:
        from cylc_flow.cycling.context import CyclingContext

        if self._context is None:
            if integer:
                self._context = CyclingContext.integer()
            else:
                try:
                    self._context = CyclingContext.iso8601(
                        point_format=self.point_format,
                        time_zone=self._time_zone,
                        utc_mode=self._utc_mode,
                        cylc7_compat=self._is_cylc7,
                    )
                except CylcError as exc:
                    raise InputError(
                        f'cannot use the workflow\'s cycle point format'
                        f' "{self.point_format}": {exc}'
                    ) from None
        return self._context

    def parse(self, cycle: str) -> PointBase:
        """Parse a point given by the user; InputError if it does not fit."""
        integer = self._integer_for(cycle)
        context = self._get_context(integer)
        try:
            return context.point(cycle)
        except CylcError:
            if integer:
                raise InputError(
                    f'Cycle point "{cycle}" is not a valid integer point'
                ) from None
            raise InputError(
                f'Cycle point "{cycle}" is not compatible with DB point format'
                f' "{self.point_format or "default"}"'
            ) from None

    def adjust(self, cycle: str | None, offset: str | None) -> str | None:
        """The point to look for in the database: ``cycle`` plus ``offset``
        in the database format (wildcards and "any" pass unchanged)."""
        if cycle is None or WILDCARD in cycle:
            if offset is not None:
                raise InputError(
                    f'Cycle point "{cycle or ""}" is not compatible with an'
                    f' offset ({offset}): give a specific cycle point'
                )
            return cycle
        if offset is None and self._integer_for(cycle):
            return cycle  # integer points are stored as written
        point = self.parse(cycle)
        if offset is None:
            return point.value
        context = self._get_context(self._integer_for(cycle))
        try:
            return context.offset_point(point, offset).value
        except CylcError:
            kind = 'integer' if self._integer_for(cycle) else 'ISO 8601'
            raise InputError(
                f'invalid offset "{offset}" for {kind} cycling (e.g.'
                f' {"P1" if kind == "integer" else "PT1H"})'
            ) from None

    def is_before_start(self, cycle: str | None) -> bool:
        """True if ``cycle`` is a specific point before the start point."""
        if cycle is None or WILDCARD in cycle or self.start_point is None:
            return False
        try:
            target = self.parse(cycle)
            start = self.parse(self.start_point)
        except InputError:
            return False
        return target.key < start.key
