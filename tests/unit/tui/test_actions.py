"""Context menu entries and the mutations they send."""

from __future__ import annotations

import pytest

from cylc_flow.tui.actions import (
    LOG,
    MUTATION,
    PLAY,
    MenuAction,
    actions_for,
    interpret_reply,
    mutation_request,
)
from cylc_flow.tui.model import TreeNode, build_tree

from .sample_data import W, loaded_workflow

TASK_MENU = ['hold', 'release', 'trigger', 'kill', 'poll', 'set', 'remove']


def labels(node):
    return [action.label for action in actions_for(node)]


def test_task_menu_lists_task_commands_and_logs():
    task = build_tree([loaded_workflow()]).find(f'{W}//2/foo')
    actions = actions_for(task)
    assert [action.label for action in actions] == [
        *TASK_MENU, 'log job.out', 'log job.err']
    hold = actions[0]
    assert (hold.kind, hold.mutation, hold.workflow, hold.tasks) == (
        MUTATION, 'hold', 'flow', ('2/foo',))
    log = actions[-2]
    assert (log.kind, log.log_target, log.log_file) == (LOG, '2/foo', 'job.out')


def test_cycle_and_family_commands_target_all_their_tasks():
    root = build_tree([loaded_workflow()])
    cycle_actions = actions_for(root.find(f'{W}//2'))
    assert [action.label for action in cycle_actions] == TASK_MENU
    assert {action.tasks for action in cycle_actions} == {('2/*',)}
    family_actions = actions_for(root.find(f'{W}//2/FAM'))
    assert {action.tasks for action in family_actions} == {('2/FAM',)}


def test_job_commands_act_on_its_task_and_logs_on_the_job():
    job = build_tree([loaded_workflow()]).find(f'{W}//2/foo/01')
    actions = actions_for(job)
    assert [action.label for action in actions] == [
        'kill', 'poll', 'log job.out', 'log job.err']
    assert actions[0].tasks == ('2/foo',)
    assert actions[2].log_target == '2/foo/01'


@pytest.mark.parametrize(('status', 'expected'), [
    ('running', ['pause', 'reload', 'stop', 'stop --now', 'stop --kill', 'log']),
    ('paused', ['play', 'reload', 'stop', 'stop --now', 'stop --kill', 'log']),
    ('stopping', ['reload', 'stop', 'stop --now', 'stop --kill', 'log']),
    ('stopped', ['play', 'log']),
])
def test_workflow_menu_depends_on_status(status, expected):
    node = TreeNode('workflow', '~me/flow', {'status': status}, workflow='flow')
    assert labels(node) == expected


def test_play_on_paused_resumes_and_on_stopped_starts_a_scheduler():
    paused = actions_for(TreeNode('workflow', '~me/f', {'status': 'paused'},
                                  workflow='f'))[0]
    assert (paused.kind, paused.mutation) == (MUTATION, 'resume')
    stopped = actions_for(TreeNode('workflow', '~me/f', {'status': 'stopped'},
                                   workflow='f'))[0]
    assert stopped.kind == PLAY


def test_info_and_message_rows_have_no_menu():
    assert actions_for(TreeNode('message', 'x#message', {'text': 'hi'})) == []
    assert actions_for(TreeNode('job_info', 'x#info', {})) == []


def test_task_mutation_request_matches_the_cli_form():
    action = MenuAction('hold', MUTATION, 'flow/run1', 'hold', ('1/foo',))
    request = mutation_request(action)
    assert request['request_string'] == (
        'mutation ($wFlows: [WorkflowID]!, $tasks: [NamespaceIDGlob]!) {\n'
        '  hold (workflows: $wFlows, tasks: $tasks) { result }\n}')
    assert request['variables'] == {'wFlows': ['flow/run1'], 'tasks': ['1/foo']}


def test_stop_mode_is_sent_as_a_typed_variable():
    action = MenuAction('stop --now', MUTATION, 'flow', 'stop',
                        arguments=(('mode', 'Now'),))
    request = mutation_request(action)
    assert '$mode: WorkflowStopMode' in request['request_string']
    assert 'stop (workflows: $wFlows, mode: $mode)' in request['request_string']
    assert request['variables'] == {'wFlows': ['flow'], 'mode': 'Now'}


def test_mutation_requests_parse_against_the_schema():
    from graphql import parse, validate

    from cylc_flow.network.schema import build_schema

    node = TreeNode('workflow', '~me/f', {'status': 'running'}, workflow='f')
    task = build_tree([loaded_workflow()]).find(f'{W}//2/foo')
    for action in [*actions_for(node), *actions_for(task)]:
        if action.kind != MUTATION:
            continue
        document = parse(mutation_request(action)['request_string'])
        errors = validate(build_schema().graphql_schema, document)
        assert errors == [], (action.label, errors)


def test_reply_is_read_as_success_and_message():
    action = MenuAction('hold', MUTATION, 'flow', 'hold', ('1/foo',))
    ok = {'hold': {'result': [{'id': '~me/flow',
                               'response': [True, 'Command queued']}]}}
    assert interpret_reply(action, ok) == (True, 'hold 1/foo: Command queued')
    bad = {'hold': {'result': [{'id': None,
                                'response': [False, 'No matching workflow']}]}}
    assert interpret_reply(action, bad) == (False, 'hold 1/foo: No matching workflow')
    success, text = interpret_reply(action, {'nope': 1})
    assert not success and 'unexpected reply' in text
