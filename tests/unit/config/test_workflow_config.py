"""WorkflowConfig: task definitions, sequences, spawning index and checks."""

import contextlib
import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cylc_flow.config.workflow_config import WorkflowConfig
from cylc_flow.exceptions import CylcError, WorkflowConfigError


def load(tmp_path, text, **kwargs):
    path = tmp_path / 'flow.cylc'
    path.write_text(textwrap.dedent(text))
    return WorkflowConfig(path, 'test', warn=lambda _msg: None, **kwargs)


def test_non_cycling_workflow_uses_integer_point_one(tmp_path):
    config = load(tmp_path, '''
        [scheduling]
            [[graph]]
                R1 = a => b
        [runtime]
            [[a, b]]
    ''')
    assert config.cycling_mode == 'integer'
    assert str(config.initial_point) == '1'
    assert config.final_point is None or str(config.final_point) == '1'


def test_children_index_maps_outputs_to_dependents(tmp_path):
    config = load(tmp_path, '''
        [scheduling]
            cycling mode = integer
            initial cycle point = 1
            final cycle point = 3
            [[graph]]
                P1 = """
                    foo[-P1] => foo?
                    foo:x => bar
                    foo:fail? => recover
                    foo? => bar
                """
        [runtime]
            [[foo]]
                [[[outputs]]]
                    x = x message
            [[bar, recover]]
    ''')
    foo = config.taskdefs['foo']
    assert foo.outputs['x'] == 'x message'
    children = {out: sorted((c.child, c.offset) for c in refs)
                for out, refs in foo.graph_children.items()}
    assert children == {
        'succeeded': [('bar', None), ('foo', '-P1')],
        'x': [('bar', None)],
        'failed': [('recover', None)],
    }
    assert foo.optional_outputs == {'succeeded': True, 'failed': True,
                                    'x': False}


def test_offset_only_parent_is_not_on_the_sequence(tmp_path):
    config = load(tmp_path, '''
        [scheduler]
            UTC mode = True
        [scheduling]
            initial cycle point = 20250101T00
            final cycle point = 20250102T00
            [[graph]]
                R1 = prep
                PT6H = prep[^] => obs
        [runtime]
            [[prep, obs]]
    ''')
    assert [str(s) for s in config.taskdefs['prep'].sequences] == ['R1']
    assert [str(s) for s in config.taskdefs['obs'].sequences] == ['PT6H']
    (child,) = config.taskdefs['prep'].graph_children['succeeded']
    assert child.absolute and child.offset == '^'


def test_default_completion_requires_required_outputs(tmp_path):
    config = load(tmp_path, '''
        [scheduling]
            [[graph]]
                R1 = """
                    a:x => b
                    a => c
                """
        [runtime]
            [[a]]
                [[[outputs]]]
                    x = xx
            [[b, c]]
    ''')
    assert config.taskdefs['a'].completion == '(succeeded and x)'
    assert config.taskdefs['b'].completion == 'succeeded'


def test_explicit_completion_is_checked_against_outputs(tmp_path):
    with pytest.raises(WorkflowConfigError):
        load(tmp_path, '''
            [scheduling]
                [[graph]]
                    R1 = a
            [runtime]
                [[a]]
                    completion = succeeded and nonesuch
        ''')


def test_undefined_custom_output_is_an_error(tmp_path):
    with pytest.raises(WorkflowConfigError, match='a:nope'):
        load(tmp_path, '''
            [scheduling]
                [[graph]]
                    R1 = a:nope => b
            [runtime]
                [[a, b]]
        ''')


@pytest.mark.parametrize('entry', ['a', 'a()', 'a("")', 'a("msg"'])
def test_malformed_external_trigger_is_an_error(tmp_path, entry):
    with pytest.raises(WorkflowConfigError, match='external-trigger'):
        load(tmp_path, f'''
            [scheduling]
                [[special tasks]]
                    external-trigger = {entry}
                [[graph]]
                    R1 = a
            [runtime]
                [[a]]
        ''')


def test_undefined_platform_is_an_error(tmp_path):
    with pytest.raises(WorkflowConfigError, match='nowhere'):
        load(tmp_path, '''
            [scheduling]
                [[graph]]
                    R1 = a
            [runtime]
                [[a]]
                    platform = nowhere
        ''')


def test_subshell_platform_is_accepted(tmp_path):
    config = load(tmp_path, '''
        [scheduling]
            [[graph]]
                R1 = a
        [runtime]
            [[a]]
                platform = $(echo localhost)
    ''')
    assert config.rtconfig('a')['platform'] == '$(echo localhost)'


def test_parameterised_runtime_and_inherit(tmp_path):
    config = load(tmp_path, '''
        [task parameters]
            m = 1..3
        [scheduling]
            [[graph]]
                R1 = "a<m> => b<m>"
        [runtime]
            [[FAM<m>]]
                script = echo fam
            [[a<m>]]
                inherit = FAM<m>
            [[b<m>]]
    ''')
    assert config.runtime.mro('a_m2') == ['a_m2', 'FAM_m2', 'root']
    assert config.taskdefs['a_m3'].parameter_values == {'m': 3}
    assert config.rtconfig('a_m1')['script'] == 'echo fam'


def test_implicit_task_inherits_from_root_alone(tmp_path):
    config = load(tmp_path, '''
        [scheduler]
            allow implicit tasks = True
        [scheduling]
            [[graph]]
                R1 = a
    ''')
    assert config.runtime.mro('a') == ['a', 'root']
    assert config.taskdefs['a'].namespace_hierarchy == ['a', 'root']


def test_xtrigger_labels_must_be_declared(tmp_path):
    with pytest.raises(WorkflowConfigError, match='xtrigger'):
        load(tmp_path, '''
            [scheduling]
                cycling mode = integer
                initial cycle point = 1
                [[graph]]
                    P1 = "@nope => a"
            [runtime]
                [[a]]
        ''')


def test_icp_override_and_missing_icp(tmp_path):
    text = '''
        [scheduling]
            [[graph]]
                PT1H = a
        [runtime]
            [[a]]
    '''
    with pytest.raises(WorkflowConfigError, match='initial cycle point'):
        load(tmp_path, text)
    config = load(tmp_path, text, icp='20250101T00Z')
    assert str(config.initial_point).startswith('20250101T00')


def test_final_point_before_initial_point_is_an_error(tmp_path):
    with pytest.raises(WorkflowConfigError, match='after the final'):
        load(tmp_path, '''
            [scheduling]
                cycling mode = integer
                initial cycle point = 5
                final cycle point = 2
                [[graph]]
                    P1 = a
            [runtime]
                [[a]]
        ''')


BASE_FLOW = '''[scheduler]
    allow implicit tasks = True
[task parameters]
    m = 1..3
[scheduling]
    cycling mode = integer
    initial cycle point = 1
    final cycle point = 4
    [[xtriggers]]
        x1 = echo(succeed=True):PT1S
    [[graph]]
        R1 = "install => a<m>"
        P1 = """
            @x1 => a<m>
            a<m>[-P1] => a<m> => FAM
            FAM:succeed-all => b?
            b:fail? => c
        """
[runtime]
    [[FAM]]
    [[f1, f2]]
        inherit = FAM
    [[b]]
        completion = succeeded or failed
'''


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_workflows_load_or_raise_a_user_error(tmp_path, data):
    """No mutation of a valid flow.cylc escapes as an internal exception."""
    lines = BASE_FLOW.splitlines()
    for _ in range(data.draw(st.integers(1, 4))):
        index = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(['drop', 'dup', 'cut', 'insert']))
        if action == 'drop' and len(lines) > 1:
            del lines[index]
        elif action == 'dup':
            lines.insert(index, lines[index])
        elif action == 'cut':
            cut = data.draw(st.integers(0, max(0, len(lines[index]) - 1)))
            lines[index] = lines[index][:cut]
        else:
            lines.insert(index, data.draw(st.sampled_from([
                '[[graph]]', 'P2 = a<m> => nope', '=>', '    [[[environment]]]',
                'inherit = f1', '"""', 'x = ${', '[runtime]', '    [[a<m>]]',
                'R1/$ = b[^] => c', 'runahead limit = P0', '&', '!b',
            ])))
    path = tmp_path / 'flow.cylc'
    path.write_text('\n'.join(lines) + '\n')
    with contextlib.suppress(CylcError):
        WorkflowConfig(path, 'fuzz', warn=lambda _msg: None)


def test_implicit_tasks_get_root_settings(tmp_path):
    config = load(tmp_path, '''
        [scheduler]
            allow implicit tasks = True
        [scheduling]
            [[graph]]
                R1 = a
        [runtime]
            [[root]]
                script = echo from root
    ''')
    assert config.rtconfig('a')['script'] == 'echo from root'
