"""Send an event email through SMTP (blocking: run it in a thread).

``global.cylc[scheduler][mail]smtp`` is ``host`` or ``host:port``
(``[ipv6]:port`` too); unset means ``localhost:25``.
"""

from __future__ import annotations

import re
import smtplib
from email.message import EmailMessage

from cylc_flow.events.errors import MailSettingsError
from cylc_flow.events.records import MailMessage

DEFAULT_HOST = 'localhost'
DEFAULT_PORT = 25
_REC_ADDRESS_SEPARATOR = re.compile(r'[,\s]+')
_REC_LINE_BREAK = re.compile(r'[\r\n]+')


def parse_smtp(value: str | None) -> tuple[str, int]:
    """Split the ``smtp`` setting into host and port."""
    text = (value or '').strip()
    if not text:
        return DEFAULT_HOST, DEFAULT_PORT
    if text.startswith('['):
        host, bracket, rest = text[1:].partition(']')
        if not bracket or not host or (rest and not rest.startswith(':')):
            raise MailSettingsError(
                f'[scheduler][mail]smtp: cannot read "{value}" '
                '(use host, host:port or [ipv6]:port)'
            )
        port_text = rest[1:] if rest else ''
    elif text.count(':') == 1:
        host, _colon, port_text = text.partition(':')
    else:
        host, port_text = text, ''
    if not host:
        raise MailSettingsError(f'[scheduler][mail]smtp: no host in "{value}"')
    if not port_text:
        return host, DEFAULT_PORT
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise MailSettingsError(
            f'[scheduler][mail]smtp: bad port "{port_text}" in "{value}"'
        )
    return host, int(port_text)


def split_addresses(text: str) -> list[str]:
    """Addresses from a ``to`` setting (comma or space separated)."""
    return [part for part in _REC_ADDRESS_SEPARATOR.split(text or '') if part]


def build_email(mail: MailMessage) -> EmailMessage:
    """The MIME message for an event email."""
    message = EmailMessage()
    message['Subject'] = _REC_LINE_BREAK.sub(' ', mail.subject)
    message['From'] = _REC_LINE_BREAK.sub(' ', mail.mail_from)
    message['To'] = ', '.join(split_addresses(mail.mail_to))
    message.set_content(mail.body)
    return message


def send_mail(
    mail: MailMessage, smtp: str | None = None, *, timeout: float = 60.0,
) -> None:
    """Deliver one email; raises OSError or smtplib.SMTPException on failure."""
    host, port = parse_smtp(smtp)
    recipients = split_addresses(mail.mail_to)
    if not recipients:
        raise smtplib.SMTPRecipientsRefused({})
    with smtplib.SMTP(host, port, timeout=timeout) as client:
        client.send_message(
            build_email(mail), from_addr=mail.mail_from, to_addrs=recipients,
        )
