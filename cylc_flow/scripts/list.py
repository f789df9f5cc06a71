"""cylc list [OPTIONS] [PATH|ID]

List tasks and families defined in a workflow.

By default print the tasks used in the graph.  -a adds tasks defined in
[runtime] but not used in the graph, -n prints every runtime namespace
(families too), -m adds each namespace's inheritance order (C3 MRO), -t prints
the first-parent family tree, -p START,STOP prints the task IDs between two
cycle points (STOP may be an interval from START; '-p ,' for the default
range).
"""

from __future__ import annotations

import sys

from cylc_flow.cli.options import (
    add_common_options,
    add_cycle_point_options,
    add_template_options,
    make_parser,
)
from cylc_flow.exceptions import CylcError, InputError


def get_parser():
    parser = make_parser('cylc list', __doc__)
    parser.add_argument('workflow', nargs='?', metavar='PATH|ID')
    parser.add_argument('-a', '--all-tasks', action='store_true',
                        help='print all tasks, not just those used in the graph')
    parser.add_argument('-n', '--all-namespaces', action='store_true',
                        help='print all runtime namespaces, not just tasks')
    parser.add_argument('-m', '--mro', action='store_true',
                        help='print each namespace\'s inheritance order')
    parser.add_argument('-t', '--tree', action='store_true',
                        help='print the first-parent hierarchy as a tree')
    parser.add_argument('-b', '--box', action='store_true',
                        help='with -t, draw the tree with box characters')
    parser.add_argument('-w', '--with-titles', action='store_true',
                        dest='titles', help='print namespace titles too')
    parser.add_argument('-p', '--points', metavar='[START],[STOP]',
                        dest='point_range',
                        help='print task IDs from START to STOP')
    add_common_options(parser)
    add_template_options(parser)
    add_cycle_point_options(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    from cylc_flow.cli.workflow_loading import load_workflow_config

    args = get_parser().parse_args(argv)
    if args.all_tasks and args.all_namespaces:
        raise InputError('choose either -a or -n')
    if args.titles and args.mro:
        raise InputError('choose --mro or --with-titles, not both')
    config = load_workflow_config(args, quiet=True)
    if args.tree:
        for line in tree_lines(config, box=args.box, titles=args.titles):
            print(line)
        return 0
    if args.point_range is not None:
        for task_id in task_ids_in_range(config, args.point_range):
            print(task_id)
        return 0
    names = namespaces_to_list(config, args)
    width = max((len(name) for name in names), default=0)
    for name in names:
        if args.mro:
            print(name.ljust(width), ' '.join(config.runtime.mro(name)))
        elif args.titles:
            print(name.ljust(width), _title(config, name))
        else:
            print(name)
    return 0


def namespaces_to_list(config, args) -> list[str]:
    runtime = config.runtime
    if args.all_namespaces:
        return sorted(runtime.sparse)
    if args.all_tasks:
        return sorted(
            set(config.taskdefs)
            | {name for name in runtime.sparse
               if not runtime.is_family(name) and name != 'root'}
        )
    return sorted(config.taskdefs)


def _title(config, name: str) -> str:
    meta = config.rtconfig(name).get('meta') or {}
    return meta.get('title') or ''


def tree_lines(config, *, box: bool = False, titles: bool = False) -> list[str]:
    """The first-parent inheritance tree, root at the top."""
    runtime = config.runtime
    children: dict[str, list[str]] = {}
    for name in runtime.sparse:
        parent = runtime.first_parent(name)
        if parent is not None:
            children.setdefault(parent, []).append(name)
    tee, last, bar, blank = ('├─', '└─', '│ ', '  ') if box else \
        ('|-', '`-', '| ', '  ')
    lines: list[str] = []

    def walk(name: str, prefix: str, connector: str, depth: int) -> None:
        label = f'{prefix}{connector}{name}'
        if titles:
            label += f'  {_title(config, name)}'
        lines.append(label)
        kids = sorted(children.get(name, []))
        extension = prefix + ((blank if connector == last else bar)
                              if depth else '')
        for index, kid in enumerate(kids):
            walk(kid, extension, last if index == len(kids) - 1 else tee,
                 depth + 1)

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    walk('root', '', '', 0)
    return lines


def task_ids_in_range(config, text: str) -> list[str]:
    """Task IDs (``point/name``) of graphed tasks between two points."""
    from cylc_flow.graph.window import iter_sequence_points

    start_text, _, stop_text = text.partition(',')
    context = config.context
    start = context.point(start_text.strip()) if start_text.strip() \
        else config.initial_point
    stop = config.final_point
    if stop_text.strip():
        try:
            stop = context.point(stop_text.strip())
        except CylcError:
            stop = start + context.interval(stop_text.strip())
    if stop is None:
        raise InputError('-p: give a STOP point (the workflow has no final'
                         ' cycle point)')
    found: set[tuple] = set()
    for name, taskdef in config.taskdefs.items():
        for sequence in taskdef.sequences:
            for point in iter_sequence_points(sequence, start, stop, 100_000):
                found.add((point, name))
    return [f'{point}/{name}' for point, name in sorted(found)]
