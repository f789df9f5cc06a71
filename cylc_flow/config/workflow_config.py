"""WorkflowConfig: a flow.cylc read, checked and turned into task definitions.

Loading runs in stages, each in its own module: read (parsec), upgrade and
validate (spec), cycling setup, ``[runtime]`` inheritance, graph parsing into
task definitions, then the consistency checks (``config/checks.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from cylc_flow import __version__
from cylc_flow.config.graph_build import (
    GraphDependency,
    GraphSection,
    TaskDefBuilder,
)
from cylc_flow.config.runtime import RuntimeNamespaces
from cylc_flow.config.taskdef import TaskDef
from cylc_flow.exceptions import CyclingError, WorkflowConfigError

DEFAULT_RUNAHEAD = 'P4'


def _print_warning(message: str) -> None:
    import sys

    print(f'WARNING - {message}', file=sys.stderr)


class WorkflowConfig:
    """The parsed, validated and expanded configuration of one workflow."""

    def __init__(
        self,
        flow_file: str | Path,
        workflow_id: str,
        *,
        template_vars: Mapping[str, Any] | None = None,
        icp: str | None = None,
        fcp: str | None = None,
        run_dir: str | Path | None = None,
        warn: Callable[[str], None] = _print_warning,
        now: Any = None,
    ) -> None:
        self.flow_file = Path(flow_file)
        self.workflow_id = workflow_id
        self.directory = self.flow_file.parent
        self.run_dir = Path(run_dir) if run_dir else None
        self.template_vars = dict(template_vars or {})
        self.warn = warn
        self.cylc7_compat = self.flow_file.name == 'suite.rc'
        self.parsed = self._read()
        self.sparse = self._validate(self.parsed)
        self.scheduling = self.sparse.setdefault('scheduling', {})
        self.cycling_mode = self._cycling_mode()
        self.context = self._cycling_context(now)
        self.initial_point = self._initial_point(icp)
        self.final_point = self._final_point(fcp)
        self.parameters = self._parameters()
        self.runtime = RuntimeNamespaces(
            self.sparse.get('runtime', {}),
            self.parameters,
            root_defaults=self._runtime_defaults(),
        )
        self.family_members = self.runtime.leaf_descendants()
        self.sections: list[GraphSection] = []
        self.output_optional: dict[tuple[str, str], bool] = {}
        self.taskdefs = self._build_taskdefs()
        from cylc_flow.config.checks import check_workflow

        check_workflow(self)

    # ---- loading -----------------------------------------------------------
    def workflow_vars(self) -> dict[str, str]:
        """Variables offered to Jinja2 and the environment while parsing."""
        name = self.workflow_id
        found = {
            'CYLC_WORKFLOW_ID': name,
            'CYLC_WORKFLOW_NAME': name.rsplit('/run', 1)[0] if '/run' in name
            else name,
            'CYLC_WORKFLOW_SOURCE_DIR': str(self.directory),
            'CYLC_VERSION': __version__,
        }
        if self.run_dir:
            found['CYLC_WORKFLOW_RUN_DIR'] = str(self.run_dir)
        return found

    def _read(self):
        from cylc_flow.config.parsec import parse_file

        if self.cylc7_compat:
            self.warn(
                'backward compatibility mode ON: suite.rc is read as a Cylc 7'
                ' suite (rename it flow.cylc to use Cylc 8 rules)'
            )
        return parse_file(
            self.flow_file, self.template_vars, workflow_vars=self.workflow_vars()
        )

    def _validate(self, parsed) -> dict:
        from cylc_flow.config.spec import FLOW_SPEC, upgrade_flow, validate

        data = upgrade_flow(
            parsed.data, parsed.origins, str(self.flow_file),
            cylc7_compat=self.cylc7_compat, warn=self.warn,
        )
        return validate(data, FLOW_SPEC, parsed.origins, str(self.flow_file))

    def _runtime_defaults(self) -> dict:
        from cylc_flow.config.spec import FLOW_SPEC, expand_defaults

        dense = expand_defaults({'runtime': {'root': {}}}, FLOW_SPEC)
        root = dict(dense['runtime']['root'])
        root.pop('inherit', None)
        return root

    def get(self, *keys: str, default: Any = None) -> Any:
        """An item of the sparse config, e.g. ``get('scheduler', 'UTC mode')``."""
        node: Any = self.sparse
        for key in keys:
            if not isinstance(node, Mapping) or key not in node:
                return default
            node = node[key]
        return node

    # ---- cycling -----------------------------------------------------------
    def _cycling_mode(self) -> str:
        mode = self.scheduling.get('cycling mode')
        if mode:
            return mode
        graph_keys = [key.strip() for key in self.scheduling.get('graph', {})]
        if not self.scheduling.get('initial cycle point') and all(
            key == 'R1' for key in graph_keys
        ):
            # a non-cycling workflow: integer cycling at point 1
            return 'integer'
        return 'gregorian'

    def _cycling_context(self, now: Any):
        from cylc_flow.cycling.context import CyclingContext

        if self.cycling_mode == 'integer':
            return CyclingContext.integer()
        scheduler = self.sparse.get('scheduler', {})
        utc = bool(scheduler.get('UTC mode') or False)
        if self.cylc7_compat and scheduler.get('UTC mode') is None:
            utc = False
        return CyclingContext.iso8601(
            calendar=self.cycling_mode,
            utc_mode=utc,
            time_zone=scheduler.get('cycle point time zone') or None,
            point_format=scheduler.get('cycle point format') or None,
            num_expanded_year_digits=int(
                scheduler.get('cycle point num expanded year digits') or 0
            ),
            now=now,
        )

    def _initial_point(self, override: str | None):
        text = override or self.scheduling.get('initial cycle point')
        if self.cycling_mode == 'integer' and not text:
            text = '1'
        if not text:
            raise WorkflowConfigError(
                'This workflow requires an initial cycle point'
                ' ([scheduling]initial cycle point, or --icp)'
            )
        constraints = self.scheduling.get('initial cycle point constraints') or []
        try:
            return self.context.resolve_initial_point(str(text), constraints)
        except CyclingError as exc:
            raise WorkflowConfigError(f'initial cycle point: {exc}') from None

    def _final_point(self, override: str | None):
        text = override or self.scheduling.get('final cycle point')
        if not text:
            return None
        try:
            point = self.context.resolve_final_point(str(text), self.initial_point)
        except CyclingError as exc:
            raise WorkflowConfigError(f'final cycle point: {exc}') from None
        if point is not None and point < self.initial_point:
            raise WorkflowConfigError(
                f'The initial cycle point:{self.initial_point} is after the'
                f' final cycle point:{point}.'
            )
        constraints = self.scheduling.get('final cycle point constraints') or []
        if constraints and point is not None:
            self.context.check_constraints(point, constraints, 'final cycle point')
        return point

    def runahead_limit(self) -> tuple[str, Any]:
        """``('count', n)`` for ``Pn`` in integer-like form, else
        ``('interval', Interval)``."""
        text = str(self.scheduling.get('runahead limit') or DEFAULT_RUNAHEAD)
        body = text[1:] if text.startswith('P') else text
        if body.isdigit():
            return 'count', int(body)
        return 'interval', self.context.interval(text)

    # ---- parameters and graph ---------------------------------------------
    def _parameters(self):
        from cylc_flow.config.parameters import Parameters

        section = dict(self.sparse.get('task parameters') or {})
        templates = section.pop('templates', None) or {}
        if not section:
            return None
        return Parameters(section, templates)

    def _make_taskdef(self, name: str) -> TaskDef:
        implicit = name not in self.runtime.sparse
        taskdef = TaskDef(name=name, namespace_hierarchy=self.runtime.mro(name),
                          is_implicit=implicit)
        taskdef.parameter_values = self.runtime.parameter_values.get(name, {})
        outputs = self.runtime.effective(name).get('outputs') if not implicit \
            else None
        for label, message in (outputs or {}).items():
            taskdef.outputs[label] = message or label
        return taskdef

    def _build_taskdefs(self) -> dict[str, TaskDef]:
        from cylc_flow.graph.parser import GraphParser, merge_output_optional

        builder = TaskDefBuilder(self._make_taskdef)
        parser = GraphParser(
            family_members=self.family_members,
            parameters=self.parameters,
            task_output_names=None,
        )
        for recurrence, text in (self.scheduling.get('graph') or {}).items():
            try:
                sequences = self.context.sequences(
                    recurrence, self.initial_point, self.final_point
                )
            except CyclingError as exc:
                raise WorkflowConfigError(
                    f'[scheduling][graph]{recurrence}: {exc}'
                ) from None
            result = parser.parse(text or '')
            section = GraphSection(
                recurrence,
                sequences,
                [GraphDependency.from_dependency(dep)
                 for dep in result.dependencies],
                set(result.sequence_tasks),
                dict(result.output_optional),
            )
            self.sections.append(section)
            self.output_optional = merge_output_optional(
                self.output_optional, result.output_optional
            )
            builder.add_section(section)
        for (task, output), optional in self.output_optional.items():
            if task in builder.taskdefs:
                builder.taskdefs[task].optional_outputs[output] = optional
        return builder.taskdefs

    # ---- views for commands ------------------------------------------------
    def task_names(self) -> list[str]:
        """Tasks used in the graph, sorted."""
        return sorted(self.taskdefs)

    def namespaces(self) -> list[str]:
        """All runtime namespaces, sorted."""
        return sorted(self.runtime.sparse)

    def rtconfig(self, name: str) -> dict:
        """The effective runtime settings of a task or family."""
        return self.runtime.effective(name)
