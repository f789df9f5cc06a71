"""cylc kill [OPTIONS] ID [ID ...]

Kill the jobs of active (preparing, submitted or running) tasks: they then
fail, or retry if they have retries left.

Examples:
  $ cylc kill my_flow//1234/foo
  $ cylc kill 'my_flow//*:running'
"""

from __future__ import annotations

from cylc_flow.cli.graphql_commands import task_command_main


def main(argv: list[str] | None = None) -> int:
    return task_command_main('cylc kill', __doc__, 'kill', argv)
