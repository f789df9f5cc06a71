"""cylc subscribe [OPTIONS] WORKFLOW

(This command is for internal use.)

Subscribe to a running workflow's published data-store deltas and print
each as one JSON line, until the workflow shuts down (or Ctrl-C).

The full store is fetched first (so deltas can be checked; stderr says
"subscribed to WORKFLOW at sequence N"); a lost delta makes it fetch the
full store again, reported as a {"refetched": ...} line.
The last line is {"shutdown": REASON} when the workflow stops.

Topics (-T, comma separated) are the record types to show: 'workflow',
'tasks', 'task_proxies', 'families', 'family_proxies', 'jobs' and
'edges', or 'all' for everything.

Examples:
  $ cylc subscribe my_flow
  $ cylc subscribe -T task_proxies,jobs my_flow
  $ cylc subscribe -T all --once my_flow
"""

from __future__ import annotations

import json
import sys
from typing import Any

from cylc_flow.cli.graphql_commands import add_comms_options
from cylc_flow.cli.options import make_parser

ALL = 'all'


def parse_topics(text: str) -> frozenset[str] | None:
    """The record types named by ``-T`` (None: every type)."""
    from cylc_flow.datastore.records import TYPES
    from cylc_flow.exceptions import InputError

    names = [name.strip() for name in text.split(',') if name.strip()]
    if not names:
        raise InputError('--topics: give at least one topic')
    unknown = [name for name in names if name != ALL and name not in TYPES]
    if unknown:
        raise InputError(
            f'--topics: unknown topic {unknown[0]!r}'
            f' (choose from {ALL}, {", ".join(TYPES)})')
    return None if ALL in names else frozenset(names)


def select(delta: dict[str, Any], kinds: frozenset[str] | None
           ) -> dict[str, Any] | None:
    """The parts of a delta about ``kinds`` (None if it has none)."""
    found: dict[str, Any] = {'sequence': delta.get('sequence'),
                             'checksum': delta.get('checksum')}
    any_part = False
    for section in ('added', 'updated', 'pruned'):
        parts = delta.get(section)
        if not isinstance(parts, dict):
            continue
        kept = {kind: items for kind, items in parts.items()
                if kinds is None or kind in kinds}
        if kept:
            found[section] = kept
            any_part = True
    return found if any_part else None


def run(workflow: str, kinds: frozenset[str] | None, *, once: bool,
        timeout: float) -> int:
    from cylc_flow.cli.running import resolve
    from cylc_flow.network.subscriber import follow

    target = resolve(workflow)
    for update in follow(target.workflow_id, run_dir=target.run_dir,
                         timeout=timeout):
        if update.topic == 'full':
            print(f'subscribed to {target.workflow_id} at sequence'
                  f' {update.data.get("sequence")}', file=sys.stderr, flush=True)
            continue
        if update.topic == 'shutdown':
            _print({'shutdown': update.data.get('reason', '')})
            return 0
        if update.refetched:
            _print({'refetched': update.reason,
                    'sequence': update.data.get('sequence')})
            continue
        if update.topic != 'all' or not update.applied:
            continue
        shown = select(update.data, kinds)
        if shown is not None:
            _print(shown)
            if once:
                return 0
    return 0


def _print(data: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(data, separators=(',', ':')) + '\n')
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    parser = make_parser('cylc subscribe', __doc__)
    parser.add_argument('workflow', metavar='WORKFLOW',
                        help='workflow name or ID')
    parser.add_argument('-T', '--topics', default='workflow',
                        help='comma-separated record types to show'
                             ' (default: workflow)')
    parser.add_argument('-o', '--once', action='store_true',
                        help='show a single delta then exit')
    add_comms_options(parser)
    args = parser.parse_args(argv)
    kinds = parse_topics(args.topics)
    try:
        return run(args.workflow, kinds, once=args.once,
                   timeout=args.comms_timeout)
    except KeyboardInterrupt:
        return 0
    except BrokenPipeError:  # e.g. piped into head
        return 0
