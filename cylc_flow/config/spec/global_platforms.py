"""global.cylc ``[platforms]`` and ``[platform groups]``."""

from __future__ import annotations

from cylc_flow.config.spec.durations import DurationFloat
from cylc_flow.config.spec.model import Section, conf, item, renamed, with_defaults
from cylc_flow.config.spec.shared_items import (
    directives_section,
    job_polling_items,
    log_retrieval_items,
    meta_section,
)
from cylc_flow.config.spec.value_types import (
    BOOLEAN,
    INTEGER,
    INTERVAL_LIST,
    STRING,
    STRING_LIST,
)

COMMUNICATION_METHODS = ('zmq', 'poll', 'ssh')
SELECTION_METHODS = ('random', 'definition order')

_PLATFORM_META = meta_section(
    'Information about the platform for users (not used by Cylc).',
    predefined=False,
)

_SELECTION = conf('selection', 'How a host is chosen from the platform hosts.', [
    item('method', STRING, 'random',
         'random, or definition order (the first reachable host).',
         options=SELECTION_METHODS),
])

_PLATFORM = conf(
    '<platform name>',
    'A platform: hosts sharing a file system and a job runner; the name is a '
    'regular expression.',
    [
        _PLATFORM_META,
        item('hosts', STRING_LIST, None,
             'Hosts from which the job host is selected (default: the '
             'platform name).'),
        item('job runner', STRING, 'background',
             'System that runs the jobs: background, at, slurm, pbs, lsf, ...'),
        item('job runner command template', STRING, None,
             'Command used to submit jobs; %(job)s is the job file path.'),
        item('shell', STRING, '/bin/bash', 'Shell used to run job scripts.'),
        item('communication method', STRING, 'zmq',
             'How jobs report progress: zmq, poll or ssh.',
             options=COMMUNICATION_METHODS),
        *job_polling_items(global_defaults=True),
        item('execution time limit polling intervals', INTERVAL_LIST,
             [DurationFloat(60.0, 'PT1M'), DurationFloat(120.0, 'PT2M'),
              DurationFloat(420.0, 'PT7M')],
             'Intervals at which to poll a job after its time limit passes.'),
        item('ssh command', STRING, 'ssh -oBatchMode=yes -oConnectTimeout=10',
             'Command used to run commands on the platform.'),
        item('rsync command', STRING, 'rsync',
             'Command used to install files on the platform.'),
        item('use login shell', BOOLEAN, True,
             'Run remote commands in a login shell (bash --login).'),
        item('cylc path', STRING, None,
             'Directory of the cylc executable on the platform, if not in '
             '$PATH.'),
        item('global init-script', STRING, None,
             'Script run at the start of every job on this platform.'),
        item('copyable environment variables', STRING_LIST, [],
             'Scheduler environment variables copied into jobs.'),
        log_retrieval_items()[0],
        item('retrieve job logs command', STRING, 'rsync -a',
             'Command used to retrieve job logs.'),
        *log_retrieval_items()[1:],
        item('tail command template', STRING,
             'tail -n +1 --follow=name %(filename)s',
             'Command used by cylc cat-log to follow a job log.'),
        item('err tailer', STRING, None,
             'Command (%(job_id)s) to follow the stderr of a running job '
             'outside its log file.'),
        item('out tailer', STRING, None,
             'Command (%(job_id)s) to follow the stdout of a running job '
             'outside its log file.'),
        item('err viewer', STRING, None,
             'Command (%(job_id)s) to view the stderr of a running job.'),
        item('out viewer', STRING, None,
             'Command (%(job_id)s) to view the stdout of a running job.'),
        item('job name length maximum', INTEGER, None,
             'Longest job name the job runner accepts (e.g. 15 for old PBS).'),
        item('install target', STRING, None,
             'Where files are installed for this platform (default: the '
             'platform name).'),
        item('clean job submission environment', BOOLEAN, False,
             'Submit jobs from a clean environment, not the scheduler\'s.'),
        item('job submission environment pass-through', STRING_LIST, None,
             'Variables passed into a clean job submission environment.'),
        item('job submission executable paths', STRING_LIST, None,
             'Extra executable paths for a clean job submission environment.'),
        item('max batch submit size', INTEGER, 100,
             'Most jobs submitted to this platform in one batch.'),
        item('ssh forward environment variables', STRING_LIST, [],
             'Variables forwarded over ssh when starting remote schedulers.'),
        _SELECTION,
        directives_section(),
    ],
)

_LOCALHOST_SELECTION = with_defaults(_SELECTION, method='definition order')

_LOCALHOST = Section(
    'localhost',
    'The default platform: jobs on the scheduler host.',
    tuple(
        item('hosts', STRING_LIST, ['localhost'],
             'Hosts of the localhost platform (you rarely change this).')
        if child.name == 'hosts'
        else _LOCALHOST_SELECTION if child.name == 'selection'
        else child
        for child in _PLATFORM.children
    ),
)

GLOBAL_PLATFORMS = conf(
    'platforms',
    'Compute resources: later definitions take precedence when names match.',
    [_PLATFORM, _LOCALHOST],
)

GLOBAL_PLATFORM_GROUPS = conf(
    'platform groups',
    'Groups of platforms that are equally good for a job.',
    [conf('<group>', 'A named group of platforms.', [
        renamed(_PLATFORM_META, 'meta'),
        item('platforms', STRING_LIST, None,
             'Platforms that may be selected for this group.'),
        conf('selection', 'How a platform is chosen from the group.', [
            item('method', STRING, 'random',
                 'random, or definition order (the first available platform).',
                 options=SELECTION_METHODS),
        ]),
    ])],
)
