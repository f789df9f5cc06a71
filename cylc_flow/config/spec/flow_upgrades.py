"""The Cylc 7 -> 8 upgrade rules for flow.cylc (and suite.rc), in Cylc's order."""

from __future__ import annotations

from cylc_flow.config.spec.model import MANY
from cylc_flow.config.spec.upgrader import Upgrade, deprecate, obsolete

_SMTP_NOTE = 'DELETED (OBSOLETE) - use "global.cylc[scheduler][mail]smtp" instead'

# (old name, new name) of workflow event items renamed at 8.0.0.
_WORKFLOW_EVENT_RENAMES = (
    ('timeout', 'stall timeout'),
    ('abort on timeout', 'abort on stall timeout'),
    ('inactivity', 'inactivity timeout'),
    ('abort on inactivity', 'abort on inactivity timeout'),
    ('startup handler', 'startup handlers'),
    ('shutdown handler', 'shutdown handlers'),
    ('timeout handler', 'stall timeout handlers'),
    ('stalled handler', 'stall handlers'),
    ('aborted handler', 'abort handlers'),
    ('inactivity handler', 'inactivity timeout handlers'),
)

_TASK_HANDLERS = (
    'expired handler', 'late handler', 'submitted handler', 'started handler',
    'succeeded handler', 'failed handler', 'submission failed handler',
    'warning handler', 'critical handler', 'retry handler',
    'submission retry handler', 'execution timeout handler',
    'submission timeout handler', 'custom handler',
)

_JOB_SETTINGS = (
    'execution polling intervals', 'execution retry delays',
    'execution time limit', 'submission polling intervals',
    'submission retry delays',
)

_OBSOLETE_ABORT_IF_HANDLER_FAILS = (
    'abort on stalled', 'abort if startup handler fails',
    'abort if shutdown handler fails', 'abort if timeout handler fails',
    'abort if inactivity handler fails', 'abort if stalled handler fails',
)


def _max_active_to_runahead(value: str) -> str:
    return f'P{value}' if value.strip() else ''


def _build_rules() -> list[Upgrade]:
    rules: list[Upgrade] = [
        obsolete('7.8.0', ('runtime', MANY, 'suite state polling', 'template')),
        obsolete('7.8.1', ('cylc', 'events', 'reset timer')),
        obsolete('7.8.1', ('cylc', 'events', 'reset inactivity timer')),
        obsolete('8.0.0', ('cylc', 'force run mode')),
        obsolete('7.8.1', ('runtime', MANY, 'events', 'reset timer')),
        obsolete('8.0.0', ('cylc', 'authentication'), is_section=True),
        obsolete('8.0.0', ('cylc', 'include at start-up')),
        obsolete('8.0.0', ('cylc', 'exclude at start-up')),
        obsolete('8.0.0', ('cylc', 'log resolved dependencies')),
        obsolete('8.0.0', ('cylc', 'required run mode')),
        obsolete('8.0.0', ('cylc', 'health check interval')),
        obsolete('8.0.0', ('runtime', MANY, 'events', 'mail retry delays')),
        obsolete('8.0.0', ('runtime', MANY, 'extra log files')),
        obsolete('8.0.0', ('runtime', MANY, 'job', 'shell')),
        obsolete('8.0.0',
                 ('runtime', MANY, 'remote', 'suite definition directory')),
        obsolete('8.0.0', ('cylc', 'abort if any task fails')),
        obsolete('8.0.0', ('cylc', 'disable automatic shutdown')),
        obsolete('8.0.0', ('cylc', 'environment'), is_section=True),
        obsolete('8.0.0', ('cylc', 'reference test'), is_section=True),
        obsolete('8.0.0',
                 ('cylc', 'simulation', 'disable suite event handlers')),
        obsolete('8.0.0', ('cylc', 'simulation'), is_section=True),
        obsolete('8.0.0', ('visualization',), is_section=True),
        obsolete('8.0.0', ('scheduling', 'spawn to max active cycle points')),
        deprecate('8.0.0', ('cylc', 'task event mail interval'),
                  ('cylc', 'mail', 'task event batch interval')),
        deprecate('8.0.0', ('cylc', 'parameters'), ('task parameters',),
                  is_section=True),
        deprecate('8.0.0', ('cylc', 'parameter templates'),
                  ('task parameters', 'templates'), is_section=True),
    ]
    rules += [
        deprecate('8.0.0', ('cylc', 'events', f'mail {setting}'),
                  ('cylc', 'mail', setting))
        for setting in ('to', 'from', 'footer')
    ]
    rules += [
        deprecate('8.0.0', ('runtime', MANY, 'events', f'mail {setting}'),
                  ('runtime', MANY, 'mail', setting))
        for setting in ('to', 'from')
    ]
    rules += [
        deprecate('8.0.0', ('cylc', 'events', 'mail smtp'), None,
                  note=_SMTP_NOTE),
        deprecate('8.0.0', ('runtime', MANY, 'events', 'mail smtp'), None,
                  note=_SMTP_NOTE),
        deprecate('8.0.0', ('scheduling', 'max active cycle points'),
                  ('scheduling', 'runahead limit'),
                  convert=_max_active_to_runahead, note='"n" -> "Pn"'),
        deprecate('8.0.0', ('scheduling', 'hold after point'),
                  ('scheduling', 'hold after cycle point')),
        deprecate('8.0.0', ('runtime', MANY, 'suite state polling'),
                  ('runtime', MANY, 'workflow state polling'), is_section=True),
        deprecate('8.3.0', ('runtime', MANY, 'workflow state polling', 'run-dir'),
                  ('runtime', MANY, 'workflow state polling',
                   'alt-cylc-run-dir')),
    ]
    rules += [
        deprecate('8.0.0', ('runtime', MANY, 'job', setting),
                  ('runtime', MANY, setting))
        for setting in _JOB_SETTINGS
    ]
    rules += [
        deprecate('8.0.0', ('cylc', 'events', old), ('cylc', 'events', new))
        for old, new in _WORKFLOW_EVENT_RENAMES
    ]
    rules += [
        deprecate('8.0.0', ('runtime', MANY, 'events', old),
                  ('runtime', MANY, 'events', f'{old}s'))
        for old in _TASK_HANDLERS
    ]
    rules += [
        obsolete('8.0.0', ('cylc', 'events', old))
        for old in _OBSOLETE_ABORT_IF_HANDLER_FAILS
    ]
    rules.append(
        deprecate('8.0.0', ('cylc',), ('scheduler',), is_section=True)
    )
    return rules


FLOW_UPGRADES: list[Upgrade] = _build_rules()
