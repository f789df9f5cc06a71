"""Upgrade Cylc 7 item names in broadcast settings, as flow.cylc's are.

Cylc 8's ``cylc broadcast`` runs each setting through the workflow
upgrader under ``[runtime][<namespace>]`` before validating it, so
``[job]execution time limit`` becomes ``execution time limit`` and
``[events]failed handler`` becomes ``[events]failed handlers``, with a
deprecation warning; obsolete items (e.g. ``[job]shell``) are dropped.
The same ``[runtime]`` rules of the flow.cylc upgrade table apply here, and
the scheduler applies them too, for clients that send old names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from cylc_flow.broadcast.settings import BroadcastSettingError, Leaf, set_leaf
from cylc_flow.config.spec.flow_upgrades import FLOW_UPGRADES
from cylc_flow.config.spec.model import MANY
from cylc_flow.config.spec.upgrader import Upgrade, Upgrader
from cylc_flow.exceptions import CylcError

SOURCE = 'broadcast'
# the namespace key while upgrading (shows in warnings)
NAMESPACE_KEY = '<namespace>'

# the [runtime][__MANY__] rules, re-rooted at the namespace
_RULES: list[Upgrade] = []
for _rule in FLOW_UPGRADES:
    if _rule.old[:2] == ('runtime', MANY):
        _RULES.append(_rule)
# the first key under the namespace of every item some rule upgrades
_HEADS = frozenset(rule.old[2] for rule in _RULES if len(rule.old) > 2)


def upgrade_leaves(leaves: Iterable[Leaf],
                   warn: Callable[[str], None] | None = None) -> list[Leaf]:
    """The leaves with deprecated item names upgraded and obsolete items
    dropped; each change is reported through ``warn``.

    Raises:
        BroadcastSettingError: if an item cannot be upgraded.
    """
    leaves = list(leaves)
    if not any(path[0] in _HEADS for path, _value in leaves):
        return leaves
    namespace: dict = {}
    for path, value in leaves:
        set_leaf(namespace, path, value)
    data = {'runtime': {NAMESPACE_KEY: namespace}}
    upgrader = Upgrader(data, None, SOURCE, warn or _ignore,
                        silence_deprecations=False)
    try:
        upgrader.apply(_RULES)
    except CylcError as error:
        raise BroadcastSettingError(str(error)) from None
    upgraded: list[Leaf] = []
    _collect(data['runtime'][NAMESPACE_KEY], (), upgraded)
    return upgraded


def _collect(section: dict, path: tuple[str, ...], found: list[Leaf]) -> None:
    for key, value in section.items():
        here = (*path, key)
        if isinstance(value, dict):
            _collect(value, here, found)  # empty sections left behind vanish
        else:
            found.append((here, value))


def _ignore(_message: str) -> None:
    """Warnings nobody asked for."""
