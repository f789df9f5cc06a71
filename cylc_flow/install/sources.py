"""Workflow source directories: finding them and checking them."""

from __future__ import annotations

import os
import re
from pathlib import Path

from cylc_flow.exceptions import InputError, WorkflowFilesError
from cylc_flow.install.layout import FLOW_FILE, RESERVED_DIRNAMES, SUITE_RC
from cylc_flow.install.settings import expand_path, source_dirs
from cylc_flow.workflow_paths import cylc_run_dir

#: ``.``, ``..``, ``./x``, ``../x``: a path, never a source name.
EXPLICIT_RELATIVE_PATH = re.compile(r'^\.{1,2}(?:/|$)')

_BOTH_FILES = (
    'Both {flow} and {suite} files are present in {path}. Please remove one'
    ' and try again. For more information visit: https://cylc.github.io/'
    'cylc-doc/stable/html/7-to-8/summary.html#backward-compatibility'
)


def check_flow_file(directory: Path | str) -> Path:
    """The flow.cylc (or Cylc 7 suite.rc) of a directory.

    A ``flow.cylc`` symlink to the ``suite.rc`` beside it is allowed.

    Raises:
        WorkflowFilesError: neither file exists, or both do.
    """
    directory = Path(expand_path(directory))
    flow = directory / FLOW_FILE
    suite = directory / SUITE_RC
    if flow.is_file():
        if suite.is_file() and not _links_to(flow, suite):
            raise WorkflowFilesError(_BOTH_FILES.format(
                flow=FLOW_FILE, suite=SUITE_RC, path=directory
            ))
        return flow
    if suite.is_file():
        return suite
    raise WorkflowFilesError(f'No {FLOW_FILE} or {SUITE_RC} in {directory}')


def _links_to(link: Path, target: Path) -> bool:
    if not link.is_symlink():
        return False
    try:
        return link.resolve() == target.resolve()
    except OSError:
        return False


def abort_if_flow_file_in_path(source: Path | str) -> None:
    """Refuse a source path that names the flow file instead of its directory."""
    name = Path(source).name
    if name in (FLOW_FILE, SUITE_RC):
        raise InputError(
            f'Not a valid workflow ID or source directory: {source}'
            f' (note: do not include {name} in the workflow source path)'
        )


def search_source_dirs(name: str | Path) -> Path:
    """The first ``[install]source dirs`` entry holding workflow ``name``."""
    abort_if_flow_file_in_path(name)
    search_path = source_dirs()
    if not search_path:
        raise WorkflowFilesError(
            "Cannot find workflow as 'global.cylc[install]source dirs' "
            'does not contain any paths'
        )
    for directory in search_path:
        candidate = Path(expand_path(directory), name)
        try:
            return check_flow_file(candidate).parent
        except WorkflowFilesError:
            continue
    raise WorkflowFilesError(
        f"Could not find workflow '{name}' in: {', '.join(search_path)}"
    )


def source_location(text: str | None) -> Path:
    """The absolute source directory named on the command line.

    No argument means the current directory; ``./x``, ``../x``, ``~/x`` and
    absolute paths are paths; anything else is a source name looked up in
    ``[install]source dirs``.
    """
    if text is None:
        return Path.cwd()
    text = str(text).strip()
    expanded = Path(expand_path(text))
    if expanded.is_absolute():
        return expanded
    if EXPLICIT_RELATIVE_PATH.match(text):
        return Path.cwd() / expanded
    return search_source_dirs(expanded)


def source_workflow_name(source: Path) -> str:
    """The default installed name of a source: its path below a source dir,
    else its base name."""
    for directory in source_dirs():
        try:
            base = Path(expand_path(directory)).resolve()
            relative = source.relative_to(base)
        except (ValueError, OSError):
            continue
        if relative.parts:
            return str(relative)
    return source.name


def validate_source_dir(source: Path, workflow_name: str) -> Path:
    """Check a source directory can be installed; return its flow file.

    Raises:
        WorkflowFilesError: a reserved name (``log``, ``share``, ``work``,
            ``runN``, ``.service``, ``_cylc-install``) exists in it, it lies
            inside ``~/cylc-run``, or it has no flow file (or two).
    """
    for reserved in sorted(RESERVED_DIRNAMES):
        if os.path.lexists(source / reserved):
            raise WorkflowFilesError(
                f'{workflow_name} installation failed '
                f'- {reserved} exists in source directory.'
            )
    run_root = cylc_run_dir()
    try:
        resolved_root = run_root.resolve()
        resolved_source = source.resolve()
    except OSError:
        resolved_root, resolved_source = run_root, source
    if resolved_source == resolved_root or resolved_root in resolved_source.parents:
        raise WorkflowFilesError(
            f'{workflow_name} installation failed. Source directory should not'
            f' be in {run_root}.'
        )
    return check_flow_file(source)
