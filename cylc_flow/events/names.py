"""Names of task and workflow events and of their handler kinds (Cylc 8)."""

from __future__ import annotations

# Task events: each may have "<event> handlers" and appear in
# "handler events" / "mail events".  Custom outputs also raise events
# named after the output.
TASK_EVENTS: tuple[str, ...] = (
    'expired',
    'late',
    'submitted',
    'submission failed',
    'submission retry',
    'submission timeout',
    'started',
    'succeeded',
    'failed',
    'retry',
    'execution timeout',
    'warning',
    'critical',
    'custom',
)

# Events that can happen more than once per job: numbered in handler keys.
NON_UNIQUE_TASK_EVENTS = frozenset({'warning', 'critical', 'custom'})

WORKFLOW_EVENTS: tuple[str, ...] = (
    'startup',
    'shutdown',
    'abort',
    'workflow timeout',
    'stall',
    'stall timeout',
    'inactivity timeout',
    'restart timeout',
)

TASK_HANDLER = 'event-handler'
TASK_MAIL = 'event-mail'
WORKFLOW_HANDLER = 'workflow-event-handler'
WORKFLOW_MAIL = 'workflow-event-mail'
