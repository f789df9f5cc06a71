"""Command-line plumbing shared by the ``cylc`` sub-commands."""
