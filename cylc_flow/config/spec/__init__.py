"""Declarative specs of flow.cylc and global.cylc: every item once, with its
type, default and description; validation, defaults, upgrades and printing.
"""

from __future__ import annotations

from cylc_flow.config.spec.defaults import expand_defaults
from cylc_flow.config.spec.durations import DurationFloat, parse_interval
from cylc_flow.config.spec.flow_spec import FLOW_SPEC
from cylc_flow.config.spec.global_spec import GLOBAL_SPEC
from cylc_flow.config.spec.model import MANY, Item, Section, conf, item
from cylc_flow.config.spec.printing import describe_spec, format_value, print_config
from cylc_flow.config.spec.upgrade import upgrade_flow, upgrade_global
from cylc_flow.config.spec.validate import get_item_spec, validate
from cylc_flow.config.spec.value_types import IntegerRange, ValueType
from cylc_flow.config.spec.xtrigger_values import XtriggerValue

__all__ = [
    'FLOW_SPEC',
    'GLOBAL_SPEC',
    'MANY',
    'DurationFloat',
    'IntegerRange',
    'Item',
    'Section',
    'ValueType',
    'XtriggerValue',
    'conf',
    'describe_spec',
    'expand_defaults',
    'format_value',
    'get_item_spec',
    'item',
    'parse_interval',
    'print_config',
    'upgrade_flow',
    'upgrade_global',
    'validate',
]
