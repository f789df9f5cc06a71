"""cylc jobs-submit [OPTIONS] JOB_LOG_ROOT [JOB_LOG_DIR ...]

(This command is for internal use.)

Submit jobs to their job runners.  JOB_LOG_ROOT is the workflow's log/job
directory; each JOB_LOG_DIR is CYCLE/TASK/NN below it, holding the job
script.  Jobs are submitted in one batch per job runner.  On a remote job
host (--remote-mode) the job scripts are read from stdin first.

Prints one line per job for the scheduler:
  [TASK JOB SUMMARY]TIME|CYCLE/TASK/NN|RET_CODE|JOB_ID
followed by any submit command output as [TASK JOB COMMAND] lines.
"""

from __future__ import annotations

import sys

from cylc_flow.cli.options import add_common_options, make_parser


def get_parser():
    parser = make_parser('cylc jobs-submit', __doc__)
    parser.add_argument('job_log_root', metavar='JOB_LOG_ROOT',
                        help='the log/job directory of the workflow')
    parser.add_argument('job_log_dirs', metavar='JOB_LOG_DIR', nargs='*',
                        help='CYCLE/TASK/NN of a job')
    parser.add_argument('--remote-mode', action='store_true',
                        help='read the job scripts from stdin (on a job host)')
    parser.add_argument('--utc-mode', action='store_true',
                        help='write times in UTC')
    parser.add_argument('--clean-env', action='store_true',
                        help='submit from a clean environment (just HOME)')
    parser.add_argument('--env', metavar='VAR', action='append', default=[],
                        help='pass this variable to a clean environment'
                        ' (repeatable)')
    parser.add_argument('--path', metavar='PATH', action='append', default=[],
                        help='add this directory to PATH for submission'
                        ' (repeatable)')
    add_common_options(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    from cylc_flow.jobs.submit import submission_environment, submit_jobs

    args = get_parser().parse_args(argv)
    env = submission_environment(args.clean_env, args.env, args.path)
    lines = submit_jobs(
        args.job_log_root,
        args.job_log_dirs,
        utc_mode=args.utc_mode,
        env=env,
        remote_stdin=sys.stdin if args.remote_mode else None,
    )
    if lines:
        sys.stdout.write('\n'.join(lines) + '\n')
    sys.stdout.flush()
    return 0


if __name__ == '__main__':
    from cylc_flow.cli.errors import run_guarded

    sys.exit(run_guarded(main, sys.argv[1:]))
