"""Onboarding of new schools: a short spec becomes a complete, valid school file.

The steps, each its own module: the spec (:mod:`spec`), the sizing rules kept
as data (:mod:`rules`, defaults in ``rules.yml``), rooms (:mod:`layout`), port
demands (:mod:`demand`), switches and cabling (:mod:`switching`,
:mod:`cabling`), addresses (:mod:`ipam`, :mod:`addressing`), the school file
(:mod:`schoolfile`, :mod:`writer`) and the batch (:mod:`onboard`).
"""

from campusctl.onboard.onboard import OnboardResult, onboard, plan_batch
from campusctl.onboard.rules import SizingRules, load_rules
from campusctl.onboard.spec import SchoolSpec, load_specs, parse_spec

__all__ = [
    "OnboardResult",
    "SchoolSpec",
    "SizingRules",
    "load_rules",
    "load_specs",
    "onboard",
    "parse_spec",
    "plan_batch",
]
