"""Task completion expressions: ``[runtime][<task>]completion``.

A completion expression says which outputs a task must produce before the
scheduler counts it as complete (and so not *incomplete*, retained in the
pool). It uses output names (hyphens written as underscores, e.g.
``submit_failed``), ``and``, ``or`` and parentheses; nothing else.

When the user gives none, :func:`default_completion` builds Cylc 8's default
from the outputs the graph marks required or optional (``?``).

Expressions are parsed by a small iterative parser here (no ``eval`` of user
text) and compiled once per distinct text into a closure for
:func:`is_complete`, which the scheduler calls on every task completion.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from functools import lru_cache

from cylc_flow.exceptions import WorkflowConfigError

# Standard outputs, as written in the graph (triggers).
STANDARD_OUTPUTS: tuple[str, ...] = (
    'expired', 'submitted', 'submit-failed', 'started', 'succeeded', 'failed',
)

# Short graph qualifiers and the output each one means.
_ALTERNATIVE_QUALIFIERS: dict[str, str] = {
    'expire': 'expired',
    'submit': 'submitted',
    'submit_fail': 'submit_failed',
    'start': 'started',
    'succeed': 'succeeded',
    'fail': 'failed',
}

# Outputs that can precede a run and so are never "optional" in the sense of
# a branch of a run (they are checked separately).
_PRE_EXECUTION = frozenset({'expired', 'submit_failed'})

# The expression used when a task has no completion expression at all
# (e.g. it is no longer in the graph): any final outcome will do.
FINAL_OUTPUT_COMPLETION = 'succeeded or failed or submit_failed or expired'

_MAX_NESTING = 100

_WORD = re.compile(r'[^\W\d]\w*')
_SPACE = re.compile(r'\s+')

# Python words a user might try; named in the error instead of "syntax".
_FORBIDDEN_WORDS = frozenset({
    'not', 'True', 'False', 'None', 'if', 'else', 'in', 'is', 'lambda',
    'import', 'for', 'while', 'def', 'class', 'return', 'yield', 'await',
    'async', 'del', 'global', 'nonlocal', 'pass', 'raise', 'try', 'except',
    'finally', 'with', 'as', 'assert', 'break', 'continue', 'from', 'elif',
})

# Parse tree: a name (str) or (operator, children) with operator 'and'/'or'.
Tree = str | tuple[str, tuple['Tree', ...]]


class CompletionSyntaxError(WorkflowConfigError):
    """A completion expression is not made of outputs, and, or, ()."""


def completion_variable(output: str) -> str:
    """Return the name an output has in completion expressions."""
    return output.replace('-', '_')


def _fail(task: str | None, reason: str, expression: str) -> CompletionSyntaxError:
    where = f'[runtime][{task}]completion' if task else 'completion expression'
    return CompletionSyntaxError(
        f'Error in {where}: {reason}: {_one_line(expression)}'
    )


def _one_line(expression: str) -> str:
    return _SPACE.sub(' ', expression).strip()


def _tokenise(expression: str, task: str | None) -> list[str]:
    """Split an expression into names, 'and', 'or', '(' and ')'."""
    tokens: list[str] = []
    position = 0
    length = len(expression)
    while position < length:
        char = expression[position]
        if char.isspace():
            position += 1
            continue
        if char in '()':
            tokens.append(char)
            position += 1
            continue
        match = _WORD.match(expression, position)
        if match and match.start() == position:
            word = match.group()
            end = match.end()
            if end < length and not (
                expression[end].isspace() or expression[end] in '()'
            ):
                bad = expression[end]
                raise _fail(task, f'"{bad}" is not permitted', expression)
            if word in _FORBIDDEN_WORDS:
                raise _fail(
                    task,
                    f'"{word}" is not permitted (use output names, "and", "or"'
                    ' and parentheses)',
                    expression,
                )
            tokens.append(word)
            position = end
            continue
        raise _fail(task, f'"{char}" is not permitted', expression)
    return tokens


def _combine(operator: str, left: Tree, right: Tree) -> Tree:
    """Join two trees with an operator, flattening chains of the same one."""
    children: list[Tree] = []
    for side in (left, right):
        if isinstance(side, tuple) and side[0] == operator:
            children.extend(side[1])
        else:
            children.append(side)
    return (operator, tuple(children))


def parse_completion(expression: str, task: str | None = None) -> Tree:
    """Parse an expression into a tree; raise CompletionSyntaxError.

    ``and`` binds tighter than ``or``, as in Python. The parser is iterative
    (operator-precedence), so deep nesting cannot exhaust the stack.
    """
    tokens = _tokenise(expression, task)
    if not tokens:
        raise _fail(task, 'empty expression', expression)
    precedence = {'or': 1, 'and': 2}
    operands: list[Tree] = []
    operators: list[str] = []
    expect_operand = True
    depth = 0

    def reduce_top() -> None:
        operator = operators.pop()
        right = operands.pop()
        left = operands.pop()
        operands.append(_combine(operator, left, right))

    for token in tokens:
        if expect_operand:
            if token == '(':
                depth += 1
                if depth > _MAX_NESTING:
                    raise _fail(task, 'parentheses nested too deeply', expression)
                operators.append(token)
            elif token in precedence:
                raise _fail(task, f'"{token}" needs an output before it', expression)
            elif token == ')':
                raise _fail(task, 'unexpected ")"', expression)
            else:
                operands.append(token)
                expect_operand = False
        elif token in precedence:
            while (
                operators
                and operators[-1] != '('
                and precedence[operators[-1]] >= precedence[token]
            ):
                reduce_top()
            operators.append(token)
            expect_operand = True
        elif token == ')':
            while operators and operators[-1] != '(':
                reduce_top()
            if not operators:
                raise _fail(task, 'unmatched ")"', expression)
            operators.pop()
            depth -= 1
        else:
            raise _fail(
                task, f'missing "and" or "or" before "{token}"', expression
            )
    if expect_operand:
        raise _fail(task, 'expression ends without an output', expression)
    while operators:
        if operators[-1] == '(':
            raise _fail(task, 'unmatched "("', expression)
        reduce_top()
    return operands[0]


def _names(tree: Tree) -> set[str]:
    found: set[str] = set()
    stack: list[Tree] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            found.add(node)
        else:
            stack.extend(node[1])
    return found


def referenced_outputs(expression: str) -> frozenset[str]:
    """Return the completion variables an expression uses."""
    return _compiled(expression)[1]


def _to_python(tree: Tree) -> ast.expr:
    """Build a Python AST testing membership of each name in ``completed``."""
    if isinstance(tree, str):
        return ast.Compare(
            left=ast.Constant(tree),
            ops=[ast.In()],
            comparators=[ast.Name('completed', ast.Load())],
        )
    operator, children = tree
    return ast.BoolOp(
        op=ast.And() if operator == 'and' else ast.Or(),
        values=[_to_python(child) for child in children],
    )


@lru_cache(maxsize=4096)
def _compiled(
    expression: str,
) -> tuple[Callable[[Collection[str]], bool], frozenset[str]]:
    """Compile an expression (by text, cached) to a membership test."""
    text = expression if expression.strip() else FINAL_OUTPUT_COMPLETION
    tree = parse_completion(text)
    # The AST is built here from validated identifiers only: no user text
    # is ever evaluated as Python.
    body = ast.Expression(
        ast.Lambda(
            args=ast.arguments(
                posonlyargs=[],
                args=[ast.arg('completed')],
                kwonlyargs=[],
                kw_defaults=[],
                defaults=[],
            ),
            body=_to_python(tree),
        )
    )
    ast.fix_missing_locations(body)
    function = eval(compile(body, '<completion>', 'eval'), {'__builtins__': {}})
    return function, frozenset(_names(tree))


def compile_completion(expression: str) -> Callable[[Collection[str]], bool]:
    """Return a fast test ``completed -> bool`` for an expression.

    ``completed`` holds completion variables (``submit_failed``); use
    :func:`is_complete` to pass output names with hyphens.
    """
    return _compiled(expression)[0]


def is_complete(expression: str, completed: Collection[str]) -> bool:
    """True if the completed outputs satisfy the expression.

    ``completed`` may hold output names as written in the graph
    (``submit-failed``) or as completion variables (``submit_failed``).
    A blank expression accepts any final outcome.
    """
    for name in completed:
        if '-' in name:
            completed = {completion_variable(item) for item in completed}
            break
    return _compiled(expression)[0](completed)


def default_completion(
    required: Collection[str],
    optional: Collection[str] | Mapping[str, bool] = (),
) -> str:
    """Cylc 8's default completion expression for a task.

    ``required``: outputs the graph requires; ``optional``: outputs it marks
    optional with ``?`` (or a mapping output -> is_optional). Rules:

    1. all required outputs, joined with ``and`` (bracketed if several);
    2. if succeeded or failed is optional: ``(<required> and succeeded) or
       failed`` (just ``succeeded or failed`` if nothing is required);
    3. if submitted or submit-failed is optional: ``or submit_failed``;
    4. if expired is optional: ``or expired``.

    Returns '' when no output is marked at all (see :func:`is_complete`).
    """
    if isinstance(optional, Mapping):
        optional_names = {
            completion_variable(name) for name, flag in optional.items() if flag
        }
    else:
        optional_names = {completion_variable(name) for name in optional}
    required_names = sorted({completion_variable(name) for name in required})
    parts: list[str] = []
    if required_names:
        joined = ' and '.join(required_names)
        parts.append(f'({joined})' if len(required_names) > 1 else joined)
    if 'succeeded' in optional_names or 'failed' in optional_names:
        if required_names:
            parts = [f'({parts[0]} and succeeded) or failed']
        else:
            parts.append('succeeded or failed')
    if 'submitted' in optional_names or 'submit_failed' in optional_names:
        parts.append('submit_failed')
    if 'expired' in optional_names:
        parts.append('expired')
    return ' or '.join(parts)


def apply_default_requirements(marks: Mapping[str, bool]) -> dict[str, bool]:
    """Return graph marks (output -> is_optional) with Cylc 8's defaults.

    If neither succeeded nor failed is marked, and submission is not
    optional, success is required.
    """
    result = dict(marks)
    names = {completion_variable(name): flag for name, flag in marks.items()}
    if (
        'succeeded' not in names
        and 'failed' not in names
        and names.get('submitted') is not True
        and names.get('submit_failed') is not True
    ):
        result['succeeded'] = False
    return result


def _expression_optionality(
    check: Callable[[Collection[str]], bool],
    used: Iterable[str],
    every: frozenset[str],
) -> dict[str, bool]:
    """For each used output: True if optional in the expression.

    An output is optional when the expression holds without it (all other
    outputs complete, pre-execution outcomes excluded).
    """
    base = every - _PRE_EXECUTION
    return {name: check(base - {name}) for name in used}


def _outcomes(custom: frozenset[str]) -> tuple[frozenset[str], ...]:
    """The largest sets of outputs one run of a task can produce."""
    ran = {'submitted', 'started'} | custom
    return (
        frozenset(ran | {'succeeded'}),
        frozenset(ran | {'failed'}),
        frozenset({'submit_failed'}),
        frozenset({'expired'}),
    )


def validate_completion(
    expr: str,
    task: str,
    outputs: Collection[str],
    optional: Mapping[str, bool],
) -> None:
    """Check a user's completion expression; raise WorkflowConfigError.

    ``outputs``: the task's outputs (standard ones are always included);
    ``optional``: the graph's marks, output -> True if optional (``?``),
    False if required; unmarked outputs are absent.
    """
    if not expr or not expr.strip():
        return
    where = f'Error in [runtime][{task}]completion'
    if 'submit-failed' in expr:
        raise WorkflowConfigError(
            f'{where}: Use "submit_failed" rather than "submit-failed"'
            ' in completion expressions.'
        )
    if '-' in expr:
        raise WorkflowConfigError(
            f'{where}: {_one_line(expr)}: Replace hyphens with underscores in'
            ' task outputs when used in completion expressions.'
        )
    tree = parse_completion(expr, task)
    by_variable = {completion_variable(name): name for name in STANDARD_OUTPUTS}
    by_variable.update((completion_variable(name), name) for name in outputs)
    used = _names(tree)
    for name in sorted(used):
        if name in by_variable:
            continue
        if name == 'finished':
            raise WorkflowConfigError(
                f'{where}: {_one_line(expr)}: The "finished" output cannot be'
                ' used in completion expressions, use "succeeded or failed".'
            )
        if name in _ALTERNATIVE_QUALIFIERS:
            raise WorkflowConfigError(
                f'{where}: {_one_line(expr)}: Use'
                f' "{_ALTERNATIVE_QUALIFIERS[name]}" not "{name}" in completion'
                ' expressions.'
            )
        raise WorkflowConfigError(f"{where}: name '{name}' is not defined")

    check = compile_completion(expr)
    every = frozenset(by_variable)
    custom = every - {completion_variable(name) for name in STANDARD_OUTPUTS}
    if not any(check(outcome) for outcome in _outcomes(custom)):
        raise WorkflowConfigError(
            f'{where}: the expression can never be satisfied (a task cannot'
            ' both succeed and fail, nor run if it expired or failed to'
            f' submit): {_one_line(expr)}'
        )

    graph = {
        completion_variable(name): flag
        for name, flag in apply_default_requirements(optional).items()
    }
    if graph.get('succeeded') is True and 'failed' not in graph:
        # failed is implicitly optional if succeeded is optional
        graph['failed'] = True
    in_expression = _expression_optionality(check, used, every)
    text = _one_line(expr)
    for variable in sorted(set(graph) | set(in_expression)):
        trigger = by_variable.get(variable, variable)
        graph_optional = graph.get(variable)
        expression_optional = in_expression.get(variable)
        if graph_optional is True and expression_optional is False:
            raise WorkflowConfigError(
                f'{task}:{trigger} is optional in the graph (? symbol), but'
                f' required in the completion expression: {text}'
            )
        if graph_optional is False and expression_optional is None:
            raise WorkflowConfigError(
                f'{task}:{trigger} is required in the graph, but not referenced'
                f' in the completion expression: {text}'
            )
        if (
            graph_optional is True
            and expression_optional is None
            and variable in _PRE_EXECUTION
        ):
            raise WorkflowConfigError(
                f'{task}:{trigger} is permitted in the graph but is not'
                f' referenced in the completion. Try: completion ='
                f' "{text} or {variable}"'
            )
        if (
            graph_optional is False
            and expression_optional is True
            and variable not in _PRE_EXECUTION
        ):
            raise WorkflowConfigError(
                f'{task}:{trigger} is required in the graph, but optional in'
                f' the completion expression: {text}'
            )
