"""Benchmarks run by `make bench`: each prints its figures and whether its target is met."""
