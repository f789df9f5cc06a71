"""ID arguments with globs: ``*``, ``1/*``, ``*/foo``, ``1/foo:running``,
``~user/workflow//1/foo``, ``//1/foo``; and workflow IDs with globs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from fnmatch import translate
from functools import lru_cache
from typing import Any

from cylc_flow.id import Tokens

_GLOB_CHARS = frozenset('*?[')

# a matcher: None matches anything, a str matches itself, else a regex
Matcher = Any


@lru_cache(maxsize=4096)
def glob_matcher(pattern: str | None) -> Matcher:
    """A compiled glob (None for "anything")."""
    if pattern is None or pattern == '*' or pattern == '':
        return None
    if _GLOB_CHARS.isdisjoint(pattern):
        return pattern
    return re.compile(translate(pattern)).match


def glob_matches(matcher: Matcher, value: Any) -> bool:
    if matcher is None:
        return True
    if value is None:
        return False
    if type(matcher) is str:
        return matcher == value
    return matcher(str(value)) is not None


def _job_matcher(pattern: str | None) -> Matcher:
    if pattern is not None and pattern.isdigit():
        return f'{int(pattern):02d}'
    if pattern == 'NN':
        return None
    return glob_matcher(pattern)


@dataclass(frozen=True, slots=True)
class IdPattern:
    """One ``ids``/``exids`` entry, compiled."""

    user: Matcher
    workflow: Matcher
    cycle: Matcher
    task: Matcher
    job: Matcher
    selector: str | None

    def matches_workflow(self, owner: Any, name: Any) -> bool:
        return glob_matches(self.user, owner) and \
            glob_matches(self.workflow, name)

    def matches_node(self, cycle: Any, task: Any, job: Any = None,
                     state: Any = None) -> bool:
        return (glob_matches(self.cycle, cycle)
                and glob_matches(self.task, task)
                and glob_matches(self.job, job)
                and (self.selector is None or self.selector == state))


def _from_tokens(tokens: Tokens, cycle: str | None, task: str | None,
                 job: str | None, selector: str | None) -> IdPattern:
    return IdPattern(
        user=glob_matcher(tokens.user), workflow=glob_matcher(tokens.workflow),
        cycle=glob_matcher(cycle), task=glob_matcher(task),
        job=_job_matcher(job), selector=selector)


@lru_cache(maxsize=1024)
def node_pattern(text: str) -> IdPattern:
    """A task proxy, family proxy or job ID pattern (raises InputError)."""
    text = text.strip()
    if '//' in text and not text.startswith('//'):
        tokens = Tokens.parse(text)
    else:
        tokens = Tokens.parse(text, relative=True)
    selector = tokens.job_sel or tokens.task_sel or tokens.cycle_sel
    return _from_tokens(tokens, tokens.cycle, tokens.task, tokens.job,
                        selector)


@lru_cache(maxsize=1024)
def definition_pattern(text: str) -> IdPattern:
    """A task or family definition pattern: a name glob, optionally with a
    workflow part (``~user/workflow//$namespace|name``)."""
    text = text.strip()
    tokens = Tokens()
    if '//' in text and not text.startswith('//'):
        head, _separator, text = text.partition('//')
        tokens = Tokens.parse(head)
    name = text.lstrip('/').rsplit('|', 1)[-1]
    return _from_tokens(tokens, None, name or None, None, None)


@lru_cache(maxsize=1024)
def workflow_pattern(text: str) -> IdPattern:
    """A workflow ID pattern: ``~user/name``, ``name`` or a glob."""
    tokens = Tokens.parse(text.strip())
    return _from_tokens(tokens, None, None, None, None)


def any_matches(patterns: list[IdPattern], owner: Any, name: Any) -> bool:
    return any(pattern.matches_workflow(owner, name) for pattern in patterns)
