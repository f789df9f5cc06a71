"""flow.cylc ``[scheduling]``: cycle points, queues, special tasks, graph."""

from __future__ import annotations

from cylc_flow.config.spec.model import conf, item, renamed, with_defaults
from cylc_flow.config.spec.value_types import (
    BOOLEAN,
    CYCLE_INTERVAL,
    CYCLE_POINT,
    CYCLE_POINT_WITH_OFFSETS,
    INTEGER,
    SPACELESS_STRING_LIST,
    STRING,
    STRING_LIST,
    XTRIGGER,
)

CYCLING_MODES = (
    'gregorian', '360day', '360_day', '365day', '365_day', '366day', '366_day',
    'integer',
)

_QUEUE = conf(
    '<queue name>',
    'An internal queue limiting how many of its tasks are active at once.',
    [
        item('limit', INTEGER, 0,
             'Maximum number of active (submitted or running) member tasks; '
             '0 means no limit.'),
        item('members', SPACELESS_STRING_LIST, None,
             'Tasks and families assigned to this queue (removed from the '
             'default queue).'),
    ],
)

_DEFAULT_QUEUE = with_defaults(
    renamed(_QUEUE, 'default', 'The queue for all tasks not assigned to '
            'another queue.'),
    limit=100,
)

FLOW_SCHEDULING = conf(
    'scheduling',
    'When tasks are ready to run: cycling, dependencies and limits.',
    [
        item('initial cycle point', CYCLE_POINT, None,
             'First cycle point (default 1 in integer cycling); may be '
             '"now" or next()/previous().'),
        item('final cycle point', CYCLE_POINT_WITH_OFFSETS, None,
             'Last cycle point; may be an offset from the initial one, '
             'e.g. +P1D.'),
        item('initial cycle point constraints', STRING_LIST, None,
             'Truncated time points the initial cycle point must match, '
             'e.g. T00, T12.'),
        item('final cycle point constraints', STRING_LIST, None,
             'Truncated time points the final cycle point must match.'),
        item('hold after cycle point', CYCLE_POINT, None,
             'Hold tasks that pass this cycle point (the workflow keeps '
             'running).'),
        item('stop after cycle point', CYCLE_POINT, None,
             'Shut down once all tasks have passed this cycle point.'),
        item('cycling mode', STRING, 'gregorian',
             'Integer cycling or a date-time calendar.',
             options=CYCLING_MODES),
        item('runahead limit', CYCLE_INTERVAL, 'P4',
             'How far ahead of the oldest active cycle tasks may run: Pn '
             '(n+1 cycles) or a duration.'),
        item('sequential xtriggers', BOOLEAN, False,
             'Make xtriggers sequential by default: spawn the next instance '
             'only once satisfied.'),
        conf('queues',
             'Internal queues limiting the number of active tasks.',
             [_QUEUE, _DEFAULT_QUEUE]),
        conf('special tasks',
             'Tasks with special behaviour (family names allowed).',
             [
                 item('clock-trigger', STRING_LIST, None,
                      'Legacy clock triggers, e.g. foo(PT1H); upgraded to '
                      'wall_clock xtriggers.'),
                 item('external-trigger', STRING_LIST, None,
                      'Legacy external triggers satisfied by '
                      '"cylc ext-trigger".'),
                 item('clock-expire', STRING_LIST, None,
                      'Tasks that expire if too late in wall clock time, '
                      'e.g. foo(-PT1H).'),
                 item('sequential', STRING_LIST, None,
                      'Tasks that depend on their own previous-cycle '
                      'instance.'),
             ]),
        conf('xtriggers',
             'External trigger function declarations for use in the graph '
             'as @label.',
             [item('<xtrigger name>', XTRIGGER, None,
                   'A trigger function call, e.g. my_trigger(arg, key=x):'
                   'PT10S.')]),
        conf('graph',
             'The dependency graph, one graph string per recurrence.',
             [item('<recurrence>', STRING, None,
                   'The graph for this recurrence (R1, P1D, T00, ...); '
                   'repeated recurrences add up.',
                   free_name=True)]),
    ],
)
