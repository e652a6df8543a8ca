"""Secrets in rendered config lines never reach plans, logs or the audit log."""

from __future__ import annotations

import pytest

from campusctl.engine.redact import MASK, redact

SECRET = "Lab-nyH_eT8Drg7BKeIJ1PmB"
OTHER = "Lab-0avroWZh3WOGhXZ_DAiN"


@pytest.mark.parametrize(
    "line",
    [
        f"snmp-server user campus-nms campus-ro v3 auth sha {SECRET} priv aes 128 {OTHER}",
        f"snmp-server user campus-nms campus-ro v3 auth sha {SECRET} priv aes128 {OTHER}",
        (
            f"snmp-agent usm-user v3 campus-nms campus-ro simple authentication-mode sha {SECRET}"
            f" privacy-mode aes128 {OTHER} acl 2000"
        ),
        f"snmp-agent usm-user v3 campus-nms authentication-mode sha cipher {SECRET}",
        f"snmp-agent usm-user v3 campus-nms privacy-mode aes128 cipher {OTHER}",
        f" key authentication simple {SECRET}",
        f" key accounting cipher {OTHER}",
        f"tacacs-server key 7 {SECRET}",
        f" shared-key cipher {SECRET}",
        f"username netadmin privilege 15 secret 9 {SECRET}",
    ],
)
def test_secret_masked(line: str) -> None:
    masked = redact(line)
    assert SECRET not in masked
    assert OTHER not in masked
    assert MASK in masked


def test_line_without_secret_unchanged() -> None:
    line = "snmp-server group campus-ro v3 priv read campus-all access MGMT-V4"
    assert redact(line) == line
