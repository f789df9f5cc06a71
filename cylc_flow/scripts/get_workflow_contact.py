"""cylc get-workflow-contact [OPTIONS] ID

Print the contact information of a running workflow: the KEY=VALUE lines of
its contact file (~/cylc-run/<ID>/.service/contact), sorted by key.
"""

from __future__ import annotations

from cylc_flow.cli.graphql_commands import add_comms_options
from cylc_flow.cli.options import add_common_options, make_parser


def main(argv: list[str] | None = None) -> int:
    from cylc_flow.cli.info.contact_lines import contact_lines
    from cylc_flow.cli.running import resolve

    parser = make_parser('cylc get-workflow-contact', __doc__)
    parser.add_argument('workflow', metavar='ID')
    add_comms_options(parser, 5.0, debug=False)
    add_common_options(parser)
    args = parser.parse_args(argv)
    target = resolve(args.workflow)
    print('\n'.join(contact_lines(target.workflow_id, target.run_dir)))
    return 0
