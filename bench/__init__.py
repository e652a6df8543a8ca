"""Benchmarks of campusctl; ``python -m bench`` runs them all (``make bench``)."""
