"""Cylc 7 item names in broadcasts are upgraded as flow.cylc's are (Cylc 8's
``cylc broadcast`` runs them through the workflow upgrader)."""

from __future__ import annotations

import pytest

from cylc_flow.broadcast.upgrade import upgrade_leaves
from cylc_flow.exceptions import InputError
from cylc_flow.scripts.broadcast import build_variables, get_parser


def variables(*argv: str) -> dict:
    return build_variables(get_parser().parse_args([*argv, 'flow']))


@pytest.mark.parametrize('old, new', [
    (('job', 'execution time limit'), ('execution time limit',)),
    (('job', 'submission retry delays'), ('submission retry delays',)),
    (('events', 'failed handler'), ('events', 'failed handlers')),
    (('events', 'mail to'), ('mail', 'to')),
    (('suite state polling', 'interval'),
     ('workflow state polling', 'interval')),
    (('environment', 'job'), ('environment', 'job')),  # not an old name
])
def test_deprecated_names_are_upgraded(old, new):
    assert upgrade_leaves([(old, 'v')]) == [(new, 'v')]


def test_obsolete_items_are_dropped_with_a_warning():
    warnings: list[str] = []
    assert upgrade_leaves([(('job', 'shell'), '/bin/bash'),
                           (('script',), 'true')], warnings.append) == [
        (('script',), 'true')]
    assert warnings == ['deprecated item automatically upgraded in'
                        ' "broadcast": (8.0.0) [runtime][<namespace>][job]shell'
                        ' - DELETED (OBSOLETE)']


def test_cli_sends_the_upgraded_setting_and_warns(capsys):
    found = variables('-s', '[job]execution time limit = PT30M')
    assert found['bSettings'] == [{'execution time limit': 'PT30M'}]
    assert ('WARNING - deprecated item automatically upgraded in "broadcast":'
            ' (8.0.0) [runtime][<namespace>][job]execution time limit ->'
            ' [runtime][<namespace>]execution time limit - value unchanged'
            ) in capsys.readouterr().err


def test_cli_cancel_and_files_are_upgraded(tmp_path):
    assert variables('-c', '[events]retry handler')['bSettings'] == [
        {'events': {'retry handlers': None}}]
    path = tmp_path / 'old.cylc'
    path.write_text('[job]\n    execution retry delays = PT1M\n')
    assert variables('-F', str(path))['bSettings'] == [
        {'execution retry delays': 'PT1M'}]


def test_cli_with_only_obsolete_settings_has_nothing_to_send():
    with pytest.raises(InputError, match=r'No valid settings to broadcast\.'):
        variables('-s', '[job]shell=/bin/bash')


def test_store_upgrades_settings_from_any_client(store):
    result = store.put(['*'], ['foo'], [{'job': {'execution time limit': 'PT1M'}},
                                        '[events]failed handler = echo hi'])
    assert not result.bad_options
    assert store.as_dict() == {'*': {'foo': {
        'execution time limit': 'PT1M',
        'events': {'failed handlers': 'echo hi'}}}}
    assert store.overrides('1', 'foo')['execution time limit'] == 60.0
    cancelled = store.clear(['*'], ['foo'], ['[job]execution time limit'])
    assert [change.key for change in cancelled.changes] == [
        'execution time limit']


def test_store_rejects_a_setting_that_is_only_obsolete(store):
    result = store.put(['*'], ['root'], [{'job': {'shell': '/bin/ksh'}}])
    assert result.bad_options == {'settings': [{'job': {'shell': '/bin/ksh'}}]}
    assert not store
