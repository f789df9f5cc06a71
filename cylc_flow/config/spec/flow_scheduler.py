"""flow.cylc ``[meta]``, ``[scheduler]`` and ``[task parameters]``."""

from __future__ import annotations

from cylc_flow.config.spec.model import Section, conf, item
from cylc_flow.config.spec.shared_items import (
    mail_items,
    main_loop_plugin_section,
    meta_section,
    workflow_event_items,
)
from cylc_flow.config.spec.value_types import (
    BOOLEAN,
    CYCLE_POINT_FORMAT,
    CYCLE_POINT_TIME_ZONE,
    INTEGER,
    PARAMETER_LIST,
    STRING,
    STRING_LIST,
)

FLOW_META = meta_section(
    'Metadata for the workflow: title, description, URL and any custom items.',
    predefined=True,
)

FLOW_SCHEDULER = conf(
    'scheduler',
    'Settings for the scheduler (not to be confused with [scheduling]).',
    [
        item('UTC mode', BOOLEAN, None,
             'Use UTC rather than local time for log timestamps (default '
             'from global.cylc).'),
        item('allow implicit tasks', BOOLEAN, False,
             'Allow graph tasks that have no [runtime] definition.'),
        item('install', STRING_LIST, None,
             'Extra files and directories (trailing slash) to install on job '
             'hosts.'),
        item('cycle point format', CYCLE_POINT_FORMAT, None,
             'Format (and precision) used to write date-time cycle points.'),
        item('cycle point num expanded year digits', INTEGER, 0,
             'Extra year digits for years before 0 or after 9999.'),
        item('cycle point time zone', CYCLE_POINT_TIME_ZONE, None,
             'Time zone for date-time cycle points given without one '
             '(default Z).'),
        conf('main loop',
             'Main loop plugin settings (defaults from global.cylc).',
             [main_loop_plugin_section(
                 '<plugin name>', 'Settings for one main loop plugin.', None,
             )]),
        conf('events',
             'Workflow event handling (defaults from global.cylc).',
             [
                 *workflow_event_items(global_defaults=False),
                 item('expected task failures', STRING_LIST, None,
                      'Tasks expected to fail (for Cylc functional tests).'),
             ]),
        conf('mail',
             'Event email settings for this workflow (defaults from '
             'global.cylc).',
             mail_items(global_defaults=False)),
    ],
)

FLOW_TASK_PARAMETERS: Section = conf(
    'task parameters',
    'Parameter values and name templates for parameterised tasks.',
    [
        item('<parameter>', PARAMETER_LIST, None,
             'Values of a parameter: names (a, b) or integers and ranges '
             '(1..5, 1..9..2).'),
        conf('templates',
             'Templates for parameterised task names, per parameter.',
             [item('<parameter>', STRING, None,
                   'Name template, e.g. _run%(run)s (default _p%(p)0Nd or '
                   '_%(p)s).')]),
    ],
)
