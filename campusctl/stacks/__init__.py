"""Pulumi stacks for 粤教云: shared components, the offline plan runner and policies.

The stack projects under ``stacks/`` are thin ``__main__.py`` files that call a
``build()`` function of this package. Nothing here creates a resource at import
time, so tests and ``campusctl stack plan`` control the Pulumi mocks and the
stack configuration before a program runs.
"""
