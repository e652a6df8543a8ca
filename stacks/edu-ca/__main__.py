"""Pulumi entry point of the education CA stack: every resource is built by campusctl."""

import pulumi

from campusctl.stacks.educa.program import build

for name, value in build().items():
    pulumi.export(name, value)
