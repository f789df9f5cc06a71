"""flow.cylc ``[runtime][<namespace>]``: what tasks run and how."""

from __future__ import annotations

from cylc_flow.config.spec.durations import DurationFloat
from cylc_flow.config.spec.model import conf, item
from cylc_flow.config.spec.shared_items import (
    directives_section,
    job_polling_items,
    log_retrieval_items,
    meta_section,
    task_event_items,
)
from cylc_flow.config.spec.value_types import (
    BOOLEAN,
    FLOAT,
    INTEGER,
    INTERVAL,
    INTERVAL_LIST,
    STRING,
    STRING_LIST,
)

TASK_RUN_MODES = ('live', 'skip')

_SCRIPTS = (
    ('init-script', 'Script run before the job environment is set up.'),
    ('env-script', 'Script run between the Cylc and the user-defined job '
                   'environment.'),
    ('err-script', 'Script run when the job fails (receives the signal name '
                   'as $1).'),
    ('exit-script', 'Script run at the very end of a successful job.'),
    ('pre-script', 'Script run just before the main script.'),
    ('script', 'The main script (or command) the job runs.'),
    ('post-script', 'Script run just after the main script.'),
)

_TASK_HANDLERS = (
    ('expired handlers', 'the task expires'),
    ('late handlers', 'the task is late'),
    ('submitted handlers', 'the job is submitted'),
    ('started handlers', 'the job starts running'),
    ('succeeded handlers', 'the job succeeds'),
    ('failed handlers', 'the job fails'),
    ('submission failed handlers', 'job submission fails'),
    ('warning handlers', 'the job sends a WARNING message'),
    ('critical handlers', 'the job sends a CRITICAL message'),
    ('retry handlers', 'the job fails but will retry'),
    ('submission retry handlers', 'job submission fails but will retry'),
    ('execution timeout handlers', 'the job exceeds its execution timeout'),
    ('submission timeout handlers', 'the job exceeds its submission timeout'),
    ('custom handlers', 'the job sends a CUSTOM message'),
)

_TASK_EVENTS = conf(
    'events',
    'Task event handlers and timeouts (defaults from global.cylc '
    '[task events]).',
    [
        *task_event_items(),
        item('late offset', INTERVAL, None,
             'Offset from the cycle point after which the task counts as '
             'late.'),
        *(item(name, STRING_LIST, None, f'Commands to run when {when}.')
          for name, when in _TASK_HANDLERS),
    ],
)

_SIMULATION = conf(
    'simulation',
    'Task settings for simulation and dummy run modes.',
    [
        item('default run length', INTERVAL, DurationFloat(10.0, 'PT10S'),
             'Simulated run length when no execution time limit and speedup '
             'factor are set.'),
        item('speedup factor', FLOAT, None,
             'Simulated run length is the execution time limit divided by '
             'this factor.'),
        item('time limit buffer', INTERVAL, DurationFloat(30.0, 'PT30S'),
             'Extra time added to dummy jobs\' execution time limit.'),
        item('fail cycle points', STRING_LIST, None,
             'Cycle points (or "all") at which the simulated job fails.'),
        item('fail try 1 only', BOOLEAN, True,
             'Fail only the first try, so that retries succeed.'),
        item('disable task event handlers', BOOLEAN, True,
             'Do not run task event handlers in simulation or dummy mode.'),
    ],
)

_SKIP = conf(
    'skip',
    'Task settings for skip run mode.',
    [
        item('outputs', STRING_LIST, [],
             'Outputs to complete when skipped (default: the required '
             'outputs).'),
        item('disable task event handlers', BOOLEAN, True,
             'Do not run task event handlers for skipped tasks.'),
    ],
)

_WORKFLOW_STATE_POLLING = conf(
    'workflow state polling',
    'Settings for automatic tasks that poll another workflow\'s state.',
    [
        item('user', STRING, None, 'User account of the target workflow.'),
        item('host', STRING, None, 'Host on which to run the polling command.'),
        item('interval', INTERVAL, None, 'Polling interval.'),
        item('max-polls', INTEGER, None,
             'Number of polls before giving up (the task fails).'),
        item('message', STRING, None,
             'Wait for this task message rather than a task state.'),
        item('alt-cylc-run-dir', STRING, None,
             'The cylc-run directory of the target workflow, if not ~/cylc-run.'),
        item('verbose mode', BOOLEAN, None,
             'Run the polling command in verbose mode.'),
    ],
)

NAMESPACE = conf(
    '<namespace>',
    'A task or family (or a comma-separated list of them); all inherit root.',
    [
        item('completion', STRING, None,
             'Condition on outputs that completes the task, e.g. '
             '"succeeded and x".'),
        item('platform', STRING, None,
             'The platform or platform group the job runs on.'),
        item('inherit', STRING_LIST, None,
             'Parent families of this namespace (default root).'),
        *(item(name, STRING, None, desc) for name, desc in _SCRIPTS),
        item('work sub-directory', STRING, None,
             'Job working directory under the workflow work directory.'),
        item('execution retry delays', INTERVAL_LIST, None,
             'Delays before retrying a failed job; one retry per delay.'),
        item('execution time limit', INTERVAL, None,
             'Wallclock limit of the job (timeout or a job runner '
             'directive).'),
        *job_polling_items(global_defaults=False),
        item('run mode', STRING, 'live',
             'Run this task live or skip it (complete its outputs without '
             'a job).',
             options=TASK_RUN_MODES),
        meta_section('Metadata for the task or family, available to event '
                     'handlers.', predefined=True),
        _SKIP,
        _SIMULATION,
        conf('environment filter',
             'Include/exclude lists that filter the inherited environment.',
             [
                 item('include', STRING_LIST, None,
                      'Only these variables are kept from the environment.'),
                 item('exclude', STRING_LIST, None,
                      'These variables are removed from the environment.'),
             ]),
        conf('job',
             'Deprecated Cylc 7 job settings, used to select a platform.',
             [
                 item('batch system', STRING, None,
                      'Deprecated: the job runner (use a platform).'),
                 item('batch submit command template', STRING, None,
                      'Deprecated: job runner command (use a platform).'),
             ]),
        conf('remote',
             'Deprecated Cylc 7 job host settings, used to select a '
             'platform.',
             [
                 item('host', STRING, None,
                      'Deprecated: job host name or $(command) (use a '
                      'platform).'),
                 item('owner', STRING, None,
                      'Obsolete: remote user names go in ~/.ssh/config.'),
                 *log_retrieval_items(),
             ]),
        _TASK_EVENTS,
        conf('mail', 'Email settings for task event notifications.', [
            item('from', STRING, None,
                 'The "from" address of task event emails.'),
            item('to', STRING, None,
                 'Address(es) that task event emails are sent to.'),
        ]),
        _WORKFLOW_STATE_POLLING,
        conf('environment',
             'Variables exported in the job environment, in this order.',
             [item('<variable>', STRING, None,
                   'A variable; the value is passed to the job shell as '
                   'written.')]),
        directives_section(),
        conf('outputs', 'Custom task outputs and their messages.',
             [item('<output>', STRING, None,
                   'Output name = the message that completes it.')]),
        conf('parameter environment templates',
             'Deprecated: now written in [environment] (prepended there).',
             [item('<parameter>', STRING, None,
                   'Deprecated parameter environment template.')]),
    ],
)

FLOW_RUNTIME = conf(
    'runtime',
    'Task and family definitions, with multiple inheritance.',
    [NAMESPACE],
)
