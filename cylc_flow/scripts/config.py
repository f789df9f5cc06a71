"""cylc config [OPTIONS] [PATH|ID]

Parse and print Cylc configuration files.

With no PATH|ID, print the global configuration (global.cylc); otherwise
print the workflow configuration after [runtime] inheritance.  Items left
unset are omitted unless -d is given.  -i '[section][sub]item' prints one
item or section (repeatable).
"""

from __future__ import annotations

import sys
from typing import Any

from cylc_flow.cli.options import (
    add_common_options,
    add_cycle_point_options,
    add_template_options,
    make_parser,
)
from cylc_flow.exceptions import InputError


def get_parser():
    parser = make_parser('cylc config', __doc__)
    parser.add_argument('workflow', nargs='?', metavar='PATH|ID')
    parser.add_argument('-i', '--item', action='append', default=[],
                        dest='items', metavar='ITEM',
                        help="item or section to print, e.g. '[scheduler]UTC mode'")
    parser.add_argument('-d', '--defaults', action='store_true',
                        help='include default and unset values')
    parser.add_argument('-o', '--one-line', action='store_true',
                        help='print the values of several -i items on one line')
    parser.add_argument('--print-hierarchy', action='store_true',
                        help='print the configuration files read, in order')
    parser.add_argument('--platform-names', action='store_true',
                        help='print the platform and platform group names')
    parser.add_argument('--platforms', action='store_true',
                        help='print the platform and platform group settings')
    add_common_options(parser)
    add_template_options(parser)
    add_cycle_point_options(parser)
    return parser


def parse_item(text: str) -> list[str]:
    """``[a][b]c`` -> ``['a', 'b', 'c']``."""
    keys: list[str] = []
    rest = text.strip()
    while rest.startswith('['):
        end = rest.find(']')
        if end < 0:
            raise InputError(f'bad item: {text}')
        keys.append(rest[1:end].strip())
        rest = rest[end + 1:]
        while rest.startswith(']'):
            rest = rest[1:]
    if rest.strip():
        keys.append(rest.strip())
    if not keys:
        raise InputError(f'bad item: {text}')
    return keys


def main(argv: list[str] | None = None) -> int:
    args = get_parser().parse_args(argv)
    if args.workflow is None:
        return print_global(args)
    return print_workflow(args)


def print_global(args) -> int:
    from cylc_flow.config.global_config import GlobalConfig
    from cylc_flow.config.spec import GLOBAL_SPEC
    from cylc_flow.platforms import get_platform_group_names, get_platform_names

    config = GlobalConfig.load()
    if args.print_hierarchy:
        for path in config.files:
            print(path)
        return 0
    if args.platform_names:
        for name in get_platform_names(config):
            print(name)
        for name in get_platform_group_names(config):
            print(name)
        return 0
    data = config.dense if args.defaults else config.sparse
    if args.platforms:
        data = {key: data.get(key, {})
                for key in ('platforms', 'platform groups')}
    return print_data(data, GLOBAL_SPEC, args)


def print_workflow(args) -> int:
    from cylc_flow.cli.workflow_loading import load_workflow_config
    from cylc_flow.config.spec import FLOW_SPEC, expand_defaults

    if args.platform_names or args.platforms:
        raise InputError('--platforms/--platform-names print the global config:'
                         ' give no workflow')
    config = load_workflow_config(args, quiet=True)
    if args.print_hierarchy:
        print(config.flow_file)
        return 0
    data = dict(config.sparse)
    if args.defaults:
        data = expand_defaults(data, FLOW_SPEC)
    runtime = config.runtime
    data['runtime'] = {
        name: (runtime.effective(name) if args.defaults
               else runtime.inherited_sparse(name))
        for name in runtime.sparse
    }
    return print_data(data, FLOW_SPEC, args)


def print_data(data: dict, spec: Any, args) -> int:
    from cylc_flow.config.spec import print_config

    if not args.items:
        print_config(data, spec, out=sys.stdout)
        return 0
    values: list[str] = []
    for item in args.items:
        keys = parse_item(item)
        node: Any = data
        for key in keys:
            if not isinstance(node, dict) or key not in node:
                raise InputError(f'item not found: {item}')
            node = node[key]
        if isinstance(node, dict):
            print_config(node, None, out=sys.stdout)
        elif args.one_line:
            values.append(_format_value(node))
        else:
            print(_format_value(node))
    if values:
        print(' '.join(values))
    return 0


def _format_value(value: Any) -> str:
    if value is None:
        return ''
    if isinstance(value, list):
        return ', '.join(_format_value(item) for item in value)
    return str(value)
