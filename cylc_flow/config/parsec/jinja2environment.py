"""The Jinja2 environment Cylc workflows are rendered in.

* Templates for ``{% include %}``/``{% import %}`` are looked up in the
  workflow directory; failing that, a template name is taken as a Python
  module to import (optionally prefixed ``__python__.``), so
  ``{% from "itertools" import product %}`` works.  The name ``cylc.flow``
  gives a module-like object exposing ``LOG`` (the ``cylc`` logger).
* Undefined variables are errors (StrictUndefined); the ``do`` extension is
  on.
* Globals: ``environ`` (the environment plus the workflow variables),
  ``raise(message)``, ``assert(condition, message)``, every ``CYLC_*``
  environment variable except CYLC_VERSION and CYLC_ENV_NAME, and the
  workflow variables passed in.
* Filters ``pad``, ``strftime``, ``duration_as``; custom filters, tests and
  globals from ``Jinja2Filters/``, ``Jinja2Tests/``, ``Jinja2Globals/`` in
  ``~/.cylc/`` and in the workflow directory, whose files win on a name
  clash (each ``NAME.py`` file must define a function ``NAME``).
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2

from cylc_flow.config.parsec.jinja2filters import BUILT_IN_FILTERS
from cylc_flow.exceptions import Jinja2Error

LOG = logging.getLogger('cylc')
PYTHON_PREFIX = '__python__.'
CYLC_MODULE_NAME = 'cylc.flow'
EXTENSION_FOLDERS = {
    'filters': 'Jinja2Filters',
    'tests': 'Jinja2Tests',
    'globals': 'Jinja2Globals',
}
_HIDDEN_ENVIRONMENT = frozenset({'CYLC_VERSION', 'CYLC_ENV_NAME'})


class TemplateRaise(Exception):
    """Raised by the ``raise`` and ``assert`` template functions."""


def raise_helper(message: Any, error_type: str = 'Error') -> None:
    """Template function ``raise(message)``: stop with an error."""
    raise TemplateRaise(f'Jinja2 {error_type}: {message}')


def assert_helper(logical: Any, message: Any) -> str:
    """Template function ``assert(condition, message)``."""
    if not logical:
        raise_helper(message, 'Assertion Error')
    return ''


class _PythonModuleTemplate:
    """Stands in for a template so ``import``/``from ... import`` get a module."""

    is_up_to_date = True

    def __init__(self, module: Any) -> None:
        self.module = module
        self.globals: dict[str, Any] = {}

    def make_module(self, *_args: Any, **_kwargs: Any) -> Any:
        return self.module

    def _get_default_module(self, *_args: Any, **_kwargs: Any) -> Any:
        return self.module


class PythonModuleLoader(jinja2.BaseLoader):
    """Load a Python module as an importable template."""

    has_source_access = False

    def __init__(self) -> None:
        self._cache: dict[str, _PythonModuleTemplate] = {}

    def load(
        self,
        environment: jinja2.Environment,
        name: str,
        globals: Mapping[str, Any] | None = None,
    ) -> Any:
        module_name = name.removeprefix(PYTHON_PREFIX)
        cached = self._cache.get(module_name)
        if cached is not None:
            return cached
        if module_name == CYLC_MODULE_NAME:
            module: Any = SimpleNamespace(LOG=LOG, __name__=CYLC_MODULE_NAME)
        else:
            try:
                module = importlib.import_module(module_name)
            except (ImportError, ValueError, TypeError):
                raise jinja2.TemplateNotFound(name) from None
        template = self._cache[module_name] = _PythonModuleTemplate(module)
        return template


def cylc_environment_variables() -> dict[str, str]:
    """``CYLC_*`` environment variables offered to templates."""
    return {
        key: value
        for key, value in os.environ.items()
        if key.startswith('CYLC_') and key not in _HIDDEN_ENVIRONMENT
    }


def build_environment(
    directory: str, workflow_vars: Mapping[str, str] | None = None
) -> jinja2.Environment:
    """A Jinja2 environment for templates in the workflow ``directory``."""
    environment = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [jinja2.FileSystemLoader(directory), PythonModuleLoader()]
        ),
        undefined=jinja2.StrictUndefined,
        extensions=['jinja2.ext.do'],
    )
    environment.filters.update(BUILT_IN_FILTERS)
    for namespace, folder in EXTENSION_FOLDERS.items():
        table = getattr(environment, namespace)
        for base in (_user_cylc_dir(), Path(directory)):
            table.update(load_extension_functions(base / folder))
    workflow_vars = dict(workflow_vars or {})
    environment.globals.update(cylc_environment_variables())
    environment.globals.update(workflow_vars)
    environment.globals['environ'] = {**os.environ, **workflow_vars}
    environment.globals['raise'] = raise_helper
    environment.globals['assert'] = assert_helper
    return environment


def _user_cylc_dir() -> Path:
    home = os.environ.get('HOME')
    return Path(home or '~').expanduser() / '.cylc'


def load_extension_functions(folder: Path) -> dict[str, Any]:
    """Functions from ``folder/NAME.py`` files, each defining ``NAME``."""
    if not folder.is_dir():
        return {}
    functions = {}
    for path in sorted(folder.glob('*.py')):
        name = path.stem
        try:
            spec = importlib.util.spec_from_file_location(
                f'_cylc_jinja2_{folder.name}_{name}', path
            )
            if spec is None or spec.loader is None:
                raise ImportError('cannot load')
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
        except Exception as exc:
            raise Jinja2Error(
                f'cannot load Jinja2 extension: {exc.__class__.__name__}: {exc}',
                str(path),
            ) from None
        function = getattr(module, name, None)
        if not callable(function):
            raise Jinja2Error(
                f'Jinja2 extension file must define a function "{name}"', str(path)
            )
        functions[name] = function
    return functions


def add_workflow_library(directory: str) -> None:
    """Let templates import Python modules from ``<workflow>/lib/python``."""
    library = os.path.join(directory, 'lib', 'python')
    if os.path.isdir(library) and library not in sys.path:
        sys.path.append(library)
