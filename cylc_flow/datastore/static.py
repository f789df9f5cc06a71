"""The static parts of the store, built once from the config: task and
family definitions with their runtime summaries and metadata."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cylc_flow.datastore.records import Family, Task

ROOT = 'root'

# [runtime] items in the runtime summary, by their summary names
RUNTIME_ITEMS = (
    ('platform', 'platform'), ('script', 'script'),
    ('init_script', 'init-script'), ('env_script', 'env-script'),
    ('err_script', 'err-script'), ('exit_script', 'exit-script'),
    ('pre_script', 'pre-script'), ('post_script', 'post-script'),
    ('work_sub_dir', 'work sub-directory'),
    ('execution_polling_intervals', 'execution polling intervals'),
    ('execution_retry_delays', 'execution retry delays'),
    ('execution_time_limit', 'execution time limit'),
    ('submission_polling_intervals', 'submission polling intervals'),
    ('submission_retry_delays', 'submission retry delays'),
    ('directives', 'directives'), ('environment', 'environment'),
    ('outputs', 'outputs'), ('completion', 'completion'),
    ('run_mode', 'run mode'),
)
_META_KEYS = ('title', 'description', 'URL')


def jsonable(value: Any) -> Any:
    """A value as plain JSON types (anything unknown becomes its string)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(item) for item in value]
    return str(value)


def runtime_summary(settings: Mapping[str, Any]) -> dict[str, Any]:
    return {name: jsonable(settings.get(item)) for name, item in RUNTIME_ITEMS}


def meta_summary(meta: Mapping[str, Any] | None) -> dict[str, Any]:
    """``title``, ``description``, ``URL`` and the rest as ``user_defined``."""
    meta = meta or {}
    found: dict[str, Any] = {key: str(meta.get(key) or '') for key in _META_KEYS}
    found['user_defined'] = {str(key): jsonable(value)
                             for key, value in meta.items()
                             if key not in _META_KEYS}
    return found


class Namespaces:
    """The first-parent family tree, as the data store shows it."""

    def __init__(self, config: Any) -> None:
        runtime = config.runtime
        self.runtime = runtime
        self.families = sorted(runtime.families | {ROOT})
        self.family_parent: dict[str, str | None] = {
            name: runtime.first_parent(name) for name in self.families}
        self.family_parent[ROOT] = None
        self.chains: dict[str, tuple[str, ...]] = {}
        for name in config.taskdefs:
            if name in runtime.sparse:
                self.chains[name] = tuple(runtime.first_parent_ancestors(name)[1:])
            else:
                self.chains[name] = (ROOT,)
        self.namespaces: dict[str, list[str]] = {
            name: runtime.mro(name) for name in config.taskdefs}

    def parents(self, name: str) -> list[str]:
        return list(self.runtime.parents.get(name) or ([ROOT] if name != ROOT
                                                       else []))

    def family_depth(self, name: str) -> int:
        return len(self.runtime.first_parent_ancestors(name)) - 1


def build_tasks(config: Any, tree: Namespaces, prefix: str) -> dict[str, Task]:
    """Task definition records by ID."""
    found: dict[str, Task] = {}
    for name in sorted(config.taskdefs):
        settings = config.rtconfig(name)
        chain = tree.chains[name]
        record = Task(
            id=f'{prefix}$namespace|{name}', name=name,
            meta=meta_summary(settings.get('meta')),
            runtime={**runtime_summary(settings),  # the effective completion
                     'completion': config.taskdefs[name].completion or None},
            mean_elapsed_time=None,
            depth=len(chain),
            parents=[f'{prefix}$namespace|{parent}'
                     for parent in tree.parents(name)],
            namespace=list(tree.namespaces[name]),
            first_parent=f'{prefix}$namespace|{chain[0]}' if chain else None,
        )
        found[record.id] = record
    return found


def build_families(config: Any, tree: Namespaces, prefix: str
                   ) -> dict[str, Family]:
    """Family definition records by ID (children along the first-parent
    tree)."""
    child_tasks: dict[str, list[str]] = {name: [] for name in tree.families}
    child_families: dict[str, list[str]] = {name: [] for name in tree.families}
    for name, chain in tree.chains.items():
        if chain:
            child_tasks[chain[0]].append(f'{prefix}$namespace|{name}')
    for name, parent in tree.family_parent.items():
        if parent is not None and parent in child_families:
            child_families[parent].append(f'{prefix}$namespace|{name}')
    found: dict[str, Family] = {}
    for name in tree.families:
        settings = config.rtconfig(name)
        parent = tree.family_parent[name]
        record = Family(
            id=f'{prefix}$namespace|{name}', name=name,
            meta=meta_summary(settings.get('meta')),
            runtime=runtime_summary(settings),
            depth=tree.family_depth(name),
            parents=[f'{prefix}$namespace|{item}'
                     for item in tree.parents(name)],
            child_tasks=sorted(child_tasks[name]),
            child_families=sorted(child_families[name]),
            first_parent=f'{prefix}$namespace|{parent}' if parent else None,
        )
        found[record.id] = record
    return found
