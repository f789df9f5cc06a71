"""The global configuration: finding, reading and merging ``global.cylc``.

Files are read as Cylc 8 reads them.  If ``$CYLC_CONF_PATH`` is set, only
``$CYLC_CONF_PATH/global.cylc`` is read.  Otherwise, in ascending priority::

    <site>/flow/global.cylc          <site> = $CYLC_SITE_CONF_PATH or /etc/cylc
    <site>/flow/8/global.cylc
    <site>/flow/8.6/global.cylc
    <site>/flow/8.6.0/global.cylc
    ~/.cylc/flow/global.cylc
    ~/.cylc/flow/8/global.cylc
    ...

Missing or unreadable files are skipped.  Each file may use Jinja2, is
checked against the global spec on its own, and is merged item by item over
the files before it.  Cylc 7's ``global.rc`` is never read, and its
``[hosts]`` section is an illegal item in ``global.cylc``, as in Cylc 8.
"""

from __future__ import annotations

import logging
import os
import pwd
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from cylc_flow import __version__
from cylc_flow.config.runtime import merge_sparse
from cylc_flow.exceptions import CylcError, GlobalConfigError, IllegalValueError
from cylc_flow.platforms.definitions import (
    check_platform_definitions,
    expand_comma_sections,
)

CONF_BASENAME = 'global.cylc'
DEFAULT_SITE_CONF_PATH = os.path.join(os.sep, 'etc', 'cylc')
SITE_CONFIG = 'site'
USER_CONFIG = 'user'

LOG = logging.getLogger('cylc')

Warn = Callable[[str], None]

_VERSION = re.compile(r'(\d+(?:\.\d+)*)((?:a|b|rc)\d+)?')

# Errors from a reader or validator that must reach the user as one line.
_INTERNAL_ERRORS = (
    AttributeError,
    LookupError,
    RecursionError,
    TypeError,
    ValueError,
)


@dataclass(slots=True, frozen=True)
class ConfigFileLocation:
    """One place where a ``global.cylc`` may be."""

    kind: str  # SITE_CONFIG or USER_CONFIG
    path: str


def version_hierarchy(version: str = __version__) -> list[str]:
    """Version sub-directories to look in, in ascending priority.

    >>> version_hierarchy('8.0.1a2.dev')
    ['', '8', '8.0', '8.0.1', '8.0.1a2', '8.0.1a2.dev']
    """
    match = _VERSION.match(version)
    if match is None:
        return ['', version] if version else ['']
    parts = match.group(1).split('.')
    hierarchy = ['']
    hierarchy += ['.'.join(parts[:count]) for count in range(1, len(parts) + 1)]
    if match.group(2):
        hierarchy.append(hierarchy[-1] + match.group(2))
    if version not in hierarchy:
        hierarchy.append(version)
    return hierarchy


def _user_home(environ: Mapping[str, str]) -> str:
    home = environ.get('HOME')
    if home:
        return home
    try:
        return pwd.getpwuid(os.getuid()).pw_dir
    except KeyError:
        return os.path.expanduser('~')


def config_file_hierarchy(
    environ: Mapping[str, str] | None = None, version: str = __version__
) -> list[ConfigFileLocation]:
    """Every ``global.cylc`` location to try, in ascending priority."""
    if environ is None:
        environ = os.environ
    conf_path = environ.get('CYLC_CONF_PATH')
    if conf_path:
        path = os.path.join(conf_path, CONF_BASENAME)
        return [ConfigFileLocation(USER_CONFIG, path)]
    site_root = os.path.join(
        environ.get('CYLC_SITE_CONF_PATH') or DEFAULT_SITE_CONF_PATH, 'flow'
    )
    user_root = os.path.join(_user_home(environ), '.cylc', 'flow')
    versions = version_hierarchy(version)
    return [
        ConfigFileLocation(kind, os.path.join(root, sub_dir, CONF_BASENAME))
        for kind, root in ((SITE_CONFIG, site_root), (USER_CONFIG, user_root))
        for sub_dir in versions
    ]


def _is_readable_file(path: str) -> bool:
    return os.path.isfile(path) and os.access(path, os.R_OK)


def _check_source_dirs(
    data: Mapping[str, Any], origins: Mapping[tuple[str, ...], Any], path: str
) -> None:
    """``[install]source dirs`` must be absolute (or start with ~ or $)."""
    install = data.get('install')
    if not isinstance(install, Mapping):
        return
    source_dirs = install.get('source dirs')
    if not source_dirs:
        return
    for item in source_dirs:
        text = str(item)
        if os.path.isabs(text) or text.startswith(('~', '$')):
            continue
        from cylc_flow.config.spec.locations import locate

        filename, line = locate(origins, ('install', 'source dirs'), path)
        raise IllegalValueError(
            f'illegal value for [install]source dirs = "{text}" (must be an '
            'absolute path)',
            filename,
            line,
        )


def _read_file(path: str, warn: Warn) -> tuple[dict[str, Any], dict]:
    """Parse, upgrade and validate one ``global.cylc``."""
    from cylc_flow.config.parsec import parse_file
    from cylc_flow.config.spec import GLOBAL_SPEC, upgrade_global, validate

    try:
        parsed = parse_file(path)
        origins = parsed.origins
        data = upgrade_global(parsed.data, origins, path, warn=warn)
        data = validate(data, GLOBAL_SPEC, origins, path)
    except CylcError:
        raise
    except OSError as exc:
        raise GlobalConfigError(
            f'{path}: cannot read: {exc.strerror or exc}'
        ) from exc
    except _INTERNAL_ERRORS as exc:
        raise GlobalConfigError(f'{path}: {type(exc).__name__}: {exc}') from exc
    _check_source_dirs(data, origins, path)
    return data, origins


class GlobalConfig:
    """The merged site and user global configuration.

    Attributes:
        sparse: the merged, validated settings as written (no defaults).
        dense: ``sparse`` with every default filled in; every platform has
            every item, and the ``localhost`` platform always exists.
        files: the files read, in order.
        origins: ``{item path: Origin(file, line)}`` of the sparse items.

    Treat an instance as read-only: platform lookups cache what they derive
    from it.
    """

    __slots__ = ('__weakref__', 'dense', 'files', 'origins', 'sparse')

    _instance: ClassVar[GlobalConfig | None] = None

    def __init__(
        self,
        sparse: dict[str, Any],
        dense: dict[str, Any],
        files: list[str],
        origins: dict[tuple[str, ...], Any] | None = None,
    ) -> None:
        self.sparse = sparse
        self.dense = dense
        self.files = files
        self.origins = origins or {}

    @classmethod
    def load(
        cls,
        *,
        environ: Mapping[str, str] | None = None,
        warn: Warn | None = None,
    ) -> GlobalConfig:
        """Find and read every ``global.cylc`` (see the module docstring)."""
        paths = [
            location.path
            for location in config_file_hierarchy(environ)
            if _is_readable_file(location.path)
        ]
        return cls.load_files(paths, warn=warn)

    @classmethod
    def load_files(
        cls, paths: Iterable[str | Path], *, warn: Warn | None = None
    ) -> GlobalConfig:
        """Read the given files, later ones overriding earlier ones."""
        if warn is None:
            warn = LOG.warning
        sparse: dict[str, Any] = {}
        origins: dict[tuple[str, ...], Any] = {}
        files = []
        for path in paths:
            path = str(path)
            data, file_origins = _read_file(path, warn)
            sparse = merge_sparse(sparse, data)
            origins.update(file_origins)
            files.append(path)
        _expand_sections(sparse, origins)
        check_platform_definitions(
            sparse.get('platforms') or {},
            sparse.get('platform groups') or {},
            origins,
        )
        return cls(sparse, _densify(sparse), files, origins)

    @classmethod
    def get_inst(cls, *, cached: bool = True) -> GlobalConfig:
        """The process-wide configuration (loaded on first use).

        With ``cached=False`` return a freshly loaded configuration without
        replacing the cached one.
        """
        if not cached:
            return cls.load()
        if cls._instance is None:
            cls._instance = cls.load()
        return cls._instance

    @classmethod
    def set_inst(cls, instance: GlobalConfig | None) -> None:
        """Replace (or with None, forget) the process-wide configuration."""
        cls._instance = instance

    def get(
        self, keys: Sequence[str], default: Any = None, *, sparse: bool = False
    ) -> Any:
        """The value at an item path, or ``default`` if there is none."""
        node: Any = self.sparse if sparse else self.dense
        for key in keys:
            if not isinstance(node, Mapping) or key not in node:
                return default
            node = node[key]
        return node


def _expand_sections(
    sparse: dict[str, Any], origins: dict[tuple[str, ...], Any]
) -> None:
    """Split comma separated ``[platforms]`` and symlink-dir headings."""
    platforms = sparse.get('platforms')
    if isinstance(platforms, Mapping):
        sparse['platforms'] = expand_comma_sections(
            platforms, origins, ('platforms',)
        )
    install = sparse.get('install')
    if isinstance(install, dict):
        symlink_dirs = install.get('symlink dirs')
        if isinstance(symlink_dirs, Mapping):
            install['symlink dirs'] = expand_comma_sections(
                symlink_dirs, origins, ('install', 'symlink dirs')
            )


def _densify(sparse: dict[str, Any]) -> dict[str, Any]:
    """``sparse`` with every default: each platform gets every item, and the
    ``localhost`` platform (a fixed section of the spec) comes first."""
    from cylc_flow.config.spec import GLOBAL_SPEC, expand_defaults

    return expand_defaults(sparse, GLOBAL_SPEC)
