"""cylc version [--long]

Print the Cylc version (with --long, also where it is installed)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cylc_flow import __version__


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog='cylc version', description=__doc__)
    parser.add_argument('--long', action='store_true',
                        help='also print the install location')
    args = parser.parse_args(argv)
    if args.long:
        print(f'{__version__} ({Path(sys.executable).parent.parent})')
    else:
        print(__version__)
    return 0
