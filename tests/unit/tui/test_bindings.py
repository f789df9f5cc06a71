"""The key binding table."""

from __future__ import annotations

from cylc_flow.tui.bindings import (
    BINDINGS,
    binding_for,
    footer_markup,
    help_lines,
)


def test_keys_map_to_cylc_8s_actions():
    assert binding_for('q').action == 'close_topmost'
    assert binding_for('h').action == 'open_help'
    assert binding_for('enter').action == 'open_menu'
    assert binding_for('T').action == 'open_state_filter'
    assert binding_for('/').action == 'open_name_filter'
    assert (binding_for('f').action, binding_for('f').argument) == (
        'only_state', 'failed')
    assert binding_for('R').action == 'reset_task_filter'
    assert binding_for('left').action == binding_for('-').action == 'collapse'
    assert binding_for('right').action == binding_for('+').action == 'expand'


def test_arrow_keys_are_left_to_the_list_box():
    assert binding_for('up') is None and binding_for('j') is None
    assert binding_for('x') is None


def test_every_binding_method_exists_on_the_app():
    from cylc_flow.tui.app import TuiApp

    for binding in BINDINGS:
        if binding.action:
            assert callable(getattr(TuiApp, binding.action))


def test_help_and_footer_list_every_key():
    keys_in_help = ' '.join(keys for keys, _text in help_lines())
    footer = ''.join(part if isinstance(part, str) else part[1]
                     for part in footer_markup())
    for binding in BINDINGS:
        assert binding.keys[0] in keys_in_help or binding.keys[0] in (
            'left', 'right', 'up', 'down', 'page up', 'page down', 'home', 'end')
    assert 'quit: q' in footer and 'filter tasks: T / f s r R' in footer
