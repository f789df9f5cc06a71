"""User-facing errors.

Every error a user can act on derives from :class:`CylcError`; the command-line
entry point prints ``ClassName: message`` on one line (plus any context lines
the error carries) and exits 1.  ``--debug`` adds the traceback.
"""

from __future__ import annotations


class CylcError(Exception):
    """Base class for errors reported to the user without a traceback."""


class InputError(CylcError):
    """Bad command-line input."""


class WorkflowFilesError(CylcError):
    """A workflow's files or run directory are missing or wrong."""


class FileParseError(CylcError):
    """A config file could not be read or parsed.

    The message names the file and line when they are known::

        /path/flow.cylc:12: illegal item: [scheduling]foo
    """

    def __init__(
        self,
        reason: str,
        filename: str | None = None,
        line_num: int | None = None,
        context: str | None = None,
    ) -> None:
        self.reason = reason
        self.filename = filename
        self.line_num = line_num
        self.context = context
        super().__init__(reason)

    def __str__(self) -> str:
        where = ''
        if self.filename and self.line_num:
            where = f'{self.filename}:{self.line_num}: '
        elif self.filename:
            where = f'{self.filename}: '
        text = f'{where}{self.reason}'
        if self.context:
            text += '\n' + self.context
        return text


class Jinja2Error(FileParseError):
    """An error raised while rendering a Jinja2 template."""


class IllegalItemError(FileParseError):
    """An item or section that the spec does not allow."""


class IllegalValueError(FileParseError):
    """A value that does not fit its item's type."""


class UpgradeError(FileParseError):
    """An obsolete item that cannot be upgraded automatically."""


class WorkflowConfigError(CylcError):
    """The workflow configuration is inconsistent."""


class GraphParseError(WorkflowConfigError):
    """A graph string is malformed."""


class TaskDefError(WorkflowConfigError):
    """A task definition is wrong."""


class ParamExpandError(WorkflowConfigError):
    """A task parameter is wrong or cannot be expanded."""


class CyclingError(CylcError):
    """A cycle point, interval or recurrence is wrong."""


class PointParsingError(CyclingError):
    """A cycle point string cannot be parsed."""


class IntervalParsingError(CyclingError):
    """An interval string cannot be parsed."""


class SequenceParsingError(CyclingError):
    """A recurrence string cannot be parsed."""


class PlatformLookupError(CylcError):
    """No platform or platform group matches."""


class GlobalConfigError(CylcError):
    """global.cylc is wrong."""
