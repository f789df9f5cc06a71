"""Config logs: the processed workflow config of each start, restart and reload.

Written to ``<run_dir>/log/config/NN-<start|restart|reload>-RR.cylc`` with a
``# cylc-version: <version>`` first line, as Cylc 8 does.
"""

from __future__ import annotations

from pathlib import Path

from cylc_flow import __version__
from cylc_flow.exceptions import WorkflowFilesError
from cylc_flow.scheduler_log.naming import (
    CONFIG_EXTENSION,
    RELOAD,
    RESTART,
    START,
    LogFileName,
    config_log_dir,
    linked_log,
    new_start_number,
    next_log_number,
    numbered_logs,
    scheduler_log_dir,
)


def _start_number_for(
    run_dir: Path | str, directory: Path, *, is_restart: bool, is_reload: bool,
) -> int:
    """The ``RR`` of a config log when the caller does not give it."""
    if is_reload:
        logs = numbered_logs(directory, CONFIG_EXTENSION)
        return logs[-1][0].start_number if logs else 1
    if not is_restart:
        return 1
    # The scheduler log is opened first; a restart log there is this run's.
    linked = linked_log(scheduler_log_dir(run_dir))
    if linked is not None and linked.load_type == RESTART:
        return linked.start_number
    return new_start_number(run_dir, is_restart=True)


def write_config_log(
    run_dir: Path | str,
    text: str,
    *,
    is_restart: bool = False,
    is_reload: bool = False,
    start_number: int | None = None,
    version: str = __version__,
) -> Path:
    """Write the processed config of a (re)start or reload; return its path.

    ``start_number`` (``RR``) defaults to 01 for a start, the start number
    of the current scheduler log for a restart, and that of the latest
    config log for a reload.
    """
    directory = config_log_dir(run_dir)
    if start_number is None:
        start_number = _start_number_for(
            run_dir, directory, is_restart=is_restart, is_reload=is_reload,
        )
    if is_reload:
        load_type = RELOAD
    elif is_restart:
        load_type = RESTART
    else:
        load_type = START
    name = LogFileName(
        next_log_number(directory, CONFIG_EXTENSION),
        load_type,
        start_number,
        CONFIG_EXTENSION,
    )
    path = directory / str(name)
    body = text if text.endswith('\n') or not text else text + '\n'
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with open(path, 'w', encoding='utf-8') as handle:
            handle.write(f'# cylc-version: {version}\n')
            handle.write(body)
    except OSError as exc:
        raise WorkflowFilesError(
            f'cannot write the config log {path}: {exc.strerror or exc}'
        ) from None
    return path
