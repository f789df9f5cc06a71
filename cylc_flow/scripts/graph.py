"""cylc graph [OPTIONS] [PATH|ID] [START] [STOP]

Print the workflow graph expanded over cycle points.

With --reference, print Cylc's plain-text reference format (sorted edges,
"graph", sorted nodes, "stop") for comparisons.  With -o FILE, write the graph
to FILE: DOT for *.dot (or any other name), and SVG or PNG for *.svg / *.png
when Graphviz "dot" is installed.  With neither, print DOT on stdout.

START defaults to the initial cycle point; STOP (a point, or an interval from
START) defaults to the final cycle point or three points after START,
whichever is sooner.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from cylc_flow.cli.options import (
    add_common_options,
    add_cycle_point_options,
    add_template_options,
    make_parser,
)
from cylc_flow.exceptions import CylcError, InputError

DEFAULT_POINTS_AFTER_START = 3


def get_parser():
    parser = make_parser('cylc graph', __doc__)
    parser.add_argument('workflow', nargs='?', metavar='PATH|ID')
    parser.add_argument('start', nargs='?', metavar='START')
    parser.add_argument('stop', nargs='?', metavar='STOP')
    parser.add_argument('-r', '--reference', action='store_true',
                        help='print the plain-text reference format')
    parser.add_argument('-n', '--namespaces', action='store_true',
                        help='graph the runtime inheritance hierarchy')
    parser.add_argument('--show-suicide', action='store_true',
                        help='include suicide triggers')
    parser.add_argument('-t', '--transpose', action='store_true',
                        help='draw left to right')
    parser.add_argument('-o', '--output-file', metavar='FILE',
                        help='write DOT, SVG or PNG to FILE')
    add_common_options(parser)
    add_template_options(parser)
    add_cycle_point_options(parser)
    return parser


def graph_window(config, start_text: str | None, stop_text: str | None):
    """Resolve START/STOP to points."""
    from cylc_flow.graph.window import iter_sequence_points

    context = config.context
    start = context.point(start_text) if start_text else config.initial_point
    if stop_text:
        try:
            stop = context.point(stop_text)
        except CylcError:
            stop = start + context.interval(stop_text)
        return start, max(stop, start)
    points: set = set()
    for taskdef in config.taskdefs.values():
        for sequence in taskdef.sequences:
            points.update(iter_sequence_points(
                sequence, start, config.final_point,
                DEFAULT_POINTS_AFTER_START + 1,
            ))
    ordered = sorted(points)
    if not ordered:
        return start, start
    return start, ordered[min(len(ordered), DEFAULT_POINTS_AFTER_START + 1) - 1]


def main(argv: list[str] | None = None) -> int:
    from cylc_flow.cli.workflow_loading import load_workflow_config
    from cylc_flow.graph.render import (
        dot_lines,
        namespace_reference_lines,
        reference_lines,
    )
    from cylc_flow.graph.window import PointResolver, expand_edges

    args = get_parser().parse_args(argv)
    config = load_workflow_config(args, quiet=True)
    if args.namespaces:
        parents = {
            name: list(config.runtime.parents.get(name, []))
            for name in config.runtime.sparse
        }
        if args.reference:
            _emit(namespace_reference_lines(parents), None)
            return 0
        lines = ['digraph namespaces {', '  node [shape=box];']
        lines += [f'  "{p}" -> "{c}";' for c, ps in sorted(parents.items())
                  for p in ps]
        lines.append('}')
        return _write_graph(lines, args.output_file)
    start, stop = graph_window(config, args.start, args.stop)
    resolver = PointResolver(config.context, config.initial_point,
                             config.final_point)
    nodes, edges = expand_edges(config.taskdefs, resolver, start, stop)
    if args.reference:
        _emit(reference_lines(nodes, edges, show_suicide=args.show_suicide),
              args.output_file)
        return 0
    lines = dot_lines(nodes, edges, title=config.workflow_id,
                      show_suicide=args.show_suicide, transpose=args.transpose)
    return _write_graph(lines, args.output_file)


def _emit(lines: list[str], output_file: str | None) -> None:
    text = '\n'.join(lines) + '\n'
    if output_file:
        Path(output_file).write_text(text)
    else:
        sys.stdout.write(text)


def _write_graph(lines: list[str], output_file: str | None) -> int:
    """Write DOT, or render it with Graphviz for .svg/.png."""
    if not output_file:
        _emit(lines, None)
        return 0
    target = Path(output_file)
    fmt = target.suffix.lstrip('.').lower()
    if fmt in ('svg', 'png', 'pdf'):
        dot = shutil.which('dot')
        if not dot:
            raise InputError(
                f'cannot write {fmt.upper()}: Graphviz "dot" is not installed'
                ' (write a .dot file instead)'
            )
        result = subprocess.run(
            [dot, f'-T{fmt}', '-o', str(target)],
            input='\n'.join(lines), text=True, capture_output=True, check=False,
        )
        if result.returncode:
            raise InputError(f'dot failed: {result.stderr.strip()}')
        return 0
    _emit(lines, output_file)
    return 0
