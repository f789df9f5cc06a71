"""``cylc dump`` text: ``key=value`` workflow lines and one line per task
(``1/foo:waiting (held,queued)``, or the legacy comma separated form)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from cylc_flow.cli.info.scan_format import natural_key

#: the flags of a task (or family) proxy, in display order: (text, field)
TASK_FLAGS = (('held', 'isHeld'), ('queued', 'isQueued'),
              ('runahead', 'isRunahead'))

_CAMEL = re.compile(r'(?<!^)(?=[A-Z])')


def spaced_name(key: str) -> str:
    """``namespaceDefinitionOrder`` -> ``namespace definition order``."""
    return _CAMEL.sub(' ', key).lower()


def global_lines(summary: Mapping[str, Any]) -> list[str]:
    """The workflow's ``key=value`` lines (keys sorted, as Cylc 8)."""
    data = {key: value for key, value in summary.items()
            if key not in ('tasks', 'families', 'meta', 'taskProxies',
                           'familyProxies')}
    urls: dict[str, Any] = {}
    nodes = [node for key in ('tasks', 'families')
             for node in summary.get(key) or () if isinstance(node, Mapping)]
    node_urls = {node.get('name'): (node.get('meta') or {}).get('URL')
                 for node in nodes}
    for name in summary.get('namespaceDefinitionOrder') or ():
        if name in node_urls:
            urls[name] = node_urls[name]
    meta = summary.get('meta') if isinstance(summary.get('meta'), Mapping) else {}
    urls['workflow_id'] = meta.get('URL') if meta else None
    data['workflowUrls'] = urls
    return [f'{spaced_name(key)}={value}' for key, value in sorted(data.items())]


def flags_of(proxy: Mapping[str, Any],
             flags: tuple[tuple[str, str], ...] = TASK_FLAGS) -> list[str]:
    """The texts of the flags set on a proxy (held, queued, ...)."""
    return [text for text, field in flags if proxy.get(field)]


def flow_numbers(value: Any) -> str:
    """``[1,2]``: a proxy's ``flowNums`` without spaces."""
    return str(value or '[]').replace(' ', '')


def task_line(proxy: Mapping[str, Any], *, flows: bool) -> str:
    """``CYCLE/TASK:STATE (held,queued,runahead) flows=[1]``."""
    text = f'{proxy.get("cyclePoint")}/{proxy.get("name")}:{proxy.get("state")}'
    found = flags_of(proxy)
    if found:
        text += f' ({",".join(found)})'
    if flows:
        text += f' flows={flow_numbers(proxy.get("flowNums"))}'
    return text


def legacy_task_line(proxy: Mapping[str, Any], *, flows: bool,
                     by_cycle: bool) -> str:
    """``name, cycle, state, held|not-held, queued|not-queued, ...``."""
    first = [proxy.get('name'), proxy.get('cyclePoint')]
    if by_cycle:
        first.reverse()
    values = [str(item) for item in (*first, proxy.get('state'))]
    values.extend(text if proxy.get(field) else f'not-{text}'
                  for text, field in TASK_FLAGS)
    if flows:
        values.append(flow_numbers(proxy.get('flowNums')))
    return ', '.join(values)


def task_lines(proxies: list[Mapping[str, Any]], *, flows: bool,
               by_cycle: bool, legacy: bool, full_ids: str | None = None
               ) -> list[str]:
    """One line per task, sorted by name then cycle (or cycle then name)."""
    def key(proxy: Mapping[str, Any]) -> tuple[Any, ...]:
        name = str(proxy.get('name'))
        cycle = natural_key(str(proxy.get('cyclePoint')))
        return (cycle, name) if by_cycle else (name, cycle)

    ordered = sorted(proxies, key=key)
    if full_ids is not None:
        return [f'{full_ids}//{proxy.get("cyclePoint")}/{proxy.get("name")}'
                for proxy in ordered]
    if legacy:
        return [legacy_task_line(proxy, flows=flows, by_cycle=by_cycle)
                for proxy in ordered]
    return [task_line(proxy, flows=flows) for proxy in ordered]
