"""cylc show [OPTIONS] ID [ID ...]

Display workflow and task information, for tasks in the current n-window.

Query a running workflow for:
  # view workflow metadata
  $ cylc show my_workflow

  # view task metadata
  $ cylc show my_workflow --task-def my_task

  # view prerequisites & outputs for a live task
  $ cylc show my_workflow//1/my_task

  # several tasks (globs allowed)
  $ cylc show my_workflow//1/a //1/b
  $ cylc show 'my_workflow//1/*'

Output completion status is shown for all tasks in the current n-window.

Prerequisite satisfaction is not shown for past tasks.
"""

from __future__ import annotations

import json
import sys

from cylc_flow.cli.graphql_commands import add_comms_options
from cylc_flow.cli.options import add_common_options, make_parser
from cylc_flow.exceptions import InputError


def main(argv: list[str] | None = None) -> int:
    from cylc_flow.cli.info.show_run import show
    from cylc_flow.cli.running import resolve
    from cylc_flow.cli.task_ids import single_workflow

    parser = make_parser('cylc show', __doc__)
    parser.add_argument('ids', nargs='+', metavar='ID')
    parser.add_argument('--list-prereqs', action='store_true',
                        help="print a task's prerequisites as a list")
    parser.add_argument('--json', action='store_true',
                        help='print the output in JSON format')
    parser.add_argument('--task-def', action='append', default=None,
                        dest='task_defs', metavar='TASK_NAME',
                        help='view the metadata of a task definition'
                        ' (repeatable)')
    add_comms_options(parser, 5.0, debug=False)
    add_common_options(parser)
    args = parser.parse_args(argv)
    group = single_workflow(args.ids)
    tasks = group.tasks
    if tasks and args.task_defs:
        raise InputError('Cannot query both live tasks and task definitions.')
    target = resolve(group.workflow)
    lines, found, status = show(
        target, tasks, task_defs=args.task_defs or [],
        list_prereqs=args.list_prereqs, timeout=args.comms_timeout)
    if args.json:
        print(json.dumps(found, indent=4))
    elif lines:
        print('\n'.join(lines))
    if status:
        print(f'No matching active tasks found: {", ".join(tasks)}',
              file=sys.stderr)
    return status
