"""The CrossGuard policy pack: the policies themselves live in campusctl.stacks.policies."""

from pulumi_policy import PolicyPack

from campusctl.stacks.policies import PACK_NAME, POLICIES

PolicyPack(name=PACK_NAME, policies=POLICIES)
