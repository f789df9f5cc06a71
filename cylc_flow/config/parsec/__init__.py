"""The reader for flow.cylc, suite.rc and global.cylc files (Cylc's "parsec").

Processing order, as Cylc 8: read lines -> inline ``%include`` files ->
Jinja2 (when the first line is ``#!Jinja2``) -> join ``\\`` continuation
lines -> parse into nested sections with string values.  Jinja2 is
imported only for files that ask for it.
"""

from __future__ import annotations

from cylc_flow.config.parsec.process import parse_file, parse_text, process_lines
from cylc_flow.config.parsec.records import Origin, ParsedConfig
from cylc_flow.config.parsec.templatevars import load_template_vars

__all__ = [
    'Origin',
    'ParsedConfig',
    'load_template_vars',
    'parse_file',
    'parse_text',
    'process_lines',
]
