"""Base model and field types shared by the inventory models."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Text = Annotated[str, Field(strict=True, min_length=1)]
"""A non-empty string; a number or a boolean in its place is an error."""

Name = Annotated[
    str, Field(strict=True), StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$")
]
"""A device or host name: letters, digits, ``.``, ``_`` and ``-``, at most 63 characters."""

SchoolCode = Annotated[str, Field(strict=True), StringConstraints(pattern=r"^[0-9]{10}$")]
"""The 10-digit MoE school identifier (学校标识码), always a string."""

RegionCode = Annotated[str, Field(strict=True), StringConstraints(pattern=r"^[0-9]{6}$")]
"""A 6-digit administrative division code (city 440100, district 440106)."""

SecretName = Annotated[
    str, Field(strict=True), StringConstraints(pattern=r"^[a-z][a-z0-9_]{1,63}$")
]
"""The name of a secret (``device_admin_hash``): lowercase letters, digits and ``_``.

A value pasted here by mistake (a key has other characters) is rejected before it
can be echoed in a message; the value belongs in Ansible Vault or the environment.
"""

VlanId = Annotated[int, Field(strict=True, ge=1, le=4094)]
"""A VLAN id, 1–4094, written in plain decimal."""

Count = Annotated[int, Field(strict=True, ge=0)]
Positive = Annotated[int, Field(strict=True, ge=1)]
Flag = Annotated[bool, Field(strict=True)]


class StrictModel(BaseModel):
    """An immutable model that rejects unknown keys."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)
