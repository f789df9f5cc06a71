"""Options shared by commands that read a workflow configuration."""

from __future__ import annotations

import argparse
from typing import Any


class CylcArgumentParser(argparse.ArgumentParser):
    """argparse, but usage errors are one line and exit status 1."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(1, f'{self.prog}: error: {message}\n')


def make_parser(prog: str, doc: str | None) -> CylcArgumentParser:
    """A parser whose description is the command module's docstring."""
    return CylcArgumentParser(
        prog=prog,
        description=doc,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def add_common_options(parser: argparse.ArgumentParser) -> None:
    """``--debug``, ``-v``, ``-q``."""
    parser.add_argument('--debug', action='store_true',
                        help='show tracebacks and debug messages')
    parser.add_argument('-v', '--verbose', action='count', default=0,
                        help='more output (repeatable)')
    parser.add_argument('-q', '--quiet', action='count', default=0,
                        help='less output (repeatable)')


def add_template_options(parser: argparse.ArgumentParser) -> None:
    """Jinja2 template variables: ``-s``, ``-z``, ``--set-file``."""
    parser.add_argument(
        '-s', '--set', metavar='NAME=VALUE', action='append', default=[],
        dest='templatevars',
        help='set a template variable (a Python literal: 3, "text", [1, 2])',
    )
    parser.add_argument(
        '-z', '--set-list', '--template-list', metavar='NAME=a,b,c',
        action='append', default=[], dest='templatevars_lists',
        help='set a template variable to a list of strings',
    )
    parser.add_argument(
        '--set-file', metavar='FILE', action='append', default=[],
        dest='templatevars_file',
        help='set template variables from a file of NAME=VALUE lines',
    )


def add_cycle_point_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument('--icp', '--initial-cycle-point', metavar='POINT',
                        dest='icp', help='set the initial cycle point')


def template_vars_from(args: argparse.Namespace, extra: dict | None = None
                       ) -> dict[str, Any]:
    """Build the template variables the options ask for."""
    from cylc_flow.config.parsec import load_template_vars

    found = dict(extra or {})
    found.update(load_template_vars(
        set_values=args.templatevars,
        set_files=args.templatevars_file,
        list_values=args.templatevars_lists,
    ))
    return found
