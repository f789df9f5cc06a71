"""The updater's polling round and command dispatch, with fake schedulers."""

from __future__ import annotations

import threading
from pathlib import Path

from cylc_flow.network.errors import ClientError, ClientTimeout, WorkflowStopped
from cylc_flow.tui.actions import MUTATION, MenuAction
from cylc_flow.tui.discovery import FoundWorkflow
from cylc_flow.tui.query import STATUS_QUERY, WORKFLOW_QUERY
from cylc_flow.tui.updater import TIMEOUT_MESSAGE, Updater


class FakeClient:
    def __init__(self, name, replies):
        self.name = name
        self.replies = replies
        self.requests = []
        self.closed = False

    def request(self, method, args):
        self.requests.append((method, args))
        reply = self.replies.get(self.name)
        if isinstance(reply, Exception):
            raise reply
        if callable(reply):
            return reply(args)
        return reply

    def close(self):
        self.closed = True


def make_updater(found, replies):
    clients = {}

    def factory(name, run_dir, timeout):
        clients[name] = FakeClient(name, replies)
        return clients[name]

    def status_query(workflows, request, timeout):
        """Each workflow's reply (or error) through its fake client."""
        answers = []
        for item in workflows:
            client = clients.get(item.name) or factory(item.name, item.run_dir,
                                                       timeout)
            try:
                answers.append(client.request(
                    'graphql', {'request_string': request, 'variables': {}}))
            except Exception as exc:
                answers.append(exc)
        return answers

    updater = Updater(None, 2.0, client_factory=factory,
                      status_query=status_query,
                      scanner=lambda: list(found), user='me')
    return updater, clients


def found(name, running=True):
    return FoundWorkflow(name, Path('/nowhere') / name, running)


def workflow_reply(name, status='running', **extra):
    return {'workflows': [{'id': f'~other/{name}', 'name': name,
                           'status': status, **extra}]}


def test_open_workflows_get_the_full_query_others_the_status_query():
    replies = {'a': workflow_reply('a', taskProxies=[]),
               'b': workflow_reply('b', 'paused')}
    updater, clients = make_updater([found('a'), found('b'), found('c', False)],
                                    replies)
    updater.set_open({'a'})
    snapshot = updater.poll_once(0.0)
    assert [(entry['id'], entry['status']) for entry in snapshot] == [
        ('~me/a', 'running'), ('~me/b', 'paused'), ('~me/c', 'stopped')]
    assert snapshot[0]['taskProxies'] == []
    assert clients['a'].requests[0][1]['request_string'] == WORKFLOW_QUERY
    assert clients['b'].requests[0][1]['request_string'] == STATUS_QUERY
    assert 'c' not in clients


def test_closed_workflow_status_is_reused_between_scans():
    updater, clients = make_updater([found('b')], {'b': workflow_reply('b')})
    updater.poll_once(0.0)
    updater.poll_once(1.0)  # before the next scan: no new status query
    assert len(clients['b'].requests) == 1
    updater.poll_once(1.0 + Updater.SCAN_INTERVAL)
    assert len(clients['b'].requests) == 2


def test_open_workflow_is_queried_every_round():
    updater, clients = make_updater([found('a')], {'a': workflow_reply('a')})
    updater.set_open({'a'})
    for now in (0.0, 1.0, 2.0):
        updater.poll_once(now)
    assert len(clients['a'].requests) == 3


def test_stopped_timeout_and_errors_become_status_or_messages():
    replies = {'a': WorkflowStopped('a'), 'b': ClientTimeout('slow'),
               'c': ClientError('c: boom\nmore'), 'd': {'junk': True}}
    updater, clients = make_updater([found(name) for name in 'abcd'], replies)
    updater.set_open(set('abcd'))
    snapshot = {entry['name']: entry for entry in updater.poll_once(0.0)}
    assert snapshot['a']['status'] == 'stopped' and '_message' not in snapshot['a']
    assert snapshot['b']['_message'] == TIMEOUT_MESSAGE
    assert snapshot['c']['_message'] == 'Error - c: boom'
    assert snapshot['d']['_message'].startswith('Error - unexpected reply')
    assert clients['a'].closed and clients['b'].closed and clients['c'].closed


def test_commands_run_before_the_next_round_and_report_results():
    def answer(args):
        if args['request_string'].startswith('mutation'):
            return {'hold': {'result': [{'id': '~me/a',
                                         'response': [True, 'Command queued']}]}}
        return workflow_reply('a')

    updater, clients = make_updater([found('a')], {'a': answer})
    updater.poll_once(0.0)
    updater.submit(MenuAction('hold', MUTATION, 'a', 'hold', ('1/foo',)))
    updater.poll_once(0.5)
    assert updater.take_results() == [(True, 'hold 1/foo: Command queued')]
    assert updater.take_results() == []
    method, args = clients['a'].requests[-1]
    assert method == 'graphql' and args['variables']['tasks'] == ['1/foo']


def test_command_on_a_stopped_workflow_fails_with_a_message():
    updater, _clients = make_updater([found('a')], {'a': WorkflowStopped('a')})
    updater.poll_once(0.0)
    ok, text = updater.run_action(MenuAction('hold', MUTATION, 'a', 'hold', ('1/x',)))
    assert not ok and 'stopped workflow' in text


def test_background_thread_delivers_snapshots_and_stops():
    updater, _clients = make_updater([found('a', False)], {})
    delivered = threading.Event()
    updater.start(delivered.set)
    try:
        assert delivered.wait(5)
        snapshot = updater.take_snapshot()
        assert snapshot == [{'id': '~me/a', 'name': 'a', 'status': 'stopped'}]
    finally:
        updater.stop()
    assert not updater._thread.is_alive()


def test_closed_workflows_are_asked_their_status_together(monkeypatch):
    from cylc_flow.network import scan, scan_query
    from cylc_flow.network.scan_query import QueryOutcome

    batches = []

    async def query_many(flows, request_string, *, timeout):
        flows = list(flows)
        batches.append([flow['name'] for flow in flows])
        return [QueryOutcome(flows[0], data=workflow_reply('a', 'paused')),
                QueryOutcome(flows[1], error='b: timed out after 2s'),
                QueryOutcome(flows[2], error='gone', stale=True)]

    monkeypatch.setattr(scan_query, 'query_many', query_many)
    monkeypatch.setattr(scan, 'contact_info', lambda flow: flow['name'] != 'd')
    updater = Updater(None, 2.0, scanner=lambda: [found(name) for name in 'abcd'],
                      user='me')
    snapshot = {entry['name']: entry for entry in updater.poll_once(0.0)}
    assert batches == [['a', 'b', 'c']]
    assert snapshot['a']['status'] == 'paused'
    assert snapshot['b']['_message'] == 'Error - b: timed out after 2s'
    assert snapshot['c']['status'] == snapshot['d']['status'] == 'stopped'
