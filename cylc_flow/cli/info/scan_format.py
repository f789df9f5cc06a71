"""Output formats of ``cylc scan``: name, plain, tree, json, rich and
state-totals (Cylc 8's layouts, without colour)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from cylc_flow.cli.info.tree import insert_path, render_tree
from cylc_flow.network.contact import HOST, PID, PORT

FORMATS = ('plain', 'name', 'json', 'tree', 'rich', 'state-totals')

#: Job states shown in state totals, in Cylc 8's order.
TOTAL_STATES = ('submitted', 'submit-failed', 'running', 'succeeded', 'failed')

_DIGITS = re.compile(r'(\d+)')


@lru_cache(maxsize=65536)
def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key: digit runs compare as numbers (``run2`` before ``run10``)."""
    return tuple((0, int(part)) if part.isdigit() else (1, part)
                 for part in _DIGITS.split(text) if part)


def sort_key(flow: dict[str, Any]) -> tuple[Any, ...]:
    """``--sort``: running/paused first, then other contactable, then rest."""
    if flow.get('status') in ('running', 'paused'):
        rank = 0
    elif flow.get('contact'):
        rank = 2
    else:
        rank = 3
    return (rank, natural_key(flow['name']))


def status_of(flow: dict[str, Any]) -> str:
    """A workflow's status: queried, else running (contact) or stopped."""
    status = flow.get('status')
    if isinstance(status, str) and status:
        return status
    return 'running' if flow.get('contact') else 'stopped'


def format_name(flow: dict[str, Any]) -> str:
    return flow['name']


def format_plain(flow: dict[str, Any]) -> str | None:
    """``name host:port pid`` (running) or ``name`` (stopped); None if the
    contact file lacks the fields."""
    if not flow.get('contact'):
        return flow['name']
    try:
        return f'{flow["name"]} {flow[HOST]}:{flow[PORT]} {flow[PID]}'
    except KeyError:
        return None


def state_totals_text(totals: Any) -> str:
    """``submitted:1 running:2`` (states with none left out)."""
    if not isinstance(totals, dict):
        return ''
    parts = []
    for state in TOTAL_STATES:
        number = totals.get(state) or 0
        if number:
            parts.append(f'{state}:{number}')
    return ' '.join(parts)


def format_state_totals(flow: dict[str, Any]) -> str:
    """``name (status) (submitted:1 running:2)``."""
    head = f'{flow["name"]} ({status_of(flow)})'
    if not flow.get('contact') or 'status' not in flow:
        return head
    return f'{head} ({state_totals_text(flow.get("stateTotals"))})'


def format_rich(flow: dict[str, Any]) -> str:
    """A heading line, then aligned ``key   value`` lines for a running one."""
    head = f'{flow["name"]} ({status_of(flow)})'
    if not flow.get('contact') or 'status' not in flow:
        return head
    meta = flow.get('meta') if isinstance(flow.get('meta'), dict) else {}
    display = {
        'state totals': state_totals_text(flow.get('stateTotals')),
        'title': meta.get('title') or '*null*',
        'description': meta.get('description') or '*null*',
        'version': flow.get('cylcVersion') or '',
        'host': flow.get(HOST, ''),
        'port': flow.get(PORT, ''),
        'PID': flow.get(PID, ''),
    }
    width = max(len(key) for key in display)
    lines = [head]
    for key, value in display.items():
        text = ('\n' + ' ' * (width + 7)).join(str(value).splitlines())
        lines.append(f'    {key:<{width}}   {text}')
    return '\n'.join(lines)


def format_json(flows: list[dict[str, Any]]) -> str:
    """All workflows as a JSON list (paths as strings, keys sorted)."""
    return json.dumps(
        [{key: str(value) if isinstance(value, Path) else value
          for key, value in flow.items()} for flow in flows],
        indent=4, sort_keys=True)


def format_tree(flows: list[dict[str, Any]]) -> str:
    """Workflows nested by the parts of their names."""
    tree: dict[str, Any] = {}
    for flow in sorted(flows, key=lambda item: natural_key(item['name'])):
        parts = Path(flow['name']).parts
        label = format_plain({**flow, 'name': parts[-1]})
        if label is not None:
            insert_path(tree, list(parts[:-1]), label)
    return '\n'.join(render_tree(tree))


LINE_FORMATTERS: dict[str, Callable[[dict[str, Any]], str | None]] = {
    'plain': format_plain,
    'name': format_name,
    'rich': format_rich,
    'state-totals': format_state_totals,
}


def render(flows: list[dict[str, Any]], form: str, *, sort: bool) -> list[str]:
    """The output blocks for a list of workflows in a format."""
    if form == 'json':
        return [format_json(flows)]
    if form == 'tree':
        text = format_tree(flows)
        return [text] if text else []
    key = sort_key if sort else (lambda flow: natural_key(flow['name']))
    formatter = LINE_FORMATTERS[form]
    found = []
    for flow in sorted(flows, key=key):
        text = formatter(flow)
        if text is not None:
            found.append(text)
    return found
