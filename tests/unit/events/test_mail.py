"""Event email text, the task mail batcher and the smtp setting."""

from __future__ import annotations

import pytest

from cylc_flow.events import (
    HandlerCall,
    HandlerKind,
    MailBatcher,
    MailSettingsError,
    TaskMailNotice,
    compose_task_mail,
    parse_smtp,
)
from cylc_flow.events.smtp import build_email, split_addresses


def notice(job='1/foo/01', event='failed', message='job failed',
           mail_from='cylc@x', mail_to='ops@x') -> TaskMailNotice:
    return TaskMailNotice(job, event, message, mail_from, mail_to)


def mail_call(due: float, **kwargs) -> HandlerCall:
    item = notice(**kwargs)
    return HandlerCall(HandlerKind.TASK_MAIL, 'event-mail', item.event, item.job,
                       due, notice=item)


def test_one_task_event_names_the_job_in_the_subject(workflow_context):
    mail = compose_task_mail([notice()], workflow_context)
    assert mail.subject == '[1/foo/01 failed] flow/run1'
    assert mail.body == (
        'job: 1/foo/01\nevent: failed\nmessage: job failed\n\n'
        '\n'
        'workflow: flow/run1\nhost: sched.example.org\nport: 43001\n'
        'owner: alice\n'
    )
    assert (mail.mail_from, mail.mail_to) == ('cylc@x', 'ops@x')


def test_one_event_from_several_tasks_is_counted(workflow_context):
    mail = compose_task_mail(
        [notice('1/b/01'), notice('1/a/01')], workflow_context,
    )
    assert mail.subject == '[2 tasks failed] flow/run1'
    assert mail.body.index('job: 1/a/01') < mail.body.index('job: 1/b/01')


def test_several_events_are_counted_as_task_events(workflow_context):
    mail = compose_task_mail(
        [notice(), notice('1/bar/02', 'succeeded', 'job succeeded'),
         notice('1/baz/01', 'warning-1', 'disk full')],
        workflow_context,
    )
    assert mail.subject == '[3 task events] flow/run1'
    assert 'event: warning-1\nmessage: disk full\n' in mail.body


def test_the_footer_uses_workflow_variables_of_the_last_event(workflow_context):
    mail = compose_task_mail(
        [notice(), notice('1/bar/01', 'retry', 'job failed, retrying in PT1M')],
        workflow_context,
        footer='%(event)s on %(host)s: %(message)s',
    )
    assert mail.body.endswith(
        'retry on sched.example.org: job failed, retrying in PT1M\n'
    )


def test_a_bad_footer_is_reported_and_left_out(workflow_context):
    errors = []
    mail = compose_task_mail([notice()], workflow_context, footer='%(nope)s',
                             on_error=errors.append)
    assert mail.body.endswith('owner: alice\n')
    assert errors == ['Ignoring bad mail footer template: %(nope)s']


def test_the_first_batch_goes_at_once_then_once_per_interval():
    batcher = MailBatcher(interval=300.0)
    batcher.add(mail_call(100.0))
    assert batcher.next_due() == 100.0
    [[first]] = batcher.take_due(100.0)
    assert first.job == '1/foo/01'
    batcher.add(mail_call(110.0, job='1/bar/01'))
    batcher.add(mail_call(150.0, job='1/baz/01'))
    assert batcher.take_due(200.0) == []
    assert batcher.next_due() == 400.0
    [group] = batcher.take_due(400.0)
    assert [call.job for call in group] == ['1/bar/01', '1/baz/01']
    assert len(batcher) == 0 and batcher.next_due() is None


def test_batches_are_split_by_sender_and_recipient():
    batcher = MailBatcher(interval=0)
    batcher.add(mail_call(1.0, mail_to='a@x'))
    batcher.add(mail_call(1.0, job='1/b/01', mail_to='b@x'))
    batcher.add(mail_call(1.0, job='1/c/01', mail_to='a@x'))
    groups = batcher.take_due(2.0)
    assert [[call.job for call in group] for group in groups] == [
        ['1/foo/01', '1/c/01'], ['1/b/01'],
    ]


def test_calls_not_yet_due_wait_and_force_releases_everything():
    batcher = MailBatcher(interval=60)
    batcher.add(mail_call(500.0))
    assert batcher.take_due(100.0) == []
    assert batcher.next_due() == 500.0
    assert len(batcher.take_due(100.0, force=True)[0]) == 1


@pytest.mark.parametrize('value, expected', [
    (None, ('localhost', 25)),
    ('', ('localhost', 25)),
    ('mail.example.org', ('mail.example.org', 25)),
    ('mail.example.org:2525', ('mail.example.org', 2525)),
    ('[::1]:1025', ('::1', 1025)),
    ('[::1]', ('::1', 25)),
])
def test_the_smtp_setting_is_host_and_optional_port(value, expected):
    assert parse_smtp(value) == expected


@pytest.mark.parametrize('value', [
    'host:port', 'host:0', 'host:70000', ':25', '[::1', '[]:25', '[::1]x',
])
def test_a_malformed_smtp_setting_is_a_settings_error(value):
    with pytest.raises(MailSettingsError, match=r'\[scheduler\]\[mail\]smtp'):
        parse_smtp(value)


def test_recipients_may_be_separated_by_commas_or_spaces():
    assert split_addresses('a@x, b@y c@z,,') == ['a@x', 'b@y', 'c@z']


def test_header_fields_cannot_carry_line_breaks(workflow_context):
    mail = compose_task_mail([notice(event='out\r\nBcc: evil@x')], workflow_context)
    message = build_email(mail)
    assert '\n' not in message['Subject'] and message['Bcc'] is None
