"""cylc ping [OPTIONS] ID [ID ...]

Test communication with running workflows.

Exit 0 if every workflow answers (and every task ID given is running);
exit 1 otherwise.  -v prints where each workflow is listening.

Examples:
  $ cylc ping my_flow
  $ cylc ping my_flow//1/foo
"""

from __future__ import annotations

import sys

from cylc_flow.cli.graphql_commands import add_comms_options
from cylc_flow.cli.options import make_parser
from cylc_flow.cli.running import graphql, resolve
from cylc_flow.cli.task_ids import MIXED, expand_workflow_globs, group_ids

FLOW_QUERY = '''
query ($wFlows: [ID]) {
  workflows(ids: $wFlows) {
    id
    name
    host
    port
    pubPort
  }
}
'''

TASK_QUERY = '''
query ($tProxy: ID!) {
  taskProxy (id: $tProxy) {
    state
    id
  }
}
'''


def ping_workflow(workflow: str, tasks: list[str], *, verbose: bool,
                  timeout: float) -> bool:
    """Ping one workflow (and check its tasks are running)."""
    target = resolve(workflow)
    data = graphql(target, FLOW_QUERY, {'wFlows': [target.workflow_id]},
                   timeout=timeout)
    for flow in data.get('workflows') or []:
        if verbose:
            print(f'{flow.get("name")} running on {flow.get("host")}:'
                  f'{flow.get("port")} {flow.get("pubPort")}')
    ok = True
    for task in tasks:
        found = graphql(target, TASK_QUERY,
                        {'tProxy': f'{target.workflow_id}//{task}'},
                        timeout=timeout)
        proxy = found.get('taskProxy')
        if not proxy:
            print(f'task not found: {task}', file=sys.stderr)
            ok = False
        elif proxy.get('state') != 'running':
            print(f'task not running: {task}', file=sys.stderr)
            ok = False
    return ok


def main(argv: list[str] | None = None) -> int:
    from cylc_flow.exceptions import CylcError

    parser = make_parser('cylc ping', __doc__)
    parser.add_argument('ids', nargs='+', metavar='ID')
    parser.add_argument('-v', '--verbose', action='count', default=0)
    add_comms_options(parser)
    args = parser.parse_args(argv)
    groups = expand_workflow_globs(group_ids(args.ids, constraint=MIXED))
    ok = True
    for group in groups:
        try:
            ok = ping_workflow(group.workflow, group.tasks,
                               verbose=bool(args.verbose),
                               timeout=args.comms_timeout) and ok
        except CylcError:
            if len(groups) == 1:
                raise
            print(f'{group.workflow}: not running', file=sys.stderr)
            ok = False
    return 0 if ok else 1
