"""Key bindings: one table drives key handling, the footer and the help."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Binding:
    """Keys (urwid key names), their group, help text and the app action."""

    keys: tuple[str, ...]
    group: str
    description: str
    action: str  # the TuiApp method name ('' = handled by urwid)
    argument: str | None = None


#: group name -> heading in the help screen
GROUPS = {
    '': 'Application controls',
    'tree': 'Expand/collapse nodes',
    'navigation': 'Move within the tree',
    'filter tasks': 'Filter tasks by state or name',
    'filter workflows': 'Filter workflows by status',
}

BINDINGS: tuple[Binding, ...] = (
    Binding(('q',), '', 'Quit (or close the topmost window)', 'close_topmost'),
    Binding(('h',), '', 'Help', 'open_help'),
    Binding(('enter',), '', 'Context menu (commands, logs)', 'open_menu'),
    Binding(('-', 'left'), 'tree', 'Collapse (or go to the parent)', 'collapse'),
    Binding(('+', 'right'), 'tree', 'Expand', 'expand'),
    Binding(('up', 'k'), 'navigation', 'Up', ''),
    Binding(('down', 'j'), 'navigation', 'Down', ''),
    Binding(('page up',), 'navigation', 'Page up', ''),
    Binding(('page down',), 'navigation', 'Page down', ''),
    Binding(('home',), 'navigation', 'Top', 'move', 'home'),
    Binding(('end',), 'navigation', 'Bottom', 'move', 'end'),
    Binding(('T',), 'filter tasks', 'Select task states to show', 'open_state_filter'),
    Binding(('/',), 'filter tasks', 'Filter tasks by name (substring or glob)',
            'open_name_filter'),
    Binding(('f',), 'filter tasks', 'Show only failed tasks', 'only_state', 'failed'),
    Binding(('s',), 'filter tasks', 'Show only submitted tasks', 'only_state',
            'submitted'),
    Binding(('r',), 'filter tasks', 'Show only running tasks', 'only_state', 'running'),
    Binding(('R',), 'filter tasks', 'Reset task filters', 'reset_task_filter'),
    Binding(('p',), 'filter workflows', 'Show only running workflows',
            'only_active_workflows'),
    Binding(('E',), 'filter workflows', 'Reset workflow filters',
            'reset_workflow_filter'),
)

_KEY_LABELS = {'left': '\u2190', 'right': '\u2192', 'up': '\u2191',
               'down': '\u2193', 'page up': 'PgUp', 'page down': 'PgDn',
               'home': 'Home', 'end': 'End', 'enter': 'enter'}


def key_label(key: str) -> str:
    """How a key is written in the help and the footer."""
    return _KEY_LABELS.get(key, key)


def binding_for(key: str) -> Binding | None:
    """The binding of a key press (None if unbound or left to urwid)."""
    for binding in BINDINGS:
        if key in binding.keys and binding.action:
            return binding
    return None


def footer_markup() -> list:
    """One line listing the keys, grouped."""
    markup: list = []
    for group in GROUPS:
        members = [binding for binding in BINDINGS if binding.group == group]
        if not group:
            for binding in members:
                markup += [f' {binding.description.split(" (")[0].lower()}: ',
                           ('key', key_label(binding.keys[0]))]
            continue
        markup.append(f'  {group}: ')
        for binding in members:
            markup.append(('key', ' '.join(key_label(key) for key in binding.keys)))
            markup.append(' ')
    return markup


def help_lines() -> list[tuple[str, str]]:
    """``(keys, description)`` rows for the help screen, with headings."""
    lines: list[tuple[str, str]] = []
    for group, heading in GROUPS.items():
        lines.append(('', heading))
        for binding in BINDINGS:
            if binding.group == group:
                keys = ', '.join(key_label(key) for key in binding.keys)
                lines.append((keys, binding.description))
    return lines
