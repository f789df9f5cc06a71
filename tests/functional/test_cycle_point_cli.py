"""``cylc cycle-point`` end to end (through the ``cylc`` dispatcher)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    'args, expected',
    [
        (['--offset-hours=6', '20100823T1800Z'], '20100824T0000Z'),
        (['--offset-hours', '-6', '20100823T1800Z'], '20100823T1200Z'),
        (['--offset-days=-1', '2010-08-23T18:00Z'], '2010-08-22T18:00Z'),
        (['--offset-months=1', '20100131T00Z'], '20100228T00Z'),
        (['--offset-years=2', '2010-08'], '2012-08'),
        (['--offset-minutes=90', '20100823T1800Z'], '20100823T1930Z'),
        (['--offset=-P1DT6H', '20100823T1800Z'], '20100822T1200Z'),
        (['--offset=+PT6H', '--offset-days=1', '20100823T1800Z'],
         '20100825T0000Z'),
        (['20100808T00Z', '--template', 'foo-CCYY-MM-DD-Thh.nc'],
         'foo-2010-08-08-T00.nc'),
        (['20100808T00Z', '--template', 'foo-%Y-%m-%d-T%H.nc'],
         'foo-2010-08-08-T00.nc'),
        (['20100823T1830Z', '--template', 'hh'], '18'),
        (['--print-year', '20100823T1800Z'], '2010'),
        (['--print-month', '20100823T1800Z'], '08'),
        (['--print-day', '20100823T1800Z'], '23'),
        (['--print-hour', '20100823T1800Z'], '18'),
        (['--print-minute', '20100823T1845Z'], '45'),
        (['--time-zone=+13:00', '20100823T1800Z'], '20100824T0700+13:00'),
        (['--time-zone=Z', '2010-08-23T18:00+13:00'], '2010-08-23T05:00Z'),
    ],
)
def test_cycle_point_arithmetic_and_templates(run_cylc, args, expected):
    result = run_cylc('cycle-point', *args)
    assert result.returncode == 0, result.stderr
    assert result.stdout == expected + '\n'


def test_point_defaults_to_the_task_cycle_point(run_cylc):
    result = run_cylc(
        'cycle-point', '--offset-hours=-6',
        env={'CYLC_TASK_CYCLE_POINT': '20100823T1800Z'},
    )
    assert result.stdout.strip() == '20100823T1200Z'


def test_template_may_name_an_environment_variable(run_cylc):
    result = run_cylc(
        'cycle-point', '--offset-years=2', '--template=MYTEMPLATE',
        env={
            'CYLC_TASK_CYCLE_POINT': '2010-08',
            'MYTEMPLATE': 'foo-CCYY-MM.nc',
        },
    )
    assert result.stdout.strip() == 'foo-2012-08.nc'


def test_equal_compares_instants_whatever_the_format(run_cylc):
    same = run_cylc('cycle-point', '20100823T1800Z', '--equal',
                    '2010-08-24T07:00+13:00')
    different = run_cylc('cycle-point', '20100823T1800Z',
                         '--equal=20100823T1900Z')
    assert (same.returncode, same.stdout) == (0, '')
    assert (different.returncode, different.stdout) == (1, '')


def test_expanded_years(run_cylc):
    result = run_cylc('cycle-point', '--num-expanded-year-digits=2',
                      '--offset-years=10000', '+0020100823T1800Z')
    assert result.stdout.strip() == '+0120100823T1800Z'


@pytest.mark.parametrize(
    'args, message',
    [
        (['not-a-point'], 'invalid cycle point'),
        (['--offset-hours=six', '20100823T1800Z'], 'must be an integer'),
        (['--offset=PT6X', '20100823T1800Z'], 'offset not valid'),
        (['--print-year', '--print-day', '20100823T1800Z'],
         'Choose NONE or ONE'),
        (['--template=CCYY', '--print-day', '20100823T1800Z'],
         'incompatible with templating'),
        (['--time-zone=Mars', '20100823T1800Z'], 'invalid time zone'),
    ],
)
def test_user_errors_are_one_line_and_exit_1(run_cylc, args, message):
    result = run_cylc('cycle-point', *args)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert 'Traceback' not in result.stderr


def test_missing_point_and_variable_is_an_error(run_cylc, isolated_env):
    isolated_env.pop('CYLC_TASK_CYCLE_POINT', None)
    result = run_cylc('cycle-point')
    assert result.returncode == 1
    assert 'CYLC_TASK_CYCLE_POINT' in result.stderr


def test_help_lists_the_options(run_cylc):
    result = run_cylc('cycle-point', '--help')
    assert result.returncode == 0
    for option in ('--offset-hours', '--offset-days', '--offset-months',
                   '--offset-years', '--offset', '--equal', '--template',
                   '--time-zone', '--num-expanded-year-digits',
                   '--print-year', '--print-month', '--print-day',
                   '--print-hour'):
        assert option in result.stdout


def test_main_can_be_called_in_process(capsys):
    from cylc_flow.scripts.cycle_point import main

    assert main(['--offset-days=1', '20250228T00Z']) == 0
    assert capsys.readouterr().out == '20250301T00Z\n'
