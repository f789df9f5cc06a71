"""Find an xtrigger function by name.

Search order (as Cylc 8, with the built-ins last so users can override):

1. the workflow's ``lib/python/<name>.py`` (or ``<name>/__init__.py``),
   a function of the same name;
2. the ``cylc.xtriggers`` entry-point group (an entry point naming a module
   holding ``<name>``, or the function itself);
3. the built-ins, ``cylc_flow.xtriggers.<name>``.

Workflow modules are loaded from their file under a private module name, so
two workflows with a same-named module never collide; ``lib/python`` is on
``sys.path`` only while the module body runs (for its own imports). Modules
are cached by path, modification time and size. Functions are never called.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import importlib.metadata
import importlib.util
import inspect
import re
import sys
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

from cylc_flow.exceptions import WorkflowConfigError
from cylc_flow.xtriggers import BUILTIN_XTRIGGERS

ENTRY_POINT_GROUP = 'cylc.xtriggers'

_IDENTIFIER = re.compile(r'[A-Za-z_]\w*')
_MODULE_CACHE: dict[tuple[str, int, int], ModuleType] = {}


class XtriggerImportError(WorkflowConfigError):
    """An xtrigger function cannot be found or imported."""

    def __init__(self, message: str) -> None:
        super().__init__(' '.join(message.split()))


def clear_caches() -> None:
    """Forget loaded workflow modules and entry points (e.g. on reload)."""
    _MODULE_CACHE.clear()
    _entry_points.cache_clear()


@lru_cache(maxsize=1)
def _entry_points() -> dict[str, importlib.metadata.EntryPoint]:
    try:
        found = importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)
    except Exception:  # a broken installed distribution must not stop us
        return {}
    return {entry_point.name: entry_point for entry_point in found}


def _private_name(path: Path, name: str) -> str:
    digest = hashlib.sha1(str(path).encode(), usedforsecurity=False).hexdigest()
    return f'_cylc_workflow_xtrigger_{digest[:12]}_{name}'


def _execute(path: Path, name: str, library: Path, package: bool) -> ModuleType:
    """Import a workflow module from its file (lib/python on sys.path)."""
    module_name = _private_name(path, name)
    spec = importlib.util.spec_from_file_location(
        module_name,
        path,
        submodule_search_locations=[str(path.parent)] if package else None,
    )
    if spec is None or spec.loader is None:
        raise XtriggerImportError(f'cannot import {path}')
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    entry = str(library)
    sys.path.insert(0, entry)
    try:
        spec.loader.exec_module(module)
    except (Exception, SystemExit) as exc:
        sys.modules.pop(module_name, None)
        raise XtriggerImportError(
            f'cannot import {path}: {type(exc).__name__}: {exc}'
        ) from None
    finally:
        with contextlib.suppress(ValueError):  # the module removed it itself
            sys.path.remove(entry)
    return module


def _workflow_module(workflow_dir: Path, name: str) -> tuple[ModuleType, Path] | None:
    """Load ``lib/python/<name>`` from the workflow, or None if absent."""
    library = workflow_dir / 'lib' / 'python'
    for path, package in (
        (library / f'{name}.py', False),
        (library / name / '__init__.py', True),
    ):
        try:
            status = path.stat()
        except OSError:
            continue
        if not path.is_file():
            continue
        key = (str(path.resolve()), status.st_mtime_ns, status.st_size)
        module = _MODULE_CACHE.get(key)
        if module is None:
            module = _execute(path, name, library, package)
            _MODULE_CACHE[key] = module
        return module, path
    return None


def _function_in(module: ModuleType, name: str, origin: str) -> Callable[..., Any]:
    function = getattr(module, name, None)
    if function is None:
        raise XtriggerImportError(f'{origin} has no function "{name}"')
    if not callable(function):
        raise XtriggerImportError(f'"{name}" in {origin} is not callable')
    return function


def _from_entry_point(
    entry_point: importlib.metadata.EntryPoint, name: str
) -> Callable[..., Any]:
    origin = f'entry point {ENTRY_POINT_GROUP}:{name} ({entry_point.value})'
    try:
        loaded = entry_point.load()
    except (Exception, SystemExit) as exc:
        raise XtriggerImportError(
            f'cannot load {origin}: {type(exc).__name__}: {exc}'
        ) from None
    if inspect.ismodule(loaded):
        return _function_in(loaded, name, origin)
    if callable(loaded):
        return loaded
    raise XtriggerImportError(f'{origin} is neither a module nor a function')


def find_function(name: str, workflow_dir: Path | str | None) -> Callable[..., Any]:
    """Return the xtrigger function ``name``; raise XtriggerImportError."""
    if not isinstance(name, str) or not _IDENTIFIER.fullmatch(name):
        raise XtriggerImportError(f'invalid function name "{name}"')
    if workflow_dir is not None:
        found = _workflow_module(Path(workflow_dir), name)
        if found is not None:
            module, path = found
            return _function_in(module, name, str(path))
    entry_point = _entry_points().get(name)
    if entry_point is not None:
        return _from_entry_point(entry_point, name)
    if name in BUILTIN_XTRIGGERS:
        module = importlib.import_module(f'cylc_flow.xtriggers.{name}')
        return _function_in(module, name, module.__name__)
    where = 'the built-in xtriggers'
    if workflow_dir is not None:
        where = f'{Path(workflow_dir) / "lib" / "python"}, {where}'
    raise XtriggerImportError(
        f'no module "{name}" found (searched {where} and the'
        f' "{ENTRY_POINT_GROUP}" entry points)'
    )
