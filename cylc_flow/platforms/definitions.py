"""Load-time processing of ``[platforms]`` and ``[platform groups]``.

Run once on the merged global configuration (site then user files):

* comma separated section names (``[[foo, bar]]``) become one section each,
  merged in definition order, as Cylc 8 does for ``[platforms]`` and
  ``[install][symlink dirs]``; quote a name that contains a comma
  (``[["desktop\\d{1,4}"]]``);
* every platform and group name must be a valid regular expression;
* ``localhost`` may only be defined by its literal name;
* platforms and platform groups must not share names;
* single-host job runners (``background``, ``at``) need a single host.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from cylc_flow.config.runtime import merge_sparse
from cylc_flow.exceptions import GlobalConfigError

if TYPE_CHECKING:
    from cylc_flow.config.spec.locations import Origins

#: Job runners whose job IDs are only valid on the submitting host.
SINGLE_HOST_JOB_RUNNERS = ('background', 'at')
DEFAULT_JOB_RUNNER = 'background'

# A run of unquoted characters other than commas, or a quoted string.
_SECTION_NAME_PART = re.compile(r'''(?:[^,"']+|"[^"]*"|'[^']*')+''')
# A comma between alternatives, but not one inside a {m,n} quantifier.
_ALTERNATIVE_COMMA = re.compile(r'\s*(?!{[\s\d]*),(?![\s\d]*})\s*')


def split_section_name(name: str) -> list[str]:
    """Split a comma separated section heading into its names.

    Commas inside single or double quotes do not split; the quotes around a
    whole name are removed.
    """
    names = []
    for part in _SECTION_NAME_PART.findall(name):
        part = part.strip()
        if len(part) >= 2 and part[0] == part[-1] and part[0] in '"\'':
            part = part[1:-1].strip()
        if part:
            names.append(part)
    return names


def expand_comma_sections(
    sections: Mapping[str, Any],
    origins: dict[tuple[str, ...], Any] | None = None,
    prefix: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Return ``sections`` with comma separated headings expanded.

    A name defined more than once is merged into its first position, later
    settings winning.  ``origins`` (keyed by item path) gains entries for
    the expanded names so errors can still name the file and line.
    """
    expanded: dict[str, Any] = {}
    for heading, settings in sections.items():
        names = [heading]
        if ',' in heading or heading.startswith(('"', "'")):
            names = split_section_name(heading) or [heading]
        for name in names:
            if not isinstance(settings, Mapping):
                expanded[name] = settings
                continue
            previous = expanded.get(name)
            expanded[name] = merge_sparse(
                previous if isinstance(previous, dict) else {}, settings
            )
            if origins is not None and name != heading:
                _copy_origins(origins, (*prefix, heading), (*prefix, name))
    return expanded


def _copy_origins(
    origins: dict[tuple[str, ...], Any],
    old: tuple[str, ...],
    new: tuple[str, ...],
) -> None:
    """Give the keys under ``new`` the origins recorded under ``old``."""
    depth = len(old)
    for keys, origin in list(origins.items()):
        if keys[:depth] == old:
            origins.setdefault(new + keys[depth:], origin)


def where(origins: Origins | None, *keys: str) -> str:
    """``file:line: `` for an item path (or its parent) when known, else ''."""
    from cylc_flow.config.spec.locations import locate

    filename, line = locate(origins, keys, '')
    if filename and line:
        return f'{filename}:{line}: '
    return f'{filename}: ' if filename else ''


def compile_name_pattern(
    name: str,
    section: str,
    origins: Origins | None = None,
) -> re.Pattern[str]:
    """Compile a platform (or group) name as a full-match regex.

    Any comma left in a name (one that was quoted) outside a ``{m,n}``
    quantifier separates alternatives, as in Cylc 8.

    Raises:
        GlobalConfigError: the name is not a valid regular expression.
    """
    pattern = _ALTERNATIVE_COMMA.sub('|', name) if ',' in name else name
    try:
        return re.compile(pattern)
    except (re.error, RecursionError, OverflowError) as exc:
        raise GlobalConfigError(
            f'{where(origins, section, name)}[{section}][{name}]: '
            f'invalid regular expression: {exc}'
        ) from None


def check_platform_definitions(
    platforms: Mapping[str, Any],
    groups: Mapping[str, Any],
    origins: Origins | None = None,
) -> None:
    """Check the sparse (expanded) platform and group sections.

    Raises:
        GlobalConfigError: on the first problem found.
    """
    for name in platforms:
        pattern = compile_name_pattern(name, 'platforms', origins)
        if name != 'localhost' and pattern.fullmatch('localhost'):
            raise GlobalConfigError(
                f'{where(origins, "platforms", name)}'
                f'[platforms][{name}]: the "localhost" platform cannot be '
                'defined using a regular expression; define '
                '[platforms][localhost] by name (or use a comma separated '
                'list: [[localhost, other]])'
            )
    for name in groups:
        compile_name_pattern(name, 'platform groups', origins)
    shared = [name for name in platforms if name in groups]
    if shared:
        raise GlobalConfigError(
            f'{where(origins, "platform groups", shared[0])}'
            'Platforms and platform groups must not share names. '
            f'The following are in both sets: {", ".join(shared)}'
        )
    _check_single_host_runners(platforms, origins)


def _check_single_host_runners(
    platforms: Mapping[str, Any],
    origins: Origins | None,
) -> None:
    """Background and at job IDs are only valid on one host."""
    bad = []
    for name, settings in platforms.items():
        if not isinstance(settings, Mapping):
            continue
        runner = settings.get('job runner') or DEFAULT_JOB_RUNNER
        hosts = settings.get('hosts') or []
        if runner in SINGLE_HOST_JOB_RUNNERS and len(hosts) > 1:
            bad.append((name, runner, hosts))
    if not bad:
        return
    runners = sorted({runner for _name, runner, _hosts in bad})
    grammar = ('are', 's') if len(runners) > 1 else ('is a', '')
    details = '; '.join(
        f'platform {name} ({runner}) hosts: {", ".join(hosts)}'
        for name, runner, hosts in bad
    )
    first = bad[0][0]
    raise GlobalConfigError(
        f'{where(origins, "platforms", first, "hosts")}'
        f'{", ".join(runners)} {grammar[0]} single-host job runner'
        f'{grammar[1]}: {details}'
    )
