"""xtrigger declarations: parsing, function search, validation, rendering."""

from __future__ import annotations

import importlib.metadata
import os
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cylc_flow.config.xtrigger_spec import (
    DEFAULT_INTERVAL_SECONDS,
    XtriggerConfigError,
    deprecated_templates,
    find_xtrigger_function,
    format_signature,
    implicit_wall_clock,
    is_sequential,
    parse_xtrigger,
    render_xtrigger_args,
    validate_xtrigger,
)
from cylc_flow.exceptions import WorkflowConfigError
from cylc_flow.xtriggers import discovery

REPO = Path(__file__).resolve().parents[3]
SHARED = Path(os.environ.get('CYLC_SHARED_DIR', REPO.parent / 'shared'))
CONFORMANCE_23 = SHARED / 'conformance' / '23-xtrigger-custom'


def write_module(workflow: Path, name: str, body: str) -> Path:
    path = workflow / 'lib' / 'python' / f'{name}.py'
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(body))
    return path


# --- the conformance example ----------------------------------------------


@pytest.mark.skipif(not CONFORMANCE_23.exists(), reason='shared/ not available')
def test_conformance_custom_xtrigger_parses_is_found_and_validates():
    flow = (CONFORMANCE_23 / 'flow.cylc').read_text()
    line = next(row for row in flow.splitlines() if 'gate =' in row)
    text = line.split('=', 1)[1]
    path_before = list(sys.path)

    declaration = parse_xtrigger('gate', text)
    function = find_xtrigger_function(declaration.function, CONFORMANCE_23)
    validate_xtrigger(declaration, function)

    assert declaration.function == 'countdown'
    assert declaration.args == ('%(point)s', '%(workflow_share_dir)s', 3)
    assert declaration.interval == 1.0
    assert function.__name__ == 'countdown'
    assert sys.path == path_before
    assert 'countdown' not in sys.modules
    args, kwargs = render_xtrigger_args(
        declaration, {'point': '2', 'workflow_share_dir': '/share'}
    )
    assert args == ('2', '/share', 3)
    assert kwargs == {}


# --- parsing ---------------------------------------------------------------


def test_argument_types_follow_cylc_coercion():
    declaration = parse_xtrigger(
        'x', "f(1, 1.5, True, False, None, 'a, b', \"q\", bare word, k=2, s='x')"
    )
    assert declaration.args == (1, 1.5, True, False, None, 'a, b', 'q', 'bare word')
    assert dict(declaration.kwargs) == {'k': 2, 's': 'x'}


def test_interval_is_seconds_and_defaults_to_ten():
    assert parse_xtrigger('x', 'f():PT1M').interval == 60.0
    declaration = parse_xtrigger('x', 'f()')
    assert declaration.interval is None
    assert declaration.call_interval == DEFAULT_INTERVAL_SECONDS == 10.0


def test_sequential_kwarg_is_taken_out_of_the_call():
    declaration = parse_xtrigger('x', 'f(a, sequential=False)')
    assert declaration.sequential is False
    assert 'sequential' not in declaration.kwargs
    assert parse_xtrigger('x', 'f(a)').sequential is None


def test_trailing_comma_and_spaces_are_allowed():
    declaration = parse_xtrigger('x', '  f ( a , b , ) : PT2S ')
    assert declaration.args == ('a', 'b')
    assert declaration.interval == 2.0


def test_whole_value_in_quotes_is_unquoted():
    assert parse_xtrigger('x', '"f(1)"').args == (1,)


def test_string_arguments_keep_equals_signs_and_commas_in_quotes():
    declaration = parse_xtrigger('x', "f('a=b', k='c,d', j=e=f)")
    assert declaration.args == ('a=b',)
    assert dict(declaration.kwargs) == {'k': 'c,d', 'j': 'e=f'}


@pytest.mark.parametrize(
    ('text', 'message'),
    [
        ('f', 'illegal xtrigger declaration'),
        ('f(1) junk', 'illegal xtrigger declaration'),
        ('(1)', 'illegal xtrigger declaration'),
        ('1f(1)', 'invalid function name'),
        ("f('abc)", 'unterminated string'),
        ("f('a'b')", 'unterminated string'),
        ("f('a' 'b')", 'malformed string argument'),
        ('f(a,,b)', 'empty argument'),
        ('f(,)', 'empty argument'),
        ('f(k=1, k=2)', 'duplicate keyword argument "k"'),
        ('f(k=1, 2)', 'positional argument follows keyword argument'),
        ('f(1k=2)', 'invalid keyword argument name "1k"'),
        ('f(a b=2)', 'invalid keyword argument name "a b"'),
        ('f(k=)', 'missing value for "k"'),
        ('f(sequential=yes)', 'sequential must be True or False'),
        ('f():PT1X', 'illegal interval "PT1X"'),
        ('f():-PT1S', 'negative interval'),
        ('f(%(nope)s)', 'Illegal template in xtrigger: nope'),
        ("f(k='%(cycle)s')", 'Illegal template in xtrigger: cycle'),
    ],
)
def test_malformed_declarations_raise_one_line_errors(text, message):
    with pytest.raises(XtriggerConfigError, match=message) as caught:
        parse_xtrigger('lbl', text)
    assert str(caught.value).startswith('[@lbl] ')
    assert '\n' not in str(caught.value)


@pytest.mark.parametrize(
    ('label', 'message'),
    [('bad-label', 'can only contain'), ('a.b', 'can only contain'),
     ('', 'can only contain'), ('_cylc_x', 'cannot start with: _cylc')],
)
def test_invalid_labels_are_rejected(label, message):
    with pytest.raises(WorkflowConfigError, match=message):
        parse_xtrigger(label, 'f()')


def test_all_documented_templates_are_accepted():
    names = [
        'point', 'debug', 'workflow_run_dir', 'workflow_share_dir', 'id',
        'name', 'user_name', 'workflow', 'workflow_name', 'suite_name',
        'suite_run_dir', 'suite_share_dir',
    ]
    text = 'f(' + ', '.join(f"'%({name})s'" for name in names) + ')'
    declaration = parse_xtrigger('x', text)
    assert deprecated_templates(declaration) == [
        'suite_name', 'suite_run_dir', 'suite_share_dir', 'workflow_name'
    ]


def test_escaped_percent_is_not_a_template():
    declaration = parse_xtrigger('x', "f('100%%(nope)s')")
    assert render_xtrigger_args(declaration, {})[0] == ('100%(nope)s',)


def test_signature_lists_kwargs_sorted_as_cylc_prints_it():
    declaration = parse_xtrigger('x', 'f(1, b=2, a=%(point)s)')
    assert declaration.signature == 'f(1, a=%(point)s, b=2)'
    assert format_signature('g', (), {}) == 'g()'


def test_declarations_are_hashable_and_compare_by_value():
    first = parse_xtrigger('x', 'f(1, k=2):PT1S')
    second = parse_xtrigger('x', 'f(1,k=2):PT1S')
    assert first == second
    assert len({first, second}) == 1


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_fuzz_any_declaration_parses_or_raises_config_error(text):
    try:
        parse_xtrigger('x', text)
    except WorkflowConfigError as exc:
        assert '\n' not in str(exc)


_DECLARATION_PIECES = st.sampled_from([
    'f', '(', ')', ',', '=', "'", '"', '%(point)s', '%(bad)s', ':PT1S', ':', 'k',
    '1', '1.5', 'True', 'None', ' ', 'sequential=True', 'sequential=1', '%%',
    '\n', 'PT', '-', 'x=y',
])


@settings(max_examples=400, deadline=None)
@given(st.lists(_DECLARATION_PIECES, max_size=12).map(''.join))
def test_fuzz_declaration_soup_parses_or_raises_config_error(text):
    try:
        declaration = parse_xtrigger('x', text)
    except WorkflowConfigError as exc:
        assert '\n' not in str(exc)
    else:
        assert declaration.function
        render_xtrigger_args(declaration, {'point': '1'})


# --- finding functions ------------------------------------------------------


def test_builtins_are_found_without_a_workflow_directory():
    for name in ('wall_clock', 'xrandom', 'echo', 'workflow_state'):
        assert find_xtrigger_function(name, None).__name__ == name


def test_workflow_lib_python_overrides_a_builtin(tmp_path):
    write_module(tmp_path, 'echo', '''
        def echo(*args, **kwargs):
            return True, {'mine': 1}
    ''')
    function = find_xtrigger_function('echo', tmp_path)
    assert function() == (True, {'mine': 1})


def test_workflow_package_is_found(tmp_path):
    package = tmp_path / 'lib' / 'python' / 'pkg'
    package.mkdir(parents=True)
    (package / 'helper.py').write_text('VALUE = 7\n')
    (package / '__init__.py').write_text(
        'from .helper import VALUE\n\ndef pkg():\n    return True, {"v": VALUE}\n'
    )
    assert find_xtrigger_function('pkg', tmp_path)() == (True, {'v': 7})


def test_module_may_import_siblings_from_lib_python(tmp_path):
    write_module(tmp_path, 'sibling_helper_x1', 'NUMBER = 3\n')
    write_module(tmp_path, 'uses_sibling', '''
        import sibling_helper_x1

        def uses_sibling():
            return True, {'n': sibling_helper_x1.NUMBER}
    ''')
    before = list(sys.path)
    assert find_xtrigger_function('uses_sibling', tmp_path)() == (True, {'n': 3})
    assert sys.path == before


def test_same_module_name_in_two_workflows_does_not_collide(tmp_path):
    one, two = tmp_path / 'one', tmp_path / 'two'
    write_module(one, 'trig', 'def trig():\n    return True, {"w": 1}\n')
    write_module(two, 'trig', 'def trig():\n    return True, {"w": 2}\n')
    assert find_xtrigger_function('trig', one)() == (True, {'w': 1})
    assert find_xtrigger_function('trig', two)() == (True, {'w': 2})


def test_changed_module_is_reloaded(tmp_path):
    path = write_module(tmp_path, 'changing', 'def changing():\n    return 1\n')
    assert find_xtrigger_function('changing', tmp_path)() == 1
    path.write_text('def changing():\n    return 22\n')
    os.utime(path, ns=(1, 10**9 * 5))
    assert find_xtrigger_function('changing', tmp_path)() == 22


def test_module_without_the_function_is_an_error_naming_both(tmp_path):
    write_module(tmp_path, 'lonely', 'def other():\n    pass\n')
    with pytest.raises(WorkflowConfigError, match='has no function "lonely"'):
        find_xtrigger_function('lonely', tmp_path)


@pytest.mark.parametrize(
    ('body', 'reason'),
    [
        ('def broken(:\n', 'SyntaxError'),
        ('import no_such_module_anywhere_xyz\n', 'ModuleNotFoundError'),
        ('raise ValueError("boom")\n', 'ValueError: boom'),
        ('import sys\nsys.exit(3)\n', 'SystemExit'),
    ],
)
def test_import_failures_name_the_function_and_reason(tmp_path, body, reason):
    write_module(tmp_path, 'broken', body)
    before = list(sys.path)
    with pytest.raises(
        WorkflowConfigError, match='xtrigger function "broken"'
    ) as caught:
        find_xtrigger_function('broken', tmp_path)
    assert reason in str(caught.value)
    assert sys.path == before


def test_unknown_function_is_an_error(tmp_path):
    with pytest.raises(WorkflowConfigError, match='no module "nowhere_fn" found'):
        find_xtrigger_function('nowhere_fn', tmp_path)


def test_invalid_function_name_is_an_error():
    with pytest.raises(WorkflowConfigError, match='invalid function name'):
        find_xtrigger_function('os.path', None)


def test_entry_points_come_before_builtins(tmp_path, monkeypatch):
    module_dir = tmp_path / 'site'
    module_dir.mkdir()
    (module_dir / 'plugin_echo_mod.py').write_text(
        'def echo(*args, **kwargs):\n    return True, {"plugin": True}\n'
    )
    monkeypatch.syspath_prepend(str(module_dir))
    entry_point = importlib.metadata.EntryPoint(
        name='echo', value='plugin_echo_mod', group='cylc.xtriggers'
    )
    monkeypatch.setattr(discovery, '_entry_points', lambda: {'echo': entry_point})
    assert find_xtrigger_function('echo', None)() == (True, {'plugin': True})


def test_entry_point_may_name_the_function_itself(tmp_path, monkeypatch):
    module_dir = tmp_path / 'site'
    module_dir.mkdir()
    (module_dir / 'plugin_fn_mod.py').write_text('def fancy():\n    return 5\n')
    monkeypatch.syspath_prepend(str(module_dir))
    entry_point = importlib.metadata.EntryPoint(
        name='fancy', value='plugin_fn_mod:fancy', group='cylc.xtriggers'
    )
    monkeypatch.setattr(discovery, '_entry_points', lambda: {'fancy': entry_point})
    assert find_xtrigger_function('fancy', None)() == 5


def test_broken_entry_point_is_a_config_error(monkeypatch):
    entry_point = importlib.metadata.EntryPoint(
        name='ghost', value='no_such_plugin_module_q', group='cylc.xtriggers'
    )
    monkeypatch.setattr(discovery, '_entry_points', lambda: {'ghost': entry_point})
    with pytest.raises(WorkflowConfigError, match='cannot load entry point'):
        find_xtrigger_function('ghost', None)


# --- validation against the function ------------------------------------------


def validated(tmp_path: Path, text: str, body: str | None = None) -> None:
    declaration = parse_xtrigger('lbl', text)
    if body is not None:
        write_module(tmp_path, declaration.function, body)
    function = find_xtrigger_function(declaration.function, tmp_path)
    validate_xtrigger(declaration, function)


def test_arguments_must_fit_the_signature(tmp_path):
    body = 'def two(a, b=1):\n    return True, {}\n'
    validated(tmp_path, 'two(1)', body)
    validated(tmp_path, 'two(1, b=2)', body)
    with pytest.raises(
        XtriggerConfigError,
        match=r"^\[@lbl\] two\(\): missing a required argument: 'a'$",
    ):
        validated(tmp_path, 'two()')
    with pytest.raises(XtriggerConfigError, match='too many positional arguments'):
        validated(tmp_path, 'two(1, 2, 3)')
    with pytest.raises(XtriggerConfigError, match="unexpected keyword argument 'c'"):
        validated(tmp_path, 'two(1, c=3)')


def test_validate_hook_gets_every_argument_with_defaults(tmp_path):
    validated(tmp_path, 'hooked(5)', '''
        SEEN = []

        def hooked(a, b='dflt'):
            return True, {}

        def validate(args):
            SEEN.append(dict(args))
    ''')
    function = find_xtrigger_function('hooked', tmp_path)
    module = sys.modules[function.__module__]
    assert module.SEEN == [{'a': 5, 'b': 'dflt'}]


def test_validate_hook_failure_is_a_one_line_config_error(tmp_path):
    with pytest.raises(
        XtriggerConfigError, match=r'^\[@lbl\] picky\(0\): must be positive$'
    ):
        validated(tmp_path, 'picky(0)', '''
            def picky(n):
                return True, {}

            def validate(args):
                if args['n'] <= 0:
                    raise ValueError('must be positive')
        ''')


def test_function_is_not_called_during_validation(tmp_path):
    validated(tmp_path, 'explosive(1)', '''
        def explosive(n):
            raise RuntimeError('called!')
    ''')


def test_sequential_is_allowed_for_any_function_and_not_bound(tmp_path):
    validated(tmp_path, 'plain(1, sequential=True)', 'def plain(n):\n    return 1\n')


def test_reserved_sequential_parameter_needs_a_boolean_default(tmp_path):
    with pytest.raises(XtriggerConfigError, match='no boolean default'):
        validated(
            tmp_path, 'seqbad(1)',
            'def seqbad(n, sequential=None):\n    return 1\n',
        )


def test_sequential_resolution_order(tmp_path):
    write_module(tmp_path, 'seqfn', 'def seqfn(sequential=True):\n    return 1\n')
    write_module(tmp_path, 'nonseq', 'def nonseq():\n    return 1\n')
    seqfn = find_xtrigger_function('seqfn', tmp_path)
    nonseq = find_xtrigger_function('nonseq', tmp_path)
    assert is_sequential(parse_xtrigger('a', 'seqfn()'), seqfn, False) is True
    assert is_sequential(parse_xtrigger('a', 'seqfn(sequential=False)'), seqfn)\
        is False
    assert is_sequential(parse_xtrigger('a', 'nonseq()'), nonseq, True) is True
    assert is_sequential(parse_xtrigger('a', 'nonseq()'), nonseq, False) is False
    assert is_sequential(
        parse_xtrigger('a', 'nonseq(sequential=True)'), nonseq, False
    ) is True


def test_wall_clock_is_sequential_by_default():
    function = find_xtrigger_function('wall_clock', None)
    assert is_sequential(implicit_wall_clock(), function, False) is True
    validate_xtrigger(implicit_wall_clock(), function)


def test_backcompat_signature_is_used_when_the_current_one_does_not_fit():
    declaration = parse_xtrigger(
        'up', "workflow_state('other', 'foo', '%(point)s', status='failed')"
    )
    validate_xtrigger(declaration, find_xtrigger_function('workflow_state', None))


def test_backcompat_arguments_are_validated_too():
    declaration = parse_xtrigger(
        'up', "workflow_state('other', 'foo', '%(point)s', status='bogus')"
    )
    with pytest.raises(XtriggerConfigError, match='"bogus" is not a task status'):
        validate_xtrigger(declaration, find_xtrigger_function('workflow_state', None))


def test_bad_builtin_arguments_are_reported_with_the_signature():
    declaration = parse_xtrigger('clock', 'wall_clock(offset=PT1Q)')
    with pytest.raises(
        XtriggerConfigError,
        match=r'^\[@clock\] wall_clock\(offset=PT1Q\): Invalid offset: PT1Q$',
    ):
        validate_xtrigger(declaration, find_xtrigger_function('wall_clock', None))


def test_non_callable_is_reported():
    declaration = parse_xtrigger('x', 'f()')
    with pytest.raises(WorkflowConfigError):
        validate_xtrigger(declaration, 42)  # type: ignore[arg-type]


# --- rendering ----------------------------------------------------------------


def test_render_fills_templates_in_strings_only():
    declaration = parse_xtrigger(
        'x', "f('%(point)s', 3, k='%(name)s-%(point)s', n=None, d=%(debug)s)"
    )
    args, kwargs = render_xtrigger_args(
        declaration, {'point': '20200101T00Z', 'name': 'foo', 'debug': False}
    )
    assert args == ('20200101T00Z', 3)
    assert kwargs == {'k': 'foo-20200101T00Z', 'n': None, 'd': 'False'}
    assert declaration.args == ('%(point)s', 3)


def test_render_maps_deprecated_templates_to_current_values():
    declaration = parse_xtrigger('x', "f('%(suite_name)s', '%(suite_share_dir)s')")
    args, _ = render_xtrigger_args(
        declaration, {'workflow': 'w/run1', 'workflow_share_dir': '/s'}
    )
    assert args == ('w/run1', '/s')


def test_render_never_passes_sequential():
    declaration = parse_xtrigger('x', 'f(1, sequential=True)')
    assert render_xtrigger_args(declaration, {}) == ((1,), {})


def test_render_without_a_value_for_a_template_is_an_error():
    declaration = parse_xtrigger('x', "f('%(point)s')")
    with pytest.raises(XtriggerConfigError, match='no value for template'):
        render_xtrigger_args(declaration, {})
