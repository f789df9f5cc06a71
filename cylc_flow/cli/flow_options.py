"""The flow options of ``cylc trigger`` and ``cylc set``: --flow, --wait,
--meta."""

from __future__ import annotations

import argparse
from typing import Any


def add_flow_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        '--flow', action='append', dest='flow', metavar='FLOW', default=None,
        help='assign tasks to all active flows ("all", the default), no flow'
             ' ("none"), a new flow ("new") or a flow number (repeatable)')
    parser.add_argument(
        '--meta', metavar='DESCRIPTION', dest='flow_descr', default=None,
        help='description of the new flow (with --flow=new)')
    parser.add_argument(
        '--wait', '--flow-wait', action='store_true', dest='flow_wait',
        help='wait for merge with current active flows before flowing on')


def flow_variables(args: argparse.Namespace) -> dict[str, Any]:
    """Check the flow options; return them as mutation variables.

    ``--flow=all`` (the default) is sent as no flow value.
    """
    from cylc_flow.scheduler.mutations.arguments import validate_flows

    flows = validate_flows(args.flow, args.flow_wait, args.flow_descr)
    return {'flow': flows or None, 'flowWait': bool(args.flow_wait),
            'flowDescr': args.flow_descr}
