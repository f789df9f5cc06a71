"""cylc cycle-point [OPTIONS] [POINT]

Date-time cycle point arithmetic and filename templating.

POINT defaults to $CYLC_TASK_CYCLE_POINT (set in every job).  The result
is printed in the same format as POINT, unless a template is given; a
template replaces ISO 8601 format elements (CCYY, MM, DD, hh, mm, ss...)
or strftime elements (%Y, %m, %d, %H...) with those of the result.

Examples:
  $ cylc cycle-point --offset-hours=6 20100823T1800Z
  20100824T0000Z

  $ export CYLC_TASK_CYCLE_POINT=20100823T1800Z
  $ cylc cycle-point --offset-hours=-6
  20100823T1200Z

  $ cylc cycle-point 20100808T00 --template foo-CCYY-MM-DD-Thh.nc
  foo-2010-08-08-T00.nc
  $ cylc cycle-point 20100808T00 --template foo-%Y-%m-%d-T%H.nc
  foo-2010-08-08-T00.nc

  # the template may be the name of an environment variable holding it:
  $ export CYLC_TASK_CYCLE_POINT=2010-08 MYTEMPLATE=foo-CCYY-MM.nc
  $ cylc cycle-point --offset-years=2 --template=MYTEMPLATE
  foo-2012-08.nc

  # exit status 0 if two points are the same time, 1 otherwise:
  $ cylc cycle-point 20100823T1800Z --equal=2010-08-23T18:00Z
"""

from __future__ import annotations

import argparse
import os
import sys

from cylc_flow.exceptions import CylcError, InputError

PRINT_TEMPLATES = {
    'print_year': 'CCYY',
    'print_month': 'MM',
    'print_day': 'DD',
    'print_hour': '%H',
    'print_minute': '%M',
}


def get_parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``cylc cycle-point``."""
    body = (__doc__ or '').partition('\n\n')[2]
    parser = argparse.ArgumentParser(
        prog='cylc cycle-point',
        usage='cylc cycle-point [OPTIONS] [POINT]',
        description=body,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        'point', nargs='?', metavar='POINT',
        help='ISO 8601 date-time (default: $CYLC_TASK_CYCLE_POINT)',
    )
    for unit in ('years', 'months', 'days', 'hours', 'minutes'):
        parser.add_argument(
            f'--offset-{unit}', metavar='N', dest=f'offset_{unit}',
            help=f'add N {unit} to POINT (N may be negative)',
        )
    parser.add_argument(
        '--offset', metavar='ISO_OFFSET',
        help="add an ISO 8601 interval to POINT (e.g. PT6H, -P1D)",
    )
    parser.add_argument(
        '--equal', metavar='POINT2', dest='point2',
        help='succeed if POINT2 is the same time as POINT (any format)',
    )
    parser.add_argument(
        '--template', metavar='TEMPLATE',
        help='filename template, or the name of a variable holding one',
    )
    parser.add_argument(
        '--time-zone', metavar='ZONE', dest='time_zone',
        help="write the result in this time zone (e.g. Z, +13:00, -0530)",
    )
    parser.add_argument(
        '--num-expanded-year-digits', metavar='NUMBER', default='0',
        dest='num_expanded_year_digits',
        help='number of extra year digits (for years beyond 0000-9999)',
    )
    for name, template in PRINT_TEMPLATES.items():
        unit = name.split('_')[1]
        parser.add_argument(
            f"--{name.replace('_', '-')}", action='store_true', dest=name,
            help=f"print only the {unit} of the result"
            f" ({template.replace('%', '%%')})",
        )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run ``cylc cycle-point``; return the exit status."""
    options = get_parser().parse_args(argv)
    from metomi.isodatetime.data import Duration
    from metomi.isodatetime.dumpers import TimePointDumper
    from metomi.isodatetime.parsers import DurationParser, TimePointParser

    point_text = options.point
    if point_text is None:
        point_text = os.environ.get('CYLC_TASK_CYCLE_POINT')
        if point_text is None:
            raise InputError(
                'Provide a POINT argument, or define $CYLC_TASK_CYCLE_POINT'
            )
    template = _template(options)
    digits = _integer(options.num_expanded_year_digits, 'number of digits')
    if digits < 0:
        raise InputError('--num-expanded-year-digits cannot be negative')
    parser = TimePointParser(num_expanded_year_digits=digits)
    point = _parse_point(parser, point_text, template is None)
    if options.point2 is not None:
        other = _parse_point(parser, options.point2, template is None)
        return 0 if other == point else 1
    units = {
        unit: _integer(value, f'--offset-{unit}')
        for unit in ('years', 'months', 'days', 'hours', 'minutes')
        if (value := getattr(options, f'offset_{unit}'))
    }
    try:
        offset = Duration(**units)
        if options.offset:
            text = options.offset.strip()
            sign = -1 if text.startswith('-') else 1
            offset += DurationParser().parse(text.lstrip('+-')) * sign
        point += offset
    except Exception as exc:
        raise InputError(f'offset not valid: {exc}') from None
    dumper = TimePointDumper(num_expanded_year_digits=digits)
    try:
        if options.time_zone:
            point, template = _in_zone(point, options.time_zone, template)
        print(_dump(dumper, point, template))
    except CylcError:
        raise
    except Exception as exc:
        raise InputError(f'cannot write the result: {exc}') from None
    return 0


def _integer(value: str, what: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise InputError(f'{what} must be an integer, not {value!r}') from None


def _template(options: argparse.Namespace) -> str | None:
    chosen = [name for name in PRINT_TEMPLATES if getattr(options, name)]
    if options.template:
        if chosen:
            raise InputError(
                '"print only" options are incompatible with templating'
            )
        return os.environ.get(options.template, options.template)
    if len(chosen) > 1:
        raise InputError(
            'Choose NONE or ONE of --print-(year|month|day|hour|minute)'
        )
    if not chosen:
        return None
    template = PRINT_TEMPLATES[chosen[0]]
    if chosen[0] == 'print_year' and options.num_expanded_year_digits not in (
        '0', 0
    ):
        template = '+XCCYY'
    return template


def _parse_point(parser: object, text: str, as_parsed: bool) -> object:
    try:
        return parser.parse(  # type: ignore[attr-defined]
            text.strip(), dump_as_parsed=as_parsed
        )
    except Exception as exc:
        raise InputError(f'invalid cycle point: {exc}') from None


def _in_zone(
    point: object, zone_text: str, template: str | None
) -> tuple[object, str | None]:
    """Convert the result to a time zone; return it and the format to use."""
    from metomi.isodatetime.data import TimeZone

    from cylc_flow.cycling.point_format import parse_zone

    try:
        hours, minutes = parse_zone(zone_text)
    except CylcError as exc:
        raise InputError(f'--time-zone: {exc}') from None
    point = point.to_time_zone(  # type: ignore[attr-defined]
        TimeZone(hours=hours, minutes=minutes)
    )
    if template is not None:
        return point, template
    dump_format = point.dump_format or ''  # type: ignore[attr-defined]
    date_part, has_time, time_part = dump_format.partition('T')
    if not has_time:
        return point, dump_format or None
    for marker in ('Z', '+', '-'):
        if marker in time_part:
            time_part = time_part[:time_part.index(marker)]
            break
    return point, f'{date_part}T{time_part}{zone_text.strip()}'


def _dump(dumper: object, point: object, template: str | None) -> str:
    if template is None:
        return str(point)
    text = dumper.dump(point, template)  # type: ignore[attr-defined]
    if text == template and not any(
        element in template for element in ('CCYY', 'MM', 'DD', '%')
    ):
        # a time-only template: metomi only fills time elements after a 'T'
        text = dumper.dump(point, 'T' + template)[1:]  # type: ignore
    return text


if __name__ == '__main__':
    try:
        sys.exit(main())
    except CylcError as error:
        print(f'{type(error).__name__}: {error}', file=sys.stderr)
        sys.exit(1)
