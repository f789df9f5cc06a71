"""urwid widgets: tree rows, the lazy row walker and overlay contents."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import urwid

from cylc_flow.core.states import ALL_STATES
from cylc_flow.tui.actions import MenuAction
from cylc_flow.tui.bindings import help_lines
from cylc_flow.tui.icons import palette
from cylc_flow.tui.render import node_markup, state_attribute
from cylc_flow.tui.rows import Row

#: every palette name shown reversed on the focused row
FOCUS_MAP: dict[str | None, str] = {
    None: 'focus', **{entry[0]: 'focus' for entry in palette()}}
OVERLAY_FOCUS_MAP: dict[str | None, str] = {
    None: 'overlay_focus', 'overlay': 'overlay_focus'}


class RowWidget(urwid.WidgetWrap):
    """One tree row: indent, open/closed marker and the node's text."""

    def __init__(self, row: Row) -> None:
        self.row = row
        if row.expandable:
            marker = '- ' if row.is_open else '+ '
        else:
            marker = '  '
        text = urwid.Text([marker, *node_markup(row.node)], wrap='clip')
        padded = urwid.Padding(text, left=2 * row.depth)
        super().__init__(urwid.AttrMap(padded, 'body', focus_map=FOCUS_MAP))

    def selectable(self) -> bool:
        return self.row.selectable

    def keypress(self, size: tuple[int, ...], key: str) -> str | None:
        return key


class RowWalker(urwid.ListWalker):
    """Rows as a list walker that makes widgets only for rows drawn."""

    def __init__(self) -> None:
        self.rows: list[Row] = []
        self.focus = 0
        self._widgets: dict[int, RowWidget] = {}

    def set_rows(self, rows: list[Row], focus: int) -> None:
        self.rows = rows
        self.focus = min(max(focus, 0), max(len(rows) - 1, 0))
        self._widgets = {}
        self._modified()

    def _widget(self, position: int) -> RowWidget:
        widget = self._widgets.get(position)
        if widget is None:
            widget = self._widgets[position] = RowWidget(self.rows[position])
        return widget

    def get_focus(self) -> tuple[Any, Any]:
        if not self.rows:
            return None, None
        return self._widget(self.focus), self.focus

    def set_focus(self, position: int) -> None:
        self.focus = position
        self._modified()

    def get_next(self, position: int) -> tuple[Any, Any]:
        if position + 1 >= len(self.rows):
            return None, None
        return self._widget(position + 1), position + 1

    def get_prev(self, position: int) -> tuple[Any, Any]:
        if position <= 0:
            return None, None
        return self._widget(position - 1), position - 1

    def positions(self, reverse: bool = False) -> Sequence[int]:
        return range(len(self.rows) - 1, -1, -1) if reverse else range(len(self.rows))


class TreeListBox(urwid.ListBox):
    """The tree: vim-style ``j``/``k`` as well as the arrow keys."""

    ALIASES = {'j': 'down', 'k': 'up'}

    def keypress(self, size: tuple[int, ...], key: str) -> str | None:
        return super().keypress(size, self.ALIASES.get(key, key))


def framed(body: urwid.Widget, title: str) -> urwid.Widget:
    """An overlay window: a titled box with a closing hint."""
    frame = urwid.Frame(urwid.Padding(body, left=1, right=1),
                        footer=urwid.Text(('overlay', '\n q to close')))
    return urwid.LineBox(urwid.AttrMap(frame, 'overlay'), title=title)


def _button(label: str, callback: Callable[[], None]) -> urwid.Widget:
    button = urwid.Button(label, on_press=lambda _button: callback())
    return urwid.AttrMap(button, 'overlay', focus_map=OVERLAY_FOCUS_MAP)


def menu_body(heading: str, status: str, actions: list[MenuAction],
              choose: Callable[[MenuAction], None]) -> urwid.Widget:
    """The context menu: the node, its status and one button per action."""
    items: list[urwid.Widget] = [urwid.Text(('overlay', f'id: {heading}'))]
    if status:
        items.append(urwid.Text(('overlay', f'state: {status}')))
    items.append(urwid.Divider())
    if not actions:
        items.append(urwid.Text(('overlay', '(no commands for this item)')))
    for action in actions:
        items.append(_button(action.label, lambda action=action: choose(action)))
    walker = urwid.SimpleFocusListWalker(items)
    first = next((index for index, item in enumerate(items)
                  if item.selectable()), 0)
    walker.set_focus(first)
    return urwid.ListBox(walker)


def help_body() -> urwid.Widget:
    """The key bindings and the state glyphs."""
    from cylc_flow.tui.icons import JOB_ICON, task_icon

    items: list[urwid.Widget] = []
    for keys, text in help_lines():
        if not keys:
            items += [urwid.Divider(), urwid.Text(('overlay', text.upper()))]
        else:
            items.append(urwid.Text(('overlay', f'  {keys:<18} {text}')))
    items += [urwid.Divider(), urwid.Text(('overlay', 'TASK AND JOB STATES'))]
    for state in ALL_STATES:
        items.append(urwid.Text([
            ('overlay', '  '), (f'overlay_{state_attribute(state)}'
                                if state_attribute(state) != 'body' else 'overlay',
                                f'{task_icon(state)} {JOB_ICON}'),
            ('overlay', f'  {state}')]))
    items.append(urwid.Text(('overlay', '  held, queued and runahead tasks carry'
                                        ' a mark over their glyph')))
    return urwid.ListBox(urwid.SimpleFocusListWalker(items))


def state_filter_body(selected: frozenset[str],
                      toggle: Callable[[str], None]) -> urwid.Widget:
    """A check box per task state."""
    items: list[urwid.Widget] = [urwid.Text(('overlay', 'Show tasks in states:'))]
    for state in ALL_STATES:
        box = urwid.CheckBox(state, state in selected,
                             on_state_change=lambda _box, _on, state=state:
                             toggle(state))
        items.append(urwid.AttrMap(box, 'overlay', focus_map=OVERLAY_FOCUS_MAP))
    return urwid.ListBox(urwid.SimpleFocusListWalker(items))


class NameEdit(urwid.Edit):
    """The name filter entry: ``enter`` applies, ``esc`` cancels."""

    def __init__(self, text: str, apply: Callable[[str | None], None]) -> None:
        super().__init__('name or glob: ', text)
        self._apply = apply

    def keypress(self, size: tuple[int, ...], key: str) -> str | None:
        if key == 'enter':
            self._apply(self.edit_text)
            return None
        if key == 'esc':
            self._apply(None)
            return None
        return super().keypress(size, key)


def name_filter_body(text: str, apply: Callable[[str | None], None]
                     ) -> urwid.Widget:
    items = [urwid.Text(('overlay', 'Show tasks whose name, cycle/name or family'
                                    ' matches (empty: all). Enter to apply,'
                                    ' Esc to cancel.')),
             urwid.Divider(),
             urwid.AttrMap(NameEdit(text, apply), 'overlay_focus')]
    walker = urwid.SimpleFocusListWalker(items)
    walker.set_focus(2)
    return urwid.ListBox(walker)


def log_body(path: str, text: str) -> urwid.Widget:
    """A scrollable file view, scrolled to the end."""
    lines = text.splitlines() or ['']
    items: list[urwid.Widget] = [urwid.Text(('overlay', f'file: {path}')),
                                 urwid.Divider()]
    items += [urwid.AttrMap(urwid.SelectableIcon(('overlay', line), 0),
                            'overlay', focus_map=OVERLAY_FOCUS_MAP)
              for line in lines]
    walker = urwid.SimpleFocusListWalker(items)
    walker.set_focus(len(items) - 1)
    return urwid.ListBox(walker)
