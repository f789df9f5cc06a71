"""cylc jobs-poll [OPTIONS] JOB_LOG_ROOT [JOB_LOG_DIR ...]

(This command is for internal use.)

Poll jobs: read each job's job.status file and, for jobs that have not
reported their end, ask their job runners whether they are still there.
JOB_LOG_ROOT is the workflow's log/job directory; each JOB_LOG_DIR is
CYCLE/TASK/NN below it.

Prints, for each job, any messages recovered from job.status as
  [TASK JOB MESSAGE]TIME|CYCLE/TASK/NN|EVENT_TIME|SEVERITY|MESSAGE
then
  [TASK JOB SUMMARY]TIME|CYCLE/TASK/NN|{"job_runner_name": ..., ...}
"""

from __future__ import annotations

import sys

from cylc_flow.cli.options import add_common_options, make_parser


def get_parser():
    parser = make_parser('cylc jobs-poll', __doc__)
    parser.add_argument('job_log_root', metavar='JOB_LOG_ROOT',
                        help='the log/job directory of the workflow')
    parser.add_argument('job_log_dirs', metavar='JOB_LOG_DIR', nargs='*',
                        help='CYCLE/TASK/NN of a job')
    parser.add_argument('--utc-mode', action='store_true',
                        help='write times in UTC')
    add_common_options(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    from cylc_flow.jobs.poll import poll_jobs

    args = get_parser().parse_args(argv)
    report = poll_jobs(args.job_log_root, args.job_log_dirs,
                       utc_mode=args.utc_mode)
    if report.stderr:
        sys.stderr.write('\n'.join(report.stderr) + '\n')
    if report.stdout:
        sys.stdout.write('\n'.join(report.stdout) + '\n')
    sys.stdout.flush()
    return 0


if __name__ == '__main__':
    from cylc_flow.cli.errors import run_guarded

    sys.exit(run_guarded(main, sys.argv[1:]))
