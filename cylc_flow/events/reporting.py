"""Log handler results the way Cylc 8 reports them in the scheduler log."""

from __future__ import annotations

import logging

from cylc_flow.events.records import HandlerKind, HandlerResult
from cylc_flow.events.runner import duration_text


def log_result(
    logger: logging.Logger | logging.LoggerAdapter, result: HandlerResult,
) -> None:
    """Write one handler attempt's outcome to the scheduler log.

    Task handlers: failures at ERROR, a coming retry at DEBUG, the final
    failure as a WARNING naming the job, handler and event.  Workflow
    handlers: INFO on success, ERROR plus ``<event> EVENT HANDLER FAILED``
    on failure.  Emails: INFO on success, WARNING on failure.
    """
    call = result.call
    text = result.describe()
    if call.job is None:
        if call.kind is HandlerKind.COMMAND:
            if result.succeeded:
                logger.info(text)
            else:
                logger.error(text)
                logger.error(f'{call.event} EVENT HANDLER FAILED')
        elif result.succeeded:
            logger.info(text)
        else:
            logger.warning(text)
        return
    name = call.handler
    if result.succeeded:
        logger.debug(text)
        return
    logger.error(text)
    if result.retry_delay is not None:
        logger.debug(
            f'{call.job} handler:{name} for task event:{call.event} failed,'
            f' retrying in {duration_text(result.retry_delay)}'
        )
    else:
        logger.warning(
            f'{call.job} handler:{name} for task event:{call.event} failed'
        )
