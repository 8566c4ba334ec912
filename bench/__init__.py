"""Benchmarks of the site build (``make bench``); never part of ``make test``."""
