"""``cylc install`` and ``cylc reinstall``: copy a source into a run directory."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from cylc_flow.exceptions import WorkflowFilesError
from cylc_flow.install.file_sync import Change, sync_tree
from cylc_flow.install.ignore_rules import PathFilter, compile_rule, read_rules_file
from cylc_flow.install.install_log import InstallLog
from cylc_flow.install.layout import (
    CYLC_IGNORE,
    INSTALL_DIR,
    INSTALL_SOURCE_LINK,
    LOG_DIR,
    SERVICE_DIR,
    SHARE_DIR,
    SUITE_RC,
    WORK_DIR,
)
from cylc_flow.install.names import validate_run_name, validate_workflow_name
from cylc_flow.install.run_dirs import check_nested_dirs, link_run_n, plan_run_dir
from cylc_flow.install.settings import expand_path, max_depth
from cylc_flow.install.sources import (
    abort_if_flow_file_in_path,
    check_flow_file,
    source_workflow_name,
    validate_source_dir,
)
from cylc_flow.install.symlink_dirs import SymlinkConfig, make_localhost_symlinks
from cylc_flow.workflow_paths import cylc_run_dir

#: Never copied from a source (and never deleted from a run by reinstall).
INSTALL_EXCLUSIONS = (
    '.git',
    '.svn',
    CYLC_IGNORE,
    'opt/rose-suite-cylc-install.conf',
    LOG_DIR,
    WORK_DIR,
    SHARE_DIR,
    INSTALL_DIR,
    SERVICE_DIR,
)

SUITE_RC_WARNING = (
    "Backward compatibility mode ON for CYLC 7 'suite.rc' config files. When"
    ' ready to upgrade, rename the file to flow.cylc then address any'
    ' resulting validation errors and warnings.'
)


@dataclass(slots=True)
class InstallResult:
    """What ``install_workflow`` did."""

    source: Path
    run_dir: Path
    workflow_name: str
    workflow_id: str  # the named run, e.g. ``name/run1``
    symlinks: list[tuple[Path, Path]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def install_filter(source: Path) -> PathFilter:
    """The fixed exclusions (anchored at the top) then ``.cylcignore``."""
    rules = [compile_rule(f'/{name}') for name in INSTALL_EXCLUSIONS]
    rules.extend(read_rules_file(source / CYLC_IGNORE))
    return PathFilter(rules)


def source_link_of(run_dir: Path) -> Path | None:
    """The ``_cylc-install/source`` link of a run (in it or beside it)."""
    for directory in (run_dir, run_dir.parent):
        link = directory / INSTALL_DIR / INSTALL_SOURCE_LINK
        if link.is_symlink():
            return link
    return None


def _check_source_link(link: Path, source: Path) -> bool:
    """Whether the link already points at ``source``; refuse a mismatch."""
    if not link.is_symlink():
        return False
    if not link.exists():
        raise WorkflowFilesError(
            f'Symlink broken: {link} -> {os.readlink(link)}.'
        )
    previous = link.resolve()
    if previous != source.resolve():
        raise WorkflowFilesError(
            f'Failed to install from {source.resolve()}: previous'
            f' installations were from {previous}'
        )
    return True


def install_workflow(
    source: Path,
    workflow_name: str | None = None,
    run_name: str | None = None,
    no_run_name: bool = False,
    cli_symlink_dirs: SymlinkConfig | None = None,
) -> InstallResult:
    """Install a source directory as a new run below ``~/cylc-run``.

    Args:
        source: the source directory (absolute).
        workflow_name: default: the path below a source dir, or the base name.
        run_name: a custom run name instead of ``runX``.
        no_run_name: install into ``~/cylc-run/<workflow_name>`` itself.
        cli_symlink_dirs: ``--symlink-dirs`` as parsed (None: global.cylc).

    Raises:
        WorkflowFilesError: any of Cylc 8's refusals (names, nesting, an
            existing run, a source without a flow file...).
    """
    abort_if_flow_file_in_path(source)
    source = Path(expand_path(source)).resolve()
    if not workflow_name:
        workflow_name = source_workflow_name(source)
    if run_name is not None:
        validate_run_name(workflow_name, run_name)
    else:
        validate_workflow_name(workflow_name, check_reserved=True)
    workflow_name = os.path.normpath(workflow_name)
    flow_file = validate_source_dir(source, workflow_name)
    root = cylc_run_dir()
    workflow_dir = root / workflow_name
    plan = plan_run_dir(workflow_dir, run_name, no_run_name)
    run_dir = plan.run_dir
    workflow_id = str(run_dir.relative_to(root))
    depth = max_depth()
    if len(Path(workflow_id).parts) > depth:
        raise WorkflowFilesError(
            f"Cannot install: workflow ID '{workflow_id}' would exceed"
            f' global.cylc[install]max depth = {depth}'
        )
    check_nested_dirs(run_dir, workflow_dir)
    if os.path.lexists(run_dir):
        raise WorkflowFilesError(
            f"'{run_dir}' already exists. To reinstall, use `cylc reinstall`"
        )
    install_dir = (run_dir if no_run_name else run_dir.parent) / INSTALL_DIR
    source_link = install_dir / INSTALL_SOURCE_LINK
    link_in_place = _check_source_link(source_link, source)

    result = InstallResult(source, run_dir, workflow_name, workflow_id)
    result.symlinks = make_localhost_symlinks(run_dir, workflow_id, cli_symlink_dirs)
    try:
        run_dir.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise WorkflowFilesError(
            f'Cannot install as there is an existing file at {run_dir}.'
        ) from None
    with InstallLog(run_dir, 'install') as log:
        for link, target in result.symlinks:
            log.info(f'Symlink created: {link} -> {target}')
        if plan.relink:
            link_run_n(run_dir)
        copied = sync_tree(source, run_dir, install_filter(source))
        log.info(
            f'Copying files from {source} to {run_dir}\n'
            + '\n'.join(str(change) for change in copied.changes)
        )
        for error in copied.errors:
            message = (
                f'An error occurred when copying files from {source} to'
                f' {run_dir}: {error}'
            )
            log.warning(message)
            result.warnings.append(message)
        (run_dir / SERVICE_DIR).mkdir(exist_ok=True)
        if flow_file.name == SUITE_RC:
            result.warnings.append(SUITE_RC_WARNING)
        install_dir.mkdir(parents=True, exist_ok=True)
        if link_in_place:
            log.info(f'Symlink from "{source_link}" to "{source}" in place.')
        else:
            log.info(f'Creating symlink from {source_link}')
            source_link.symlink_to(source)
        from cylc_flow.install.vcs_info import record_vcs_info

        record_vcs_info(source, run_dir, log)
        log.info(f'INSTALLED {workflow_id} from {source}')
    return result


def reinstall_workflow(
    source: Path, workflow_id: str, run_dir: Path, *, dry_run: bool = False
) -> list[Change]:
    """Bring an installed run up to date with its source; return the changes.

    Files removed from the source are removed from the run, except
    ``log/``, ``share/``, ``work/``, ``.service/``, ``_cylc-install/`` and
    anything ``.cylcignore`` excludes.

    Raises:
        WorkflowFilesError: the source is not installable or the copy failed.
    """
    validate_source_dir(source, workflow_id)
    check_nested_dirs(run_dir)
    path_filter = install_filter(source)
    if dry_run:
        return sync_tree(source, run_dir, path_filter, delete=True,
                         dry_run=True).changes
    with InstallLog(run_dir, 'reinstall') as log:
        log.info(f'Reinstalling "{workflow_id}", from "{source}" to "{run_dir}"')
        synced = sync_tree(source, run_dir, path_filter, delete=True)
        log.info('\n'.join(str(change) for change in synced.changes)
                 or 'no changes')
        if synced.errors:
            log.warning('\n'.join(synced.errors))
            raise WorkflowFilesError(
                f'An error occurred reinstalling from {source} to {run_dir}:'
                f' {synced.errors[0]}'
            )
        check_flow_file(run_dir)
        from cylc_flow.install.vcs_info import record_vcs_info

        record_vcs_info(source, run_dir, log)
        log.info(f'REINSTALLED {workflow_id} from {source}')
    return synced.changes
