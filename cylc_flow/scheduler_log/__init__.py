"""The scheduler's own log files: ``log/scheduler/`` and ``log/config/``."""

from __future__ import annotations

from cylc_flow.scheduler_log.config_log import write_config_log
from cylc_flow.scheduler_log.formatter import CylcLogFormatter, time_string
from cylc_flow.scheduler_log.handler import SchedulerLogHandler
from cylc_flow.scheduler_log.naming import (
    LogFileName,
    config_log_dir,
    new_start_number,
    scheduler_log_dir,
)
from cylc_flow.scheduler_log.scheduler_log import SchedulerLog, open_scheduler_log

HEADER_EXTRA = SchedulerLogHandler.HEADER_EXTRA

__all__ = [
    'HEADER_EXTRA',
    'CylcLogFormatter',
    'LogFileName',
    'SchedulerLog',
    'SchedulerLogHandler',
    'config_log_dir',
    'new_start_number',
    'open_scheduler_log',
    'scheduler_log_dir',
    'time_string',
    'write_config_log',
]
