"""The ``cylc`` dispatcher: names, prefixes, aliases, help and plugins."""

import subprocess
import sys
import textwrap
from importlib.metadata import entry_points

from cylc_flow import __version__
from cylc_flow.cli.commands import BUILTIN_COMMANDS

SIMPLE_FLOW = """\
[scheduling]
    [[graph]]
        R1 = foo => bar
[runtime]
    [[foo, bar]]
"""


def test_version_flag_and_command_print_the_version(run_cylc):
    assert run_cylc('--version').stdout.strip() == __version__
    assert run_cylc('version').stdout.strip() == __version__
    long = run_cylc('version', '--long').stdout.strip()
    assert long.startswith(f'{__version__} (') and long.endswith(')')


def test_help_all_lists_every_builtin_command(run_cylc):
    result = run_cylc('help', 'all')
    assert result.returncode == 0
    for name in BUILTIN_COMMANDS:
        assert f'  {name}' in result.stdout


def test_help_of_a_command_shows_its_usage(run_cylc):
    result = run_cylc('help', 'validate')
    assert result.returncode == 0
    assert 'usage: cylc validate' in result.stdout


def test_unique_prefix_runs_the_command(run_cylc, flow):
    result = run_cylc('val', str(flow(SIMPLE_FLOW)))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f'Valid for cylc-{__version__}'


def test_ambiguous_prefix_is_one_error_line(run_cylc):
    result = run_cylc('v')
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        'InputError: cylc v: ambiguous, could be: validate, verbosity, version,'
        ' view, vip, vr'
    ]


def test_unknown_command_is_one_error_line(run_cylc):
    result = run_cylc('frobnicate')
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert 'unknown command' in result.stderr


def test_alias_ls_runs_list(run_cylc, flow):
    result = run_cylc('ls', str(flow(SIMPLE_FLOW)))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ['bar', 'foo']


def test_removed_cylc7_command_says_what_replaced_it(run_cylc):
    result = run_cylc('run', 'x')
    assert result.returncode == 1
    assert 'cylc play' in result.stderr


def test_builtin_commands_are_registered_as_entry_points():
    registered = {ep.name: ep.value for ep in entry_points(group='cylc.command')}
    for name, command in BUILTIN_COMMANDS.items():
        assert registered.get(name) == command.target


def test_plugin_command_from_an_entry_point_is_dispatched(tmp_path, isolated_env):
    plugin_dir = tmp_path / 'plugin'
    dist = plugin_dir / 'cylc_hello-1.0.dist-info'
    dist.mkdir(parents=True)
    (dist / 'METADATA').write_text('Metadata-Version: 2.1\nName: cylc-hello\n'
                                   'Version: 1.0\n')
    (dist / 'entry_points.txt').write_text(
        '[cylc.command]\nhello-plugin = cylc_hello_plugin:main\n')
    (plugin_dir / 'cylc_hello_plugin.py').write_text(textwrap.dedent('''
        def main(argv):
            print('hello from plugin', *argv)
            return 0
    '''))
    env = {**isolated_env, 'PYTHONPATH': str(plugin_dir)}
    result = subprocess.run(
        [sys.executable, '-m', 'cylc_flow.scripts.cylc', 'hello-pl', 'x'],
        env=env, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == 'hello from plugin x'


def test_dispatch_imports_nothing_heavy_for_a_small_command():
    code = textwrap.dedent('''
        import sys
        from cylc_flow.scripts.cylc import dispatch
        dispatch(['version'])
        heavy = [m for m in ('jinja2', 'metomi.isodatetime', 'graphene', 'zmq',
                             'importlib.metadata', 'cylc_flow.config.workflow_config')
                 if m in sys.modules]
        print('HEAVY', heavy)
    ''')
    result = subprocess.run([sys.executable, '-c', code], capture_output=True,
                            text=True, check=True)
    assert 'HEAVY []' in result.stdout
