"""cylc get-workflow-version [OPTIONS] ID [ID ...]

Find out what version of Cylc running workflows are using (ask each one).
Globs in IDs match the running workflows, e.g. 'my_flows/*'.

With one workflow the version alone is printed; with several, one
"ID: VERSION" line each. To find the version you've invoked at the command
line see "cylc version".
"""

from __future__ import annotations

import sys

from cylc_flow.cli.graphql_commands import add_comms_options
from cylc_flow.cli.options import add_common_options, make_parser


def main(argv: list[str] | None = None) -> int:
    from cylc_flow.cli.info.version_query import workflow_versions
    from cylc_flow.cli.task_ids import (
        WORKFLOWS,
        expand_workflow_globs,
        group_ids,
        has_glob,
    )

    parser = make_parser('cylc get-workflow-version', __doc__)
    parser.add_argument('ids', nargs='+', metavar='ID')
    add_comms_options(parser, 5.0, debug=False)
    add_common_options(parser)
    args = parser.parse_args(argv)
    workflows = [group.workflow for group in expand_workflow_globs(
        group_ids(args.ids, constraint=WORKFLOWS))]
    multi = len(workflows) > 1 or any(has_glob(text) for text in args.ids)
    status = 0
    for workflow, version, error in workflow_versions(
            workflows, timeout=args.comms_timeout):
        if error is not None:
            status = 1
            text = f'{workflow}: {error}' if multi else error
            print(text, file=sys.stdout if multi else sys.stderr)
        elif multi:
            print(f'{workflow}: {version}')
        else:
            print(version)
    return status
