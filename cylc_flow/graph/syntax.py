"""Parse one element of a graph chain (the text between arrows) to a tree.

``a & (b:fail? | FAM:succeed-any) & @clock`` becomes a :class:`Group` of
:class:`NodeSyntax` / :class:`XtriggerSyntax` leaves.  ``&`` binds tighter
than ``|`` as in Cylc's trigger evaluation.  Names still carry any
``<param>`` groups; expansion happens later.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from cylc_flow.exceptions import GraphParseError
from cylc_flow.graph.lines import bad_node_error

MAX_NESTING = 100

_TOKEN = re.compile(
    r"""
    (                                   # 1: a task or family node
      (!)?                              # 2: suicide marker
      ((?:\w[\w\-+%@]*+|<[\w,=\-+]++>)++) # 3: name, maybe with <params>
      (?:\[([\w\-+^:$]++)\])?           # 4: cycle point offset
      (?::([\w\-]++))?                  # 5: qualifier
      (\?)?                             # 6: optional output marker
    )
    |@([\w\-+%]++)                      # 7: xtrigger label
    |([&|()])                           # 8: operator or parenthesis
    """,
    re.X,
)

_PRECEDENCE = {'&': 2, '|': 1}

# One whole node (for elements without parentheses, split on & and |).
_NODE = re.compile(
    r"""
    (!)?
    ((?:\w[\w\-+%@]*+|<[\w,=\-+]++>)++)
    (?:\[([\w\-+^:$]++)\])?
    (?::([\w\-]++))?
    (\?)?
    |@([\w\-+%]++)
    """,
    re.X,
).fullmatch


@dataclass(slots=True)
class NodeSyntax:
    """A task or family reference as written."""

    name: str
    offset: str | None
    qualifier: str | None
    optional: bool
    suicide: bool


@dataclass(slots=True)
class XtriggerSyntax:
    """An ``@label`` reference."""

    label: str


@dataclass(slots=True)
class Group:
    """Operands joined by one operator (``&`` or ``|``)."""

    operator: str
    operands: list[Tree]


Tree = NodeSyntax | XtriggerSyntax | Group


@dataclass(slots=True)
class Element:
    """One element of a chain with facts the pair checks need."""

    tree: Tree
    text: str
    leaves: list[NodeSyntax | XtriggerSyntax] = field(default_factory=list)
    has_or: bool = False
    has_suicide: bool = False
    has_offset: bool = False
    has_xtrigger: bool = False
    has_params: bool = False


def iter_leaves(tree: Tree) -> Iterator[NodeSyntax | XtriggerSyntax]:
    """Leaves in written order."""
    stack: list[Tree] = [tree]
    while stack:
        item = stack.pop()
        if isinstance(item, Group):
            stack.extend(reversed(item.operands))
        else:
            yield item


def make_element(tree: Tree, text: str) -> Element:
    """Wrap a tree, computing its flags."""
    element = Element(tree, text)
    stack: list[Tree] = [tree]
    leaves = element.leaves
    while stack:
        item = stack.pop()
        if isinstance(item, Group):
            if item.operator == '|':
                element.has_or = True
            stack.extend(reversed(item.operands))
            continue
        leaves.append(item)
        if isinstance(item, XtriggerSyntax):
            element.has_xtrigger = True
            continue
        if item.suicide:
            element.has_suicide = True
        if item.offset is not None:
            element.has_offset = True
        if '<' in item.name:
            element.has_params = True
    return element


def _combine(operator: str, left: Tree, right: Tree) -> Group:
    operands: list[Tree] = []
    for operand in (left, right):
        if isinstance(operand, Group) and operand.operator == operator:
            operands.extend(operand.operands)
        else:
            operands.append(operand)
    return Group(operator, operands)


def parse_element(text: str, display: str) -> Element:
    """Parse the text of one chain element (no whitespace, no arrows)."""
    if '(' in text or ')' in text:
        return _parse_nested(text, display)
    or_operands: list[Tree] = []
    for or_part in text.split('|'):
        and_operands: list[Tree] = []
        for node_text in or_part.split('&'):
            if not node_text:
                raise GraphParseError(f'Null task name in graph: {display}')
            and_operands.append(_leaf(node_text, display))
        if len(and_operands) == 1:
            or_operands.append(and_operands[0])
        else:
            or_operands.append(Group('&', and_operands))
    if len(or_operands) == 1:
        return make_element(or_operands[0], text)
    return make_element(Group('|', or_operands), text)


def _leaf(text: str, display: str) -> NodeSyntax | XtriggerSyntax:
    match = _NODE(text)
    if match is None:
        raise bad_node_error(display)
    suicide, name, offset, qualifier, optional, label = match.groups()
    if label is not None:
        return XtriggerSyntax(label)
    return NodeSyntax(
        name, offset, qualifier, optional is not None, suicide is not None
    )


def _parse_nested(text: str, display: str) -> Element:
    """Parse an element with parentheses (operator precedence parsing)."""
    operands: list[Tree] = []
    operators: list[str] = []
    expect_operand = True
    previous = ''
    depth = 0
    position = 0
    length = len(text)
    match_token = _TOKEN.match

    def reduce() -> None:
        operator = operators.pop()
        right = operands.pop()
        left = operands.pop()
        operands.append(_combine(operator, left, right))

    while position < length:
        match = match_token(text, position)
        if match is None:
            raise bad_node_error(display)
        position = match.end()
        symbol = match.group(8)
        if symbol is None:
            if not expect_operand:
                raise bad_node_error(display)
            label = match.group(7)
            if label is not None:
                operands.append(XtriggerSyntax(label))
            else:
                operands.append(NodeSyntax(
                    match.group(3),
                    match.group(4),
                    match.group(5),
                    match.group(6) is not None,
                    match.group(2) is not None,
                ))
            expect_operand = False
        elif symbol == '(':
            if not expect_operand:
                raise bad_node_error(display)
            depth += 1
            if depth > MAX_NESTING:
                raise GraphParseError(
                    f'Parentheses nested more than {MAX_NESTING} deep: {display}'
                )
            operators.append(symbol)
        elif symbol == ')':
            if expect_operand:
                if previous == '(':
                    raise bad_node_error(display)
                raise GraphParseError(f'Null task name in graph: {display}')
            while operators and operators[-1] != '(':
                reduce()
            if not operators:
                raise GraphParseError(f'Mismatched parentheses in: "{text}"')
            operators.pop()
            depth -= 1
        else:
            if expect_operand:
                raise GraphParseError(f'Null task name in graph: {display}')
            precedence = _PRECEDENCE[symbol]
            while operators and operators[-1] != '(' and (
                _PRECEDENCE[operators[-1]] >= precedence
            ):
                reduce()
            operators.append(symbol)
            expect_operand = True
        previous = symbol or ''
    if expect_operand:
        raise GraphParseError(f'Null task name in graph: {display}')
    while operators:
        if operators[-1] == '(':
            raise GraphParseError(f'Mismatched parentheses in: "{text}"')
        reduce()
    return make_element(operands[0], text)
