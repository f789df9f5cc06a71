"""cylc scan [OPTIONS]

List your installed (and running) or source workflows.

Running workflows are found by their contact files,
~/cylc-run/<Workflow-ID>/.service/contact. A contact file left by a
scheduler that has gone is removed (with a warning).

With --ping, or the formats that show status ("rich", "state-totals"), each
running workflow is asked for its status (all at once); workflows that do
not answer are left out with a warning.

Workflow states: running, paused, stopping, stopped.

Formats (-t):
  plain         name host:port PID (default)
  name          the workflow IDs only
  tree          names as a tree by directory
  json          the contact file data (and status, if asked) as JSON
  rich          multi-line: state totals, title, description, version...
  state-totals  one line with the task state totals

Examples:
  # list running or paused workflows
  $ cylc scan

  # list workflows that are installed but stopped
  $ cylc scan --states=stopped

  # list all workflows
  $ cylc scan --states=all

  # show only workflows whose names start with "f"
  $ cylc scan --name '^f.*'

  # source workflows (global.cylc[install]source dirs) as a tree
  $ cylc scan --source -t tree
"""

from __future__ import annotations

from cylc_flow.cli.graphql_commands import add_comms_options
from cylc_flow.cli.options import add_common_options, make_parser


def main(argv: list[str] | None = None) -> int:
    from cylc_flow.cli.info.scan_format import FORMATS
    from cylc_flow.cli.info.scan_run import (
        DEFAULT_STATES,
        ScanOptions,
        parse_states,
        run_scan,
    )

    parser = make_parser('cylc scan', __doc__)
    parser.add_argument(
        '--name', '-n', action='append', default=[], metavar='REGEX',
        help='show workflows whose names match this regex (from the start);'
        ' repeat to match any of several')
    parser.add_argument(
        '--states', default=DEFAULT_STATES, metavar='STATE[,STATE...]',
        help='workflow states to show, or "all" (default %(default)s)')
    parser.add_argument(
        '--source', '-s', action='store_true',
        help='list source workflows from the configured source directories'
        ' (overrides --states)')
    parser.add_argument(
        '--format', '-t', choices=FORMATS, default='plain', dest='form',
        help='output format (default %(default)s)')
    parser.add_argument(
        '--sort', action='store_true',
        help='sort workflows: running or paused first, then by name')
    parser.add_argument(
        '--colour-blind', '--color-blind', action='store_true',
        help='do not depend on colour (output is never coloured here)')
    parser.add_argument(
        '--ping', action='store_true',
        help='contact each running workflow; leave out those that do not'
        ' answer (and remove their contact files if their scheduler has'
        ' gone)')
    add_comms_options(parser, 5.0, debug=False)
    add_common_options(parser)
    args = parser.parse_args(argv)
    options = ScanOptions(
        states=parse_states(args.states), names=args.name, form=args.form,
        sort=args.sort, ping=args.ping, source=args.source,
        timeout=args.comms_timeout)
    return run_scan(options)
