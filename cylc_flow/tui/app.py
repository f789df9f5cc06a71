"""The Tui application: the thin urwid layer over the pure modules."""

from __future__ import annotations

import contextlib
import os
from typing import Any

import urwid

from cylc_flow.tui import widgets
from cylc_flow.tui.actions import LOG, MenuAction, actions_for
from cylc_flow.tui.bindings import binding_for, footer_markup
from cylc_flow.tui.filters import TaskFilter, WorkflowFilter
from cylc_flow.tui.icons import palette
from cylc_flow.tui.logs import log_path, read_tail
from cylc_flow.tui.model import ACTIONABLE, TreeNode, build_tree, state_totals
from cylc_flow.tui.render import header_markup, status_text
from cylc_flow.tui.rows import (
    Expansion,
    Row,
    ancestors_of,
    closest_focus,
    visible_rows,
)
from cylc_flow.tui.updater import Snapshot, Updater

#: keys that still work while a window is open over the tree
OVERLAY_KEYS = frozenset({'q', 'esc'})


class TuiApp:
    """Shows the workflows the updater finds; keys drive filters and menus."""

    def __init__(self, updater: Updater, workflow: str | None = None,
                 screen: Any = None) -> None:
        self.updater = updater
        self.workflow = workflow
        self.task_filter = TaskFilter()
        self.workflow_filter = WorkflowFilter(workflow=workflow)
        self.expansion = Expansion()
        if workflow:
            self.expansion.toggled.add(updater.workflow_id(workflow))
        self.snapshot: Snapshot = []
        self.tree = TreeNode('root', 'root')
        self.walker = widgets.RowWalker()
        self.listbox = widgets.TreeListBox(self.walker)
        self.header = urwid.Text('')
        self.message = urwid.Text('')
        footer = urwid.Pile([self.message,
                             urwid.AttrMap(urwid.Text(footer_markup()),
                                           'foot')])
        self.view = urwid.Frame(urwid.AttrMap(self.listbox, 'body'),
                                header=urwid.AttrMap(self.header, 'head'),
                                footer=footer)
        self.overlays = 0
        self.loop: urwid.MainLoop | None = None
        self.screen = screen
        self._refresh_header()

    # ------------------------------------------------------------- running

    def run(self) -> None:
        """Run until the user quits."""
        urwid.set_encoding('utf8')
        self.loop = urwid.MainLoop(self.view, palette(), screen=self.screen,
                                   unhandled_input=self.handle_key,
                                   handle_mouse=False)
        pipe = self.loop.watch_pipe(self._on_notify)
        self.updater.set_open(self._open_workflows())
        self.updater.start(lambda: _poke(pipe))
        try:
            self.loop.run()
        finally:
            self.updater.stop()
            self.loop.remove_watch_pipe(pipe)
            os.close(pipe)

    def _on_notify(self, _data: bytes) -> bool:
        for ok, text in self.updater.take_results():
            self.show_message(text, ok)
        snapshot = self.updater.take_snapshot()
        if snapshot is not None:
            self.apply_snapshot(snapshot)
        return True

    # --------------------------------------------------------------- data

    def apply_snapshot(self, snapshot: Snapshot) -> None:
        """New data from the updater: rebuild the tree, keep the cursor."""
        self.snapshot = snapshot
        self.rebuild()

    def rebuild(self) -> None:
        """Redraw the rows from the current data, filters and expansion."""
        old_rows = self.walker.rows
        position = self.walker.focus
        old_id = old_rows[position].node.id if old_rows else None
        old_ancestors = ancestors_of(old_rows, position)
        self.tree = build_tree(self.snapshot, self.task_filter,
                               self.workflow_filter)
        rows = visible_rows(self.tree, self.expansion)
        self.walker.set_rows(rows, closest_focus(rows, old_id, old_ancestors,
                                                 position))
        self.updater.set_open(self._open_workflows())
        self._refresh_header()

    def _open_workflows(self) -> set[str]:
        """Names of the workflows whose trees are open."""
        names = {node.workflow for node in self.tree.children
                 if self.expansion.is_open(node)}
        if self.workflow and (self.updater.workflow_id(self.workflow)
                              in self.expansion.toggled):
            names.add(self.workflow)
        return names

    def _refresh_header(self) -> None:
        notes = []
        if self.task_filter.active:
            notes.append('tasks filtered (T - states, / - name, R - reset)')
        if self.workflow_filter.active:
            notes.append('workflows filtered (E - reset)')
        shown = [flow for flow in self.snapshot
                 if self.workflow_filter.matches(str(flow.get('name')),
                                                 str(flow.get('status')))]
        if self.workflow:
            title = self.updater.workflow_id(self.workflow)
            status = next((str(flow.get('status')) for flow in shown), '')
            if status:
                title += f' - {status}'
        else:
            title = f'{len(shown)} workflow{"" if len(shown) == 1 else "s"}'
        self.header.set_text(header_markup('   '.join(notes),
                                           state_totals(shown), title))

    def show_message(self, text: str, ok: bool = True) -> None:
        self.message.set_text(('message' if ok else 'error', text))

    # --------------------------------------------------------------- keys

    def handle_key(self, key: Any) -> bool:
        """Keys the focused widget did not use."""
        if not isinstance(key, str):
            return False
        if key == 'ctrl d':
            raise urwid.ExitMainLoop()
        if self.overlays and key not in OVERLAY_KEYS:
            return False
        if key == 'esc':
            key = 'q'
        binding = binding_for(key)
        if binding is None:
            return False
        method = getattr(self, binding.action)
        if binding.argument is None:
            method()
        else:
            method(binding.argument)
        return True

    def focused_row(self) -> Row | None:
        if not self.walker.rows:
            return None
        return self.walker.rows[self.walker.focus]

    def move(self, where: str) -> None:
        """Focus the first (``home``) or last (``end``) row."""
        selectable = [index for index, row in enumerate(self.walker.rows)
                      if row.selectable]
        if selectable:
            target = selectable[0] if where == 'home' else selectable[-1]
            self.listbox.set_focus(target, 'below' if where == 'home' else 'above')

    def expand(self) -> None:
        row = self.focused_row()
        if row is not None and row.expandable:
            self.expansion.set_open(row.node, True)
            self.rebuild()

    def collapse(self) -> None:
        row = self.focused_row()
        if row is None:
            return
        if row.is_open:
            self.expansion.set_open(row.node, False)
            self.rebuild()
        elif row.parent_id is not None:
            index = next((position for position, other in enumerate(self.walker.rows)
                          if other.node.id == row.parent_id), None)
            if index is not None:
                self.listbox.set_focus(index)

    # -------------------------------------------------------------- filters

    def only_state(self, state: str) -> None:
        self.task_filter.only_state(state)
        self.rebuild()

    def toggle_state(self, state: str) -> None:
        self.task_filter.toggle_state(state)
        self.rebuild()

    def reset_task_filter(self) -> None:
        self.task_filter.reset()
        self.rebuild()

    def only_active_workflows(self) -> None:
        self.workflow_filter.only_active()
        self.rebuild()

    def reset_workflow_filter(self) -> None:
        self.workflow_filter.reset()
        self.rebuild()

    def set_name_filter(self, text: str | None) -> None:
        self.close_topmost()
        if text is not None:
            self.task_filter.set_name(text)
            self.rebuild()

    # ------------------------------------------------------------- overlays

    def open_overlay(self, body: urwid.Widget, title: str,
                     width: int = 60, height: int = 60) -> None:
        if self.loop is None:
            return
        self.loop.widget = urwid.Overlay(
            widgets.framed(body, title), self.loop.widget,
            align='center', width=('relative', width),
            valign='middle', height=('relative', height),
            min_width=20, min_height=8)
        self.overlays += 1

    def close_topmost(self) -> None:
        """Close the top window, or quit when none is open."""
        if self.overlays <= 0 or self.loop is None:
            raise urwid.ExitMainLoop()
        self.loop.widget = self.loop.widget.bottom_w
        self.overlays -= 1

    def open_help(self) -> None:
        self.open_overlay(widgets.help_body(), 'Help', 70, 85)

    def open_state_filter(self) -> None:
        self.open_overlay(widgets.state_filter_body(self.task_filter.states,
                                                    self.toggle_state),
                          'Filter tasks by state', 40, 60)

    def open_name_filter(self) -> None:
        self.open_overlay(widgets.name_filter_body(self.task_filter.name,
                                                   self.set_name_filter),
                          'Filter tasks by name', 60, 30)

    def open_menu(self) -> None:
        row = self.focused_row()
        if row is None or row.node.kind not in ACTIONABLE:
            return
        node = row.node
        self.open_overlay(
            widgets.menu_body(node.id, status_text(node.data),
                              actions_for(node), self.choose),
            f'{node.kind.capitalize()} menu', 50, 70)

    def choose(self, action: MenuAction) -> None:
        """A menu entry was picked."""
        self.close_topmost()
        if action.kind == LOG:
            self.open_log(action)
            return
        self.show_message(f'{action.description}: sending ...')
        self.updater.submit(action)

    def open_log(self, action: MenuAction) -> None:
        try:
            path = log_path(action.workflow, action.log_target, action.log_file)
        except ValueError as exc:
            self.show_message(str(exc), ok=False)
            return
        self.open_overlay(widgets.log_body(str(path), read_tail(path)),
                          action.label, 90, 90)


def _poke(pipe: int) -> None:
    """Wake the urwid loop from the updater thread."""
    with contextlib.suppress(OSError):
        os.write(pipe, b'.')
