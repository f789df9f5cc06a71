"""Event handler command templates: variables, rendering and the legacy form.

Handlers are Python ``%(name)s`` templates.  Task event values are shell
quoted (as Cylc 8 does); workflow event values are not, except workflow
metadata.  A handler with no placeholder at all gets the legacy arguments
appended: ``'<event>' '<workflow>' '<task id>' '<message>'`` for task
events and ``'<event>' '<workflow>' '<message>'`` for workflow events.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from shlex import quote

from cylc_flow.events.errors import HandlerTemplateError
from cylc_flow.events.records import TaskEventContext, WorkflowEventContext

# Placeholders that are fine: "%%" and "%(name)...".  Any other "%" left
# over is a positional placeholder, which would format the whole mapping.
_REC_NAMED_PLACEHOLDER = re.compile(r'%%|%\([^)]*\)')

# Names always available to task event handlers (values are examples).
TASK_VARIABLE_NAMES: tuple[str, ...] = (
    'event', 'workflow', 'uuid', 'workflow_uuid', 'suite', 'suite_uuid',
    'point', 'name', 'id', 'submit_num', 'try_num', 'message',
    'job_runner_name', 'batch_sys_name', 'job_id', 'batch_sys_job_id',
    'submit_time', 'start_time', 'finish_time', 'platform_name', 'user@host',
)
WORKFLOW_VARIABLE_NAMES: tuple[str, ...] = (
    'event', 'message', 'workflow', 'host', 'port', 'owner', 'uuid',
    'workflow_uuid', 'workflow_url', 'suite', 'suite_uuid', 'suite_url',
)
_INTEGER_NAMES = frozenset({'submit_num', 'try_num', 'port'})


def single_quote(text: str) -> str:
    """Wrap text in single quotes for the shell (always quoted)."""
    return "'" + text.replace("'", "'\\''") + "'"


def task_template_variables(
    context: TaskEventContext, event: str, message: str,
) -> dict[str, str | int]:
    """The ``%(name)s`` values for a task event handler (shell quoted)."""
    workflow = context.workflow
    workflow_text = quote(workflow.workflow)
    uuid_text = quote(workflow.uuid)
    job_id = quote(str(context.job_id))
    job_runner = quote(str(context.job_runner_name))
    platform = quote(context.platform_name or '')
    variables: dict[str, str | int] = {
        'event': quote(event),
        'workflow': workflow_text,
        'suite': workflow_text,
        'uuid': uuid_text,
        'suite_uuid': uuid_text,
        'workflow_uuid': uuid_text,
        'point': quote(context.point),
        'name': quote(context.name),
        'id': quote(context.task_id),
        'submit_num': context.submit_num,
        'try_num': context.try_num,
        'message': quote(message),
        'job_runner_name': job_runner,
        'batch_sys_name': job_runner,
        'job_id': job_id,
        'batch_sys_job_id': job_id,
        'submit_time': quote(str(context.submit_time)),
        'start_time': quote(str(context.start_time)),
        'finish_time': quote(str(context.finish_time)),
        'platform_name': platform,
        'user@host': platform,
    }
    for key, value in context.meta.items():
        quoted = quote(str(value))
        if key == 'URL':
            variables['task_url'] = quoted
        variables[key] = quoted
    for key, value in workflow.meta.items():
        quoted = quote(str(value))
        if key == 'URL':
            variables['workflow_url'] = quoted
        variables[f'workflow_{key}'] = quoted
    return variables


def workflow_template_variables(
    context: WorkflowEventContext, event: str, message: str,
) -> dict[str, str | int]:
    """The ``%(name)s`` values for a workflow event handler.

    As in Cylc 8 only the metadata values are shell quoted.
    """
    url = str(context.meta.get('URL', ''))
    variables: dict[str, str | int] = {
        'event': event,
        'message': message,
        'workflow': context.workflow,
        'host': context.host,
        'port': -1 if context.port is None else context.port,
        'owner': context.owner,
        'uuid': context.uuid,
        'workflow_uuid': context.uuid,
        'workflow_url': url,
        'suite': context.workflow,
        'suite_uuid': context.uuid,
        'suite_url': url,
    }
    for key, value in context.meta.items():
        if key != 'URL':
            variables[key] = quote(str(value))
    return variables


def render_template(template: str, variables: Mapping[str, object]) -> str:
    """Expand ``%(name)s`` placeholders; HandlerTemplateError if impossible."""
    if '%' in _REC_NAMED_PLACEHOLDER.sub('', template):
        raise HandlerTemplateError(
            f'bad template: {template}: placeholders must be named, '
            'e.g. %(event)s'
        )
    try:
        return template % variables
    except KeyError as exc:
        raise HandlerTemplateError(
            f'bad template: {template}: unknown variable {exc}'
        ) from None
    except (TypeError, ValueError, OverflowError) as exc:
        raise HandlerTemplateError(f'bad template: {template}: {exc}') from None


def render_task_handler(
    template: str, context: TaskEventContext, event: str, message: str,
    variables: Mapping[str, object] | None = None,
) -> str:
    """The shell command for one task event handler."""
    if variables is None:
        variables = task_template_variables(context, event, message)
    command = render_template(template, variables)
    if command == template:
        command = ' '.join((
            template,
            single_quote(event),
            single_quote(context.workflow.workflow),
            single_quote(context.task_id),
            single_quote(message),
        ))
    return command


def render_workflow_handler(
    template: str, context: WorkflowEventContext, event: str, message: str,
    variables: Mapping[str, object] | None = None,
) -> str:
    """The shell command for one workflow event handler."""
    if variables is None:
        variables = workflow_template_variables(context, event, message)
    command = render_template(template, variables)
    if command == template:
        command = ' '.join((
            template,
            single_quote(event),
            single_quote(context.workflow),
            single_quote(message),
        ))
    return command


def render_mail_footer(footer: str, variables: Mapping[str, object]) -> str:
    """The footer text (with a final newline) for an event email."""
    return render_template(footer + '\n', variables)


def check_handler_template(
    template: str,
    *,
    task: bool = True,
    task_meta: Iterable[str] = (),
    workflow_meta: Iterable[str] = (),
) -> None:
    """Raise HandlerTemplateError if a handler template cannot be expanded.

    For validation: every standard variable and the given metadata names
    (task ``[meta]`` and workflow ``[meta]`` items) count as known.
    """
    if task:
        names: set[str] = set(TASK_VARIABLE_NAMES)
        for key in task_meta:
            names.add(key)
            if key == 'URL':
                names.add('task_url')
        for key in workflow_meta:
            names.add(f'workflow_{key}')
            if key == 'URL':
                names.add('workflow_url')
    else:
        names = set(WORKFLOW_VARIABLE_NAMES)
        names.update(key for key in workflow_meta if key != 'URL')
    sample = {
        name: (1 if name in _INTEGER_NAMES else 'x') for name in names
    }
    render_template(template, sample)
