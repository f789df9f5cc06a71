"""Expand task parameters in one graph line.

The line is repeated for every combination of the parameters it uses.  A
node whose offset (``<m-1>``) falls outside the parameter's values is
dropped from its ``&``/``|`` group; if that empties a whole chain element,
the chain stops before it (Cylc 8: ``foo<m-1> => foo<m>`` for the first
value of ``m`` adds nothing).
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import product

from cylc_flow.config.parameters import NameTemplate, Parameters
from cylc_flow.graph.syntax import (
    Element,
    Group,
    NodeSyntax,
    Tree,
    XtriggerSyntax,
    make_element,
)

_NO_PARAMETERS = Parameters({})


def expand_chain(
    elements: list[Element], parameters: Parameters | None, display: str
) -> Iterator[list[Element]]:
    """Yield the concrete chains of a parameterised chain."""
    parameters = parameters or _NO_PARAMETERS
    templates: dict[str, NameTemplate] = {}
    loop_names: list[str] = []
    for element in elements:
        for leaf in element.leaves:
            if isinstance(leaf, NodeSyntax) and '<' in leaf.name:
                template = parameters.graph_template(leaf.name, display)
                templates[leaf.name] = template
                for name in template.loop_names:
                    if name not in loop_names:
                        loop_names.append(name)
    value_lists = [parameters.values[name] for name in loop_names]
    for combination in product(*value_lists):
        loop_values = dict(zip(loop_names, combination))
        names: dict[str, str | None] = {
            text: parameters.render(template, loop_values)
            for text, template in templates.items()
        }
        chain: list[Element] = []
        for element in elements:
            tree = _substitute(element.tree, names)
            if tree is None:
                break
            chain.append(make_element(tree, element.text))
        if chain:
            yield chain


def _substitute(tree: Tree, names: dict[str, str | None]) -> Tree | None:
    """Copy a tree with concrete names; None if nothing is left."""
    if isinstance(tree, XtriggerSyntax):
        return tree
    if isinstance(tree, NodeSyntax):
        if tree.name not in names:
            return tree
        name = names[tree.name]
        if name is None:
            return None
        return NodeSyntax(name, tree.offset, tree.qualifier, tree.optional,
                          tree.suicide)
    operands = []
    for operand in tree.operands:
        kept = _substitute(operand, names)
        if kept is None:
            continue
        if isinstance(kept, Group) and kept.operator == tree.operator:
            operands.extend(kept.operands)
        else:
            operands.append(kept)
    if not operands:
        return None
    if len(operands) == 1:
        return operands[0]
    return Group(tree.operator, operands)
