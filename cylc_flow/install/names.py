"""Rules for workflow and run names (the path below ``~/cylc-run``)."""

from __future__ import annotations

import os
import re
from pathlib import PurePosixPath

from cylc_flow.exceptions import WorkflowFilesError
from cylc_flow.install.layout import NUMBERED_RUN, RESERVED_NAMES

# Cylc 8's rules for workflow names, each with the message shown when broken.
_NAME_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r'^.{1,254}$'), 'must be between 1 and 254 characters long'),
    (re.compile(r'^[^.\-\d]'), 'cannot start with: `.`, `-`, numbers'),
    (
        re.compile(r'^[\w/_+\-.@]+$'),
        'can only contain: alphanumeric (regex word characters - `\\w`),'
        ' `/`, `_`, `+`, `-`, `.`, `@`',
    ),
)


def name_rule_broken(name: str) -> str | None:
    """The message of the first naming rule ``name`` breaks, or None."""
    for pattern, message in _NAME_RULES:
        if not pattern.match(name):
            return message
    return None


def validate_workflow_name(name: str, *, check_reserved: bool = False) -> None:
    """Refuse a workflow name or ID that Cylc 8 would refuse.

    Raises:
        WorkflowFilesError: bad characters, an absolute path, a path leading
            to or above ``~/cylc-run``, or (with ``check_reserved``) a
            reserved directory name such as ``log`` or ``run2``.
    """
    broken = name_rule_broken(name)
    if broken:
        raise WorkflowFilesError(f"invalid workflow name '{name}' - {broken}")
    if os.path.isabs(name):
        raise WorkflowFilesError(
            f'workflow name cannot be an absolute path: {name}'
        )
    if os.path.normpath(name).startswith(os.curdir):
        raise WorkflowFilesError(
            'Workflow name cannot be a path that points to the cylc-run '
            'directory or above'
        )
    if check_reserved:
        check_reserved_dir_names(name)


def check_reserved_dir_names(name: str) -> None:
    """Refuse a workflow or run name containing a reserved directory name."""
    for part in PurePosixPath(name).parts:
        if part in RESERVED_NAMES:
            reserved = part
        elif NUMBERED_RUN.match(part):
            reserved = 'run<number>'
        else:
            continue
        raise WorkflowFilesError(
            f"Workflow/run name cannot contain a directory named '{reserved}'"
            ' (that filename is reserved)'
        )


def validate_run_name(workflow_name: str, run_name: str) -> None:
    """Refuse a ``--run-name`` that is a path or a reserved name."""
    if len(PurePosixPath(run_name).parts) != 1:
        raise WorkflowFilesError(
            f'Run name cannot be a path. (You used {run_name})'
        )
    validate_workflow_name(f'{workflow_name}/{run_name}', check_reserved=True)
