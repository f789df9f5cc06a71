"""Universal identifiers: ``~user/workflow//cycle/task/job``.

One token type, :class:`Tokens`, is used everywhere an ID is parsed or
formatted.  Every level may carry a selector (``//1:failed/foo:running``) and
globs are kept as written (matching is the caller's business).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace

from cylc_flow.exceptions import InputError

_SEL = r'(?::(?P<{0}_sel>[^/:]+))?'
_RELATIVE = re.compile(
    r'^//'
    r'(?P<cycle>[^~/:]+)' + _SEL.format('cycle') +
    r'(?:/(?P<task>[^~/:]+)' + _SEL.format('task') +
    r'(?:/(?P<job>[^~/:]+)' + _SEL.format('job') + r')?)?'
    r'/?$'
)
_ABSOLUTE = re.compile(
    r'^(?:~(?P<user>[^/]+)(?:/|$))?'
    r'(?P<workflow>[^:/][^:]*?)?' + _SEL.format('workflow') +
    r'(?://(?P<rel>.*))?$'
)
_LEGACY_TASK = re.compile(r'^(?P<task>[^\s./:]+)\.(?P<cycle>[^\s/:]+)$')
_JOB_NUMBER = re.compile(r'^(NN|\d+|\*)$')


@dataclass(frozen=True, slots=True)
class Tokens:
    """The parts of a universal ID (any may be None)."""

    user: str | None = None
    workflow: str | None = None
    workflow_sel: str | None = None
    cycle: str | None = None
    cycle_sel: str | None = None
    task: str | None = None
    task_sel: str | None = None
    job: str | None = None
    job_sel: str | None = None

    @classmethod
    def parse(cls, text: str, *, relative: bool = False) -> Tokens:
        """Parse an absolute or (``//...``) relative ID."""
        text = text.strip()
        if not text:
            raise InputError('empty ID')
        if text.startswith('//') or relative:
            rel = text[2:] if text.startswith('//') else text
            return cls(**cls._parse_relative(rel, text))
        match = _ABSOLUTE.match(text)
        if not match or '//' in (match.group('workflow') or ''):
            raise InputError(f'invalid ID: {text}')
        parts = {
            'user': match.group('user'),
            'workflow': (match.group('workflow') or '').rstrip('/') or None,
            'workflow_sel': match.group('workflow_sel'),
        }
        if match.group('rel') is not None:
            parts.update(cls._parse_relative(match.group('rel'), text))
        return cls(**parts)

    @staticmethod
    def _parse_relative(rel: str, original: str) -> dict[str, str | None]:
        match = _RELATIVE.match('//' + rel)
        if not match:
            raise InputError(f'invalid ID: {original}')
        found = match.groupdict()
        if found.get('job') and not _JOB_NUMBER.match(found['job']):
            raise InputError(f'invalid job number in ID: {original}')
        return found

    @classmethod
    def parse_task_legacy(cls, text: str) -> Tokens | None:
        """Parse Cylc 7's ``NAME.CYCLE`` task form, or return None."""
        match = _LEGACY_TASK.match(text)
        if not match:
            return None
        return cls(cycle=match.group('cycle'), task=match.group('task'))

    def duplicate(self, **changes: str | None) -> Tokens:
        """Return a copy with some parts changed."""
        return replace(self, **changes)

    @property
    def is_task_like(self) -> bool:
        """True if this names a cycle, task or job (not just a workflow)."""
        return self.cycle is not None

    @property
    def lowest(self) -> str:
        """The most specific level named: workflow, cycle, task or job."""
        for level in ('job', 'task', 'cycle', 'workflow', 'user'):
            if getattr(self, level) is not None:
                return level
        return 'none'

    def relative_id(self) -> str:
        """``cycle/task/job`` (no workflow part)."""
        return '/'.join(
            _with_sel(part, sel)
            for part, sel in (
                (self.cycle, self.cycle_sel),
                (self.task, self.task_sel),
                (self.job, self.job_sel),
            )
            if part is not None
        )

    def workflow_id(self) -> str:
        """``~user/workflow`` (or ``workflow``)."""
        text = _with_sel(self.workflow or '', self.workflow_sel)
        if self.user:
            text = f'~{self.user}/{text}' if text else f'~{self.user}'
        return text

    def id(self) -> str:
        """The full ID, in the standard form."""
        rel = self.relative_id()
        head = self.workflow_id()
        if rel:
            return f'{head}//{rel}'
        return head

    def __str__(self) -> str:
        return self.id()

    def as_dict(self) -> dict[str, str | None]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _with_sel(part: str, sel: str | None) -> str:
    return f'{part}:{sel}' if sel else part


def task_id(cycle: str, task: str) -> str:
    """The relative ID of a task: ``cycle/task``."""
    return f'{cycle}/{task}'


def job_id(cycle: str, task: str, submit_num: int) -> str:
    """The relative ID of a job: ``cycle/task/NN`` (two digits at least)."""
    return f'{cycle}/{task}/{submit_num:02d}'
