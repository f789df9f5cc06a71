"""Upgrade Cylc 7 configurations to Cylc 8 (flow.cylc) and check global.cylc.

Runs on the raw nested dict (values still strings), before validation.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from cylc_flow.config.spec.flow_upgrades import FLOW_UPGRADES
from cylc_flow.config.spec.locations import Origins, item_path
from cylc_flow.config.spec.upgrader import Upgrader

# Cylc 7 [runtime] settings that select a platform, and the values that do
# not need one (Cylc 8's FORBIDDEN_WITH_PLATFORM).
_PLATFORM_INPUTS: dict[str, dict[str, frozenset[str]]] = {
    'remote': {
        'host': frozenset({'localhost'}),
        'retrieve job logs': frozenset(),
        'retrieve job logs max size': frozenset(),
        'retrieve job logs retry delays': frozenset(),
    },
    'job': {
        'batch system': frozenset(),
        'batch submit command template': frozenset(),
    },
}

# Deprecated event handler template variables -> their Cylc 8 names.
_HANDLER_TEMPLATE_RENAMES = (
    ('batch_sys_job_id', 'job_id'),
    ('batch_sys_name', 'job_runner_name'),
    ('suite', 'workflow'),
    ('suite_uuid', 'uuid'),
)

_REC_BACKTICKS = re.compile(r'`.*`')

# Cylc 7 global.rc sections and items that Cylc 8 does not read.
_GLOBAL_CYLC7: dict[str, str] = {
    'hosts': 'define job hosts as [platforms] instead',
    'suite servers': 'use [scheduler][run hosts] instead',
    'suite logging': 'use [scheduler][logging] instead',
    'suite host self-identification':
        'use [scheduler][host self-identification] instead',
    'cylc': 'use [scheduler] instead',
    'job host types': 'define job hosts as [platforms] instead',
    'process pool size': 'use [scheduler]process pool size instead',
    'process pool timeout': 'use [scheduler]process pool timeout instead',
    'run directory rolling archive length':
        'Cylc 8 keeps numbered run directories (cylc install)',
}


def upgrade_flow(
    data: dict,
    origins: Origins | None,
    filename: str,
    *,
    cylc7_compat: bool,
    warn: Callable[[str], None],
) -> dict:
    """Upgrade a Cylc 7 style workflow config to Cylc 8, in place.

    Each upgrade is reported through ``warn`` (deprecation warnings are
    silenced in Cylc 7 compatibility mode, as Cylc 8 does; obsolete items are
    always reported). Returns ``data``.

    Raises:
        UpgradeError: for settings that cannot be upgraded.
    """
    upgrader = Upgrader(
        data, origins, filename, warn, silence_deprecations=cylc7_compat,
    )
    upgrader.apply(FLOW_UPGRADES)
    _upgrade_graph_section(upgrader, cylc7_compat)
    runtime = data.get('runtime')
    if isinstance(runtime, dict):
        for name, namespace in runtime.items():
            if not isinstance(namespace, dict):
                continue
            _prepend_parameter_environment(upgrader, name, namespace,
                                           cylc7_compat)
            _check_platform_inputs(upgrader, name, namespace, cylc7_compat)
            if not cylc7_compat:
                _warn_handler_templates(upgrader, name, namespace)
    return data


def _upgrade_graph_section(upgrader: Upgrader, cylc7_compat: bool) -> None:
    """``[scheduling][dependencies][X]graph`` -> ``[scheduling][graph]X``."""
    scheduling = upgrader.data.get('scheduling')
    if not isinstance(scheduling, dict) or 'dependencies' not in scheduling:
        return
    old_text = '[scheduling][dependencies][X]graph'
    new_text = '[scheduling][graph]X'
    if 'graph' in scheduling:
        raise upgrader.error(
            f'cannot upgrade deprecated item "{old_text} -> {new_text}" '
            'because [scheduling][graph] already exists',
            ('scheduling', 'dependencies'),
        )
    dependencies = scheduling.pop('dependencies')
    if not isinstance(dependencies, dict):
        raise upgrader.error(
            '[scheduling]dependencies should be a [section] not a setting',
            ('scheduling', 'dependencies'),
        )
    graph: dict[str, Any] = {}
    upgraded: list[str] = []
    for key, value in dependencies.items():
        old_path: tuple[str, ...] = ('scheduling', 'dependencies', key)
        if isinstance(value, dict) and 'graph' in value:
            recurrence, text = key, value['graph']
            old_path = (*old_path, 'graph')
        elif key == 'graph' and isinstance(value, str):
            # A Cylc 7 non-cycling graph: it runs once, i.e. R1.
            recurrence, text = 'R1', value
        else:
            graph[key] = value
            upgrader.move_origins(old_path, ('scheduling', 'graph', key), value)
            continue
        upgraded.append(key)
        if isinstance(graph.get(recurrence), str) and isinstance(text, str):
            graph[recurrence] = f'{graph[recurrence]}\n{text}'
        else:
            graph[recurrence] = text
        upgrader.move_origins(old_path, ('scheduling', 'graph', recurrence), text)
    scheduling['graph'] = graph
    upgrader.move_origins(('scheduling', 'dependencies'), ('scheduling', 'graph'),
                          None)
    if upgraded and not cylc7_compat:
        upgrader.warn(
            'deprecated graph items were automatically upgraded in '
            f'"{upgrader.filename}": (8.0.0) {old_text} -> {new_text} - for X '
            f'in: {", ".join(sorted(upgraded))}'
        )


def _prepend_parameter_environment(
    upgrader: Upgrader, name: str, namespace: dict, cylc7_compat: bool,
) -> None:
    """Move ``[parameter environment templates]`` to the front of
    ``[environment]``."""
    templates = namespace.pop('parameter environment templates', None)
    if templates is None:
        return
    old = f'[runtime][{name}][parameter environment templates]'
    new = f'[runtime][{name}][environment]'
    if not isinstance(templates, dict):
        raise upgrader.error(
            f'{old} should be a [section] not a setting',
            ('runtime', name, 'parameter environment templates'),
        )
    if not cylc7_compat:
        upgrader.warn(
            f'deprecated items automatically upgraded in "{upgrader.filename}": '
            f'(8.0.0) {old} contents prepended to {new}'
        )
    environment = namespace.get('environment')
    if environment is None:
        environment = {}
    elif not isinstance(environment, dict):
        return  # validation reports "[environment] should be a [section]"
    merged = {}
    for key, value in templates.items():
        if key in environment:
            upgrader.warn(f'{old}{key} ignored as {key} already exists in {new}')
            continue
        merged[key] = value
        upgrader.move_origins(
            ('runtime', name, 'parameter environment templates', key),
            ('runtime', name, 'environment', key), value,
        )
    merged.update(environment)
    namespace['environment'] = merged


def _check_platform_inputs(
    upgrader: Upgrader, name: str, namespace: dict, cylc7_compat: bool,
) -> None:
    """Cylc 7 host/job runner settings: an error beside ``platform``, else a
    deprecation warning (they select a platform at job submission)."""
    remote = namespace.get('remote')
    if isinstance(remote, dict) and remote.get('owner'):
        raise upgrader.error(
            f'"[runtime][{name}][remote]owner" is obsolete at Cylc 8: set '
            'remote user names in ~/.ssh/config',
            ('runtime', name, 'remote', 'owner'),
        )
    platform = namespace.get('platform')
    if isinstance(platform, str) and _REC_BACKTICKS.search(platform):
        raise upgrader.error(
            f'[runtime][{name}]platform = {platform}: backtick subshells are '
            'not supported, use $(command)',
            ('runtime', name, 'platform'),
        )
    settings = []
    for section, keys in _PLATFORM_INPUTS.items():
        values = namespace.get(section)
        if not isinstance(values, dict):
            continue
        for key, exclusions in keys.items():
            if key in values and values[key] not in exclusions:
                settings.append((section, key, values[key]))
    if not settings:
        return
    if isinstance(platform, str) and platform.strip():
        listed = ', '.join(item_path([section], key) for section, key, _ in settings)
        raise upgrader.error(
            f"task '{name}' has deprecated [runtime] settings that cannot be "
            f"used with 'platform = {platform}': {listed}",
            ('runtime', name, 'platform'),
        )
    if not cylc7_compat:
        listed = '; '.join(
            f'{item_path(["runtime", name, section], key)} = {value}'
            for section, key, value in settings
        )
        upgrader.warn(
            f'deprecated settings found (please replace with '
            f'[runtime][{name}]platform): {listed}'
        )


def _warn_handler_templates(upgrader: Upgrader, name: str, namespace: dict) -> None:
    """Warn about Cylc 7 names of event handler template variables."""
    events = namespace.get('events')
    if not isinstance(events, dict):
        return
    for value in events.values():
        if not isinstance(value, str) or '%(' not in value:
            continue
        for old, new in _HANDLER_TEMPLATE_RENAMES:
            if f'%({old})' in value:
                upgrader.warn(
                    f'[runtime][{name}][events]: the event handler template '
                    f'variable "%({old})s" is deprecated - use "%({new})s" '
                    'instead'
                )


def upgrade_global(
    data: dict,
    origins: Origins | None,
    filename: str,
    *,
    warn: Callable[[str], None],
) -> dict:
    """Check a global.cylc for Cylc 7 ``global.rc`` settings.

    Cylc 8 does not convert Cylc 7 site settings (``[hosts]``, ``[suite
    servers]``, ...): they are errors, reported here with what replaces them.
    Returns ``data`` unchanged otherwise. (``warn`` is for future upgrades;
    Cylc 8 has none for global.cylc yet.)

    Raises:
        UpgradeError: for a Cylc 7 section or setting.
    """
    upgrader = Upgrader(data, origins, filename, warn, silence_deprecations=False)
    for key in data:
        hint = _GLOBAL_CYLC7.get(key)
        if hint is not None:
            shown = item_path([key]) if isinstance(data[key], dict) else key
            raise upgrader.error(
                f'{shown} is a Cylc 7 global.rc setting not supported by '
                f'Cylc 8: {hint}', (key,),
            )
    return data
