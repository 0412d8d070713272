"""Benchmarks (see bench/README.md); a package so that daphne can load bench.settings and bench.urls."""
