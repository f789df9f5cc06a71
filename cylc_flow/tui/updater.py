"""The data side of Tui: scan for workflows, query the open ones, run commands.

An ``Updater`` runs in one background thread (all its ZMQ clients live in
that thread).  The UI thread tells it which workflows are open and which
commands to run, and takes the latest snapshot when notified.
``poll_once`` is the whole of one round, callable directly in tests.
"""

from __future__ import annotations

import contextlib
import getpass
import queue
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cylc_flow.exceptions import CylcError
from cylc_flow.network.errors import ClientTimeout, WorkflowStopped
from cylc_flow.tui.actions import (
    MUTATION,
    PLAY,
    MenuAction,
    interpret_reply,
    mutation_request,
)
from cylc_flow.tui.discovery import FoundWorkflow, find_one, find_workflows
from cylc_flow.tui.query import STATUS_QUERY, WORKFLOW_QUERY

Snapshot = list[dict[str, Any]]
ClientFactory = Callable[[str, Path, float], Any]
#: (workflows, GraphQL request, timeout) -> each one's reply data or error
StatusQuery = Callable[[list[FoundWorkflow], str, float], list[Any]]

TIMEOUT_MESSAGE = ('Timeout communicating with workflow.'
                   ' Use "--comms-timeout" to increase the timeout')


def _default_client(name: str, run_dir: Path, timeout: float) -> Any:
    from cylc_flow.network.client import WorkflowClient

    return WorkflowClient(name, run_dir=run_dir, timeout=timeout)


def query_all(found: list[FoundWorkflow], request: str,
              timeout: float) -> list[Any]:
    """Ask every workflow ``request`` at once; each one's reply data, or
    the error that stands in for it (``WorkflowStopped`` if it has gone)."""
    import asyncio

    from cylc_flow.network.scan import contact_info
    from cylc_flow.network.scan_query import query_many

    flows = [{'name': item.name, 'path': item.run_dir} for item in found]
    running = [flow for flow in flows if contact_info(flow)]
    outcomes = {id(outcome.flow): outcome for outcome in asyncio.run(
        query_many(running, request, timeout=timeout))} if running else {}
    replies: list[Any] = []
    for flow in flows:
        outcome = outcomes.get(id(flow))
        if outcome is None or outcome.stale:
            replies.append(WorkflowStopped(flow['name']))
        elif outcome.ok:
            replies.append(outcome.data)
        else:
            replies.append(CylcError(outcome.error))
    return replies


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


class Updater:
    """Polls workflows for Tui (see the module docstring)."""

    SCAN_INTERVAL = 5.0  # seconds between scans of ~/cylc-run
    UPDATE_INTERVAL = 1.0  # seconds between queries of open workflows

    def __init__(
        self,
        workflow: str | None = None,
        comms_timeout: float = 3.0,
        *,
        client_factory: ClientFactory | None = None,
        status_query: StatusQuery = query_all,
        scanner: Callable[[], list[FoundWorkflow]] | None = None,
        user: str | None = None,
    ) -> None:
        self.workflow = workflow
        self.comms_timeout = comms_timeout
        self._client_factory = client_factory or _default_client
        self._status_query = status_query
        if scanner is None:
            scanner = ((lambda: [find_one(workflow)]) if workflow
                       else find_workflows)
        self._scanner = scanner
        self.user = user or getpass.getuser()
        self._lock = threading.Lock()
        self._subscribed: set[str] = set()
        self._commands: queue.Queue[MenuAction] = queue.Queue()
        self._snapshot: Snapshot | None = None
        self._results: list[tuple[bool, str]] = []
        self._clients: dict[str, Any] = {}
        self._found: list[FoundWorkflow] = []
        self._statuses: dict[str, dict[str, Any]] = {}
        self._last_scan = float('-inf')
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._notify: Callable[[], None] = lambda: None

    # ---------------------------------------------------------- UI thread

    def workflow_id(self, name: str) -> str:
        return f'~{self.user}/{name}'

    def set_open(self, names: set[str]) -> None:
        """The workflows whose trees are open (their full data is wanted)."""
        with self._lock:
            changed = names != self._subscribed
            self._subscribed = set(names)
        if changed:
            self._wake.set()

    def submit(self, action: MenuAction) -> None:
        """Run a menu command (its result arrives via ``take_results``)."""
        self._commands.put(action)
        self._wake.set()

    def refresh(self) -> None:
        """Scan and query again now."""
        self._last_scan = float('-inf')
        self._wake.set()

    def take_snapshot(self) -> Snapshot | None:
        """The newest snapshot since the last call (None if none)."""
        with self._lock:
            snapshot, self._snapshot = self._snapshot, None
        return snapshot

    def take_results(self) -> list[tuple[bool, str]]:
        with self._lock:
            results, self._results = self._results, []
        return results

    def start(self, notify: Callable[[], None]) -> None:
        """Poll in a background thread; call ``notify`` after each round."""
        self._notify = notify
        self._thread = threading.Thread(target=self._run, name='tui-updater',
                                        daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    # ------------------------------------------------------ worker thread

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                began = time.monotonic()
                try:
                    snapshot = self.poll_once(began)
                except Exception as exc:  # never let the poller die silently
                    with self._lock:
                        self._results.append(
                            (False, f'update failed: {_first_line(exc)}'))
                else:
                    with self._lock:
                        self._snapshot = snapshot
                self._notify()
                remaining = self.UPDATE_INTERVAL - (time.monotonic() - began)
                if remaining > 0:
                    self._wake.wait(remaining)
                self._wake.clear()
        finally:
            self.close()

    def close(self) -> None:
        """Close every client (call from the thread that used them)."""
        for name in list(self._clients):
            self._drop_client(name)

    def poll_once(self, now: float) -> Snapshot:
        """Run queued commands, scan if due, query; return the workflows."""
        while True:
            try:
                action = self._commands.get_nowait()
            except queue.Empty:
                break
            result = self.run_action(action)
            with self._lock:
                self._results.append(result)
        scanned = now - self._last_scan >= self.SCAN_INTERVAL
        if scanned:
            self._last_scan = now
            try:
                self._found = self._scanner()
            except (OSError, CylcError):
                self._found = []
        with self._lock:
            subscribed = set(self._subscribed)
        snapshot: Snapshot = []
        closed: list[tuple[FoundWorkflow, dict[str, Any]]] = []
        for found in self._found:
            entry: dict[str, Any] = {'id': self.workflow_id(found.name),
                                     'name': found.name,
                                     'status': found.status}
            if found.has_contact:
                if found.name in subscribed:
                    self._query(found, entry, WORKFLOW_QUERY)
                elif scanned or found.name not in self._statuses:
                    closed.append((found, entry))
                    self._statuses[found.name] = entry
                else:
                    entry = {**self._statuses[found.name]}
            snapshot.append(entry)
        if closed:  # the status of every closed workflow, all at once
            replies = self._status_query([found for found, _ in closed],
                                         STATUS_QUERY, self.comms_timeout)
            for (found, entry), reply in zip(closed, replies, strict=True):
                self._merge(found, entry, reply)
        return snapshot

    def _client(self, found: FoundWorkflow) -> Any:
        client = self._clients.get(found.name)
        if client is None:
            client = self._client_factory(found.name, found.run_dir,
                                          self.comms_timeout)
            self._clients[found.name] = client
        return client

    def _drop_client(self, name: str) -> None:
        client = self._clients.pop(name, None)
        if client is not None:
            with contextlib.suppress(Exception):  # closing is best effort
                client.close()

    def _query(self, found: FoundWorkflow, entry: dict[str, Any],
               request: str) -> None:
        """Ask one workflow on its own client; merge the reply."""
        try:
            reply = self._client(found).request(
                'graphql', {'request_string': request, 'variables': {}})
        except Exception as exc:  # zmq errors and the like: keep Tui alive
            self._drop_client(found.name)
            reply = exc
        self._merge(found, entry, reply)

    def _merge(self, found: FoundWorkflow, entry: dict[str, Any],
               reply: Any) -> None:
        """Merge a workflow's GraphQL reply (or the error raised instead)
        into its entry: its fields, its stopped status or a message."""
        if isinstance(reply, WorkflowStopped):
            entry['status'] = 'stopped'
            self._last_scan = float('-inf')  # look again next round
            return
        if isinstance(reply, ClientTimeout):
            entry['_message'] = TIMEOUT_MESSAGE
            return
        if isinstance(reply, BaseException):
            entry['_message'] = f'Error - {_first_line(reply)}'
            return
        try:
            data = reply['workflows'][0]
        except (KeyError, IndexError, TypeError):
            data = None
        if not isinstance(data, dict):
            entry['_message'] = 'Error - unexpected reply from the scheduler'
            return
        entry.update(data)
        entry['id'] = self.workflow_id(found.name)
        entry['name'] = found.name

    def run_action(self, action: MenuAction) -> tuple[bool, str]:
        """Perform a menu command; ``(success, message)``."""
        if action.kind == PLAY:
            return self._play(action)
        if action.kind != MUTATION:
            return False, f'{action.description}: not a command'
        found = next((item for item in self._found
                      if item.name == action.workflow), None)
        if found is None:
            found = find_one(action.workflow)
        try:
            reply = self._client(found).request(
                'graphql', mutation_request(action))
        except WorkflowStopped:
            self._drop_client(found.name)
            return False, (f'{action.description}: cannot perform a command'
                           ' on a stopped workflow')
        except Exception as exc:  # report every failure in the UI
            self._drop_client(found.name)
            return False, f'{action.description}: {_first_line(exc)}'
        finally:
            self._wake.set()
        return interpret_reply(action, reply)

    def _play(self, action: MenuAction) -> tuple[bool, str]:
        """``cylc play`` in a subprocess (the scheduler detaches)."""
        command = [sys.executable, '-m', 'cylc_flow.scripts.cylc', 'play',
                   action.workflow]
        with tempfile.TemporaryFile('w+') as errors:
            try:
                code = subprocess.run(
                    command, stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL, stderr=errors,
                    timeout=120, check=False).returncode
            except (OSError, subprocess.TimeoutExpired) as exc:
                return False, f'{action.description}: {_first_line(exc)}'
            errors.seek(0)
            detail = errors.read().strip()
        self.refresh()
        if code:
            return False, (f'{action.description}: '
                           f'{detail.splitlines()[-1] if detail else code}')
        return True, f'{action.description}: started'
