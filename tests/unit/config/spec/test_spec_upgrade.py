"""Cylc 7 -> 8 upgrades of flow.cylc / suite.rc, and global.cylc checks."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from cylc_flow.config.spec import FLOW_SPEC, upgrade_flow, upgrade_global, validate
from cylc_flow.exceptions import UpgradeError


@dataclass(frozen=True)
class Origin:
    file: str
    line: int


def run_upgrade(data, *, compat=False, origins=None):
    warnings: list[str] = []
    result = upgrade_flow(data, origins, 'suite.rc', cylc7_compat=compat,
                          warn=warnings.append)
    return result, warnings


def test_cylc_section_becomes_scheduler_with_a_warning():
    result, warnings = run_upgrade({'cylc': {'UTC mode': 'True'}})
    assert result == {'scheduler': {'UTC mode': 'True'}}
    assert warnings == [
        'deprecated item automatically upgraded in "suite.rc": (8.0.0) '
        '[cylc] -> [scheduler] - value unchanged'
    ]


def test_renamed_workflow_events_and_handlers():
    result, warnings = run_upgrade({'cylc': {'events': {
        'timeout': 'PT1H', 'abort on timeout': 'True',
        'inactivity': 'PT2H', 'startup handler': 'echo up',
        'timeout handler': 'echo slow', 'stalled handler': 'echo stuck',
        'aborted handler': 'echo died', 'mail to': 'me@x',
        'abort if startup handler fails': 'True',
    }}})
    assert result['scheduler']['events'] == {
        'stall timeout': 'PT1H', 'abort on stall timeout': 'True',
        'inactivity timeout': 'PT2H', 'startup handlers': 'echo up',
        'stall timeout handlers': 'echo slow', 'stall handlers': 'echo stuck',
        'abort handlers': 'echo died',
    }
    assert result['scheduler']['mail'] == {'to': 'me@x'}
    assert len(warnings) == 10
    assert any('[cylc][events]abort if startup handler fails - DELETED '
               '(OBSOLETE)' in warning for warning in warnings)
    validate(result, FLOW_SPEC, None, 'suite.rc')


def test_obsolete_items_are_dropped_with_a_warning():
    result, warnings = run_upgrade({
        'cylc': {'abort if any task fails': 'True',
                 'reference test': {'live mode suite timeout': 'PT1M'}},
        'visualization': {'default node attributes': 'x'},
        'scheduling': {'spawn to max active cycle points': 'True'},
        'runtime': {'a': {'extra log files': 'x', 'job': {'shell': '/bin/ksh'}}},
    })
    assert result == {'scheduler': {}, 'scheduling': {},
                      'runtime': {'a': {'job': {}}}}
    assert sum('DELETED (OBSOLETE)' in warning for warning in warnings) == 6


def test_scheduling_items_and_runahead_conversion():
    result, warnings = run_upgrade({'scheduling': {
        'max active cycle points': '5', 'hold after point': '2000',
    }})
    assert result == {'scheduling': {'runahead limit': 'P5',
                                     'hold after cycle point': '2000'}}
    assert any('"n" -> "Pn"' in warning for warning in warnings)


def test_parameters_move_to_task_parameters():
    result, _ = run_upgrade({'cylc': {
        'parameters': {'m': '1..3'}, 'parameter templates': {'m': '_%(m)s'},
    }})
    assert result['task parameters'] == {'m': '1..3', 'templates': {'m': '_%(m)s'}}


def test_runtime_job_settings_and_handlers_are_upgraded_per_task():
    result, warnings = run_upgrade({'runtime': {
        'a': {'job': {'execution time limit': 'PT1H'},
              'events': {'failed handler': 'x', 'mail to': 'me'}},
        'b': {'suite state polling': {'interval': 'PT1M', 'run-dir': '/r'}},
    }})
    assert result['runtime']['a'] == {
        'job': {}, 'events': {'failed handlers': 'x'}, 'mail': {'to': 'me'},
        'execution time limit': 'PT1H',
    }
    assert result['runtime']['b'] == {
        'workflow state polling': {'interval': 'PT1M', 'alt-cylc-run-dir': '/r'},
    }
    assert len(warnings) == 5


def test_cylc7_compat_mode_silences_deprecations_but_not_obsoletions():
    _, warnings = run_upgrade(
        {'cylc': {'events': {'timeout': 'PT1H'}, 'force run mode': 'live'}},
        compat=True,
    )
    assert len(warnings) == 1
    assert '[cylc]force run mode - DELETED (OBSOLETE)' in warnings[0]


def test_upgrade_onto_an_existing_item_is_an_error():
    with pytest.raises(UpgradeError, match='already exists'):
        run_upgrade({'scheduling': {'max active cycle points': '3',
                                    'runahead limit': 'P2'}})
    with pytest.raises(UpgradeError, match='already exists'):
        run_upgrade({'cylc': {'UTC mode': 'True'},
                     'scheduler': {'UTC mode': 'False'}})


def test_upgrade_error_names_the_file_and_line():
    origins = {('scheduling', 'max active cycle points'): Origin('suite.rc', 9)}
    with pytest.raises(UpgradeError) as info:
        run_upgrade({'scheduling': {'max active cycle points': '3',
                                    'runahead limit': 'P2'}}, origins=origins)
    assert str(info.value).startswith('suite.rc:9: cannot upgrade')


def test_setting_where_a_section_is_expected_is_an_error():
    with pytest.raises(UpgradeError, match='should be a \\[section\\]'):
        run_upgrade({'cylc': 'oops'})


def test_dependencies_graph_moves_to_graph_section():
    origins = {('scheduling', 'dependencies', 'T00', 'graph'): Origin('s', 4)}
    result, warnings = run_upgrade({'scheduling': {'dependencies': {
        'graph': 'x => y', 'R1': {'graph': 'a => b'}, 'T00': {'graph': 'c'},
    }}}, origins=origins)
    assert result['scheduling']['graph'] == {'R1': 'x => y\na => b', 'T00': 'c'}
    assert warnings == [
        'deprecated graph items were automatically upgraded in "suite.rc": '
        '(8.0.0) [scheduling][dependencies][X]graph -> [scheduling][graph]X - '
        'for X in: R1, T00, graph'
    ]
    assert origins[('scheduling', 'graph', 'T00')].line == 4


def test_dependencies_beside_graph_cannot_be_upgraded():
    with pytest.raises(UpgradeError, match='already exists'):
        run_upgrade({'scheduling': {'dependencies': {'R1': {'graph': 'a'}},
                                    'graph': {'R1': 'b'}}})


def test_parameter_environment_templates_are_prepended_to_environment():
    result, warnings = run_upgrade({'runtime': {'a': {
        'environment': {'X': '1', 'M': 'keep'},
        'parameter environment templates': {'M': '%(m)s', 'N': '%(n)s'},
    }}})
    assert list(result['runtime']['a']['environment'].items()) == [
        ('N', '%(n)s'), ('X', '1'), ('M', 'keep'),
    ]
    assert 'parameter environment templates' not in result['runtime']['a']
    assert any('M ignored' in warning for warning in warnings)


def test_moved_items_get_origins_at_their_new_path():
    origins = {('cylc', 'events', 'timeout'): Origin('suite.rc', 5)}
    run_upgrade({'cylc': {'events': {'timeout': 'PT1H'}}}, origins=origins)
    assert origins[('scheduler', 'events', 'stall timeout')].line == 5


def test_cylc7_host_settings_warn_and_conflict_with_platform():
    _, warnings = run_upgrade({'runtime': {'a': {
        'remote': {'host': 'hpc1'}, 'job': {'batch system': 'slurm'},
    }}})
    assert warnings == [
        'deprecated settings found (please replace with [runtime][a]platform): '
        '[runtime][a][remote]host = hpc1; [runtime][a][job]batch system = slurm'
    ]
    _, warnings = run_upgrade({'runtime': {'a': {'remote': {'host': 'localhost'}}}})
    assert warnings == []
    with pytest.raises(UpgradeError, match="'platform = hpc'"):
        run_upgrade({'runtime': {'a': {'platform': 'hpc',
                                       'remote': {'host': 'hpc1'}}}})


def test_remote_owner_and_backtick_platforms_are_errors():
    with pytest.raises(UpgradeError, match='owner" is obsolete'):
        run_upgrade({'runtime': {'a': {'remote': {'owner': 'fred'}}}}, compat=True)
    with pytest.raises(UpgradeError, match='backtick'):
        run_upgrade({'runtime': {'a': {'platform': '`pick`'}}})


def test_deprecated_handler_template_variables_are_warned_about():
    _, warnings = run_upgrade({'runtime': {'a': {'events': {
        'failed handlers': 'notify %(suite)s %(batch_sys_job_id)s',
    }}}})
    assert len(warnings) == 2
    assert '"%(suite)s" is deprecated - use "%(workflow)s"' in warnings[1]


def test_cylc8_config_passes_through_unchanged():
    data = {'scheduler': {'UTC mode': 'True'},
            'scheduling': {'graph': {'R1': 'a'}},
            'runtime': {'a': {'platform': 'hpc', 'events': {'failed handlers': 'x'}}}}
    expected = {key: dict(value) for key, value in data.items()}
    result, warnings = run_upgrade(data)
    assert result == expected
    assert warnings == []


def test_global_cylc7_sections_are_errors_with_a_hint():
    origins = {('hosts',): Origin('global.cylc', 3)}
    with pytest.raises(UpgradeError) as info:
        upgrade_global({'hosts': {'hpc': {}}}, origins, 'global.cylc',
                       warn=print)
    assert str(info.value) == (
        'global.cylc:3: [hosts] is a Cylc 7 global.rc setting not supported by '
        'Cylc 8: define job hosts as [platforms] instead'
    )
    data = {'platforms': {'hpc': {'hosts': 'a'}}}
    assert upgrade_global(data, None, 'global.cylc', warn=print) is data
