"""cylc broadcast [OPTIONS] ID [ID ...]

Override "[runtime]" settings in a running workflow.

A broadcast sets or overrides any "[runtime]" item for all cycle points
(-p '*', the default) or for given points, and for all tasks (-n root, the
default), given families or given tasks.  A task affected by both an
all-point and a point-specific broadcast gets the point-specific one; within
a point, broadcasts to a task beat those to its families, which beat root.
Broadcasts are applied when a job is submitted, persist across restarts, and
those made to a cycle point expire once that point is older than the oldest
active cycle point (minus the longest cycling interval).

Use -c/--cancel (or -G FILE) to cancel given settings (at -p/-n, default
'*'/root), -C/--clear to cancel every broadcast (or those at -p points
and/or to -n namespaces), -e/--expire POINT to cancel the broadcasts to
points earlier than POINT, and -d/--display or -k/--display-task to see the
active broadcasts.  A "clear" for given points or namespaces does not cancel
all-point or all-namespace broadcasts.

Examples:
  # broadcast a variable to all tasks (quote items with internal spaces):
  $ cylc broadcast -s "[environment]VERSE = the quick brown fox" WORKFLOW
  # the same from a file of [runtime] settings ("-" reads stdin):
  $ cylc broadcast -F broadcast.cylc WORKFLOW
  # view active broadcasts:
  $ cylc broadcast --display WORKFLOW
  # cancel it:
  $ cylc broadcast --cancel "[environment]VERSE" WORKFLOW

Broadcast cannot change [runtime] inheritance.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from cylc_flow.cli.graphql_commands import add_comms_options, workflow_mutation
from cylc_flow.cli.options import make_parser
from cylc_flow.cli.running import Target, graphql, resolve
from cylc_flow.cli.task_ids import WORKFLOWS, expand_workflow_globs, group_ids
from cylc_flow.exceptions import InputError

RAW_DEPRECATED = ('DEPRECATED: the --raw option will be removed at Cylc 8.9;'
                  ' use --format=raw instead.')

MUTATION = workflow_mutation(
    'broadcast',
    {'mode': 'BroadcastMode!', 'cyclePoints': '[BroadcastCyclePoint]',
     'namespaces': '[NamespaceName]', 'settings': '[BroadcastSetting]',
     'cutoff': 'CyclePoint'},
    variables={'mode': 'bMode', 'cyclePoints': 'cPoints',
               'namespaces': 'nSpaces', 'settings': 'bSettings',
               'cutoff': 'bCutoff'})

QUERY = '''
query ($wFlows: [ID], $nIds: [ID]) {
  workflows (ids: $wFlows) {
    id
    broadcasts (ids: $nIds)
  }
}
'''


def get_parser():
    parser = make_parser('cylc broadcast', __doc__)
    parser.add_argument('ids', nargs='+', metavar='ID', help='workflow ID(s)')
    parser.add_argument(
        '-p', '--point', metavar='CYCLE_POINT', action='append', default=[],
        dest='point_strings',
        help="target cycle point (repeatable); default '*' with --set and"
             ' --cancel, every point with --clear')
    parser.add_argument(
        '-n', '--namespace', metavar='NAME', action='append', default=[],
        dest='namespaces',
        help='target task or family (repeatable); default root with --set'
             ' and --cancel, every namespace with --clear')
    parser.add_argument(
        '-s', '--set', metavar='[SEC]ITEM=VALUE', action='append', default=[],
        dest='settings', help='a [runtime] item and value to broadcast')
    parser.add_argument(
        '-F', '--set-file', '--file', metavar='FILE', action='append',
        default=[], dest='setting_files',
        help='a file of [runtime] settings to broadcast ("-": stdin)')
    parser.add_argument(
        '-c', '--cancel', metavar='[SEC]ITEM', action='append', default=[],
        dest='cancel', help='a broadcast setting to cancel')
    parser.add_argument(
        '-G', '--cancel-file', metavar='FILE', action='append', default=[],
        dest='cancel_files', help='a file of settings to cancel')
    parser.add_argument(
        '-C', '--clear', action='store_true',
        help='cancel all broadcasts, or those at -p points and/or to -n'
             ' namespaces')
    parser.add_argument(
        '-e', '-x', '--expire', metavar='CYCLE_POINT', dest='expire',
        help='cancel broadcasts to points earlier than CYCLE_POINT')
    parser.add_argument('-d', '--display', action='store_true', dest='show',
                        help='display active broadcasts')
    parser.add_argument(
        '-k', '--display-task', metavar='TASK_ID_GLOB', dest='showtask',
        help='display the broadcasts that apply to a task (cycle/task)')
    parser.add_argument('-b', '--box', action='store_true', dest='unicode',
                        help='use unicode box characters with -d, -k')
    parser.add_argument('-r', '--raw', action='store_true',
                        help='deprecated: use --format=raw')
    parser.add_argument('--format', choices=('tree', 'json', 'raw'),
                        default='tree',
                        help='-d/-k output format (default tree)')
    add_comms_options(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = get_parser().parse_args(argv)
    groups = expand_workflow_globs(group_ids(args.ids, constraint=WORKFLOWS))
    if args.raw:
        print(RAW_DEPRECATED, file=sys.stderr)
    if args.show or args.showtask:
        task = _task_part(args.showtask) if args.showtask else None
        status = 0
        for group in groups:
            status |= _display(resolve(group.workflow), args, task)
        return status
    variables = build_variables(args)
    # every workflow is resolved before any is sent the broadcast
    targets = [resolve(group.workflow) for group in groups]
    status = 0
    for target in targets:
        status |= _send(target, variables, args, multi=len(targets) > 1)
    return status


# ---- building the mutation ----------------------------------------------------------
def build_variables(args: Any) -> dict[str, Any]:
    """The mutation variables the options ask for (not yet the workflow)."""
    from cylc_flow.broadcast.settings import BroadcastSettingError

    namespaces = list(dict.fromkeys(args.namespaces))
    points = list(args.point_strings)
    variables: dict[str, Any] = {
        'bMode': 'Set', 'cPoints': points, 'nSpaces': namespaces,
        'bSettings': [], 'bCutoff': args.expire,
    }
    setting_options = args.settings or args.setting_files
    cancel_options = args.cancel or args.cancel_files
    chosen = [name for name, given in (
        ('--set/--set-file', setting_options),
        ('--cancel/--cancel-file', cancel_options),
        ('--clear', args.clear), ('--expire', args.expire)) if given]
    if len(chosen) > 1:
        raise InputError(f'choose one of {", ".join(chosen)}')
    if not chosen:
        raise InputError('nothing to do: give --set, --cancel, --clear,'
                         ' --expire or --display (see --help)')
    try:
        if args.clear:
            variables['bMode'] = 'Clear'
        elif args.expire:
            variables['bMode'] = 'Expire'
        elif cancel_options:
            variables.update(bMode='Clear', cPoints=points or ['*'],
                             nSpaces=namespaces or ['root'],
                             bSettings=cancel_settings(args))
        else:
            variables.update(bMode='Set', cPoints=points or ['*'],
                             nSpaces=namespaces or ['root'],
                             bSettings=set_settings(args))
    except BroadcastSettingError as error:
        raise InputError(str(error)) from None
    return variables


def set_settings(args: Any) -> list[dict]:
    """The ``--set`` and ``--set-file`` settings, upgraded from Cylc 7 item
    names (with a warning) and validated, as objects."""
    from cylc_flow.broadcast.settings import coerce_leaf, nest, parse_setting_text
    from cylc_flow.broadcast.upgrade import upgrade_leaves

    settings = []
    for text in args.settings:
        for path, value in upgrade_leaves([parse_setting_text(text)],
                                         _warn_upgraded):
            coerce_leaf(path, value or '')
            settings.append(nest(path, value))
    for path, value in _file_leaves(args.setting_files):
        coerce_leaf(path, value)
        settings.append(nest(path, value))
    if not settings:
        raise InputError('No valid settings to broadcast.')
    return settings


def cancel_settings(args: Any) -> list[dict]:
    """The ``--cancel`` and ``--cancel-file`` settings, upgraded from Cylc 7
    item names, as objects."""
    from cylc_flow.broadcast.settings import check_path, nest, parse_setting_text
    from cylc_flow.broadcast.upgrade import upgrade_leaves

    settings = []
    for text in args.cancel:
        for path, _ in upgrade_leaves(
                [parse_setting_text(text, with_value=False)], _warn_upgraded):
            check_path(path)
            settings.append(nest(path, None))
    for path, _ in _file_leaves(args.cancel_files):
        settings.append(nest(path, None))
    if not settings:
        raise InputError('No valid settings to broadcast.')
    return settings


def _file_leaves(files: list[str]) -> list[tuple[tuple[str, ...], str]]:
    """Every item of files of ``[runtime][<namespace>]`` settings."""
    from cylc_flow.broadcast.setting_files import read_setting_file

    leaves: list[tuple[tuple[str, ...], str]] = []
    for name in files:
        text = sys.stdin.read() if name == '-' else None
        leaves.extend(read_setting_file(name, text, _warn_upgraded))
    return leaves


def _warn_upgraded(message: str) -> None:
    print(f'WARNING - {message}', file=sys.stderr)


# ---- talking to the scheduler --------------------------------------------------------
def _request(target: Target, query: str, variables: dict, timeout: float
             ) -> dict[str, Any]:
    return graphql(target, query, {'wFlows': [target.workflow_id], **variables},
                   timeout=timeout)


def _send(target: Target, variables: dict, args: Any, multi: bool) -> int:
    data = _request(target, MUTATION, variables, args.comms_timeout)
    prefix = f'{target.workflow_id}: ' if multi else ''
    status = 0
    for changes, bad in reports(data, is_set=variables['bMode'] == 'Set'):
        if changes:
            print(prefix + changes)
        if bad:
            print(f'{prefix}ERROR: {bad}', file=sys.stderr)
            status = 1
    return status


def reports(data: Any, *, is_set: bool) -> list[tuple[str, str]]:
    """``[(change report, error text)]``, one per workflow, of a broadcast
    mutation's reply: Cylc 8's ``[modified_settings, bad_options]``
    response worded here, client side (a refused request's
    ``[False, message]`` gives its message as the error)."""
    from cylc_flow.broadcast.report import response_report
    from cylc_flow.broadcast.settings import BroadcastSettingError

    entries = (data or {}).get('broadcast', {}) if isinstance(data, dict) else {}
    results = entries.get('result') if isinstance(entries, dict) else None
    if not isinstance(results, list) or not results:
        return [('', f'unexpected reply from the scheduler: {data!r}')]
    found: list[tuple[str, str]] = []
    for entry in results:
        response = entry.get('response') if isinstance(entry, dict) else None
        if isinstance(response, (list, tuple)) and len(response) == 2 and \
                isinstance(response[0], bool):
            found.append(('', str(response[1] or 'broadcast refused')))
            continue
        try:
            found.append(response_report(response, is_set=is_set))
        except BroadcastSettingError:
            found.append(('', f'malformed result: {entry!r}'))
    return found


def _display(target: Target, args: Any, task: str | None) -> int:
    """Print the active broadcasts (those that apply to ``task``, with its
    families' and root's, when given: the scheduler filters them)."""
    from cylc_flow.broadcast.report import tree_lines

    data = _request(target, QUERY, {'nIds': [task] if task else []},
                    args.comms_timeout)
    for record in data.get('workflows') or []:
        broadcasts = record.get('broadcasts') or {}
        if args.format == 'json':
            print(json.dumps(broadcasts, indent=2, sort_keys=True))
        elif args.raw or args.format == 'raw':
            print(str(broadcasts))
        else:
            for line in tree_lines(broadcasts, use_unicode=args.unicode):
                print(line)
    return 0


def _task_part(text: str) -> str:
    """A ``cycle/task`` glob (checked), as a relative task ID."""
    cycle, slash, name = text.strip().strip('/').partition('/')
    if not slash or not cycle or not name or '/' in name:
        raise InputError('TASK_ID_GLOB must be in the format: cycle/task')
    return f'{cycle}/{name}'
