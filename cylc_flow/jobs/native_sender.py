"""Build the native message sender that jobs on this host use.

``native_sender.c`` sends a job's own ``started`` and ``succeeded``
messages (the two every job sends) in about a millisecond; a Python
messenger needs twenty.  The scheduler builds it once per version of the
source with the host's C compiler into the user's cache directory
(``$XDG_CACHE_HOME/cylc``, else ``~/.cache/cylc``) and names it, and the
libzmq it loads (pyzmq's copy), in the job scripts it writes.  Where there
is no compiler, no libzmq with CURVE, or ``CYLC_NATIVE_SENDER=false``,
jobs use the Python messenger, as they do for every other message (with
the libzmq found here, if any, so that it need not search).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cylc_flow.jobs import job_messenger

SOURCE = Path(__file__).with_name('native_sender.c')
ENV_SWITCH = 'CYLC_NATIVE_SENDER'
COMPILE_TIMEOUT = 60.0


@dataclass(frozen=True)
class NativeSender:
    """The built program (None if it cannot be built here) and the libzmq
    it loads (which the Python messengers load too)."""

    program: Path | None
    libzmq: str


def cache_dir() -> Path:
    base = os.environ.get('XDG_CACHE_HOME') or os.path.join(
        os.path.expanduser('~'), '.cache')
    return Path(base) / 'cylc'


def find_libzmq() -> str | None:
    """The path of a libzmq with CURVE that jobs can load (the one this
    process loaded; not a bare name the loader found)."""
    try:
        path = job_messenger.libzmq_path()
    except job_messenger.FastClientUnavailable:
        return None
    return path if os.sep in path else None


def _compiler() -> str | None:
    for name in (os.environ.get('CC'), 'cc', 'gcc', 'clang'):
        if name:
            found = shutil.which(name)
            if found:
                return found
    return None


def build(directory: Path | None = None) -> Path | None:
    """The sender program, compiled now if this source has no build yet;
    None if it cannot be built here."""
    source = SOURCE.read_bytes()
    digest = hashlib.sha256(source).hexdigest()[:16]
    directory = directory or cache_dir()
    program = directory / f'native-sender-{digest}'
    if os.access(program, os.X_OK):
        return program
    compiler = _compiler()
    if compiler is None:
        return None
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix='.native-sender-',
                                             dir=directory)
        os.close(handle)
    except OSError:
        return None
    try:
        result = subprocess.run(
            [compiler, '-O2', '-o', temporary, str(SOURCE), '-ldl'],
            capture_output=True, timeout=COMPILE_TIMEOUT, check=False)
        if result.returncode != 0:
            return None
        os.chmod(temporary, 0o755)
        os.replace(temporary, program)  # atomic: racing builds agree
        return program
    except (OSError, subprocess.SubprocessError):
        return None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def native_sender() -> NativeSender | None:
    """The sender for this host's jobs (its ``program`` None where it cannot
    be built: jobs then use Python, with this libzmq); None without libzmq
    or when switched off."""
    if os.environ.get(ENV_SWITCH, '').lower() in ('0', 'false', 'no'):
        return None
    libzmq = find_libzmq()
    if libzmq is None:
        return None
    return NativeSender(build(), libzmq)
