"""The ``cylc`` command: dispatch to a sub-command.

Only this module and the chosen sub-command's module are imported, so short
commands (``cylc message``) start fast.  Plugin commands come from the
``cylc.command`` entry-point group, scanned only when a name is not built in
(or for ``cylc help all``).
"""

from __future__ import annotations

import sys
from importlib import import_module

from cylc_flow import __version__
from cylc_flow.cli.commands import ALIASES, BUILTIN_COMMANDS, DEAD_ENDS, Command
from cylc_flow.cli.errors import run_guarded

USAGE = f"""\
Cylc {__version__}: a workflow engine for cycling systems.

Usage:
  cylc help all            list all commands
  cylc validate PATH|ID    validate a workflow configuration
  cylc install [SOURCE]    install a workflow into ~/cylc-run
  cylc play ID             run or resume a workflow
  cylc scan                list running workflows
  cylc tui ID              view a running workflow in the terminal
  cylc stop ID             stop a running workflow
  cylc version [--long]    print the version

Commands may be abbreviated to any unique prefix (cylc val = cylc validate).
IDs: ~user/workflow//cycle/task/job, e.g. myflow//20250101T00Z/model/01.
"""


def plugin_commands() -> dict[str, Command]:
    """Return commands registered by other packages' entry points."""
    from importlib.metadata import entry_points

    found: dict[str, Command] = {}
    for entry in entry_points(group='cylc.command'):
        if entry.name not in BUILTIN_COMMANDS:
            found[entry.name] = Command(entry.name, entry.value, '(plugin)')
    return found


def resolve_command(name: str) -> Command:
    """Find a command by full name, alias or unique prefix."""
    from cylc_flow.exceptions import InputError

    name = ALIASES.get(name, name)
    if name in BUILTIN_COMMANDS:
        return BUILTIN_COMMANDS[name]
    if name in DEAD_ENDS:
        raise InputError(DEAD_ENDS[name])
    candidates = {cmd for cmd in BUILTIN_COMMANDS if cmd.startswith(name)}
    if not candidates:  # aliases only when no command name has the prefix
        candidates = {
            target for alias, target in ALIASES.items() if alias.startswith(name)
        }
    plugins: dict[str, Command] = {}
    if len(candidates) != 1 or not set(candidates) <= set(BUILTIN_COMMANDS):
        plugins = plugin_commands()
        if name in plugins:
            return plugins[name]
        candidates |= {cmd for cmd in plugins if cmd.startswith(name)}
    known = {**plugins, **BUILTIN_COMMANDS}
    matches = sorted(cmd for cmd in candidates if cmd in known)
    if len(matches) == 1:
        return known[matches[0]]
    if not matches:
        raise InputError(
            f'cylc {name}: unknown command (type "cylc help all" for a list)'
        )
    raise InputError(f'cylc {name}: ambiguous, could be: {", ".join(matches)}')


def load_main(command: Command):
    """Import the command's module and return its main function."""
    module_name, _, function = command.target.partition(':')
    return getattr(import_module(module_name), function or 'main')


def all_commands() -> dict[str, Command]:
    """Built-in and plugin commands, by name."""
    return dict(sorted({**plugin_commands(), **BUILTIN_COMMANDS}.items()))


def print_command_list() -> None:
    """Print every command with its one-line summary."""
    commands = all_commands()
    width = max(len(name) for name in commands) + 2
    for name, command in commands.items():
        print(f'  {name.ljust(width, ".")} {command.summary}')
    print('\nAliases:')
    for alias, target in sorted(ALIASES.items()):
        print(f'  {alias} = {target}')


def help_main(argv: list[str] | None = None) -> int:
    """``cylc help [all | COMMAND]``."""
    argv = list(argv or [])
    if not argv:
        print(USAGE)
        return 0
    if argv[0] == 'all':
        print_command_list()
        return 0
    command = resolve_command(argv[0])
    return load_main(command)(['--help']) or 0


def dispatch(argv: list[str]) -> int:
    """Run ``cylc ARGV``; return the exit status."""
    if not argv or argv[0] in ('-h', '--help'):
        print(USAGE)
        return 0
    if argv[0] in ('-V', '--version'):
        print(__version__)
        return 0
    name, rest = argv[0], argv[1:]
    command = resolve_command(name)
    return load_main(command)(rest) or 0


def main() -> None:
    """Console-script entry point."""
    argv = sys.argv[1:]
    sys.exit(run_guarded(dispatch, argv))


if __name__ == '__main__':
    main()
