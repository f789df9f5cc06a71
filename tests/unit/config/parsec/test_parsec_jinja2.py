"""Jinja2 processing of config files."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest

from cylc_flow import __version__
from cylc_flow.config.parsec import Origin, parse_file, parse_text, process_lines
from cylc_flow.exceptions import FileParseError, Jinja2Error


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch) -> Path:
    """A HOME without ~/.cylc extensions."""
    home = tmp_path / 'home'
    home.mkdir()
    monkeypatch.setenv('HOME', str(home))
    return home


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.mark.parametrize('shebang', ['#!jinja2', '#!Jinja2', '#!JINJA2', '#!jinja2  '])
def test_shebang_turns_on_jinja2_in_any_case(shebang):
    text = f'{shebang}\n{{% set x = 6 * 7 %}}\n[a]\n    x = {{{{ x }}}}\n'
    assert parse_text(text).data == {'a': {'x': '42'}}


def test_without_shebang_on_first_line_jinja2_is_not_processed():
    with pytest.raises(FileParseError):
        parse_text('[a]\n#!jinja2\n    x = {{ 1 }}\n{% if %}\n')


def test_template_variables_are_available():
    config = parse_text(
        '#!jinja2\n[a]\n{% for m in MEMBERS %}\n'
        '    x{{m}} = {{ N + m }}\n{% endfor %}\n',
        template_vars={'MEMBERS': [1, 2], 'N': 10},
    )
    assert config.data == {'a': {'x1': '11', 'x2': '12'}}


def test_cylc_variables_are_available(tmp_path):
    flow = write(
        tmp_path / 'flow.cylc',
        '#!jinja2\n[a]\n'
        '    version = {{ CYLC_VERSION }}\n'
        '    tvars = {{ CYLC_TEMPLATE_VARS["FOO"] }}\n'
        '    src = {{ CYLC_WORKFLOW_SRC_DIR }}\n',
    )
    data = parse_file(flow, {'FOO': 'bar'}).data
    assert data['a'] == {'version': __version__, 'tvars': 'bar', 'src': str(tmp_path)}


def test_workflow_source_dir_follows_the_install_symlink(tmp_path):
    source = tmp_path / 'src'
    source.mkdir()
    run_dir = tmp_path / 'run' / 'run1'
    install = tmp_path / 'run' / '_cylc-install'
    install.mkdir(parents=True)
    (install / 'source').symlink_to(source)
    flow = write(
        run_dir / 'flow.cylc', '#!jinja2\n[a]\n    src = {{ CYLC_WORKFLOW_SRC_DIR }}\n'
    )
    assert parse_file(flow).data['a']['src'] == str(source)


def test_workflow_vars_are_globals_and_in_environ():
    config = parse_text(
        '#!jinja2\n[a]\n    id = {{ CYLC_WORKFLOW_ID }}\n'
        "    env = {{ environ['CYLC_WORKFLOW_ID'] }}\n",
        workflow_vars={'CYLC_WORKFLOW_ID': 'my/flow'},
    )
    assert config.data['a'] == {'id': 'my/flow', 'env': 'my/flow'}


def test_environ_and_cylc_environment_variables(monkeypatch):
    monkeypatch.setenv('CYLC_SOMETHING', 'value1')
    monkeypatch.setenv('MY_VAR', 'value2')
    config = parse_text(
        "#!jinja2\n[a]\n    x = {{ CYLC_SOMETHING }}\n    y = {{ environ['MY_VAR'] }}\n"
    )
    assert config.data['a'] == {'x': 'value1', 'y': 'value2'}


def test_undefined_variable_is_an_error_naming_it_with_context(tmp_path):
    flow = write(
        tmp_path / 'flow.cylc',
        '#!Jinja2\n[scheduling]\n    [[graph]]\n        R1 = a\n[runtime]\n'
        '    [[a]]\n        script = {{ FOO }}\n    [[b]]\n',
    )
    with pytest.raises(Jinja2Error) as info:
        parse_file(flow)
    error = info.value
    assert error.reason == "'FOO' is undefined"
    assert (error.filename, error.line_num) == (str(flow), 7)
    assert error.context.splitlines() == [
        '          R1 = a',
        '  [runtime]',
        '      [[a]]',
        '          script = {{ FOO }}\t<-- UndefinedError',
    ]


def test_syntax_error_reports_its_line():
    with pytest.raises(Jinja2Error) as info:
        parse_text('#!jinja2\n[a]\n    x = 1\n{% if %}\n    y = 2\n')
    assert info.value.line_num == 4
    assert info.value.context.endswith('{% if %}\t<-- TemplateSyntaxError')


def test_jinja2_error_in_percent_included_file_names_that_file(tmp_path):
    inc = write(tmp_path / 'inc.cylc', '[b]\n    y = {{ 1 + }}\n')
    flow = write(tmp_path / 'flow.cylc', '#!jinja2\n[a]\n%include inc.cylc\n')
    with pytest.raises(Jinja2Error) as info:
        parse_file(flow)
    assert (info.value.filename, info.value.line_num) == (str(inc), 2)


def test_jinja2_error_in_jinja2_included_template_names_that_template(tmp_path):
    template = write(tmp_path / 'part.j2', '[b]\n\n    y = {{ MISSING }}\n')
    flow = write(tmp_path / 'flow.cylc', '#!jinja2\n[a]\n{% include "part.j2" %}\n')
    with pytest.raises(Jinja2Error) as info:
        parse_file(flow)
    assert (info.value.filename, info.value.line_num) == (str(template), 3)
    assert "'MISSING' is undefined" in str(info.value)
    assert 'y = {{ MISSING }}' in info.value.context


def test_missing_jinja2_template_is_an_error():
    with pytest.raises(Jinja2Error, match=r'template not found: nope\.j2'):
        parse_text('#!jinja2\n{% include "nope.j2" %}\n')


def test_python_errors_in_templates_become_jinja2_errors():
    with pytest.raises(Jinja2Error, match='division by zero') as info:
        parse_text('#!jinja2\n[a]\n    x = {{ 1 / 0 }}\n')
    assert info.value.line_num == 3


def test_raise_and_assert_helpers():
    with pytest.raises(Jinja2Error, match='Jinja2 Error: stop here') as info:
        parse_text('#!jinja2\n[a]\n{{ raise("stop here") }}\n')
    assert info.value.line_num == 3
    with pytest.raises(Jinja2Error, match='Assertion Error: N too big'):
        parse_text(
            '#!jinja2\n{{ assert(N < 3, "N too big") }}\n', template_vars={'N': 5}
        )
    assert parse_text('#!jinja2\n{{ assert(True, "x") }}[a]\n').data == {'a': {}}


def test_built_in_filters():
    config = parse_text(
        '#!jinja2\n[a]\n'
        "    pad = {{ 7 | pad(3, '0') }}\n"
        "    hour = {{ '2000-01-02T03Z' | strftime('%H') }}\n"
        "    parsed = {{ '12,30,2000' | strftime('%m', '%m,%d,%Y') }}\n"
        "    hours = {{ 'PT90M' | duration_as('h') }}\n"
        "    seconds = {{ 'P1D' | duration_as('seconds') | int }}\n"
    )
    assert config.data['a'] == {
        'pad': '007',
        'hour': '03',
        'parsed': '12',
        'hours': '1.5',
        'seconds': '86400',
    }


def test_duration_as_with_unknown_units_is_an_error():
    with pytest.raises(Jinja2Error, match='No matching units found for y'):
        parse_text("#!jinja2\n{{ 'PT1H' | duration_as('y') }}\n")


def test_custom_filters_tests_and_globals_from_the_workflow(tmp_path):
    write(tmp_path / 'Jinja2Filters' / 'shout.py', 'def shout(v):\n  return v.upper()')
    write(tmp_path / 'Jinja2Tests' / 'even.py', 'def even(v):\n    return v % 2 == 0\n')
    write(tmp_path / 'Jinja2Globals' / 'answer.py', 'def answer():\n    return 42\n')
    flow = write(
        tmp_path / 'flow.cylc',
        "#!jinja2\n[a]\n    x = {{ 'hi' | shout }}\n"
        '    y = {{ 4 is even }}\n    z = {{ answer() }}\n',
    )
    assert parse_file(flow).data['a'] == {'x': 'HI', 'y': 'True', 'z': '42'}


def test_custom_filters_from_the_users_cylc_directory(tmp_path, home):
    filters = home / '.cylc' / 'Jinja2Filters'
    write(filters / 'twice.py', 'def twice(v):\n  return v * 2')
    flow = write(tmp_path / 'wf' / 'flow.cylc', '#!jinja2\n[a]\n  x = {{ 4 | twice }}')
    assert parse_file(flow).data['a'] == {'x': '8'}


def test_workflow_filters_win_over_the_users_on_a_name_clash(tmp_path, home):
    write(home / '.cylc' / 'Jinja2Filters' / 'which.py', 'def which(v):\n  return "u"')
    write(tmp_path / 'Jinja2Filters' / 'which.py', 'def which(v):\n  return "w"')
    flow = write(tmp_path / 'flow.cylc', '#!jinja2\n[a]\n  x = {{ 1 | which }}')
    assert parse_file(flow).data['a'] == {'x': 'w'}


def test_broken_custom_filter_file_is_a_jinja2_error(tmp_path):
    bad = write(tmp_path / 'Jinja2Filters' / 'bad.py', 'def other():\n    pass\n')
    flow = write(tmp_path / 'flow.cylc', '#!jinja2\n[a]\n')
    with pytest.raises(Jinja2Error, match='must define a function "bad"') as info:
        parse_file(flow)
    assert info.value.filename == str(bad)
    write(tmp_path / 'Jinja2Filters' / 'bad.py', 'def bad(:\n')
    with pytest.raises(Jinja2Error, match='cannot load Jinja2 extension'):
        parse_file(flow)


def test_include_and_import_are_relative_to_the_workflow_directory(tmp_path):
    write(tmp_path / 'macros.j2', '{% macro task(n) %}[[t{{ n }}]]{% endmacro %}')
    write(tmp_path / 'part' / 'env.j2', '    [[[environment]]]\n        X = 1\n')
    flow = write(
        tmp_path / 'flow.cylc',
        '#!jinja2\n{% import "macros.j2" as m %}\n[runtime]\n'
        '    {{ m.task(1) }}\n{% include "part/env.j2" %}\n',
    )
    assert parse_file(flow).data == {'runtime': {'t1': {'environment': {'X': '1'}}}}


def test_python_modules_can_be_imported():
    config = parse_text(
        '#!jinja2\n{% from "itertools" import product %}\n'
        '{% from "__python__.math" import floor %}\n[a]\n'
        '{% for x, y in product("ab", [1]) %}\n    {{ x }}{{ y }} = {{ floor(2.5) }}\n'
        '{% endfor %}\n'
    )
    assert config.data == {'a': {'a1': '2', 'b1': '2'}}


def test_workflow_lib_python_modules_can_be_imported(tmp_path):
    write(tmp_path / 'lib' / 'python' / 'parsec_test_helper_mod.py', 'VALUE = "lib"')
    flow = write(
        tmp_path / 'flow.cylc',
        '#!jinja2\n{% from "parsec_test_helper_mod" import VALUE %}\n'
        '[a]\n    x = {{ VALUE }}\n',
    )
    assert parse_file(flow).data == {'a': {'x': 'lib'}}


def test_cylc_flow_log_can_be_imported_and_used(caplog):
    with caplog.at_level(logging.DEBUG, logger='cylc'):
        parse_text(
            '#!jinja2\n{% from "cylc.flow" import LOG %}\n{% do LOG.debug("hello") %}'
        )
    assert 'hello' in caplog.messages


def test_blank_lines_are_dropped_and_origins_use_processed_lines():
    config = parse_text('#!jinja2\n\n{% set x = 1 %}\n[a]\n\n  x = {{ x }}\n', 'f.cylc')
    assert config.processed_lines == ['[a]', '  x = 1']
    assert config.origins[('a', 'x')] == Origin('f.cylc', 2)


def test_parse_errors_after_jinja2_use_processed_line_numbers():
    with pytest.raises(FileParseError) as info:
        parse_text('#!jinja2\n{% set x = 1 %}\n\n[a]\n    bad\n')
    assert info.value.line_num == 2
    assert "cylc view -p" in info.value.context


def test_jinja2_output_can_create_line_continuations():
    config = parse_text('#!jinja2\n[a]\n    x = a \\\n{{ "b" }}\n')
    assert config.data == {'a': {'x': 'a b'}}


def test_process_lines_without_jinja2_keeps_template_code(tmp_path):
    flow = write(tmp_path / 'flow.cylc', '#!jinja2\n{% set x = 1 %}\n[a]\n')
    assert process_lines(flow, jinja2=False) == ['#!jinja2', '{% set x = 1 %}', '[a]']
    assert process_lines(flow) == ['[a]']


def test_empy_files_are_rejected():
    with pytest.raises(FileParseError, match='EmPy'):
        parse_text('#!empy\n[a]\n')


def test_plain_files_do_not_import_jinja2(tmp_path):
    flow = write(tmp_path / 'flow.cylc', '[a]\n    x = 1\n')
    code = (
        'import sys\nfrom cylc_flow.config.parsec import parse_file\n'
        f'parse_file({str(flow)!r})\nprint("jinja2" in sys.modules)\n'
    )
    result = subprocess.run(
        [sys.executable, '-c', code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == 'False'
