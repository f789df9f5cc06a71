"""Multiple inheritance of runtime namespaces (C3 linearisation)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from cylc_flow.exceptions import WorkflowConfigError

ROOT = 'root'


def linearise(
    namespace: str,
    parents: Mapping[str, Sequence[str]],
    cache: dict[str, list[str]],
) -> list[str]:
    """Return the C3 method resolution order of a namespace.

    The namespace comes first and ``root`` last; ``cache`` holds the orders
    already computed (shared between calls so every namespace is done once).
    """
    if namespace in cache:
        return cache[namespace]
    # iterative post-order so that deep hierarchies cannot exhaust the stack
    stack: list[tuple[str, bool]] = [(namespace, False)]
    in_progress: set[str] = set()
    while stack:
        name, ready = stack.pop()
        if name in cache:
            continue
        if ready:
            in_progress.discard(name)
            cache[name] = _merge(name, parents.get(name, ()), cache)
            continue
        if name in in_progress:
            raise WorkflowConfigError(f'circular [runtime] inheritance: {name}')
        in_progress.add(name)
        stack.append((name, True))
        for parent in parents.get(name, ()):
            if parent in in_progress:
                raise WorkflowConfigError(
                    f'circular [runtime] inheritance: {name} -> {parent}'
                )
            if parent not in cache:
                stack.append((parent, False))
    return cache[namespace]


def _merge(
    name: str, direct: Sequence[str], cache: Mapping[str, list[str]]
) -> list[str]:
    if len(direct) == 1:
        return [name, *cache[direct[0]]]
    sequences = [list(cache[parent]) for parent in direct]
    sequences.append(list(direct))
    result = [name]
    while True:
        sequences = [seq for seq in sequences if seq]
        if not sequences:
            return result
        for seq in sequences:
            head = seq[0]
            if not any(head in other[1:] for other in sequences):
                break
        else:
            raise WorkflowConfigError(
                f'inconsistent [runtime] inheritance order for {name}'
                f' (inherit = {", ".join(direct)})'
            )
        result.append(head)
        for seq in sequences:
            if seq[0] == head:
                del seq[0]
