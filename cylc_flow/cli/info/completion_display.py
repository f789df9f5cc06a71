"""A task's output completion, drawn within its completion expression
(``cylc show``'s "output completion" section): one line per output (with
a tick or a cross), bracket and operator, indented by nesting level.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from cylc_flow.config.completion import completion_variable, is_complete
from cylc_flow.exceptions import CylcError

SATISFIED = '\u2713'  # ✓
UNSATISFIED = '\u2a2f'  # vector cross product
FENCE = '\u2506'  # ┆

_SPLIT = re.compile(r'([() ])')


def mark(done: bool) -> str:
    return SATISFIED if done else UNSATISFIED


def completed_variables(outputs: Iterable[Mapping[str, object]]) -> set[str]:
    """Completion variables (``submit_failed``...) of the completed outputs."""
    return {completion_variable(str(output.get('label')))
            for output in outputs if output.get('satisfied')}


def expression_complete(expression: str, completed: set[str]) -> bool:
    """Whether the expression holds; a malformed one counts as incomplete."""
    try:
        return is_complete(expression, completed)
    except CylcError:
        return False


def completion_lines(expression: str, completed: set[str],
                     *, indent: int = 2, gutter: int = 2) -> list[str]:
    """One line per output, bracket and operator of the expression."""
    space = ' ' * indent
    pad = ' ' * gutter
    lines: list[str] = []
    level = 0
    operator: str | None = None
    for part in _SPLIT.split(expression):
        if not part.strip():
            continue
        if part in ('and', 'or'):
            operator = part
            continue
        if part == '(':
            text = f'{operator} (' if operator else '('
            lines.append(f'  {FENCE}{pad}{space * level}{text}')
            level += 1
        elif part == ')':
            level = max(0, level - 1)
            lines.append(f'  {FENCE}{pad}{space * level})')
        else:
            text = f'{operator} {part}' if operator else part
            lines.append(
                f'{mark(part in completed)} {FENCE}{pad}{space * level}{text}')
        operator = None
    return lines


def completion_section(expression: str | None,
                       outputs: Iterable[Mapping[str, object]]) -> list[str]:
    """``output completion: complete|incomplete`` and the expression lines."""
    outputs = list(outputs)
    completed = completed_variables(outputs)
    text = expression or 'succeeded'
    state = 'complete' if expression_complete(text, completed) else 'incomplete'
    return [f'output completion: {state}',
            *(f'  {line}' for line in completion_lines(text, completed))]
