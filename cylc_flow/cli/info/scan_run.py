"""``cylc scan``: find workflows, read contact files, optionally ask the
running ones for their status (all at once), filter and format."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cylc_flow.exceptions import InputError
from cylc_flow.network.scan import ACTIVE_STATES, WORKFLOW_STATES

DEFAULT_STATES = 'running,paused,stopping'
_QUERIED_FORMATS = frozenset({'rich', 'state-totals'})


@dataclass(slots=True)
class ScanOptions:
    """What ``cylc scan`` was asked for."""

    states: frozenset[str] = frozenset(('running', 'paused', 'stopping'))
    names: list[str] = field(default_factory=list)
    form: str = 'plain'
    sort: bool = False
    ping: bool = False
    source: bool = False
    timeout: float = 5.0
    run_dir: Path | None = None  # default ~/cylc-run
    max_depth: int | None = None  # default global.cylc[install]max depth


def parse_states(text: str) -> frozenset[str]:
    """``--states``: a comma separated list of workflow states, or ``all``."""
    states = {item.strip() for item in text.split(',') if item.strip()}
    if 'all' in states:
        return frozenset(WORKFLOW_STATES)
    unknown = sorted(states - set(WORKFLOW_STATES))
    if not states or unknown:
        raise InputError(
            '--states must be a comma separated list of workflow states'
            f' ({", ".join(WORKFLOW_STATES)} or all)'
            + (f'; unknown: {", ".join(unknown)}' if unknown else ''))
    return frozenset(states)


def warn(message: str) -> None:
    print(f'WARNING - {message}', file=sys.stderr)


def _found(options: ScanOptions) -> list[dict[str, Any]]:
    """The installed (or, with ``--source``, source) workflows."""
    from cylc_flow.network.scan import configured_source_dirs, scan, scan_multi

    async def collect() -> list[dict[str, Any]]:
        if options.source:
            flows = scan_multi(configured_source_dirs(), options.max_depth)
        else:
            flows = scan(options.run_dir, None, options.max_depth)
        return [flow async for flow in flows]

    return asyncio.run(collect())


def select(options: ScanOptions, report: Callable[[str], None] = warn
           ) -> list[dict[str, Any]]:
    """The workflows to show, with contact fields (and status if queried)."""
    from cylc_flow.network.scan import (
        contact_info,
        name_filter,
        remove_stale_contact,
        scheduler_gone,
    )

    states = frozenset({'stopped'}) if options.source else options.states
    show_active = bool(states & ACTIVE_STATES)
    show_inactive = 'stopped' in states
    flows = _found(options)
    if options.names:
        pattern = name_filter(options.names)
        flows = [flow for flow in flows if pattern.match(flow['name'])]
    chosen: list[dict[str, Any]] = []
    for flow in flows:
        active = not options.source and contact_info(flow)
        if active and scheduler_gone(flow):
            # as the client does: a dead scheduler's contact file is removed
            remove_stale_contact(flow)
            report(f'Workflow not running: {flow["name"]}'
                   ' (removed a stale contact file)')
            flow = {'name': flow['name'], 'path': flow['path']}
            active = False
        if (active and show_active) or (not active and show_inactive):
            chosen.append(flow)
    need_status = show_active and not states >= ACTIVE_STATES
    if show_active and (options.ping or need_status
                        or options.form in _QUERIED_FORMATS):
        chosen = _query_active(chosen, options, states, report)
    return chosen


def _query_active(flows: list[dict[str, Any]], options: ScanOptions,
                  states: frozenset[str], report: Callable[[str], None]
                  ) -> list[dict[str, Any]]:
    from cylc_flow.network.scan_query import merge_workflow_fields, query_many

    active = [flow for flow in flows if flow.get('contact')]
    outcomes = asyncio.run(query_many(active, timeout=options.timeout))
    dropped: set[int] = set()
    for outcome in outcomes:
        if not outcome.ok or not merge_workflow_fields(outcome):
            dropped.add(id(outcome.flow))
            reason = outcome.error or 'no workflow data in the reply'
            report(f'Workflow not running: {outcome.flow["name"]} ({reason})')
        elif outcome.flow.get('status') not in states:
            dropped.add(id(outcome.flow))
    return [flow for flow in flows if id(flow) not in dropped]


def run_scan(options: ScanOptions, write: Callable[[str], None] = print,
             report: Callable[[str], None] = warn) -> int:
    """List the workflows; return the exit status."""
    from cylc_flow.cli.info.scan_format import render

    if options.sort and options.form == 'json':
        raise InputError('--sort is incompatible with --format json')
    for block in render(select(options, report), options.form,
                        sort=options.sort):
        write(block)
    return 0
