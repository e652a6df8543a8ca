"""Pulumi entry point of the 粤教云 stack: every resource is built by campusctl."""

import pulumi

from campusctl.stacks.yuejiaoyun.program import build

for name, value in build().items():
    pulumi.export(name, value)
