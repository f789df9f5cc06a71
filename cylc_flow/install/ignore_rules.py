"""rsync-style exclude rules: the fixed install exclusions and ``.cylcignore``.

A rule is matched against a path relative to the top of the copy:

* ``*`` matches within one path component, ``**`` across ``/``, ``?`` one
  character (not ``/``), ``[...]`` a character class; ``\\`` escapes;
* a leading ``/`` anchors the rule at the top; otherwise a rule with no ``/``
  matches the last component of any path, and a rule with an inner ``/`` (or
  ``**``) matches the end of the path at a component boundary;
* a trailing ``/`` matches directories only; ``dir/***`` matches a directory
  and everything in it;
* in a rules file, blank lines and lines starting with ``#`` or ``;`` are
  ignored, ``+ PATTERN`` includes, ``- PATTERN`` excludes (the default) and a
  lone ``!`` clears the rules so far.

The first rule that matches decides; an excluded directory is not entered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from cylc_flow.exceptions import WorkflowFilesError


@dataclass(frozen=True, slots=True)
class FilterRule:
    """One include or exclude rule."""

    text: str
    include: bool
    regex: re.Pattern[str]
    directories_only: bool
    whole_path: bool  # match against the whole relative path (else the name)


def _translate(pattern: str) -> str:
    """Turn an rsync wildcard pattern into a regular expression body."""
    out: list[str] = []
    index = 0
    length = len(pattern)
    while index < length:
        char = pattern[index]
        if char == '\\' and index + 1 < length:
            out.append(re.escape(pattern[index + 1]))
            index += 2
            continue
        if char == '*':
            if pattern.startswith('**', index):
                out.append('.*')
                while index < length and pattern[index] == '*':
                    index += 1
                continue
            out.append('[^/]*')
        elif char == '?':
            out.append('[^/]')
        elif char == '[':
            end = _class_end(pattern, index)
            if end < 0:
                out.append(re.escape(char))
            else:
                body = pattern[index + 1:end]
                if body.startswith('!'):
                    body = '^' + body[1:]
                out.append('[' + body.replace('\\', '\\\\') + ']')
                index = end + 1
                continue
        else:
            out.append(re.escape(char))
        index += 1
    return ''.join(out)


def _class_end(pattern: str, start: int) -> int:
    """Index of the ``]`` closing the class opened at ``start``, or -1."""
    index = start + 1
    if index < len(pattern) and pattern[index] in '!^':
        index += 1
    if index < len(pattern) and pattern[index] == ']':
        index += 1
    return pattern.find(']', index)


def compile_rule(text: str, *, include: bool = False) -> FilterRule:
    """Compile one pattern (without any ``+ ``/``- `` prefix)."""
    pattern = text
    contents_too = pattern.endswith('/***')
    if contents_too:
        pattern = pattern[:-4] or '/'
    directories_only = pattern.endswith('/') and len(pattern) > 1
    if directories_only:
        pattern = pattern.rstrip('/')
    anchored = pattern.startswith('/')
    if anchored:
        pattern = pattern.lstrip('/')
    whole_path = anchored or contents_too or '/' in pattern or '**' in pattern
    body = _translate(pattern)
    if contents_too:
        body += '(?:/.*)?'
    if anchored:
        regex = f'^{body}$'
    elif whole_path:
        regex = f'(?:^|/){body}$'
    else:
        regex = f'^{body}$'
    try:
        compiled = re.compile(regex, re.DOTALL)
    except re.error as exc:
        raise WorkflowFilesError(f'bad exclude pattern {text!r}: {exc}') from None
    return FilterRule(text, include, compiled, directories_only and not contents_too,
                      whole_path)


def parse_rules(text: str, source: str = '.cylcignore') -> list[FilterRule]:
    """Parse a rules file (``.cylcignore``) into rules, in order."""
    rules: list[FilterRule] = []
    for line in text.splitlines():
        line = line.rstrip('\r')
        if not line or line[0] in '#;':
            continue
        if line == '!':
            rules.clear()
            continue
        include = False
        if line.startswith(('+ ', '- ')):
            include = line[0] == '+'
            line = line[2:]
            if not line:
                continue
        rules.append(compile_rule(line, include=include))
    return rules


def read_rules_file(path: Path) -> list[FilterRule]:
    """Read a rules file; a missing file gives no rules."""
    try:
        text = path.read_text(encoding='utf-8', errors='surrogateescape')
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise WorkflowFilesError(f'{path}: cannot read: {exc.strerror}') from None
    return parse_rules(text, str(path))


class PathFilter:
    """Decide which relative paths a copy skips."""

    __slots__ = ('_cache', 'rules')

    def __init__(self, rules: list[FilterRule]) -> None:
        self.rules = rules
        self._cache: dict[tuple[str, bool], bool] = {}

    def excluded(self, relative_path: str, is_dir: bool) -> bool:
        """Whether a path (``a/b/c``, no leading ``/``) is excluded."""
        key = (relative_path, is_dir)
        found = self._cache.get(key)
        if found is not None:
            return found
        name = relative_path.rpartition('/')[2]
        result = False
        for rule in self.rules:
            if rule.directories_only and not is_dir:
                continue
            subject = relative_path if rule.whole_path else name
            if rule.regex.search(subject):
                result = not rule.include
                break
        self._cache[key] = result
        return result
