"""Row text, glyphs, totals and header markup."""

from __future__ import annotations

import pytest

from cylc_flow.tui.icons import JOB_ICON, TASK_ICONS, task_icon
from cylc_flow.tui.model import build_tree
from cylc_flow.tui.render import (
    header_markup,
    node_markup,
    state_icon,
    status_text,
    totals_markup,
)

from .sample_data import W, loaded_workflow


def plain(markup) -> str:
    return ''.join(part if isinstance(part, str) else part[1] for part in markup)


@pytest.mark.parametrize(('state', 'glyph'), [
    ('waiting', '\u25cb'), ('preparing', '\u229a'), ('submitted', '\u2299'),
    ('running', '\u2299'), ('succeeded', '\u25cf'), ('expired', '\u25cc'),
    ('submit-failed', '\u2298'), ('failed', '\u2297')])
def test_each_task_state_has_cylc_8s_glyph(state, glyph):
    assert TASK_ICONS[state] == glyph
    assert plain(state_icon({'state': state})) == glyph


def test_running_glyph_fills_with_progress():
    assert [task_icon('running', fraction) for fraction in (0, 0.3, 0.6, 0.9, 5)] == [
        '\u2299', '\u25d4', '\u25d1', '\u25d5', '\u25d5']
    data = {'state': 'running', 'task': {'meanElapsedTime': 100.0},
            'jobs': [{'startedTime': '2024-01-01T00:00:00Z'}]}
    start = 1704067200.0
    assert plain(state_icon(data, now=start + 60)) == '\u25d1'


def test_held_task_gets_the_held_mark_and_a_text_flag():
    root = build_tree([loaded_workflow()])
    text = plain(node_markup(root.find(f'{W}//2/baz')))
    assert text == '\u25cb\u030e baz (held)'


def test_rows_of_each_kind():
    root = build_tree([loaded_workflow()])
    assert plain(node_markup(root.children[0])) == (
        f'{W} - running  \u25cb waiting 3  \u2299 running 1  \u25cf succeeded 1')
    assert plain(node_markup(root.find(f'{W}//10'))) == '\u25cb 10'
    assert plain(node_markup(root.find(f'{W}//2/FAM'))) == '\u2299 FAM'
    assert plain(node_markup(root.find(f'{W}//2/foo/02'))) == f'{JOB_ICON} #02 running'
    info = plain(node_markup(root.find(f'{W}//2/foo/02#info')))
    assert 'platform   localhost' in info and 'job id     1002' in info


def test_job_icon_is_coloured_by_job_state():
    root = build_tree([loaded_workflow()])
    markup = node_markup(root.find(f'{W}//2/foo/01'))
    assert markup[0] == ('job_failed', JOB_ICON)


def test_totals_skip_zero_and_unknown_states_in_state_order():
    markup = totals_markup({'succeeded': 2, 'failed': 0, 'waiting': 1, 'bogus': 4})
    assert plain(markup) == '  \u25cb waiting 1  \u25cf succeeded 2'


def test_header_shows_help_hint_or_filter_note_and_totals():
    assert plain(header_markup('', {'running': 2}, 'flow')) == (
        'Cylc Tui   h to show help, q to quit\nflow  \u2299 running 2')
    text = plain(header_markup('tasks filtered', {}, ''))
    assert text.startswith('Cylc Tui   tasks filtered\n')
    assert text.endswith('no tasks')


def test_status_text_lists_flags():
    assert status_text({'state': 'waiting', 'isHeld': True, 'isQueued': True}) == (
        'waiting (held, queued)')
    assert status_text({'status': 'paused'}) == 'paused'
