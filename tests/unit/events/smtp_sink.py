"""A tiny SMTP server for tests: accepts every message and keeps it.

Speaks just enough SMTP for smtplib: greeting, EHLO/HELO, MAIL, RCPT, DATA
(with dot-unstuffing), RSET, NOOP and QUIT.
"""

from __future__ import annotations

import asyncio
import email
from dataclasses import dataclass, field
from email.message import Message


@dataclass(slots=True)
class ReceivedMail:
    """One message as the sink received it."""

    sender: str
    recipients: list[str]
    data: bytes

    @property
    def message(self) -> Message:
        """The parsed message."""
        return email.message_from_bytes(self.data)

    @property
    def body(self) -> str:
        """The decoded text body, with the wire's CRLF line ends as LF."""
        payload = self.message.get_payload(decode=True)
        text = payload.decode() if isinstance(payload, bytes) else str(payload)
        return text.replace('\r\n', '\n')


@dataclass
class SmtpSink:
    """An SMTP server on 127.0.0.1 collecting messages in ``received``."""

    received: list[ReceivedMail] = field(default_factory=list)
    port: int = 0
    _server: asyncio.base_events.Server | None = None
    _arrived: asyncio.Condition | None = None

    async def start(self) -> SmtpSink:
        self._arrived = asyncio.Condition()
        self._server = await asyncio.start_server(self._session, '127.0.0.1', 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    @property
    def address(self) -> str:
        """The ``smtp`` setting that reaches this sink."""
        return f'127.0.0.1:{self.port}'

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def wait_for(self, count: int, timeout: float = 10.0) -> list[ReceivedMail]:
        """Wait until at least ``count`` messages have arrived."""
        assert self._arrived is not None
        async with self._arrived:
            await asyncio.wait_for(
                self._arrived.wait_for(lambda: len(self.received) >= count),
                timeout,
            )
        return self.received

    async def _session(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
    ) -> None:
        def reply(text: str) -> None:
            writer.write(text.encode() + b'\r\n')

        reply('220 sink ESMTP ready')
        sender, recipients = '', []
        try:
            while True:
                line = await reader.readline()
                if not line:
                    return
                command = line.decode(errors='replace').strip()
                verb = command[:4].upper()
                if verb in ('EHLO', 'HELO'):
                    reply('250 sink')
                elif verb == 'MAIL':
                    sender, recipients = command.split(':', 1)[1].strip(' <>'), []
                    reply('250 OK')
                elif verb == 'RCPT':
                    recipients.append(command.split(':', 1)[1].strip(' <>'))
                    reply('250 OK')
                elif verb == 'DATA':
                    reply('354 End data with <CR><LF>.<CR><LF>')
                    await writer.drain()
                    lines = []
                    while True:
                        data_line = await reader.readline()
                        if data_line in (b'.\r\n', b'.\n', b''):
                            break
                        if data_line.startswith(b'..'):
                            data_line = data_line[1:]
                        lines.append(data_line)
                    assert self._arrived is not None
                    async with self._arrived:
                        self.received.append(
                            ReceivedMail(sender, recipients, b''.join(lines))
                        )
                        self._arrived.notify_all()
                    reply('250 OK queued')
                elif verb in ('RSET', 'NOOP'):
                    reply('250 OK')
                elif verb == 'QUIT':
                    reply('221 Bye')
                    await writer.drain()
                    return
                else:
                    reply('502 Command not implemented')
                await writer.drain()
        finally:
            writer.close()
