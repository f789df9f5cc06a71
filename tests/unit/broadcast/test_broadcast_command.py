"""cylc broadcast: options become Cylc 8's mutation variables; bad input is
refused before the scheduler is contacted."""

from __future__ import annotations

import pytest

from cylc_flow.exceptions import InputError
from cylc_flow.scripts.broadcast import (
    build_variables,
    get_parser,
    main,
)


def variables(*argv: str) -> dict:
    return build_variables(get_parser().parse_args([*argv, 'flow']))


def test_set_defaults_to_all_points_and_root():
    assert variables('-s', '[environment]X = 1', '-s', 'script=true') == {
        'bMode': 'Set', 'cPoints': ['*'], 'nSpaces': ['root'],
        'bSettings': [{'environment': {'X': '1'}}, {'script': 'true'}],
        'bCutoff': None}


def test_cancel_sends_clear_with_settings_and_defaults():
    found = variables('-n', 'foo', '-n', 'foo', '-c', '[environment]X')
    assert found['bMode'] == 'Clear'
    assert found['cPoints'] == ['*'] and found['nSpaces'] == ['foo']
    assert found['bSettings'] == [{'environment': {'X': None}}]


def test_clear_targets_every_point_and_namespace_unless_given():
    found = variables('--clear')
    assert (found['bMode'], found['cPoints'], found['nSpaces']) == (
        'Clear', [], [])
    assert variables('-C', '-p', '2')['cPoints'] == ['2']


def test_expire_sends_the_cutoff():
    found = variables('--expire', '5')
    assert (found['bMode'], found['bCutoff']) == ('Expire', '5')


def test_set_file_settings(tmp_path):
    path = tmp_path / 'b.cylc'
    path.write_text('[environment]\n    A = 1\n')
    assert variables('-F', str(path))['bSettings'] == [{'environment': {'A': '1'}}]


@pytest.mark.parametrize('argv, match', [
    (['-s', 'bogus=1'], 'illegal item: bogus'),
    (['-s', '[environment]X'], 'requires a value'),
    (['-s', 'inherit=FAM'], 'Inheritance cannot be changed'),
    (['-s', 'execution time limit=soon'], 'illegal value'),
    (['-c', 'script=x'], 'does not take a value'),
    (['-s', 'script=x', '-C'], 'choose one of'),
    ([], 'nothing to do'),
    (['-k', 'foo'], 'cycle/task'),
])
def test_bad_input_is_refused_with_one_line(argv, match):
    with pytest.raises(InputError, match=match) as info:
        main([*argv, 'no-such-flow'])
    assert '\n' not in str(info.value)
