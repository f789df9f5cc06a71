"""Commands made of other commands (``cylc vip``, ``cylc vr``).

One parser takes the options of every part; each part then gets back its
own options as a command line, so it parses and checks them as usual.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable

from cylc_flow.cli.options import make_parser


def merged_parser(prog: str, doc: str | None,
                  parts: Iterable[argparse.ArgumentParser]
                  ) -> argparse.ArgumentParser:
    """A parser with every optional argument of ``parts`` (first one wins)."""
    parser = make_parser(prog, doc)
    taken = set(parser._option_string_actions)
    for part in parts:
        group = parser.add_argument_group(f'options of {part.prog}')
        for action in part._actions:
            strings = [text for text in action.option_strings if text not in taken]
            if not action.option_strings or not strings:
                continue
            taken.update(strings)
            group._add_action(_copy_action(action, strings))
    return parser


def _copy_action(action: argparse.Action, strings: list[str]) -> argparse.Action:
    copied = argparse.Action.__new__(type(action))
    copied.__dict__.update(action.__dict__)
    copied.option_strings = strings
    return copied


def argv_for(part: argparse.ArgumentParser, namespace: argparse.Namespace
             ) -> list[str]:
    """The options of ``part`` that ``namespace`` sets, as a command line."""
    argv: list[str] = []
    for action in part._actions:
        if not action.option_strings or isinstance(action, argparse._HelpAction):
            continue
        value = getattr(namespace, action.dest, action.default)
        if value == action.default or value is None:
            continue
        option = max(action.option_strings, key=len)
        if isinstance(action, argparse._CountAction):
            argv.extend([option] * int(value))
        elif isinstance(action, argparse._AppendAction):
            for item in value:
                argv.extend([option, str(item)])
        elif isinstance(action, (argparse._StoreConstAction,
                                 argparse._StoreTrueAction,
                                 argparse._StoreFalseAction)):
            argv.append(option)
        else:
            argv.extend([option, str(value)])
    return argv
