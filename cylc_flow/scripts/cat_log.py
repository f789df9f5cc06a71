"""cylc cat-log [OPTIONS] ID

View Cylc workflow and job log files.

Print, tail-follow, print the path of, or list the directory of, scheduler,
install and job logs.

For standard log types use the short-cut option argument or the full file name
(e.g. for job stdout "-f o" or "-f job.out" will do).

The cycle point format of the workflow must be used for job logs; find the
directory with "--mode=d" (print-dir).

Examples:
  # for a task "2020/bar" in workflow "foo"

  # Print the workflow (scheduler) log:
  $ cylc cat-log foo

  # Print a specific workflow log:
  $ cylc cat-log foo -f scheduler/02-start-01.log

  # Print task stdout:
  $ cylc cat-log foo//2020/bar
  $ cylc cat-log -f o foo//2020/bar

  # Print task stderr:
  $ cylc cat-log -f e foo//2020/bar

  # Print a custom file in a job's log directory:
  $ cylc cat-log -f my-log-file foo//2020/bar

  # Follow a log file:
  $ cylc cat-log foo//2020/bar -m t

Log Files:
  Select the log file to view with the --file option.
  Either provide the file path or use one of the short options:

  Job Logs:
    j    job
    o    job.out
    e    job.err
    a    job-activity.log
    s    job.status
    x    job.xtrace

  Workflow Logs:
    c    workflow configuration file (raw)
    p    workflow configuration file (processed)
    i    install log
    s    scheduler log

  Use "--mode=l" to list available log files for a workflow/job.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import socket
import subprocess
import sys
from pathlib import Path

from cylc_flow.cli.options import add_common_options, make_parser

MODES = {
    'p': 'print',
    'l': 'list-dir',
    'd': 'print-dir',
    'c': 'cat',
    't': 'tail',
}


def get_parser() -> argparse.ArgumentParser:
    parser = make_parser('cylc cat-log', __doc__)
    parser.add_argument('ids', nargs='+', metavar='ID',
                        help='a workflow, task or job ID')
    parser.add_argument(
        '-f', '--file', metavar='LOG', dest='filename',
        help=(
            'the file to view; default for job logs "out", for workflow logs'
            ' "scheduler/log" (see "Log Files" above)'
        ),
    )
    parser.add_argument(
        '-m', '--mode', default='c', choices=[*MODES, *MODES.values()],
        help='mode: ' + ', '.join(f'{key}({value})' for key, value in MODES.items())
        + '; default c(cat)',
    )
    parser.add_argument(
        '-r', '--rotation', type=int, metavar='INT', dest='rotation_num',
        help='workflow log rotation number: 0 for current, 1 for next oldest...',
    )
    parser.add_argument(
        '-s', '--submit-number', '-t', '--try-number', metavar='INT',
        dest='submit_num', help='job submit number (default NN, the latest)',
    )
    parser.add_argument(
        '--prepend-path', action='store_true',
        help='prepend the file path to the output as <host>:<path>',
    )
    add_common_options(parser)
    return parser


def _split_ids(ids: list[str]):
    """The workflow ID and the Tokens of the (optional) task or job."""
    from cylc_flow.exceptions import InputError
    from cylc_flow.id import Tokens

    if len(ids) > 2:
        raise InputError('cylc cat-log takes one workflow, task or job ID')
    tokens = Tokens.parse(ids[0])
    if tokens.user:
        import getpass

        if tokens.user != getpass.getuser():
            raise InputError(
                f'cannot read logs of another user ({tokens.user}) from here'
            )
    if not tokens.workflow:
        raise InputError(f'no workflow in ID: {ids[0]}')
    if len(ids) == 2:
        if tokens.cycle is not None:
            raise InputError('give one task or job ID')
        relative = Tokens.parse(ids[1], relative=True)
        tokens = tokens.duplicate(cycle=relative.cycle, task=relative.task,
                                  job=relative.job)
    return tokens


def view_log(path: Path, mode: str, tail_template: str, prepend: bool) -> int:
    """Show one log file in the chosen mode; return the exit status."""
    if mode == 'print':
        print(path)
        return 0
    if mode == 'print-dir':
        print(path.parent)
        return 0
    if mode == 'list-dir':
        try:
            names = sorted(os.listdir(path.parent))
        except OSError:
            print(f'directory not found: {path.parent}', file=sys.stderr)
            return 1
        for name in names:
            print(name)
        return 0
    if not path.exists():
        print(f'file not found: {path}', file=sys.stderr)
        return 1
    if prepend:
        print(f'# {socket.gethostname()}:{path}', flush=True)
    if mode == 'cat':
        try:
            with open(path, 'rb') as handle:
                sys.stdout.flush()
                shutil.copyfileobj(handle, sys.stdout.buffer)
                sys.stdout.buffer.flush()
        except IsADirectoryError:
            print(f'not a file: {path}', file=sys.stderr)
            return 1
        return 0
    command = tail_template % {'filename': shlex.quote(str(path))}
    try:
        process = subprocess.Popen(shlex.split(command), stdin=subprocess.DEVNULL)
    except OSError as exc:
        print(f'cannot run "{command}": {exc.strerror}', file=sys.stderr)
        return 1
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        process.wait()
        return 0


def main(argv: list[str] | None = None) -> int:
    from cylc_flow.exceptions import InputError
    from cylc_flow.install.log_files import (
        check_relative_path,
        job_log_path,
        list_workflow_logs,
        submit_number_text,
        workflow_log_path,
    )
    from cylc_flow.install.run_dirs import installed_run_dir
    from cylc_flow.install.settings import localhost_platform

    args = get_parser().parse_args(argv)
    if args.filename is not None:
        check_relative_path(args.filename)
    mode = MODES.get(args.mode, args.mode)
    tokens = _split_ids(args.ids)
    if tokens.cycle is not None and tokens.task is None:
        print('Please provide a workflow, task or job ID', file=sys.stderr)
        return 1
    run_dir, _workflow_id = installed_run_dir(tokens.workflow or '')
    template = os.path.expandvars(
        localhost_platform().get('tail command template')
        or 'tail -n +1 --follow=name %(filename)s'
    )
    if tokens.task is None:
        if mode == 'list-dir':
            for name in list_workflow_logs(run_dir):
                print(name)
            return 0
        path = workflow_log_path(run_dir, args.filename, args.rotation_num or 0)
        return view_log(path, mode, template, args.prepend_path)
    if args.rotation_num is not None:
        raise InputError('only workflow (not job) logs get rotated')
    submit = submit_number_text(args.submit_num or tokens.job)
    path = job_log_path(run_dir, tokens.cycle or '', tokens.task, submit,
                        args.filename)
    return view_log(path, mode, template, args.prepend_path)
