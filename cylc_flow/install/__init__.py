"""Installing workflows into ``~/cylc-run`` and managing their run directories.

``cylc install`` copies a source directory into a numbered (``run1``,
``run2``... with a ``runN`` link), named or unnamed run directory; ``cylc
reinstall`` brings an installed run up to date with its source; ``cylc
clean`` removes runs (following symlinked directories); ``cylc cat-log``
finds scheduler, install and job logs.  Each module here holds one of those
concepts; the command modules in :mod:`cylc_flow.scripts` stay thin.
"""
