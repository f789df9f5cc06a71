"""``cylc validate``: success, the one-line errors, and where it looks."""

import os

from cylc_flow import __version__

VALID = f'Valid for cylc-{__version__}'


def test_valid_workflow_prints_valid_for_version(run_cylc, flow):
    directory = flow('''
[scheduling]
    cycling mode = integer
    initial cycle point = 1
    final cycle point = 3
    [[graph]]
        P1 = "a[-P1] => a => b"
[runtime]
    [[a, b]]
''')
    result = run_cylc('validate', str(directory))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == VALID


def test_illegal_item_gives_one_line_naming_file_and_line(run_cylc, flow):
    directory = flow('''[scheduler]
    allow implicit tasks = True
[scheduling]
    cycling mod = integer
    [[graph]]
        R1 = foo
''')
    result = run_cylc('validate', str(directory))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert 'flow.cylc:4' in lines[0]
    assert 'cycling mode' in lines[0]  # the did-you-mean suggestion
    assert 'Traceback' not in result.stderr


def test_debug_adds_the_traceback(run_cylc, flow):
    directory = flow('[scheduling]\n    [[graph]]\n        R1 = foo => \n')
    result = run_cylc('validate', '--debug', str(directory))
    assert result.returncode == 1
    assert 'Traceback' in result.stderr


def test_implicit_tasks_are_refused_with_the_setting_to_allow_them(run_cylc, flow):
    directory = flow('''
[scheduling]
    [[graph]]
        R1 = foo => bar
[runtime]
    [[foo]]
''')
    result = run_cylc('validate', str(directory))
    assert result.returncode == 1
    assert 'implicit tasks detected' in result.stderr
    assert 'bar' in result.stderr
    assert 'allow implicit tasks' in result.stderr


def test_circular_dependency_is_detected_without_options(run_cylc, flow):
    directory = flow('''
[scheduler]
    allow implicit tasks = True
[scheduling]
    [[graph]]
        R1 = "a => b => c => a"
''')
    result = run_cylc('validate', str(directory))
    assert result.returncode == 1
    assert 'circular' in result.stderr.lower()


def test_intercycle_cycle_through_positive_offset_is_detected(run_cylc, flow):
    directory = flow('''
[scheduler]
    allow implicit tasks = True
[scheduling]
    cycling mode = integer
    initial cycle point = 1
    final cycle point = 4
    [[graph]]
        P1 = """
            a => b
            b[+P1] => a
        """
''')
    result = run_cylc('validate', str(directory))
    assert result.returncode == 0, result.stderr  # a@n needs b@n+1, b@n+1 needs a@n+1
    directory = flow('''
[scheduler]
    allow implicit tasks = True
[scheduling]
    cycling mode = integer
    initial cycle point = 1
    final cycle point = 4
    [[graph]]
        P1 = """
            a[-P1] => b
            b[+P1] => a
        """
''')
    result = run_cylc('validate', str(directory))
    assert result.returncode == 1
    assert 'circular' in result.stderr.lower()


def test_jinja2_variables_from_the_command_line(run_cylc, flow):
    directory = flow('''#!Jinja2
[scheduler]
    allow implicit tasks = True
[scheduling]
    [[graph]]
        R1 = """
{% for i in range(N) %}
            start => m{{ i }}
{% endfor %}
        """
''')
    assert run_cylc('validate', str(directory)).returncode == 1  # N undefined
    result = run_cylc('validate', '-s', 'N=3', str(directory))
    assert result.returncode == 0, result.stderr
    listing = run_cylc('list', '-s', 'N=3', str(directory)).stdout.split()
    assert listing == ['m0', 'm1', 'm2', 'start']


def test_suite_rc_is_read_in_back_compat_mode_with_a_warning(run_cylc, flow):
    directory = flow('''
[scheduling]
    [[dependencies]]
        graph = "foo => bar"
''', name='suite.rc')
    result = run_cylc('validate', str(directory))
    assert result.returncode == 0, result.stderr
    assert 'WARNING' in result.stderr
    assert result.stdout.strip() == VALID


def test_validate_finds_an_installed_workflow_by_id(run_cylc, isolated_env):
    run_dir = os.path.join(isolated_env['HOME'], 'cylc-run', 'my', 'flow',
                           'run1')
    os.makedirs(run_dir)
    with open(os.path.join(run_dir, 'flow.cylc'), 'w') as handle:
        handle.write('[scheduler]\n    allow implicit tasks = True\n'
                     '[scheduling]\n    [[graph]]\n        R1 = foo\n')
    os.symlink('run1', os.path.join(os.path.dirname(run_dir), 'runN'))
    result = run_cylc('validate', 'my/flow')
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == VALID


def test_missing_workflow_is_one_error_line(run_cylc):
    result = run_cylc('validate', 'no/such/workflow')
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        'WorkflowFilesError: workflow not found: no/such/workflow'
    ]
