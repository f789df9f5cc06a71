"""Turn parsed graph chains into dependencies, tasks and optional outputs.

A chain ``E0 => E1 => ... => En`` means: every node of ``E0`` is in the
graph (its qualifier and ``?`` set its output's optionality), and for each
pair ``Ei => Ei+1`` every node on the right depends on the whole of ``Ei``
(the qualifier of a node on the right only sets optionality).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence

from cylc_flow.config.parameters import Parameters
from cylc_flow.exceptions import GraphParseError, ParamExpandError
from cylc_flow.graph.expansion import expand_chain
from cylc_flow.graph.lines import GraphLine
from cylc_flow.graph.model import (
    OUTPUT_FAILED,
    OUTPUT_FINISHED,
    OUTPUT_SUCCEEDED,
    STANDARD_OUTPUTS,
    Expr,
    GraphParseResult,
    TaskTrigger,
    XtriggerRef,
    new_dependency,
)
from cylc_flow.graph.optional_outputs import OutputOptionality
from cylc_flow.graph.qualifiers import (
    DEFAULT_FAMILY_QUALIFIER,
    FAMILY_TRIGGERS,
    family_member_outputs,
    standard_output,
)
from cylc_flow.graph.syntax import (
    Element,
    NodeSyntax,
    Tree,
    XtriggerSyntax,
    parse_element,
)

# Lines of plain task names only: "a => b => c" (whitespace removed).
_SIMPLE_CHAIN = re.compile(r'\w[\w\-+%@]*(?:=>\w[\w\-+%@]*)*').fullmatch
_OPERATOR_NAMES = {'&': 'and', '|': 'or'}


class GraphBuilder:
    """Accumulate the lines of one graph string."""

    def __init__(
        self,
        families: Mapping[str, Sequence[str]],
        parameters: Parameters | None,
        output_names: Mapping[str, Collection[str]] | None,
    ) -> None:
        self._families = families
        self._parameters = parameters
        self._output_names = output_names
        self.result = GraphParseResult()
        self._optionality = OutputOptionality()
        self._dependency_suicide: dict[tuple[str, Expr | str], bool] = {}
        self._triggers: dict[tuple[str, str, str | None], TaskTrigger] = {}
        self._success: dict[str, TaskTrigger] = {}
        self._required_success: set[str] = set()
        self._names: dict[str, str] = {}
        self._elements: dict[str, Element] = {}

    def finish(self) -> GraphParseResult:
        """The result, with optional outputs filled in."""
        self.result.output_optional = self._optionality.result()
        return self.result

    # ---- lines ------------------------------------------------------------------
    def add_line(self, line: GraphLine) -> None:
        """Add one logical line; errors name the line."""
        try:
            self._add_line(line)
        except (GraphParseError, ParamExpandError) as exc:
            display = line[1]
            message = str(exc)
            if message.endswith(display):
                raise
            raise type(exc)(f'{message} (line: {display})') from None

    def _add_line(self, line: GraphLine) -> None:
        text, display, pair = line[:3]
        if pair is not None:
            families = self._families
            if not families or (
                pair[0] not in families and pair[1] not in families
            ):
                self._add_simple_pair(pair[0], pair[1], display)
                return
            text = f'{pair[0]}=>{pair[1]}'
        if '&&' in text:
            raise GraphParseError(f"The graph AND operator is '&': {display}")
        if '||' in text:
            raise GraphParseError(f"The graph OR operator is '|': {display}")
        if _SIMPLE_CHAIN(text):
            names = text.split('=>')
            families = self._families
            if not families or families.keys().isdisjoint(names):
                self._add_simple_chain(names, display)
                return
        cache = self._elements
        elements = []
        for part in text.split('=>'):
            element = cache.get(part)
            if element is None:
                element = cache[part] = parse_element(part, display)
            elements.append(element)
        if any(element.has_params for element in elements):
            for chain in expand_chain(elements, self._parameters, display):
                self._add_chain(chain, display)
        else:
            self._add_chain(elements, display)

    def _add_simple_pair(self, left: str, right: str, display: str) -> None:
        """Fast path for ``a => b`` with tasks only (the common line)."""
        if left == right:
            raise GraphParseError(
                f'self-edge detected: {left}:{OUTPUT_SUCCEEDED} => {right}'
            )
        required = self._required_success
        trigger = self._success.get(left)
        if trigger is None:
            left = self._name(left)
            trigger = self._success[left] = self._trigger(left, OUTPUT_SUCCEEDED, None)
        else:
            left = trigger.task
        if left not in required:
            self.result.tasks.add(left)
            self.result.sequence_tasks.add(left)
            self._set_optional(left, OUTPUT_SUCCEEDED, False, False, display)
            required.add(left)
        name = self._names.get(right)
        if name is None or name not in required:
            right = self._name(right)
            self.result.tasks.add(right)
            self.result.sequence_tasks.add(right)
            self._set_optional(right, OUTPUT_SUCCEEDED, False, False, display)
            required.add(right)
        else:
            right = name
        # Same key as _add_dependency uses for a plain success trigger.
        key = (right, left)
        previous = self._dependency_suicide.get(key)
        if previous is None:
            self._dependency_suicide[key] = False
            self.result.dependencies.append(
                new_dependency(right, trigger, False, display)
            )
        elif previous:
            raise GraphParseError(
                f"{left} can't trigger both {right} and !{right}: {display}"
            )

    def _add_simple_chain(self, names: list[str], display: str) -> None:
        """Fast path for ``a => b => c`` (or a lone ``a``) with tasks only."""
        first = self._name(names[0])
        self.result.tasks.add(first)
        self.result.sequence_tasks.add(first)
        self._set_required_success(first, display)
        previous = first
        for name in names[1:]:
            if name == previous:
                raise GraphParseError(
                    f'self-edge detected: {previous}:{OUTPUT_SUCCEEDED} => {name}'
                )
            name = self._name(name)
            self.result.tasks.add(name)
            self.result.sequence_tasks.add(name)
            self._add_dependency(
                name, self._trigger(previous, OUTPUT_SUCCEEDED, None), False,
                previous, display,
            )
            self._set_required_success(name, display)
            previous = name

    def _set_required_success(self, task: str, display: str) -> None:
        # Once task:succeeded is fixed as required, setting it again can
        # neither change it nor fail (task:failed cannot be in use).
        if task not in self._required_success:
            self._set_optional(task, OUTPUT_SUCCEEDED, False, False, display)
            self._required_success.add(task)

    def _name(self, name: str) -> str:
        """One shared string object per task name."""
        found = self._names.get(name)
        if found is None:
            found = self._names[name] = name
        return found

    # ---- chains -----------------------------------------------------------------
    def _add_chain(self, chain: list[Element], display: str) -> None:
        first = chain[0]
        if first.has_suicide:
            raise GraphParseError(
                f'Suicide markers must be on the right of a trigger: {first.text}'
            )
        for leaf in first.leaves:
            if isinstance(leaf, NodeSyntax):
                self._add_lone_node(leaf, display)
        last = len(chain) - 1
        for index in range(last):
            self._add_pair(chain[index], chain[index + 1], index + 1 == last, display)

    def _add_lone_node(self, node: NodeSyntax, display: str) -> None:
        """A node at the start of a chain (or alone) is in the graph."""
        members = self._family_members(node.name)
        if members is not None:
            self.result.tasks.update(members)
            if node.offset is not None:
                return
            self.result.sequence_tasks.update(members)
            outputs, optional = self._family_right_outputs(node)
            for member in members:
                for output in outputs:
                    self._set_optional(member, output, optional, True, display)
            return
        name = self._name(node.name)
        self.result.tasks.add(name)
        if node.offset is not None:
            # Offset nodes neither define the sequence nor set optionality.
            return
        self.result.sequence_tasks.add(name)
        output = self._task_right_output(node, node.name)
        self._set_optional(name, output, node.optional, False, display)

    def _add_pair(
        self, left: Element, right: Element, terminal: bool, display: str
    ) -> None:
        if right.has_or:
            raise GraphParseError(f'Illegal OR on right side: {right.text}')
        if left.has_suicide:
            raise GraphParseError(
                f'Suicide markers must be on the right of a trigger: {left.text}'
            )
        if right.has_xtrigger:
            raise GraphParseError(
                f"Xtriggers can't be on the right of a trigger: {left.text}"
                f' => {right.text}'
            )
        if right.has_offset:
            if terminal:
                raise GraphParseError(
                    'Illegal cycle point offset on the right:'
                    f' {left.text} => {right.text}'
                )
            # Cylc 8 ignores "a => b[-P1]" in the middle of a chain.
            return
        triggers: list[TaskTrigger] = []
        labels: list[str] = []
        expression, conditional = self._convert(left.tree, left.text, triggers, labels)
        if labels and conditional:
            raise GraphParseError(
                'Xtriggers cannot be used in conditional graph expressions:'
                f' {left.text} => {right.text}'
            )
        for node in right.leaves:
            assert isinstance(node, NodeSyntax)
            members = self._family_members(node.name)
            if members is not None:
                outputs, optional = self._family_right_outputs(node)
                family = True
            else:
                members = (self._name(node.name),)
                outputs = (self._task_right_output(node, right.text),)
                optional = node.optional
                family = False
            for target in members:
                self._add_target(
                    target, node.suicide, expression, triggers, labels,
                    left.text, display,
                )
                if not node.suicide:
                    for output in outputs:
                        self._set_optional(target, output, optional, family, display)

    def _add_target(
        self,
        target: str,
        suicide: bool,
        expression: Expr,
        triggers: list[TaskTrigger],
        labels: list[str],
        left_text: str,
        display: str,
    ) -> None:
        result = self.result
        result.tasks.add(target)
        if not suicide:
            result.sequence_tasks.add(target)
            for trigger in triggers:
                if trigger.task == target and trigger.offset is None:
                    raise GraphParseError(
                        f'self-edge detected: {trigger} => {target}'
                    )
        self._add_dependency(target, expression, suicide, left_text, display)
        if labels:
            result.xtriggers.setdefault(target, set()).update(labels)

    def _add_dependency(
        self,
        target: str,
        expression: Expr,
        suicide: bool,
        left_text: str,
        display: str,
    ) -> None:
        if (
            type(expression) is TaskTrigger
            and expression.offset is None
            and expression.output == OUTPUT_SUCCEEDED
        ):
            # Plain success triggers are keyed by name (see _add_simple_pair).
            key: tuple[str, Expr | str] = (target, expression.task)
        else:
            key = (target, expression)
        previous = self._dependency_suicide.get(key)
        if previous is None:
            self._dependency_suicide[key] = suicide
            self.result.dependencies.append(
                new_dependency(target, expression, suicide, display)
            )
        elif previous != suicide:
            raise GraphParseError(
                f"{left_text} can't trigger both {target} and !{target}: {display}"
            )

    # ---- nodes --------------------------------------------------------------------
    def _family_members(self, name: str) -> tuple[str, ...] | None:
        members = self._families.get(name)
        if members is None:
            return None
        if not members:
            raise GraphParseError(f'Family {name} has no member tasks')
        found = self.result.families.get(name)
        if found is None:
            found = tuple(self._name(member) for member in members)
            self.result.families[name] = found
        return found

    @staticmethod
    def _family_right_outputs(node: NodeSyntax) -> tuple[tuple[str, ...], bool]:
        """Member outputs (and their optionality) a family node implies."""
        qualifier = node.qualifier or DEFAULT_FAMILY_QUALIFIER
        outputs = family_member_outputs(qualifier)
        if outputs is None:
            raise GraphParseError(f'Illegal family trigger: {node.name}:{qualifier}')
        optional = node.optional
        if qualifier.startswith('finish'):
            if optional:
                raise GraphParseError(
                    f"Family pseudo-output {node.name}:{qualifier} can't be optional"
                )
            optional = True
        return outputs, optional

    @staticmethod
    def _task_right_output(node: NodeSyntax, context: str) -> str:
        if node.qualifier in FAMILY_TRIGGERS:
            raise GraphParseError(
                f'family trigger on non-family namespace {node.name}:'
                f'{node.qualifier} in {context}'
            )
        return standard_output(node.qualifier)

    def _set_optional(
        self, task: str, output: str, optional: bool, family: bool, display: str
    ) -> None:
        self._optionality.set(task, output, optional, family)

    def _trigger(self, task: str, output: str, offset: str | None) -> TaskTrigger:
        key = (task, output, offset)
        found = self._triggers.get(key)
        if found is None:
            found = self._triggers[key] = TaskTrigger(self._name(task), output, offset)
        return found

    # ---- left-side expressions ----------------------------------------------------
    def _convert(
        self,
        tree: Tree,
        text: str,
        triggers: list[TaskTrigger],
        labels: list[str],
    ) -> tuple[Expr, bool]:
        """Build the trigger expression; also say if it has an ``or``."""
        if isinstance(tree, XtriggerSyntax):
            labels.append(tree.label)
            return XtriggerRef(tree.label), False
        if isinstance(tree, NodeSyntax):
            return self._convert_node(tree, text, triggers)
        operator = _OPERATOR_NAMES[tree.operator]
        conditional = operator == 'or'
        operands: list[Expr] = []
        for operand in tree.operands:
            expression, nested_or = self._convert(operand, text, triggers, labels)
            conditional = conditional or nested_or
            _append_flat(operands, operator, expression)
        return (operator, tuple(operands)), conditional

    def _convert_node(
        self, node: NodeSyntax, text: str, triggers: list[TaskTrigger]
    ) -> tuple[Expr, bool]:
        members = self._family_members(node.name)
        if members is not None:
            found = FAMILY_TRIGGERS.get(node.qualifier or '')
            if found is None:
                hint = '' if node.qualifier else (
                    f' ({node.name} needs a qualifier, e.g. {node.name}:succeed-all)'
                )
                raise GraphParseError(f'Illegal family trigger in {text}{hint}')
            self.result.tasks.update(members)
            output, every = found
            operator = 'and' if every else 'or'
            operands: list[Expr] = []
            for member in members:
                expression = self._task_expression(
                    member, output, node.offset, triggers
                )
                _append_flat(operands, operator, expression)
            if len(operands) == 1:
                return operands[0], output == OUTPUT_FINISHED
            return (operator, tuple(operands)), (
                not every or output == OUTPUT_FINISHED
            )
        if node.qualifier in FAMILY_TRIGGERS:
            raise GraphParseError(f'family trigger on non-family namespace {text}')
        output = standard_output(node.qualifier)
        name = self._name(node.name)
        self.result.tasks.add(name)
        if output not in STANDARD_OUTPUTS and output != OUTPUT_FINISHED:
            self._check_custom_output(name, output)
        expression = self._task_expression(name, output, node.offset, triggers)
        return expression, output == OUTPUT_FINISHED

    def _task_expression(
        self, task: str, output: str, offset: str | None, triggers: list[TaskTrigger]
    ) -> Expr:
        if output == OUTPUT_FINISHED:
            succeeded = self._trigger(task, OUTPUT_SUCCEEDED, offset)
            failed = self._trigger(task, OUTPUT_FAILED, offset)
            triggers.append(succeeded)
            triggers.append(failed)
            return ('or', (succeeded, failed))
        trigger = self._trigger(task, output, offset)
        triggers.append(trigger)
        return trigger

    def _check_custom_output(self, task: str, output: str) -> None:
        if self._output_names is None:
            return
        if output not in self._output_names.get(task, ()):
            raise GraphParseError(f'Undefined custom output: {task}:{output}')


def _append_flat(operands: list[Expr], operator: str, expression: Expr) -> None:
    if isinstance(expression, tuple) and expression[0] == operator:
        operands.extend(expression[1])
    else:
        operands.append(expression)
