"""Grading a class: the coordinator (``coordinator.grade``), one job per submission, the fork
servers that run nbgrader's children and their pool, preflight checks, fingerprints of what a
grade depends on, Dask."""
