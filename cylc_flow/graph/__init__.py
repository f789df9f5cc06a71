"""Graph strings: parsing, family and parameter expansion, rendering."""
