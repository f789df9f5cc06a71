"""cylc tui [WORKFLOW]

View and control workflows in the terminal.

With no WORKFLOW, lists all your workflows (running and stopped) from
~/cylc-run; open one (right arrow or +) to see its cycles, families, tasks
and jobs.  With a WORKFLOW ID, shows that workflow, opened.

Keys: arrows (or j/k) move, left/right (or -/+) collapse/expand, enter opens
the menu of the focused item (hold, release, trigger, kill, poll, set,
remove, logs; pause, play, reload, stop), T and / filter tasks by state and
name, h shows help, q quits.
"""

from __future__ import annotations

import sys

from cylc_flow.cli.graphql_commands import add_comms_options
from cylc_flow.cli.options import make_parser
from cylc_flow.exceptions import InputError


def _workflow_name(text: str) -> str:
    """The installed workflow (run) a command-line ID names."""
    from cylc_flow.cli.running import resolve
    from cylc_flow.cli.task_ids import MIXED, group_ids

    (group,) = group_ids([text], constraint=MIXED)
    if group.tasks:
        raise InputError(f'give a workflow ID, not a task or job ID: {text}')
    return resolve(group.workflow).workflow_id


def main(argv: list[str] | None = None) -> int:
    parser = make_parser('cylc tui', __doc__)
    parser.add_argument('workflow', nargs='?', metavar='WORKFLOW',
                        help='the workflow ID (default: all your workflows)')
    add_comms_options(parser, 3.0)
    args = parser.parse_args(argv)
    if args.comms_timeout <= 0:
        raise InputError('--comms-timeout must be a positive number of seconds')
    workflow = _workflow_name(args.workflow) if args.workflow else None
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise InputError('cylc tui needs an interactive terminal')

    from cylc_flow.tui.app import TuiApp
    from cylc_flow.tui.updater import Updater

    updater = Updater(workflow, args.comms_timeout)
    TuiApp(updater, workflow).run()
    return 0
