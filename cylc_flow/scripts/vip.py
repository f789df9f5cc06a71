"""cylc vip [OPTIONS] [SOURCE_NAME | PATH]

Validate, install and play a workflow, in one command.

Takes the options of "cylc validate", "cylc install" and "cylc play" (see
their help).  With no SOURCE, the workflow in the current directory is used.

Examples:
  $ cylc vip                     # validate, install and play $PWD
  $ cylc vip dogs/fido -n fido   # ... a source from the source dirs
  $ cylc vip ./flow --no-detach --mode=simulation
"""

from __future__ import annotations


def main(argv: list[str] | None = None) -> int:
    from cylc_flow.cli.combined_commands import argv_for, merged_parser
    from cylc_flow.scripts import install, play, validate

    parts = {'validate': validate.get_parser(), 'install': install.get_parser(),
             'play': play.get_parser()}
    parser = merged_parser('cylc vip', __doc__, parts.values())
    parser.add_argument('source', nargs='?', metavar='SOURCE_NAME | PATH')
    args = parser.parse_args(argv)

    from cylc_flow.install.sources import source_location

    source = source_location(args.source)
    print(f'$ cylc validate {source}')
    status = validate.main([*argv_for(parts['validate'], args), str(source)])
    if status:
        return status
    print(f'$ cylc install {source}')
    workflow_id = install.run_install(
        parts['install'].parse_args(
            [*argv_for(parts['install'], args), str(source)]))
    print(f'$ cylc play {workflow_id}')
    return play.main([*argv_for(parts['play'], args), workflow_id])
