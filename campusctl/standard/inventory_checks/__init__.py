"""Checks that read the inventory alone: bandwidth, classrooms, coverage, addressing, zoning.

Each function judges one school and returns its findings, each with the
school file and line that decided it. Importing this package registers every
check of its modules.
"""

from campusctl.standard.inventory_checks import (  # noqa: F401
    addressing,
    bandwidth,
    identity,
    rooms,
    zoning,
)
