"""Loading a workflow's configuration from command-line arguments."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from cylc_flow.cli.options import template_vars_from
from cylc_flow.workflow_paths import WorkflowLocation, locate_workflow


def installed_template_vars(location: WorkflowLocation) -> dict[str, Any]:
    """Template variables recorded at install time (``opt/`` options file)."""
    options_file = location.directory / 'log' / 'install' / 'template_vars.json'
    if not location.installed or not options_file.is_file():
        return {}
    import json

    try:
        return dict(json.loads(options_file.read_text()))
    except (OSError, ValueError):
        return {}


def load_workflow_config(
    args: argparse.Namespace, *, icp: str | None = None, quiet: bool = False
):
    """Locate the workflow named by ``args.workflow`` and load its config."""
    from cylc_flow.config.workflow_config import WorkflowConfig

    location = locate_workflow(getattr(args, 'workflow', None))
    template_vars = template_vars_from(args, installed_template_vars(location))

    def warn(message: str) -> None:
        if not quiet:
            print(f'WARNING - {message}', file=sys.stderr)

    return WorkflowConfig(
        location.flow_file,
        location.workflow_id,
        template_vars=template_vars,
        icp=icp or getattr(args, 'icp', None),
        run_dir=location.directory if location.installed else None,
        warn=warn,
    )
