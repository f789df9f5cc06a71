"""Text of each row, the header and the footer, as urwid markup.

Markup is plain data (``str`` or ``(attribute, str)`` pairs in a list), so
this module needs no terminal.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from cylc_flow.cli.info.dump_format import TASK_FLAGS, flags_of
from cylc_flow.core.states import ALL_STATES, RUNNING
from cylc_flow.tui.icons import JOB_ICON, STATE_COLOURS, TASK_MODIFIERS, task_icon
from cylc_flow.tui.model import (
    CYCLE,
    FAMILY,
    JOB,
    JOB_INFO,
    MESSAGE,
    TASK,
    WORKFLOW,
    TreeNode,
)

Markup = list[Any]

#: waiting-task flags, in display order: (text, GraphQL field)
FLAGS = (*TASK_FLAGS, ('retrying', 'isRetry'), ('wallclock', 'isWallclock'),
         ('xtriggered', 'isXtriggered'))


def state_attribute(state: str) -> str:
    """Palette name for a state (plain body text if it has no colour)."""
    return f'job_{state}' if state in STATE_COLOURS else 'body'


def _progress(data: Mapping[str, Any], now: float) -> float | None:
    """Fraction of the mean run time a running task has used, if known."""
    task = data.get('task')
    mean = task.get('meanElapsedTime') if isinstance(task, Mapping) else None
    jobs = data.get('jobs')
    if not isinstance(mean, (int, float)) or mean <= 0 or not isinstance(jobs, list):
        return None
    latest = jobs[0] if jobs else None
    started = latest.get('startedTime') if isinstance(latest, Mapping) else None
    if not isinstance(started, str) or not started:
        return None
    try:
        start = datetime.fromisoformat(started.replace('Z', '+00:00')).timestamp()
    except ValueError:
        return None
    return max(0.0, (now - start) / mean)


def state_icon(data: Mapping[str, Any], now: float | None = None) -> Markup:
    """A task/family/cycle glyph with its flag mark."""
    state = str(data.get('state') or '')
    progress = None
    if state == RUNNING:
        progress = _progress(data, time.time() if now is None else now)
    glyph = task_icon(state, progress)
    for text, key in TASK_FLAGS:
        if data.get(key):
            glyph += TASK_MODIFIERS[text]
            break
    return [(state_attribute(state), glyph)]


def totals_markup(totals: Mapping[str, Any]) -> Markup:
    """``3 ○ waiting  1 ⊙ running ...`` for the non-zero states."""
    parts: Markup = []
    for state in ALL_STATES:
        count = totals.get(state)
        if isinstance(count, int) and count > 0:
            attribute = state_attribute(state)
            parts += ['  ', (attribute, f'{task_icon(state)} {state} {count}')]
    return parts


def _suffix(data: Mapping[str, Any]) -> Markup:
    flags = flags_of(data, FLAGS)
    return [('dim', f' ({", ".join(flags)})')] if flags else []


def node_markup(node: TreeNode, now: float | None = None) -> Markup:
    """The text of one row."""
    data = node.data
    kind = node.kind
    if kind == WORKFLOW:
        status = str(data.get('status') or 'stopped')
        markup: Markup = [node.id, ' - ', (f'workflow_{status}', status)]
        counts = data.get('stateTotals')
        if isinstance(counts, Mapping):
            markup += totals_markup(counts)
        return markup
    if kind == CYCLE:
        return [*state_icon(data, now), ' ', str(data.get('cyclePoint') or
                                                  node.relative_id),
                *_suffix(data)]
    if kind in (FAMILY, TASK):
        return [*state_icon(data, now), ' ', str(data.get('name') or
                                                  node.relative_id),
                *_suffix(data)]
    if kind == JOB:
        state = str(data.get('state') or '')
        number = data.get('submitNum')
        label = f'#{number:02d}' if isinstance(number, int) else '#??'
        return [(state_attribute(state), JOB_ICON), f' {label} {state}']
    if kind == JOB_INFO:
        return job_info_markup(data)
    if kind == MESSAGE:
        return [('message', str(data.get('text') or ''))]
    return [node.id]


def job_info_markup(job: Mapping[str, Any]) -> Markup:
    """Details of a job, one ``key  value`` line each."""
    fields = (('platform', 'platform'), ('job runner', 'jobRunnerName'),
              ('job id', 'jobId'), ('submitted', 'submittedTime'),
              ('started', 'startedTime'), ('finished', 'finishedTime'))
    lines = [f'{label:<10} {job.get(key)}' for label, key in fields
             if job.get(key) not in (None, '')]
    return [('dim', '\n'.join(lines) or '(no job details yet)')]


def status_text(data: Mapping[str, Any]) -> str:
    """``waiting (held)`` for a menu title."""
    state = str(data.get('state') or data.get('status') or '')
    flags = flags_of(data, FLAGS)
    return f'{state} ({", ".join(flags)})' if flags else state


def header_markup(filter_note: str, totals: Mapping[str, int],
                  title: str = '') -> Markup:
    """The two header lines: logo, help or filter hint; title and totals."""
    markup: Markup = [('R', 'C'), ('Y', 'y'), ('G', 'l'), ('B', 'c'),
                      ('title', ' Tui')]
    if filter_note:
        markup += [('header', '   '), ('header_key', filter_note)]
    else:
        markup += [('header', '   '), ('header_key', 'h'),
                   ('header', ' to show help, '), ('header_key', 'q'),
                   ('header', ' to quit')]
    markup.append('\n')
    if title:
        markup.append(('title', title))
    markup += totals_markup(totals) or [('dim', '  no tasks')]
    return markup
