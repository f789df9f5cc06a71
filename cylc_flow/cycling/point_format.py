"""Writing date-time cycle points in a workflow's ``cycle point format``.

Formats use the metomi-isodatetime dump syntax ('CCYYMMDDThhmmZ',
'CCYY-MM-DDThhZ', '+XCCYYMMDDThhmm', '%Y%m%d%H'...).  The common shapes
(``CCYY[-]MM[-]DD`` plus ``T hh[:]mm[:]ss`` and a time zone) are written by
a precompiled template; anything else goes through metomi's dumper.

A format that ends in ``Z`` or a literal offset ('+0530') fixes the time
zone the points are written in; otherwise points are written in the
workflow's cycle point time zone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from metomi.isodatetime.data import TimePoint
from metomi.isodatetime.dumpers import TimePointDumper

from cylc_flow.exceptions import CyclingError

REC_ZONE_LITERAL = re.compile(r'^([-+])(\d\d)(?::?(\d\d))?$')
REC_FAST_DATE = re.compile(r'^(\+X)?CCYY(?:(-?)MM(?:(-?)DD)?)?$')
REC_FAST_TIME = re.compile(r'^hh(?:(:?)mm(?:(:?)ss)?)?$')
REC_ZONE_TOKENS = re.compile(r'^\+hh(:?)(mm)?$')

DEFAULT_FORMAT = 'CCYYMMDDThhmm'
EXPANDED_DEFAULT_FORMAT = '+XCCYYMMDDThhmm'

Zone = tuple[int, int]


def parse_zone(text: str) -> Zone:
    """Return (hours, minutes) for 'Z', '+13', '-0530', '+05:30'."""
    stripped = text.strip() if isinstance(text, str) else ''
    if stripped == 'Z':
        return (0, 0)
    match = REC_ZONE_LITERAL.match(stripped)
    if not match:
        raise CyclingError(
            f"invalid time zone {text!r} (expected e.g. 'Z', '+13', '-0530')"
        )
    sign = -1 if match.group(1) == '-' else 1
    hours, minutes = int(match.group(2)), int(match.group(3) or 0)
    if hours > 23 or minutes > 59:
        raise CyclingError(f'invalid time zone {text!r}')
    return (sign * hours, sign * minutes)


def format_zone(zone: Zone, extended: bool = False) -> str:
    """Write a zone as 'Z' or '+hhmm' (reduced to '+hh' when whole)."""
    hours, minutes = zone
    if hours == 0 and minutes == 0:
        return 'Z'
    sign = '-' if hours < 0 or minutes < 0 else '+'
    text = f'{sign}{abs(hours):02d}'
    if minutes:
        text += f':{abs(minutes):02d}' if extended else f'{abs(minutes):02d}'
    return text


@dataclass(frozen=True, slots=True)
class PointFormat:
    """A compiled cycle point format.

    ``zone`` is the time zone the format forces (None: the points' own);
    ``quantum`` the precision in seconds the format keeps, when it is a
    whole number of days or less (None: find out by reading back).
    """

    text: str
    zone: Zone | None
    quantum: int | None
    expanded_digits: int
    template: str | None
    zone_suffix: str | None
    zone_token: str | None

    def dump(
        self, fields: tuple[int, int, int, int, int, int], zone: Zone
    ) -> str:
        """Write (year, month, day, hour, minute, second) in ``zone``.

        The fallback (metomi) path must run inside ``metomi_calendar``.
        """
        year = fields[0]
        if self.template is None:
            return self._metomi_dump(fields, zone)
        if self.expanded_digits:
            limit = 10 ** (4 + self.expanded_digits)
            if not -limit < year < limit:
                raise CyclingError(
                    f'year {year} cannot be written in cycle point format'
                    f' {self.text}'
                )
            sign = '-' if year < 0 else '+'
            year_text = f'{sign}{abs(year):0{4 + self.expanded_digits}d}'
        else:
            if not 0 <= year <= 9999:
                raise CyclingError(
                    f'year {year} cannot be written in cycle point format'
                    f' {self.text} (see "cycle point num expanded year'
                    ' digits")'
                )
            year_text = f'{year:04d}'
        text = self.template % (
            year_text, fields[1], fields[2], fields[3], fields[4], fields[5]
        )
        if self.zone_suffix is not None:
            return text + self.zone_suffix
        if self.zone_token is not None:
            return text + _zone_by_token(zone, self.zone_token)
        return text

    def _metomi_dump(
        self, fields: tuple[int, int, int, int, int, int], zone: Zone
    ) -> str:
        try:
            timepoint = TimePoint(
                year=fields[0], month_of_year=fields[1],
                day_of_month=fields[2], hour_of_day=fields[3],
                minute_of_hour=fields[4], second_of_minute=fields[5],
                time_zone_hour=zone[0], time_zone_minute=zone[1],
            )
            dumper = TimePointDumper(
                num_expanded_year_digits=self.expanded_digits
            )
            return dumper.dump(timepoint, self.text)
        except Exception as exc:  # metomi raises assorted ValueErrors
            raise CyclingError(
                f'cannot write point {fields} in cycle point format'
                f' {self.text}: {exc}'
            ) from None


def _zone_by_token(zone: Zone, token: str) -> str:
    hours, minutes = zone
    sign = '-' if hours < 0 or minutes < 0 else '+'
    text = f'{sign}{abs(hours):02d}'
    if token == '+hh':
        return text
    if token == '+hh:mm':
        return f'{text}:{abs(minutes):02d}'
    return f'{text}{abs(minutes):02d}'


def compile_point_format(text: str, expanded_digits: int = 0) -> PointFormat:
    """Compile a cycle point format."""
    if not isinstance(text, str) or not text.strip():
        raise CyclingError(f'invalid cycle point format: {text!r}')
    text = text.strip()
    if '%' in text:
        return PointFormat(text, None, None, expanded_digits, None, None, None)
    date_part, _, time_part = text.partition('T')
    zone: Zone | None = None
    zone_suffix: str | None = None
    zone_token: str | None = None
    if time_part.endswith('Z'):
        time_part, zone, zone_suffix = time_part[:-1], (0, 0), 'Z'
    elif '+hh' in time_part:
        time_part, _, token = time_part.partition('+')
        zone_token = '+' + token
    elif '+' in time_part or '-' in time_part.lstrip('-'):
        sign = '+' if '+' in time_part else '-'
        time_part, _, literal = time_part.rpartition(sign)
        zone_suffix = sign + literal
        zone = parse_zone(zone_suffix)
    template, quantum = _fast_template(
        date_part, time_part, 'T' in text, expanded_digits, zone_token
    )
    if template is None:
        zone_suffix = zone_token = None
    return PointFormat(
        text, zone, quantum, expanded_digits, template, zone_suffix,
        zone_token,
    )


def _fast_template(
    date_part: str,
    time_part: str,
    has_time: bool,
    expanded_digits: int,
    zone_token: str | None,
) -> tuple[str | None, int | None]:
    """Return a %-template and precision for the common format shapes."""
    date_match = REC_FAST_DATE.match(date_part)
    if not date_match or 'T' in time_part:
        return None, None
    if bool(date_match.group(1)) != bool(expanded_digits):
        return None, None
    if zone_token is not None and not REC_ZONE_TOKENS.match(zone_token):
        return None, None
    has_month = 'MM' in date_part
    has_day = 'DD' in date_part
    pieces = [
        '%s',
        f"{date_match.group(2) or ''}%02d" if has_month else '%.0s',
        f"{date_match.group(3) or ''}%02d" if has_day else '%.0s',
    ]
    if not has_time:
        return ''.join(pieces) + '%.0s' * 3, (86400 if has_day else None)
    time_match = REC_FAST_TIME.match(time_part)
    if not has_day or not time_match:
        return None, None
    has_minute = 'mm' in time_part
    has_second = 'ss' in time_part
    pieces += [
        'T%02d',
        f"{time_match.group(1) or ''}%02d" if has_minute else '%.0s',
        f"{time_match.group(2) or ''}%02d" if has_second else '%.0s',
    ]
    quantum = 1 if has_second else 60 if has_minute else 3600
    return ''.join(pieces), quantum
