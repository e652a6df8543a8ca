"""Parsers of show/display output into NAPALM getter shapes, one module per vendor family."""
