"""The urwid layer driven without a terminal (rendered to text)."""

from __future__ import annotations

import pytest
import urwid

from cylc_flow.tui.app import TuiApp
from cylc_flow.tui.icons import palette

from .sample_data import W, loaded_workflow

SIZE = (100, 30)


class FakeUpdater:
    def __init__(self):
        self.open: set[str] = set()
        self.submitted = []

    def workflow_id(self, name):
        return f'~me/{name}'

    def set_open(self, names):
        self.open = set(names)

    def submit(self, action):
        self.submitted.append(action)


def screen_text(widget) -> str:
    canvas = widget.render(SIZE, focus=True)
    return '\n'.join(line.decode('utf-8').rstrip() for line in canvas.text)


@pytest.fixture
def app():
    updater = FakeUpdater()
    tui = TuiApp(updater, 'flow')
    tui.loop = urwid.MainLoop(tui.view, palette(),
                              screen=urwid.raw_display.Screen())
    tui.apply_snapshot([loaded_workflow(),
                        {'id': '~me/other', 'name': 'other', 'status': 'stopped'}])
    return tui


def press(app, *keys):
    for key in keys:
        unhandled = app.loop.widget.keypress(SIZE, key)
        if unhandled is not None:
            app.handle_key(unhandled)


def test_single_workflow_view_shows_tree_header_and_totals(app):
    text = screen_text(app.loop.widget)
    lines = text.splitlines()
    assert lines[0] == 'Cylc Tui   h to show help, q to quit'
    assert lines[1] == (f'{W} - running  \u25cb waiting 3  \u2299 running 1'
                        '  \u25cf succeeded 1')
    assert lines[2].startswith(f'- {W} - running')
    assert lines[3] == '  - \u2299 2'
    assert '\u25cb\u030e baz (held)' in text
    assert 'other' not in text  # a single workflow was asked for
    assert app.updater.open == {'flow'}


def test_collapse_and_expand_a_workflow_follow_the_keys(app):
    press(app, 'left')
    text = screen_text(app.loop.widget)
    assert f'+ {W} - running' in text and 'FAM' not in text
    assert app.updater.open == set()
    press(app, 'right')
    assert 'FAM' in screen_text(app.loop.widget)
    assert app.updater.open == {'flow'}


def test_left_on_a_closed_row_goes_to_its_parent(app):
    press(app, 'end')
    assert app.focused_row().node.relative_id == '10/foo'
    press(app, 'left')
    assert app.focused_row().node.relative_id == '10'


def test_state_keys_filter_and_reset(app):
    press(app, 'r')
    text = screen_text(app.loop.widget)
    assert 'tasks filtered' in text
    assert 'foo' in text and 'bar' not in text and '10' not in text.split('\n', 2)[2]
    press(app, 'R')
    assert 'bar' in screen_text(app.loop.widget)


def test_name_filter_window_applies_on_enter(app):
    press(app, '/')
    assert 'name or glob:' in screen_text(app.loop.widget)
    press(app, 'b', 'a', 'z', 'enter')
    assert app.overlays == 0
    text = screen_text(app.loop.widget)
    assert 'baz' in text and 'foo' not in text
    assert app.task_filter.name == 'baz'


def test_state_filter_window_toggles_states(app):
    press(app, 'T')
    assert '[X] waiting' in screen_text(app.loop.widget)
    press(app, ' ')  # first box: waiting
    assert 'waiting' not in app.task_filter.states
    press(app, 'q')
    assert app.overlays == 0
    assert '10/bar' not in [row.node.relative_id for row in app.walker.rows]


def test_enter_opens_the_task_menu_and_choosing_sends_the_command(app):
    press(app, 'end')
    press(app, 'enter')
    text = screen_text(app.loop.widget)
    assert 'Task menu' in text and f'id: {W}//10/foo' in text
    assert '< hold' in text and '< log job.out' in text
    press(app, 'enter')  # the first entry: hold
    assert app.overlays == 0
    (action,) = app.updater.submitted
    assert (action.mutation, action.tasks, action.workflow) == (
        'hold', ('10/foo',), 'flow')
    assert 'hold 10/foo: sending' in screen_text(app.loop.widget)


def test_help_opens_and_q_closes_then_quits(app):
    press(app, 'h')
    assert 'APPLICATION CONTROLS' in screen_text(app.loop.widget)
    press(app, 'q')
    assert app.overlays == 0
    with pytest.raises(urwid.ExitMainLoop):
        press(app, 'q')


def test_other_keys_are_ignored_while_a_window_is_open(app):
    press(app, 'h', 'T')
    assert app.overlays == 1


def test_focus_survives_an_update(app):
    press(app, 'end')
    app.apply_snapshot([loaded_workflow()])
    assert app.focused_row().node.relative_id == '10/foo'


def test_results_show_in_the_message_line(app):
    app.show_message('hold 1/x: failed', ok=False)
    assert 'hold 1/x: failed' in screen_text(app.loop.widget)
