"""The complete global.cylc spec (site and user defaults)."""

from __future__ import annotations

from cylc_flow.config.spec.durations import DurationFloat
from cylc_flow.config.spec.global_platforms import (
    GLOBAL_PLATFORM_GROUPS,
    GLOBAL_PLATFORMS,
)
from cylc_flow.config.spec.model import conf, item
from cylc_flow.config.spec.shared_items import (
    mail_items,
    main_loop_plugin_section,
    task_event_items,
    workflow_event_items,
)
from cylc_flow.config.spec.value_types import (
    ABSOLUTE_HOST_LIST,
    BOOLEAN,
    INTEGER,
    INTERVAL,
    RANGE,
    SPACELESS_STRING_LIST,
    STRING,
    STRING_LIST,
    IntegerRange,
)

HOST_IDENTIFICATION_METHODS = ('name', 'address', 'hardwired')
_TEN_MINUTES = DurationFloat(600.0, 'PT10M')

_RUN_HOSTS = conf(
    'run hosts',
    'Hosts and ports on which schedulers may start, and how to choose one.',
    [
        item('available', SPACELESS_STRING_LIST, None,
             'Hosts that schedulers may run on (default: the local host).'),
        item('ports', RANGE, IntegerRange((43001, 43101)),
             'Port range for scheduler servers, as min .. max.'),
        item('condemned', ABSOLUTE_HOST_LIST, None,
             'Hosts that schedulers must leave (they restart elsewhere).'),
        item('ranking', STRING, None,
             'Python expressions (psutil) to rank and filter run hosts.'),
    ],
)

_HOST_SELF_IDENTIFICATION = conf(
    'host self-identification',
    'How the scheduler host finds the name jobs use to contact it.',
    [
        item('method', STRING, 'name',
             'name (host name), address (IP seen from the target) or '
             'hardwired (the host item).',
             options=HOST_IDENTIFICATION_METHODS),
        item('target', STRING, 'google.com',
             'Host used to find the scheduler\'s IP address (method address).'),
        item('host', STRING, None,
             'Scheduler host name or IP address (method hardwired).'),
    ],
)

_MAIN_LOOP = conf(
    'main loop',
    'Scheduler main loop plugins.',
    [
        item('plugins', STRING_LIST, ['health check', 'reset bad hosts'],
             'Main loop plugins enabled in every workflow.'),
        main_loop_plugin_section(
            '<plugin name>', 'Settings for one main loop plugin.', _TEN_MINUTES,
        ),
        main_loop_plugin_section(
            'health check', 'Checks the integrity of the workflow run '
            'directory.', _TEN_MINUTES,
        ),
        main_loop_plugin_section(
            'auto restart', 'Moves workflows off condemned run hosts.',
            _TEN_MINUTES,
        ),
        main_loop_plugin_section(
            'reset bad hosts', 'Clears the list of unreachable hosts.',
            DurationFloat(1800.0, 'PT30M'),
        ),
    ],
)

GLOBAL_SCHEDULER = conf(
    'scheduler',
    'Default scheduler settings for all workflows.',
    [
        item('UTC mode', BOOLEAN, False,
             'Use UTC rather than local time for log timestamps.'),
        item('process pool size', INTEGER, 4,
             'Most subprocesses (job submission, handlers, ...) run at once.'),
        item('process pool timeout', INTERVAL, _TEN_MINUTES,
             'Kill subprocesses that run longer than this.'),
        item('auto restart delay', INTERVAL, None,
             'Longest random delay before a workflow restarts on another '
             'host.'),
        _RUN_HOSTS,
        _HOST_SELF_IDENTIFICATION,
        conf('events', 'Default workflow event handling.',
             workflow_event_items(global_defaults=True)),
        conf('mail', 'Settings for workflow and task event emails.',
             mail_items(global_defaults=True)),
        _MAIN_LOOP,
        conf('logging', 'The scheduler log, kept as a rolling archive.', [
            item('rolling archive length', INTEGER, 15,
                 'How many rolled-over scheduler logs to keep.'),
            item('maximum size in bytes', INTEGER, 1000000,
                 'Roll the scheduler log over when it reaches this size.'),
        ]),
    ],
)

GLOBAL_INSTALL = conf(
    'install',
    'Workflow installation: source directories and symlinked run '
    'directories.',
    [
        item('max depth', INTEGER, 4,
             'Deepest workflow ID (directory levels) under ~/cylc-run.'),
        item('source dirs', STRING_LIST, ['~/cylc-src'],
             'Where cylc install and the UI look for workflow sources.'),
        conf('symlink dirs',
             'Alternative locations for run directories, linked from '
             '~/cylc-run.',
             [conf('<install target>',
                   'Symlink locations on this install target.',
                   [
                       item(name, STRING, None,
                            f'Put the {name} directory under this path.')
                       for name in ('run', 'log', 'share', 'share/cycle',
                                    'work')
                   ])]),
    ],
)

GLOBAL_SPEC = conf(
    'global.cylc',
    'Site and user defaults for Cylc.',
    [
        conf('hub', 'The JupyterHub serving the Cylc UI.', [
            item('url', STRING, '',
                 'Public URL of the hub, opened by "cylc gui".'),
        ]),
        GLOBAL_SCHEDULER,
        GLOBAL_INSTALL,
        GLOBAL_PLATFORMS,
        GLOBAL_PLATFORM_GROUPS,
        conf('task events', 'Default task event handling for all workflows.',
             task_event_items()),
    ],
)
