"""Plain records produced by the graph-string parser.

A graph string such as ``a & b:fail? => c`` becomes one :class:`Dependency`
per downstream task, whose ``expression`` is a tree of :class:`TaskTrigger`
and :class:`XtriggerRef` leaves joined by ``('and', ...)`` / ``('or', ...)``
tuples.  Families are already expanded to their member tasks and parameters
to concrete names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, TypeAlias

# Standard task outputs (Cylc 8 names).
OUTPUT_EXPIRED = 'expired'
OUTPUT_SUBMITTED = 'submitted'
OUTPUT_SUBMIT_FAILED = 'submit-failed'
OUTPUT_STARTED = 'started'
OUTPUT_SUCCEEDED = 'succeeded'
OUTPUT_FAILED = 'failed'
# Pseudo-output: succeeded or failed.
OUTPUT_FINISHED = 'finished'

STANDARD_OUTPUTS = frozenset({
    OUTPUT_EXPIRED,
    OUTPUT_SUBMITTED,
    OUTPUT_SUBMIT_FAILED,
    OUTPUT_STARTED,
    OUTPUT_SUCCEEDED,
    OUTPUT_FAILED,
})

# Offsets that do not start with one of these are absolute cycle points.
_RELATIVE_OFFSET_STARTS = ('+', '-', 'P', 'T')


@dataclass(frozen=True, slots=True)
class TaskTrigger:
    """One task output that a dependency waits for."""

    task: str
    output: str
    offset: str | None = None

    @property
    def is_absolute(self) -> bool:
        """True for ``[^]``, ``[^+P1D]``, ``[$]`` and cycle points (``[2000]``).

        Relative offsets (``-P1D``, ``+P1``, ``-PT6H+P1D``, ``T00``) are not.
        """
        offset = self.offset
        if not offset:
            return False
        if offset[0] in '^$':
            return True
        return not offset.startswith(_RELATIVE_OFFSET_STARTS)

    @property
    def is_from_initial_point(self) -> bool:
        """True when the offset is relative to the initial cycle point."""
        return bool(self.offset) and self.offset[0] == '^'

    @property
    def is_from_final_point(self) -> bool:
        """True when the offset is relative to the final cycle point."""
        return bool(self.offset) and self.offset[0] == '$'

    def __str__(self) -> str:
        if self.offset:
            return f'{self.task}[{self.offset}]:{self.output}'
        return f'{self.task}:{self.output}'


@dataclass(frozen=True, slots=True)
class XtriggerRef:
    """An ``@label`` xtrigger on the left of a dependency."""

    label: str

    def __str__(self) -> str:
        return f'@{self.label}'


Operator: TypeAlias = Literal['and', 'or']
Expr: TypeAlias = TaskTrigger | XtriggerRef | tuple[Operator, tuple['Expr', ...]]


def expression_text(expression: Expr) -> str:
    """Render an expression back to graph syntax (for messages and tests)."""
    if isinstance(expression, tuple):
        operator, operands = expression
        joiner = ' & ' if operator == 'and' else ' | '
        parts = []
        for operand in operands:
            text = expression_text(operand)
            if isinstance(operand, tuple):
                text = f'({text})'
            parts.append(text)
        return joiner.join(parts)
    return str(expression)


@dataclass(frozen=True, slots=True)
class Dependency:
    """The left side of one graph trigger, for one downstream task."""

    target: str
    expression: Expr
    suicide: bool
    line: str


_new_object = object.__new__
_set_target = Dependency.target.__set__  # type: ignore[attr-defined]
_set_expression = Dependency.expression.__set__  # type: ignore[attr-defined]
_set_suicide = Dependency.suicide.__set__  # type: ignore[attr-defined]
_set_line = Dependency.line.__set__  # type: ignore[attr-defined]


def new_dependency(
    target: str, expression: Expr, suicide: bool, line: str
) -> Dependency:
    """Build a Dependency about twice as fast as ``Dependency(...)``.

    (A frozen dataclass's ``__init__`` goes through ``object.__setattr__``;
    the parser makes one of these per graph edge.)
    """
    dependency = _new_object(Dependency)
    _set_target(dependency, target)
    _set_expression(dependency, expression)
    _set_suicide(dependency, suicide)
    _set_line(dependency, line)
    return dependency


# (optional, family default, fixed): see optional_outputs.py.
OutputState: TypeAlias = tuple[bool, bool, bool]


class OptionalOutputs(dict):
    """``{(task, output): optional}`` that also carries how each was decided.

    It is a plain dict of booleans to read.  ``states`` keeps, for the same
    keys, ``(optional, family_default, fixed)`` so that
    :func:`~cylc_flow.graph.optional_outputs.merge_output_optional` can apply
    Cylc 8's family-trigger rules across graph strings.
    """

    __slots__ = ('states',)

    def __init__(self, states: dict[tuple[str, str], OutputState] | None = None):
        self.states: dict[tuple[str, str], OutputState] = dict(states or {})
        super().__init__(
            (key, state[0]) for key, state in self.states.items()
        )


@dataclass(slots=True)
class GraphParseResult:
    """Everything one graph string says."""

    dependencies: list[Dependency] = field(default_factory=list)
    # Every task named, on either side or alone (families expanded).
    tasks: set[str] = field(default_factory=set)
    # Tasks that this graph string puts on its sequence: named somewhere
    # without a cycle offset and not only as a suicide target.
    sequence_tasks: set[str] = field(default_factory=set)
    output_optional: OptionalOutputs = field(default_factory=OptionalOutputs)
    # task -> xtrigger labels it depends on.
    xtriggers: dict[str, set[str]] = field(default_factory=dict)
    # Families named in the graph string -> the member tasks used for them.
    families: dict[str, tuple[str, ...]] = field(default_factory=dict)
