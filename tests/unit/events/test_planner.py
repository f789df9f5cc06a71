"""Which handlers and emails an event calls for."""

from __future__ import annotations

import pytest

from cylc_flow.events import (
    EventSettings,
    HandlerKind,
    plan_task_event,
    plan_workflow_event,
    task_event_settings,
    workflow_event_settings,
)
from cylc_flow.events.planner import retry_delays

NOW = 1_000_000.0


def commands(calls):
    return [call.command for call in calls if call.kind is HandlerKind.COMMAND]


def test_event_handlers_for_the_event_run(task_context):
    settings = task_event_settings(task_events={
        'failed handlers': ['first %(event)s', 'second %(id)s'],
        'succeeded handlers': ['never'],
    })
    calls = plan_task_event('failed', task_context, settings, NOW)
    assert commands(calls) == ['first failed', 'second 20250101T0000Z/model']
    assert [call.handler for call in calls] == [
        'event-handler-00', 'event-handler-01',
    ]
    assert all(call.job == '20250101T0000Z/model/03' for call in calls)
    assert all(call.event == 'failed' for call in calls)


def test_general_handlers_run_for_the_listed_handler_events(task_context):
    settings = task_event_settings(task_events={
        'handlers': ['general %(event)s'],
        'handler events': ['failed', 'submission failed'],
    })
    assert commands(plan_task_event('submission failed', task_context,
                                    settings, NOW)) == [
        "general 'submission failed'"
    ]
    assert plan_task_event('succeeded', task_context, settings, NOW) == []


def test_specific_handlers_take_precedence_over_general_ones(task_context):
    settings = task_event_settings(task_events={
        'handlers': ['general'],
        'handler events': ['failed'],
        'failed handlers': ['specific %(event)s'],
    })
    assert commands(plan_task_event('failed', task_context, settings, NOW)) == [
        'specific failed'
    ]


def test_no_handlers_configured_means_no_calls(task_context):
    assert plan_task_event('failed', task_context, EventSettings(), NOW) == []


def test_mail_events_queue_a_task_email_first(task_context):
    settings = task_event_settings(
        task_events={'mail events': ['failed'], 'failed handlers': ['h']},
        task_mail={'to': 'ops@example.org'},
    )
    calls = plan_task_event('failed', task_context, settings, NOW)
    assert [call.kind for call in calls] == [HandlerKind.TASK_MAIL,
                                             HandlerKind.COMMAND]
    notice = calls[0].notice
    assert notice is not None
    assert notice.job == '20250101T0000Z/model/03'
    assert notice.event == 'failed'
    assert notice.message == 'job failed'
    assert notice.mail_to == 'ops@example.org'
    assert notice.mail_from == 'notifications@sched.example.org'
    assert calls[0].due == NOW


def test_mail_defaults_to_the_workflow_owner(task_context):
    settings = task_event_settings(task_events={'mail events': ['retry']})
    [call] = plan_task_event('retry', task_context, settings, NOW)
    assert call.notice.mail_to == 'alice'


def test_settings_layers_follow_cylc_precedence(task_context):
    settings = task_event_settings(
        broadcast_events={'failed handlers': ['from-broadcast']},
        task_events={'failed handlers': ['from-task'], 'mail events': ['failed']},
        workflow_mail={'from': 'workflow@x', 'to': 'wf-to@x'},
        global_mail={'from': 'global@x'},
        global_task_events={'handler retry delays': [5.0]},
        task_mail={'to': 'task-to@x'},
    )
    calls = plan_task_event('failed', task_context, settings, NOW)
    assert calls[0].notice.mail_from == 'workflow@x'
    assert calls[0].notice.mail_to == 'task-to@x'
    assert calls[1].command.startswith('from-broadcast ')
    assert calls[1].delays == (5.0,)
    assert calls[1].due == NOW + 5.0


def test_retry_delays_set_the_first_wait_and_the_retries(task_context):
    settings = task_event_settings(task_events={
        'failed handlers': ['h'], 'handler retry delays': [1.0, 10.0, 60.0],
    })
    [call] = plan_task_event('failed', task_context, settings, NOW)
    assert call.delays == (1.0, 10.0, 60.0)
    assert call.due == NOW + 1.0


def test_retry_delays_default_to_one_immediate_try():
    assert retry_delays(None) == (0.0,)
    assert retry_delays([]) == (0.0,)
    errors = []
    assert retry_delays(['PT1M?', 3], errors.append) == (3.0,)
    assert errors and 'PT1M?' in errors[0]


def test_repeatable_events_are_numbered(task_context):
    settings = task_event_settings(task_events={
        'warning handlers': ['h %(event)s'], 'mail events': ['warning'],
    })
    calls = plan_task_event('warning', task_context, settings, NOW,
                            message='disk nearly full', occurrence=2)
    assert [call.event for call in calls] == ['warning-2', 'warning-2']
    assert calls[1].command == 'h warning'
    assert calls[0].key != plan_task_event(
        'warning', task_context, settings, NOW, occurrence=3,
    )[0].key


def test_a_bad_template_is_reported_and_skipped(task_context):
    settings = task_event_settings(task_events={
        'failed handlers': ['good', 'bad %(nope)s', 'also good %(name)s'],
    })
    errors = []
    calls = plan_task_event('failed', task_context, settings, NOW,
                            on_error=errors.append)
    assert [call.handler for call in calls] == ['event-handler-00',
                                                'event-handler-02']
    assert errors == [
        "20250101T0000Z/model/03 ('event-handler-01', 'failed') bad template: "
        "bad %(nope)s: unknown variable 'nope'"
    ]


def test_bad_templates_are_logged_when_no_callback_is_given(task_context, caplog):
    settings = task_event_settings(task_events={'failed handlers': ['%(x)s']})
    assert plan_task_event('failed', task_context, settings, NOW) == []
    assert 'bad template' in caplog.text


def test_workflow_event_handlers_and_general_handlers(workflow_context):
    settings = workflow_event_settings(
        workflow_events={'stall handlers': ['on-stall %(event)s %(message)s']},
        global_events={'handlers': ['general'], 'handler events': ['startup']},
    )
    [stall] = plan_workflow_event('stall', workflow_context, settings, NOW,
                                  message='Workflow stalled')
    assert stall.command == 'on-stall stall Workflow stalled'
    assert stall.handler == 'workflow-event-handler-00'
    assert stall.job is None and stall.delays == (0.0,)
    [startup] = plan_workflow_event('startup', workflow_context, settings, NOW)
    assert startup.command == "general 'startup' 'flow/run1' ''"
    assert plan_workflow_event('shutdown', workflow_context, settings, NOW) == []


@pytest.mark.parametrize('event', [
    'startup', 'shutdown', 'abort', 'workflow timeout', 'stall',
    'stall timeout', 'inactivity timeout', 'restart timeout',
])
def test_every_workflow_event_has_its_own_handlers_item(workflow_context, event):
    settings = workflow_event_settings(
        workflow_events={f'{event} handlers': ['h %(event)s']},
    )
    [call] = plan_workflow_event(event, workflow_context, settings, NOW)
    assert call.command == f'h {event}'


def test_workflow_mail_events_compose_the_email_at_once(workflow_context):
    settings = workflow_event_settings(
        workflow_events={'mail events': ['abort']},
        workflow_mail={'to': 'ops@example.org', 'footer': 'see %(workflow_url)s'},
    )
    [call] = plan_workflow_event('abort', workflow_context, settings, NOW,
                                 message='Workflow shutting down - ERROR')
    assert call.kind is HandlerKind.WORKFLOW_MAIL
    mail = call.mail
    assert mail.subject == '[workflow abort] flow/run1'
    assert mail.mail_to == 'ops@example.org'
    assert mail.mail_from == 'notifications@sched.example.org'
    assert mail.body == (
        'event: abort\n'
        'message: Workflow shutting down - ERROR\n'
        'workflow: flow/run1\n'
        'host: sched.example.org\n'
        'port: 43001\n'
        'owner: alice\n'
        'see https://example.org/flow\n'
    )
