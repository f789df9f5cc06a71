"""cylc view [OPTIONS] [PATH|ID]

Print a workflow configuration, raw or processed.

With no options the file is printed as written.  -i inlines include-files
(-m marks where each begins and ends), -j renders Jinja2, -c joins
continuation lines, -p does all three.
"""

from __future__ import annotations

from cylc_flow.cli.options import (
    add_common_options,
    add_template_options,
    make_parser,
    template_vars_from,
)


def get_parser():
    parser = make_parser('cylc view', __doc__)
    parser.add_argument('workflow', nargs='?', metavar='PATH|ID')
    parser.add_argument('-i', '--inline', action='store_true',
                        help='inline include-files')
    parser.add_argument('-m', '--mark', action='store_true',
                        help='with -i, mark where include-files begin and end')
    parser.add_argument('-j', '--jinja2', action='store_true',
                        help='render Jinja2 (implies -i)')
    parser.add_argument('-c', '--continuation', action='store_true',
                        help='join continuation lines')
    parser.add_argument('-p', '--process', action='store_true',
                        help='same as -i -j -c')
    add_common_options(parser)
    add_template_options(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    from cylc_flow.cli.workflow_loading import installed_template_vars
    from cylc_flow.config.parsec import process_lines
    from cylc_flow.workflow_paths import locate_workflow

    args = get_parser().parse_args(argv)
    if args.process:
        args.inline = args.jinja2 = args.continuation = True
    location = locate_workflow(args.workflow)
    template_vars = template_vars_from(args, installed_template_vars(location))
    lines = process_lines(
        location.flow_file,
        template_vars,
        inline=args.inline or args.jinja2,
        mark_includes=args.mark,
        jinja2=args.jinja2,
        continuation=args.continuation,
        workflow_vars={
            'CYLC_WORKFLOW_ID': location.workflow_id,
            'CYLC_WORKFLOW_NAME': location.workflow_id,
            'CYLC_WORKFLOW_SOURCE_DIR': str(location.directory),
        },
    )
    for line in lines:
        print(line)
    return 0
