"""Task and workflow event handlers and event email."""

from __future__ import annotations

from cylc_flow.events.errors import HandlerTemplateError, MailSettingsError
from cylc_flow.events.mail import (
    MailBatcher,
    compose_task_mail,
    compose_workflow_mail,
)
from cylc_flow.events.names import (
    NON_UNIQUE_TASK_EVENTS,
    TASK_EVENTS,
    WORKFLOW_EVENTS,
)
from cylc_flow.events.planner import plan_task_event, plan_workflow_event
from cylc_flow.events.records import (
    HandlerCall,
    HandlerKind,
    HandlerResult,
    MailMessage,
    TaskEventContext,
    TaskMailNotice,
    WorkflowEventContext,
)
from cylc_flow.events.reporting import log_result
from cylc_flow.events.runner import HandlerRunner
from cylc_flow.events.settings import (
    EventSettings,
    task_event_settings,
    workflow_event_settings,
)
from cylc_flow.events.smtp import parse_smtp, send_mail
from cylc_flow.events.templates import (
    check_handler_template,
    task_template_variables,
    workflow_template_variables,
)

__all__ = [
    'NON_UNIQUE_TASK_EVENTS',
    'TASK_EVENTS',
    'WORKFLOW_EVENTS',
    'EventSettings',
    'HandlerCall',
    'HandlerKind',
    'HandlerResult',
    'HandlerRunner',
    'HandlerTemplateError',
    'MailBatcher',
    'MailMessage',
    'MailSettingsError',
    'TaskEventContext',
    'TaskMailNotice',
    'WorkflowEventContext',
    'check_handler_template',
    'compose_task_mail',
    'compose_workflow_mail',
    'log_result',
    'parse_smtp',
    'plan_task_event',
    'plan_workflow_event',
    'send_mail',
    'task_event_settings',
    'task_template_variables',
    'workflow_event_settings',
    'workflow_template_variables',
]
