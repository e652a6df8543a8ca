"""Pulumi entry point of the identity stack: every resource is built by campusctl."""

import pulumi

from campusctl.stacks.identity.program import build

for name, value in build().items():
    pulumi.export(name, value)
