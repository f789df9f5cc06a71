"""cylc jobs-kill [OPTIONS] JOB_LOG_ROOT [JOB_LOG_DIR ...]

(This command is for internal use.)

Kill jobs through their job runners (a started local job is killed with
its process group) and record the kill in job.status.  JOB_LOG_ROOT is the
workflow's log/job directory; each JOB_LOG_DIR is CYCLE/TASK/NN below it.

Prints one line per job for the scheduler:
  [TASK JOB SUMMARY]TIME|CYCLE/TASK/NN|RET_CODE
followed by any error as [TASK JOB ERROR] lines.
"""

from __future__ import annotations

import sys

from cylc_flow.cli.options import add_common_options, make_parser


def get_parser():
    parser = make_parser('cylc jobs-kill', __doc__)
    parser.add_argument('job_log_root', metavar='JOB_LOG_ROOT',
                        help='the log/job directory of the workflow')
    parser.add_argument('job_log_dirs', metavar='JOB_LOG_DIR', nargs='*',
                        help='CYCLE/TASK/NN of a job')
    parser.add_argument('--utc-mode', action='store_true',
                        help='write times in UTC')
    add_common_options(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    from cylc_flow.jobs.kill import kill_jobs

    args = get_parser().parse_args(argv)
    lines = kill_jobs(args.job_log_root, args.job_log_dirs,
                      utc_mode=args.utc_mode)
    if lines:
        sys.stdout.write('\n'.join(lines) + '\n')
    sys.stdout.flush()
    return 0


if __name__ == '__main__':
    from cylc_flow.cli.errors import run_guarded

    sys.exit(run_guarded(main, sys.argv[1:]))
