"""cylc poll [OPTIONS] ID [ID ...]

Poll the jobs of active tasks and update their states from what the job
status files and the job runner say.

Examples:
  $ cylc poll my_flow//1234/foo
  $ cylc poll 'my_flow//*'
"""

from __future__ import annotations

from cylc_flow.cli.graphql_commands import task_command_main


def main(argv: list[str] | None = None) -> int:
    return task_command_main('cylc poll', __doc__, 'poll', argv)
