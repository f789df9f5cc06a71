"""Items that appear in both flow.cylc and global.cylc, described once.

global.cylc gives the site/user defaults; flow.cylc may override them per
workflow or per task (where flow.cylc's default is None: "use the global").
"""

from __future__ import annotations

from cylc_flow.config.spec.durations import DurationFloat
from cylc_flow.config.spec.model import Item, Section, conf, item
from cylc_flow.config.spec.value_types import (
    BOOLEAN,
    INTERVAL,
    INTERVAL_LIST,
    STRING,
    STRING_LIST,
)

# Workflow events: (name, description). The type follows from the name.
WORKFLOW_EVENTS: tuple[tuple[str, str], ...] = (
    ('handlers', 'Commands to run for the workflow events in "handler events".'),
    ('handler events', 'Workflow events for which "handlers" are run.'),
    ('mail events', 'Workflow events for which notification emails are sent.'),
    ('startup handlers', 'Commands to run when the scheduler starts.'),
    ('shutdown handlers', 'Commands to run when the scheduler shuts down.'),
    ('abort handlers', 'Commands to run if the scheduler aborts with an error.'),
    ('workflow timeout', 'Time after scheduler start at which the workflow '
                         'timeout event fires.'),
    ('workflow timeout handlers', 'Commands to run when the workflow timer '
                                  'times out.'),
    ('abort on workflow timeout', 'Shut down with error status when the '
                                  'workflow timer times out.'),
    ('stall handlers', 'Commands to run if the workflow stalls.'),
    ('stall timeout', 'How long a stalled workflow waits before the stall '
                      'timeout event fires.'),
    ('stall timeout handlers', 'Commands to run when the stall timer times out.'),
    ('abort on stall timeout', 'Shut down with error status when the stall '
                               'timer times out.'),
    ('inactivity timeout', 'Time without any workflow activity after which the '
                           'inactivity event fires.'),
    ('inactivity timeout handlers', 'Commands to run when the inactivity timer '
                                    'times out.'),
    ('abort on inactivity timeout', 'Shut down with error status when the '
                                    'inactivity timer times out.'),
    ('restart timeout', 'How long a restarted, already complete workflow waits '
                        'for intervention before shutting down.'),
)

# global.cylc defaults for the workflow events (flow.cylc defaults are None).
GLOBAL_WORKFLOW_EVENT_DEFAULTS = {
    'abort on workflow timeout': False,
    'abort on stall timeout': True,
    'abort on inactivity timeout': False,
    'stall timeout': DurationFloat(3600.0, 'PT1H'),
    'restart timeout': DurationFloat(120.0, 'PT2M'),
}


def workflow_event_items(*, global_defaults: bool) -> list[Item]:
    """The ``[scheduler][events]`` items, typed from their names."""
    items = []
    for name, desc in WORKFLOW_EVENTS:
        if name.startswith('abort on'):
            value_type = BOOLEAN
        elif name.endswith('timeout'):
            value_type = INTERVAL
        else:
            value_type = STRING_LIST
        default = (
            GLOBAL_WORKFLOW_EVENT_DEFAULTS.get(name) if global_defaults else None
        )
        items.append(item(name, value_type, default, desc))
    return items


def task_event_items() -> list[Item]:
    """Task event items shared by ``[runtime][<ns>][events]`` and
    ``global.cylc[task events]``."""
    return [
        item('execution timeout', INTERVAL, None,
             'Call the execution timeout handlers if a job has not finished '
             'this long after it started.'),
        item('handlers', STRING_LIST, None,
             'Commands to run for the task events listed in "handler events".'),
        item('handler events', STRING_LIST, None,
             'Task events for which the general "handlers" are run.'),
        item('handler retry delays', INTERVAL_LIST, None,
             'Delay before running an event handler and before each retry '
             'if it fails.'),
        item('mail events', STRING_LIST, None,
             'Task events for which notification emails are sent.'),
        item('submission timeout', INTERVAL, None,
             'Call the submission timeout handlers if a job has not started '
             'this long after submission.'),
    ]


def mail_items(*, global_defaults: bool) -> list[Item]:
    """``[scheduler][mail]`` items (global.cylc adds ``smtp``)."""
    interval_default = DurationFloat(300.0, 'PT5M') if global_defaults else None
    items = [
        item('footer', STRING, None,
             'Footer text (may use event template variables) for event emails.'),
        item('to', STRING, None,
             'Address(es) that workflow and task event emails are sent to.'),
        item('from', STRING, None,
             'The "from" address of workflow and task event emails.'),
        item('task event batch interval', INTERVAL, interval_default,
             'Collect task event notifications over this interval into one '
             'email.'),
    ]
    if global_defaults:
        items.insert(2, item(
            'smtp', STRING, None,
            'SMTP server used to send event emails (global.cylc only).',
        ))
    return items


def main_loop_plugin_section(
    name: str, desc: str, interval_default: DurationFloat | None,
) -> Section:
    """A main loop plugin section with its ``interval`` item."""
    return conf(name, desc, [
        item('interval', INTERVAL, interval_default,
             'How often the scheduler runs this main loop plugin.'),
    ])


def job_polling_items(*, global_defaults: bool) -> list[Item]:
    """Polling and retry intervals set per platform and overridable per task."""
    fifteen_minutes = [DurationFloat(900.0, 'PT15M')]
    return [
        item('submission polling intervals', INTERVAL_LIST,
             list(fifteen_minutes) if global_defaults else None,
             'Intervals at which to poll submitted jobs (the last repeats).'),
        item('submission retry delays', INTERVAL_LIST, None,
             'Delays before resubmitting a job after each submission failure.'),
        item('execution polling intervals', INTERVAL_LIST,
             list(fifteen_minutes) if global_defaults else None,
             'Intervals at which to poll running jobs (the last repeats).'),
    ]


def directives_section() -> Section:
    """Job runner directives (e.g. ``--mem = 4G``)."""
    return conf(
        'directives',
        'Job runner (batch system) directives written at the top of job '
        'scripts.',
        [item('<directive>', STRING, None,
              'One directive, e.g. "-l walltime = 01:00:00" or "--mem = 4G".')],
    )


def log_retrieval_items() -> list[Item]:
    """Job log retrieval settings (platforms; deprecated per-task [remote])."""
    return [
        item('retrieve job logs', BOOLEAN, None,
             'Copy job logs back from the job platform when jobs finish.'),
        item('retrieve job logs max size', STRING, None,
             'Largest job log to retrieve (anything rsync --max-size accepts).'),
        item('retrieve job logs retry delays', INTERVAL_LIST, None,
             'Delays before the first and any later job log retrieval '
             'attempts.'),
    ]


def meta_section(desc: str, *, predefined: bool) -> Section:
    """A ``[meta]`` section; workflows and tasks predefine title etc."""
    children: list[Item] = []
    if predefined:
        children = [
            item('title', STRING, '', 'A one-line title.'),
            item('description', STRING, '', 'A longer, multi-line description.'),
            item('URL', STRING, '',
                 'A web address of documentation (may use %(workflow)s, '
                 '%(task)s).'),
        ]
    children.append(item(
        '<custom metadata>', STRING, '',
        'Any user-defined metadata item, available to event handlers.',
    ))
    return conf('meta', desc, children)
