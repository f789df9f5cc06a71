"""cylc vr [OPTIONS] [WORKFLOW_ID]

Validate and reinstall a workflow, then apply the change: reload it if it is
running, play it if it is stopped.

Takes the options of "cylc validate", "cylc reinstall", "cylc reload" and
"cylc play" (see their help).

Examples:
  $ cylc vr myflow          # the latest run of myflow
  $ cylc vr myflow/run2 --yes
"""

from __future__ import annotations


def main(argv: list[str] | None = None) -> int:
    from cylc_flow.cli.combined_commands import argv_for, merged_parser
    from cylc_flow.install.contact import running_scheduler
    from cylc_flow.scripts import play, reinstall, reload, validate

    parts = {'validate': validate.get_parser(),
             'reinstall': reinstall.get_parser(),
             'reload': reload.get_parser(), 'play': play.get_parser()}
    parser = merged_parser('cylc vr', __doc__, parts.values())
    parser.add_argument('workflow_id', nargs='?', metavar='WORKFLOW_ID')
    args = parser.parse_args(argv)

    workflow_id, run_dir, source = reinstall.resolve_source(
        args.workflow_id or reinstall.default_workflow_id())
    print(f'$ cylc validate {source}')
    status = validate.main([*argv_for(parts['validate'], args), str(source)])
    if status:
        return status
    print(f'$ cylc reinstall {workflow_id}')
    status = reinstall.main([*argv_for(parts['reinstall'], args), workflow_id])
    if status:
        return status
    if running_scheduler(run_dir) is not None:
        print(f'$ cylc reload {workflow_id}')
        return reload.main([*argv_for(parts['reload'], args), workflow_id])
    print(f'$ cylc play {workflow_id}')
    return play.main([*argv_for(parts['play'], args), workflow_id])
