"""The ``[runtime]`` namespaces: heading expansion, the family tree, and each
task's effective settings after multiple inheritance.

Headings such as ``[[a, b]]`` and ``[[proc<m>]]`` are expanded to one
namespace each; every namespace inherits from ``root`` unless it names other
parents.  Effective settings are built lazily, root first, each namespace in
the C3 order overriding the ones after it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from cylc_flow.config.inheritance import ROOT, linearise
from cylc_flow.exceptions import WorkflowConfigError

_PARAM_REF = re.compile(r'<([^<>]*)>')
_NAMESPACE_NAME = re.compile(r'^[\w\-+%@]+$')


def split_heading(heading: str) -> list[str]:
    """Split ``a, b<m,n>, c`` on the commas that are outside ``<...>``."""
    names: list[str] = []
    depth = 0
    current: list[str] = []
    for char in heading:
        if char == '<':
            depth += 1
        elif char == '>':
            depth -= 1
        if char == ',' and depth == 0:
            names.append(''.join(current).strip())
            current = []
        else:
            current.append(char)
    names.append(''.join(current).strip())
    return [name for name in names if name]


def merge_sparse(base: Mapping, over: Mapping, *, new_first: bool = False
                 ) -> dict:
    """Return ``base`` overridden by ``over``: nested sections merge.

    Only the nested dicts that ``over`` touches are copied, so merging a
    namespace with few settings onto a large base is cheap; nothing of
    ``over`` is shared with the result.  ``new_first``: within each
    section, keys new to it come before ``base``'s own (as a Cylc 8
    broadcast's environment variables do).
    """
    if new_first:
        result = dict.fromkeys(key for key in over if key not in base)
        result.update(base)
    else:
        result = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping):
            section = result.get(key)
            result[key] = merge_sparse(
                section if isinstance(section, Mapping) else {}, value,
                new_first=new_first)
        else:
            result[key] = value
    return result


class RuntimeNamespaces:
    """The expanded ``[runtime]`` section and its inheritance hierarchy."""

    def __init__(self, runtime: Mapping[str, Mapping], parameters: Any = None,
                 root_defaults: Mapping[str, Any] | None = None) -> None:
        self.sparse: dict[str, dict] = {}
        self.parameter_values: dict[str, dict[str, Any]] = {}
        self._parameters = parameters
        for heading, settings in runtime.items():
            for name, values in self._expand_heading(heading):
                self._add(name, settings, values)
        self.sparse.setdefault(ROOT, {})
        self.parents: dict[str, list[str]] = {}
        for name, settings in self.sparse.items():
            self.parents[name] = self._parents_of(name, settings)
        self._check_parents()
        self.children: dict[str, list[str]] = {name: [] for name in self.sparse}
        for name, parents in self.parents.items():
            for parent in parents:
                self.children[parent].append(name)
        self._mro: dict[str, list[str]] = {}
        self._effective: dict[str, dict] = {}
        self._root_defaults = dict(root_defaults or {})

    # ---- expansion -------------------------------------------------------
    def _expand_heading(self, heading: str) -> Iterable[tuple[str, dict]]:
        for name in split_heading(heading):
            if '<' in name:
                if self._parameters is None:
                    raise WorkflowConfigError(
                        f'parameter used but [task parameters] is empty: {name}'
                    )
                yield from self._parameters.expand_name(name)
            else:
                if not _NAMESPACE_NAME.match(name):
                    raise WorkflowConfigError(
                        f'illegal [runtime] namespace name: {name!r}'
                    )
                yield name, {}

    def _add(self, name: str, settings: Mapping, values: dict) -> None:
        if values:
            self.parameter_values[name] = values
            if 'inherit' in settings:
                settings = dict(settings)
                settings['inherit'] = self._expand_inherit(
                    settings['inherit'], values
                )
        existing = self.sparse.get(name)
        self.sparse[name] = (
            merge_sparse(existing, settings) if existing else dict(settings)
        )

    def _expand_inherit(self, parents: list[str], values: dict) -> list[str]:
        expanded: list[str] = []
        for parent in parents:
            if '<' not in parent:
                expanded.append(parent)
                continue
            pinned = _PARAM_REF.sub(
                lambda match: '<' + ','.join(
                    _pin(part.strip(), values) for part in match.group(1).split(',')
                ) + '>',
                parent,
            )
            expanded.extend(name for name, _ in self._parameters.expand_name(pinned))
        return expanded

    def _parents_of(self, name: str, settings: Mapping) -> list[str]:
        if name == ROOT:
            if settings.get('inherit'):
                raise WorkflowConfigError('root cannot inherit from other namespaces')
            return []
        parents = [p for p in settings.get('inherit') or [] if p]
        return parents or [ROOT]

    def _check_parents(self) -> None:
        for name, parents in self.parents.items():
            for parent in parents:
                if parent not in self.sparse:
                    raise WorkflowConfigError(
                        f'undefined parent for {name}: {parent}'
                    )
                if parent == name:
                    raise WorkflowConfigError(f'{name} cannot inherit from itself')

    # ---- hierarchy -------------------------------------------------------
    def mro(self, name: str) -> list[str]:
        """The C3 linearisation: the namespace first, root last (an
        implicit task, not in ``[runtime]``, inherits from root alone)."""
        if name not in self.sparse:
            return [name, ROOT]
        return linearise(name, self.parents, self._mro)

    @property
    def families(self) -> set[str]:
        """Namespaces that others inherit from."""
        return {name for name, kids in self.children.items() if kids}

    def is_family(self, name: str) -> bool:
        return bool(self.children.get(name))

    def first_parent(self, name: str) -> str | None:
        parents = self.parents.get(name) or []
        return parents[0] if parents else None

    def first_parent_ancestors(self, name: str) -> list[str]:
        """The chain of first parents up to root (the UI's family tree)."""
        chain = [name]
        parent = self.first_parent(name)
        while parent is not None:
            chain.append(parent)
            parent = self.first_parent(parent)
        return chain

    def leaf_descendants(self) -> dict[str, list[str]]:
        """Each family's leaf members through any inheritance path."""
        leaves: dict[str, list[str]] = {name: [] for name in self.families}
        for name in self.sparse:
            if self.is_family(name):
                continue
            for ancestor in self.mro(name)[1:]:
                leaves[ancestor].append(name)
        return leaves

    # ---- settings --------------------------------------------------------
    def effective(self, name: str) -> dict:
        """A namespace's settings after inheritance, with defaults beneath."""
        if name in self._effective:
            return self._effective[name]
        if name not in self.sparse:  # an implicit task: root's settings
            return self.effective(ROOT)
        order = self.mro(name)
        if len(order) > 1:
            base = self.effective(order[1]) if len(self.parents[name]) == 1 \
                else self._from_scratch(order[1:])
        else:
            base = self._root_defaults
        result = merge_sparse(base, self.sparse.get(name, {}))
        result.pop('inherit', None)
        self._effective[name] = result
        return result

    def inherited_sparse(self, name: str) -> dict:
        """A namespace's own and inherited settings, without defaults."""
        result: dict = {}
        for ancestor in reversed(self.mro(name)):
            result = merge_sparse(result, self.sparse.get(ancestor, {}))
        result.pop('inherit', None)
        return result

    def _from_scratch(self, order: list[str]) -> dict:
        result = self._root_defaults
        for ancestor in reversed(order):
            result = merge_sparse(result, self.sparse.get(ancestor, {}))
        return result


def _pin(part: str, values: Mapping[str, Any]) -> str:
    """Rewrite ``m`` in ``FAM<m>`` to ``m=<this namespace's m>``."""
    if '=' in part or part not in values:
        return part
    return f'{part}={values[part]}'
