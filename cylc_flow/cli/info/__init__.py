"""The information commands' library: scan, show, dump and the contact and
version queries (formatting and ID handling; the scripts stay thin)."""
