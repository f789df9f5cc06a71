"""Errors about event handler templates and mail settings."""

from __future__ import annotations

from cylc_flow.exceptions import GlobalConfigError, WorkflowConfigError


class HandlerTemplateError(WorkflowConfigError):
    """An event handler command or mail footer template cannot be expanded."""


class MailSettingsError(GlobalConfigError):
    """The ``[scheduler][mail]smtp`` setting is malformed."""
