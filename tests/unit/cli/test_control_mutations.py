"""The control commands send Cylc 8's GraphQL mutations: what each sends,
and what the scheduler's mutation handler then receives."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from cylc_flow.cli import graphql_commands
from cylc_flow.cli.running import Target
from cylc_flow.exceptions import InputError, WorkflowFilesError
from tests.unit.network_schema.schema_helpers import query, store_after

FLOW = '''
[scheduler]
    allow implicit tasks = True
[scheduling]
    cycling mode = integer
    initial cycle point = 1
    [[graph]]
        P1 = "foo => bar"
'''


@pytest.fixture(scope='module')
def store(tmp_path_factory):
    return store_after(tmp_path_factory.mktemp('cli'), FLOW, 1)


@pytest.fixture
def sent(monkeypatch, store):
    """Run a command's main; return what it sent: [(workflow, text, vars)]."""
    calls: list = []
    replies: dict = {}

    def fake_send(target, request_string, variables, *, timeout):
        calls.append((target.workflow_id, request_string, variables))
        return [replies.get(target.workflow_id, (True, 'Command queued'))]

    def fake_resolve(workflow):
        if workflow.startswith('uninstalled'):
            raise WorkflowFilesError(f'workflow not found: {workflow}')
        return Target(workflow, Path('/nowhere', workflow))

    monkeypatch.setattr(graphql_commands, 'send_mutation', fake_send)
    monkeypatch.setattr(graphql_commands, 'resolve', fake_resolve)

    def run(command: str, *argv: str, reply=None) -> tuple[int, list]:
        if reply is not None:
            replies.update(reply)
        module = importlib.import_module(f'cylc_flow.scripts.{command}')
        calls.clear()
        status = module.main(list(argv))
        return status, list(calls)

    run.calls = calls  # what was sent before main raised
    return run


def handler_call(store, text, variables):
    """Execute a mutation against the schema; return (name, args) received."""
    received = []

    def command(workflow_id, name, args):
        received.append((name, args))
        return True, 'Command queued'

    result = query(store, text, {**variables, 'wFlows': [store.workflow_id]},
                   command=command)
    assert 'errors' not in result, result
    assert received, result
    return received[0]


def test_trigger_sends_tasks_and_flow_options(sent, store):
    status, calls = sent('trigger', 'wf//1/foo', '//2/bar', '--flow=2',
                         '--flow=3', '--wait')
    assert status == 0
    [(workflow, text, variables)] = calls
    assert workflow == 'wf'
    assert variables['tasks'] == ['1/foo', '2/bar']
    assert variables['flow'] == ['2', '3'] and variables['flowWait'] is True
    name, args = handler_call(store, text, variables)
    assert name == 'trigger'
    assert args['tasks'] == ['1/foo', '2/bar']
    assert args['flow'] == ['2', '3'] and args['flow_wait'] is True


def test_trigger_flow_all_is_the_default_and_new_takes_a_description(
        sent, store):
    _, [(_, text, variables)] = sent('trigger', 'wf//1/foo', '--flow=all')
    assert variables['flow'] is None
    assert handler_call(store, text, variables)[1]['flow'] is None
    _, [(_, text, variables)] = sent('trigger', 'wf//1/foo', '--flow=new',
                                     '--meta=rerun')
    args = handler_call(store, text, variables)[1]
    assert args['flow'] == ['new'] and args['flow_descr'] == 'rerun'


@pytest.mark.parametrize('flags, message', [
    (['--flow=cheese'], 'must be an integer'),
    (['--flow=none', '--flow=1'], 'must all be integer'),
    (['--flow=new', '--wait'], 'not compatible'),
    (['--flow=2', '--meta=x'], 'only for new flows'),
])
def test_trigger_refuses_bad_flow_options_before_sending(sent, flags, message):
    with pytest.raises(InputError, match=message):
        sent('trigger', 'wf//1/foo', *flags)


def test_set_flattens_outputs_and_adds_succeeded_to_prerequisites(sent, store):
    _, [(_, text, variables)] = sent('set', 'wf//1/foo', '-o', 'a',
                                     '--out=b,c')
    assert variables['outputs'] == ['a', 'b', 'c']
    name, args = handler_call(store, text, variables)
    assert name == 'set' and args['outputs'] == ['a', 'b', 'c']
    _, [(_, text, variables)] = sent('set', 'wf//1/bar', '--pre=1/foo',
                                     '--pre=1/foo:x')
    assert variables['prerequisites'] == ['1/foo:succeeded', '1/foo:x']
    assert handler_call(store, text, variables)[1]['prerequisites'] == [
        '1/foo:succeeded', '1/foo:x']


@pytest.mark.parametrize('argv, message', [
    (['--out=a', '--pre=all'], 'not both'),
    (['--pre=fish'], 'prerequisite format'),
    (['--pre=all', '--pre=1/foo'], 'used alone'),
    (['--out=required,a'], 'used alone'),
    (['--out=waiting'], 'cannot be set to waiting'),
])
def test_set_refuses_bad_arguments(sent, argv, message):
    with pytest.raises(InputError, match=message):
        sent('set', 'wf//1/foo', *argv)


def test_set_refuses_an_output_given_as_a_selector(sent):
    with pytest.raises(InputError, match='--output=x'):
        sent('set', 'wf//1/foo:x')


def test_hold_sends_hold_or_set_hold_point(sent, store):
    _, [(_, text, variables)] = sent('hold', 'wf//1/foo', '//2')
    assert handler_call(store, text, variables) == (
        'hold', {'tasks': ['1/foo', '2']})
    _, [(_, text, variables)] = sent('hold', 'wf//', '--after=3')
    assert handler_call(store, text, variables) == (
        'set_hold_point', {'point': '3'})
    with pytest.raises(InputError, match='Cannot combine --after'):
        sent('hold', 'wf//1/foo', '--after=3')
    with pytest.raises(InputError, match='Must define'):
        sent('hold', 'wf//')


def test_release_sends_release_or_release_hold_point(sent, store):
    _, [(_, text, variables)] = sent('release', 'wf//*/foo')
    assert handler_call(store, text, variables) == (
        'release', {'tasks': ['*/foo']})
    _, [(_, text, variables)] = sent('release', 'wf', '--all')
    assert handler_call(store, text, variables) == ('release_hold_point', {})
    with pytest.raises(InputError, match='Cannot combine --all'):
        sent('release', 'wf//1', '--all')


@pytest.mark.parametrize('command', ['kill', 'poll'])
def test_kill_and_poll_send_their_tasks(sent, store, command):
    _, [(_, text, variables)] = sent(command, 'wf//1/foo', '//1/bar')
    assert handler_call(store, text, variables) == (
        command, {'tasks': ['1/foo', '1/bar']})


def test_remove_sends_flow_numbers(sent, store):
    _, [(_, text, variables)] = sent('remove', 'wf//1/foo', '--flow=2')
    name, args = handler_call(store, text, variables)
    assert name == 'remove' and args['flow'] == ['2']
    with pytest.raises(InputError, match='flow number'):
        sent('remove', 'wf//1/foo', '--flow=new')


@pytest.mark.parametrize('argv, expected', [
    (['wf'], {}),
    (['wf', '--kill'], {'mode': 'Kill'}),
    (['wf', '--now'], {'mode': 'Now'}),
    (['wf', '--now', '--now'], {'mode': 'NowNow'}),
    (['wf//5'], {'cycle_point': '5'}),
    (['wf//5/foo'], {'task': '5/foo'}),
    (['wf', '5'], {'cycle_point': '5'}),
    (['wf', '--flow=2'], {'flow_num': 2}),
    (['wf', '--wall-clock=2030-01-01T00:00Z'],
     {'clock_time': '2030-01-01T00:00Z'}),
])
def test_stop_modes_become_stop_mutation_arguments(sent, store, argv, expected):
    _, [(_, text, variables)] = sent('stop', *argv)
    name, args = handler_call(store, text, variables)
    assert name == 'stop'
    assert {key: value for key, value in args.items()
            if value is not None} == expected


@pytest.mark.parametrize('argv, message', [
    (['wf', '--kill', '--now'], '--kill is not compatible with --now'),
    (['wf//5', '--kill'], 'stop-cycle'),
    (['wf//5/foo', '--kill'], 'stop-task'),
    (['wf//5', '//6'], 'at most 1'),
    (['wf', '--flow=2', '--max-polls=2'], '--max-polls'),
])
def test_stop_refuses_conflicting_options(sent, argv, message):
    with pytest.raises(InputError, match=message):
        sent('stop', *argv)


def test_pause_sends_pause_for_each_workflow(sent, store):
    status, calls = sent('pause', 'one', 'two')
    assert status == 0
    assert [workflow for workflow, _, _ in calls] == ['one', 'two']
    assert handler_call(store, calls[0][1], calls[0][2]) == ('pause', {})


def test_success_prints_the_result_and_rejection_exits_1_on_stderr(
        sent, capsys):
    status, _ = sent('trigger', 'wf//1/foo')
    assert status == 0
    assert capsys.readouterr().out == 'Command queued\n'
    status, _ = sent('trigger', 'wf//1/nope',
                     reply={'wf': (False, 'No matching tasks found: 1/nope')})
    assert status == 1
    captured = capsys.readouterr()
    assert captured.out == ''
    assert captured.err == 'No matching tasks found: 1/nope\n'


def test_several_workflows_prefix_each_line_with_the_workflow(sent, capsys):
    status, _ = sent('hold', 'one//1/foo', 'two//1/foo',
                     reply={'two': (False, 'No matching tasks found: 1/foo')})
    assert status == 1
    captured = capsys.readouterr()
    assert captured.out == 'one: Command queued\n'
    assert captured.err == 'two: No matching tasks found: 1/foo\n'


@pytest.mark.parametrize('argv, error, message', [
    (['set', 'a//1/x', 'b//1/y:z'], InputError, '--output=z'),
    (['hold', '--after=3', 'a//', 'b//1/foo'], InputError, 'Cannot combine'),
    (['stop', 'a', 'b//1', '--kill'], InputError, 'stop-cycle'),
])
def test_an_error_for_any_workflow_sends_nothing_to_the_others(
        sent, argv, error, message):
    with pytest.raises(error, match=message):
        sent(*argv)
    assert sent.calls == []


def test_a_workflow_that_is_not_installed_is_reported_and_others_sent(
        sent, capsys):
    status, calls = sent('pause', 'uninstalled', 'a')
    assert status == 1
    assert [workflow for workflow, _, _ in calls] == ['a']
    captured = capsys.readouterr()
    assert captured.out == 'a: Command queued\n'
    assert captured.err.startswith('uninstalled: WorkflowFilesError:')


def test_mutation_results_reads_every_workflow_result():
    data = {'trigger': {'result': [
        {'id': 'a', 'response': [True, 'Command queued']},
        {'id': 'b', 'response': [False, 'nope']}]}}
    assert graphql_commands.mutation_results(data) == [
        (True, 'Command queued'), (False, 'nope')]
    assert graphql_commands.mutation_results(None)[0][0] is False
    assert graphql_commands.mutation_results({'x': {'result': []}})[0][0] is False


def test_broadcast_resolves_every_workflow_before_sending_to_any(monkeypatch):
    from cylc_flow.scripts import broadcast

    sent_to: list = []

    def fake_resolve(workflow):
        if workflow == 'uninstalled':
            raise WorkflowFilesError(f'workflow not found: {workflow}')
        return Target(workflow, Path('/nowhere', workflow))

    monkeypatch.setattr(broadcast, 'resolve', fake_resolve)
    monkeypatch.setattr(broadcast, 'graphql',
                        lambda target, *_args, **_kw: sent_to.append(target))
    with pytest.raises(WorkflowFilesError):
        broadcast.main(['-s', 'script=true', 'a', 'uninstalled'])
    assert sent_to == []
