"""Names of the files and directories inside a workflow run directory."""

from __future__ import annotations

import re

FLOW_FILE = 'flow.cylc'
SUITE_RC = 'suite.rc'
RUN_N = 'runN'
LOG_DIR = 'log'
SHARE_DIR = 'share'
SHARE_CYCLE_DIR = 'share/cycle'
WORK_DIR = 'work'
SERVICE_DIR = '.service'
CONTACT_FILE = 'contact'
SERVICE_DB = 'db'
INSTALL_DIR = '_cylc-install'
INSTALL_SOURCE_LINK = 'source'
INSTALL_LOG_DIR = 'log/install'
CYLC_IGNORE = '.cylcignore'

#: Directory names that may not appear in a source directory (file or dir).
RESERVED_DIRNAMES = frozenset(
    {LOG_DIR, SHARE_DIR, WORK_DIR, RUN_N, SERVICE_DIR, INSTALL_DIR}
)
#: Names that may not be used as a part of a workflow or run name.
RESERVED_NAMES = frozenset({FLOW_FILE, SUITE_RC, *RESERVED_DIRNAMES})

#: Directories that ``[install][symlink dirs]`` may relocate ('' = the run dir).
SYMLINK_DIR_NAMES = ('run', LOG_DIR, SHARE_DIR, SHARE_CYCLE_DIR, WORK_DIR)

#: ``run1``, ``run2``...: the automatic run names.
NUMBERED_RUN = re.compile(r'^run(\d+)$')
