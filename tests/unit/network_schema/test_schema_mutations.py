"""Mutations call ``context.command(workflow_id, name, args)``."""

from __future__ import annotations

import pytest

from cylc_flow.exceptions import InputError

from .schema_helpers import query

WORKFLOW = '~alice/test/run1'


class Recorder:
    def __init__(self, reply=(True, 'Command queued')):
        self.calls = []
        self.reply = reply

    def __call__(self, workflow_id, name, args):
        self.calls.append((workflow_id, name, args))
        if isinstance(self.reply, Exception):
            raise self.reply
        return self.reply


def mutate(store, text, variables=None, reply=(True, 'Command queued')):
    recorder = Recorder(reply)
    result = query(store, text, variables, command=recorder)
    return result, recorder.calls


@pytest.mark.parametrize('text, name, args', [
    ('pause(workflows: ["test/run1"])', 'pause', {}),
    ('resume(workflows: ["test/run1"])', 'resume', {}),
    ('releaseHoldPoint(workflows: ["test/run1"])', 'release_hold_point', {}),
    ('setHoldPoint(workflows: ["test/run1"], point: "2")', 'set_hold_point',
     {'point': '2'}),
    ('stop(workflows: ["test/run1"], mode: NowNow)', 'stop',
     {'mode': 'NowNow'}),
    ('stop(workflows: ["test/run1"], cyclePoint: "3", flowNum: 2)', 'stop',
     {'mode': 'Clean', 'cycle_point': '3', 'flow_num': 2}),
    ('reload(workflows: ["test/run1"])', 'reload', {'reload_global': False}),
    ('setVerbosity(workflows: ["test/run1"], level: DEBUG)', 'set_verbosity',
     {'level': 'DEBUG'}),
    ('setGraphWindowExtent(workflows: ["test/run1"], nEdgeDistance: 3)',
     'set_graph_window_extent', {'n_edge_distance': 3}),
    ('extTrigger(workflows: ["test/run1"], message: "data", id: "x1")',
     'ext_trigger', {'message': 'data', 'id': 'x1'}),
    ('message(workflows: ["test/run1"], taskJob: "1/foo/01", '
     'eventTime: "2000", messages: [["INFO", "hello"]])', 'message',
     {'task_job': '1/foo/01', 'event_time': '2000',
      'messages': [['INFO', 'hello']]}),
    ('broadcast(workflows: ["test/run1"], namespaces: ["foo"], '
     'settings: [{environment: {X: "1"}}])', 'broadcast',
     {'mode': 'Set', 'cycle_points': ['*'], 'namespaces': ['foo'],
      'settings': [{'environment': {'X': '1'}}]}),
    ('broadcast(workflows: ["test/run1"], mode: Expire, cutoff: "2")',
     'broadcast', {'mode': 'Expire', 'cycle_points': ['*'],
                   'namespaces': ['root'], 'cutoff': '2'}),
    ('hold(workflows: ["test/run1"], tasks: ["1/*"])', 'hold',
     {'tasks': ['1/*']}),
    ('release(workflows: ["test/run1"], tasks: ["1/FAM"])', 'release',
     {'tasks': ['1/FAM']}),
    ('kill(workflows: ["test/run1"], tasks: ["*:running"])', 'kill',
     {'tasks': ['*:running']}),
    ('poll(workflows: ["test/run1"], tasks: ["1/foo"])', 'poll',
     {'tasks': ['1/foo']}),
    ('remove(workflows: ["test/run1"], tasks: ["1/foo"], flow: [2])',
     'remove', {'tasks': ['1/foo'], 'flow': ['2']}),
    ('trigger(workflows: ["test/run1"], tasks: ["1/foo"], flow: ["new"], '
     'flowWait: true, flowDescr: "again")', 'trigger',
     {'tasks': ['1/foo'], 'flow': ['new'], 'flow_wait': True,
      'flow_descr': 'again', 'on_resume': False}),
    ('set(workflows: ["test/run1"], tasks: ["1/foo"], outputs: ["x"], '
     'prerequisites: ["1/bar:succeeded"])', 'set',
     {'tasks': ['1/foo'], 'outputs': ['x'],
      'prerequisites': ['1/bar:succeeded'], 'flow': [], 'flow_wait': False}),
])
def test_each_mutation_calls_the_command_with_its_arguments(
        family_store, text, name, args):
    result, calls = mutate(family_store, f'mutation {{ {text} {{ result }} }}')
    assert 'errors' not in result, result
    assert calls == [(WORKFLOW, name, args)]
    field = text.split('(')[0]
    assert result['data'][field]['result'] == [
        {'id': WORKFLOW, 'response': [True, 'Command queued']}]


def test_mutation_with_variables(family_store):
    result, calls = mutate(
        family_store,
        'mutation ($w: [WorkflowID]!, $t: [NamespaceIDGlob]!, $f: [Flow!]) '
        '{ trigger(workflows: $w, tasks: $t, flow: $f) { result } }',
        {'w': ['~alice/test/run1'], 't': ['1/a'], 'f': [1, 'none']})
    assert 'errors' not in result, result
    assert calls[0][2]['flow'] == ['1', 'none']


def test_a_failed_command_reports_its_message(family_store):
    result, _calls = mutate(family_store,
                            'mutation { pause(workflows: ["*"]) { result } }',
                            reply=(False, 'already paused'))
    assert result['data']['pause']['result'] == [
        {'id': WORKFLOW, 'response': [False, 'already paused']}]


def test_a_user_error_from_the_command_is_a_failed_response(family_store):
    result, _calls = mutate(
        family_store, 'mutation { hold(workflows: ["test/run1"], '
        'tasks: ["1/nope"]) { result } }', reply=InputError('no such task'))
    assert result['data']['hold']['result'] == [
        {'id': WORKFLOW, 'response': [False, 'no such task']}]


def test_no_matching_workflow_calls_nothing(family_store):
    result, calls = mutate(
        family_store, 'mutation { pause(workflows: ["nope"]) { result } }')
    assert calls == []
    [entry] = result['data']['pause']['result']
    assert entry['response'][0] is False
    assert 'No matching workflow' in entry['response'][1]


@pytest.mark.parametrize('flow', ['"sideways"', '0', '"-1"', 'true'])
def test_a_bad_flow_value_is_an_error_message(family_store, flow):
    result, calls = mutate(
        family_store, 'mutation { trigger(workflows: ["test/run1"], '
        f'tasks: ["1/a"], flow: [{flow}]) {{ result }} }}')
    assert calls == []
    assert result['data'] is None
    assert any('flow' in message.lower() for message in result['errors'])


def test_a_missing_required_argument_is_an_error(family_store):
    result, calls = mutate(family_store,
                           'mutation { hold(workflows: ["test/run1"]) '
                           '{ result } }')
    assert calls == []
    assert "argument 'tasks'" in result['errors'][0]
