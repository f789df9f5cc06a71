"""Glyphs and colours: the look of Cylc 8's Tui."""

from __future__ import annotations

from cylc_flow.core.states import (
    EXPIRED,
    FAILED,
    PREPARING,
    RUNNING,
    SUBMIT_FAILED,
    SUBMITTED,
    SUCCEEDED,
    WAITING,
)

#: one glyph per task state
TASK_ICONS: dict[str, str] = {
    WAITING: '\u25cb',  # ○
    PREPARING: '\u229a',  # ⊚
    SUBMITTED: '\u2299',  # ⊙
    RUNNING: '\u2299',  # ⊙ (quarter-filled glyphs show progress)
    SUCCEEDED: '\u25cf',  # ●
    EXPIRED: '\u25cc',  # ◌
    SUBMIT_FAILED: '\u2298',  # ⊘
    FAILED: '\u2297',  # ⊗
}
#: running tasks: the glyph fills as the job nears its mean run time
RUNNING_PROGRESS_ICONS = ('\u2299', '\u25d4', '\u25d1', '\u25d5')  # ⊙ ◔ ◑ ◕
UNKNOWN_ICON = '?'

#: combining marks drawn over the task glyph for waiting-task flags
TASK_MODIFIERS: dict[str, str] = {
    'held': '\u030e',
    'queued': '\u033f',
    'runahead': '\u030a',
}

#: the job glyph, coloured by job state
JOB_ICON = '\u25a0'  # ■

DEFAULT = 'default'

#: job (and task icon) colours by state
STATE_COLOURS: dict[str, str] = {
    SUBMITTED: 'dark cyan',
    RUNNING: 'light blue',
    SUCCEEDED: 'dark green',
    FAILED: 'light red',
    SUBMIT_FAILED: 'light magenta',
}

#: workflow status colours
WORKFLOW_COLOURS: dict[str, tuple[str, ...]] = {
    'running': ('light blue', DEFAULT),
    'paused': ('brown', DEFAULT),
    'stopping': ('light magenta', DEFAULT),
    'stopped': ('light red', DEFAULT),
    'error': ('light red', DEFAULT, 'bold'),
}


def palette() -> list[tuple[str, ...]]:
    """The urwid palette: names used by the renderers."""
    entries: list[tuple[str, ...]] = [
        ('body', DEFAULT, DEFAULT),
        ('head', DEFAULT, DEFAULT),
        ('foot', 'white', 'dark blue'),
        ('key', 'light cyan', 'dark blue'),
        ('title', 'default, bold', DEFAULT),
        ('header', 'dark gray', DEFAULT),
        ('header_key', 'dark gray, bold', DEFAULT),
        ('focus', 'black', 'light gray'),
        ('overlay', 'black', 'light gray'),
        ('overlay_focus', 'white', 'dark blue'),
        ('dim', 'dark gray', DEFAULT),
        ('message', 'yellow', DEFAULT),
        ('error', 'light red', DEFAULT),
        ('R', 'light red, bold', DEFAULT),
        ('Y', 'yellow, bold', DEFAULT),
        ('G', 'light green, bold', DEFAULT),
        ('B', 'light blue, bold', DEFAULT),
    ]
    entries += [(f'job_{state}', colour, DEFAULT)
                for state, colour in STATE_COLOURS.items()]
    entries += [(f'overlay_job_{state}', colour, 'light gray')
                for state, colour in STATE_COLOURS.items()]
    entries += [(f'workflow_{status}', *spec)
                for status, spec in WORKFLOW_COLOURS.items()]
    return entries


def task_icon(state: str, progress: float | None = None) -> str:
    """The glyph of a task state (running: by progress 0..1 if known)."""
    if state == RUNNING and progress is not None:
        index = min(3, max(0, int(progress * 4)))
        return RUNNING_PROGRESS_ICONS[index]
    return TASK_ICONS.get(state, UNKNOWN_ICON)
