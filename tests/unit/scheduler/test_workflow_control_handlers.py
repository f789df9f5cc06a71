"""The control mutation handlers (reload, setVerbosity, extTrigger, message)
and the CLI's workflow-mutation helper, without a running scheduler."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import pytest

from cylc_flow.exceptions import InputError
from cylc_flow.scheduler.mutations import control


class FakeLog:
    def __init__(self) -> None:
        self.lines: list[tuple[int, str]] = []
        self.logger = logging.getLogger('test.control.fake')

    def log(self, level: int, text: str, **_kwargs) -> None:
        self.lines.append((level, text))

    def info(self, text: str, **kwargs) -> None:
        self.log(logging.INFO, text)

    def warning(self, text: str, **kwargs) -> None:
        self.log(logging.WARNING, text)

    def texts(self) -> list[str]:
        return [text for _level, text in self.lines]


def fake_scheduler():
    posted: list = []
    received: list = []
    core = SimpleNamespace(events=[])
    core.on_ext_trigger = lambda message, event_id: core.events.append(
        (message, event_id))
    scheduler = SimpleNamespace(
        log=FakeLog(), core=core, posted=posted, received=received,
        post=lambda handler, *args: posted.append((handler, args)),
        receive_messages=lambda *args: received.append(args),
    )
    return scheduler


def run_posted(scheduler) -> None:
    for handler, args in scheduler.posted:
        handler(0.0, *args)
    scheduler.posted.clear()


def test_every_control_mutation_has_a_handler():
    assert set(control.HANDLERS) == {'reload', 'set_verbosity', 'ext_trigger',
                                     'message'}


@pytest.mark.parametrize('level, number', [('DEBUG', logging.DEBUG),
                                           ('NORMAL', logging.INFO),
                                           ('warning', logging.WARNING)])
def test_set_verbosity_sets_the_log_level_and_says_so(level, number):
    scheduler = fake_scheduler()
    assert control.set_verbosity(scheduler, {'level': level}) == (
        True, 'Command queued')
    run_posted(scheduler)
    assert scheduler.log.logger.level == number
    assert f'Command "set_verbosity" actioned: {level.upper()}' in \
        scheduler.log.texts()


def test_set_verbosity_rejects_an_unknown_level():
    scheduler = fake_scheduler()
    ok, message = control.set_verbosity(scheduler, {'level': 'LOUD'})
    assert not ok
    assert message == 'Illegal logging level, LOUD'
    assert scheduler.posted == []
    assert 'Command "set_verbosity" rejected: Illegal logging level, LOUD' in \
        scheduler.log.texts()


def test_ext_trigger_queues_the_event_for_the_core():
    scheduler = fake_scheduler()
    assert control.ext_trigger(scheduler, {'message': 'go', 'id': 'x1'}) == (
        True, 'Event queued')
    assert scheduler.core.events == []  # not until the main loop runs it
    run_posted(scheduler)
    assert scheduler.core.events == [('go', 'x1')]
    assert 'Command "ext_trigger" actioned: "go" (ID x1)' in \
        scheduler.log.texts()


@pytest.mark.parametrize('args', [{'message': '', 'id': 'x'},
                                  {'message': 'go', 'id': ' '},
                                  {'message': None, 'id': 'x'}])
def test_ext_trigger_rejects_empty_arguments(args):
    scheduler = fake_scheduler()
    ok, _message = control.ext_trigger(scheduler, args)
    assert not ok
    assert scheduler.posted == []


def test_message_feeds_job_messages_like_put_messages():
    scheduler = fake_scheduler()
    ok, text = control.message(scheduler, {
        'task_job': '1/foo/01', 'event_time': '2020-01-01T00:00:00Z',
        'messages': [['INFO', 'started'], ['INFO', 'succeeded']]})
    assert (ok, text) == (True, 'Messages queued: 2')
    assert scheduler.received == [('1/foo/01', '2020-01-01T00:00:00Z',
                                   [['INFO', 'started'],
                                    ['INFO', 'succeeded']])]


def test_message_without_an_event_time_gets_one():
    scheduler = fake_scheduler()
    control.message(scheduler, {'task_job': '1/foo/01',
                                'messages': [['INFO', 'hi']]})
    assert scheduler.received[0][1]  # a time stamp


@pytest.mark.parametrize('args', [
    {'task_job': '1/foo', 'messages': [['INFO', 'x']]},
    {'task_job': '1/foo/01', 'messages': [['INFO']]},
    {'task_job': '1/foo/01', 'messages': 'started'},
    {'task_job': '1/foo/01', 'messages': [['INFO', 3]]},
])
def test_message_rejects_malformed_arguments(args):
    scheduler = fake_scheduler()
    ok, _text = control.message(scheduler, args)
    assert not ok
    assert scheduler.received == []


def test_put_messages_checks_its_arguments_as_the_message_mutation_does():
    from cylc_flow.scheduler.server_setup import register_methods

    methods: dict = {}
    server = SimpleNamespace(register=lambda name, handler, *_args:
                             methods.setdefault(name, handler))
    scheduler = fake_scheduler()
    scheduler.graphql = SimpleNamespace(request_async=None,
                                        ensure_published_async=None)
    register_methods(server, scheduler)
    put_messages = methods['put_messages']
    with pytest.raises(InputError, match='bad job ID'):
        put_messages({'task_job': '1/foo', 'messages': [['INFO', 'x']]}, {})
    assert put_messages({'task_job': '1/foo/01',
                         'messages': [['INFO', 'hi']]}, {}) == 'Messages queued'
    task_job, event_time, messages = scheduler.received[0]
    assert (task_job, messages) == ('1/foo/01', [['INFO', 'hi']])
    assert event_time  # a time stamp, as for the mutation
