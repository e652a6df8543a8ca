"""The roles' IPv6 and 802.1X templates, rendered by Ansible on the controller.

One ansible-playbook run renders every case into a temporary folder; the
tests then read the files. The lab flow checks the same files on real hosts.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
TERMINAL = REPO / "roles" / "classroom_terminal"
SERVER = REPO / "roles" / "school_server"

NETWORK_CASES: dict[str, dict[str, Any]] = {
    "dhcpv6": {"classroom_terminal_ipv6_mode": "dhcpv6", "classroom_terminal_ipv4_dhcp": True},
    "dhcpv6-static4": {
        "classroom_terminal_ipv6_mode": "dhcpv6",
        "classroom_terminal_ipv4_dhcp": False,
    },
    "slaac": {"classroom_terminal_ipv6_mode": "slaac", "classroom_terminal_ipv4_dhcp": True},
    "slaac-static4": {
        "classroom_terminal_ipv6_mode": "slaac",
        "classroom_terminal_ipv4_dhcp": False,
    },
}
DHCP6_SUBNETS = [
    {
        "subnet": "2001:db8:4406:110::/64",
        "pools": ["2001:db8:4406:110::1000 - 2001:db8:4406:110::1fff"],
        "dns_servers": ["2001:db8:4406:120::10", "2001:db8:ffff::53"],
        "lease_seconds": 3600,
    },
    {
        "subnet": "2001:db8:10::/64",
        "pools": ["2001:db8:10::1000 - 2001:db8:10::1fff"],
        "interface": "eth0",
    },
]


def _task(src: Path, dest: Path, variables: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": f"Render {dest.name}",
        "ansible.builtin.template": {
            "src": os.fspath(src),
            "dest": os.fspath(dest),
            "mode": "0600",
        },
        "vars": variables,
    }


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("rendered")
    terminal_vars = yaml.safe_load((TERMINAL / "vars" / "main.yml").read_text(encoding="utf-8"))
    server_defaults = yaml.safe_load((SERVER / "defaults" / "main.yml").read_text(encoding="utf-8"))
    tasks = [
        _task(
            TERMINAL / "templates" / "classroom-wired.network.j2",
            out / f"{name}.network",
            {"_classroom_terminal_managed": terminal_vars["_classroom_terminal_managed"], **case},
        )
        for name, case in NETWORK_CASES.items()
    ]
    dot1x = {
        "_classroom_terminal_managed": "managed",
        "classroom_terminal_dot1x_identity": "teacher@4401060001",
        "classroom_terminal_dot1x_password": "Lab-password",
        "classroom_terminal_dot1x_ca_name": "gdedu-ca",
        "classroom_terminal_dot1x_server_name": "radius.gdedu.example",
    }

    for eap in ("ttls", "peap"):
        tasks.append(
            _task(
                TERMINAL / "templates" / "wpa_supplicant-wired.conf.j2",
                out / f"{eap}.conf",
                {**dot1x, "classroom_terminal_dot1x_eap": eap},
            )
        )
    tasks.append(
        _task(
            SERVER / "templates" / "kea-dhcp6.conf.j2",
            out / "kea-dhcp6.conf",
            {
                "school_server_dhcp6_subnets": DHCP6_SUBNETS,
                "school_server_dhcp_interfaces": server_defaults["school_server_dhcp_interfaces"],
                "school_server_dhcp_lease_seconds": server_defaults[
                    "school_server_dhcp_lease_seconds"
                ],
            },
        )
    )

    playbook = out / "render.yml"
    playbook.write_text(
        yaml.safe_dump(
            [{"name": "Render", "hosts": "localhost", "gather_facts": False, "tasks": tasks}]
        ),
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "ANSIBLE_COLLECTIONS_PATH": os.fspath(REPO / "collections"),
        "ANSIBLE_LOCALHOST_WARNING": "false",
        "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
    }
    result = subprocess.run(
        [
            os.fspath(REPO / ".venv" / "bin" / "ansible-playbook"),
            "-c",
            "local",
            os.fspath(playbook),
        ],
        env=env,
        cwd=out,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    return out


def _sections(text: str) -> dict[str, dict[str, str]]:
    sections: dict[str, dict[str, str]] = {}
    current = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            current = line.strip("[]")
            sections.setdefault(current, {})
            continue
        key, _, value = line.partition("=")
        sections[current][key] = value
    return sections


@pytest.mark.parametrize(
    ("case", "dhcp", "solicit"),
    [
        ("dhcpv6", "yes", True),
        ("dhcpv6-static4", "ipv6", True),
        ("slaac", "ipv4", False),
        ("slaac-static4", "no", False),
    ],
)
def test_networkd_file_per_mode(rendered: Path, case: str, dhcp: str, solicit: bool) -> None:
    sections = _sections((rendered / f"{case}.network").read_text(encoding="utf-8"))
    assert sections["Match"] == {"Type": "ether"}
    network = sections["Network"]
    assert network["DHCP"] == dhcp
    assert network["IPv6AcceptRA"] == "yes"
    # Addresses and routes configured before networkd (the lab's, an installer's) stay.
    assert network["KeepConfiguration"] == "static"
    assert (sections.get("DHCPv6", {}).get("WithoutRA") == "solicit") is solicit


@pytest.mark.parametrize(("eap", "phase2"), [("ttls", "auth=PAP"), ("peap", "auth=MSCHAPV2")])
def test_supplicant_trusts_one_ca(rendered: Path, eap: str, phase2: str) -> None:
    text = (rendered / f"{eap}.conf").read_text(encoding="utf-8")
    lines = [
        line.strip()
        for line in text.splitlines()
        if "=" in line and not line.strip().startswith("#")
    ]
    assert f"eap={eap.upper()}" in lines
    assert f'phase2="{phase2}"' in lines
    assert [line for line in lines if line.startswith("ca_")] == [
        'ca_cert="/usr/local/share/ca-certificates/gdedu-ca.crt"'
    ]
    assert 'domain_match="radius.gdedu.example"' in lines
    assert "key_mgmt=IEEE8021X" in lines
    assert "ap_scan=0" in lines


def test_kea_dhcp6_config(rendered: Path) -> None:
    text = (rendered / "kea-dhcp6.conf").read_text(encoding="utf-8")
    config = json.loads("\n".join(line for line in text.splitlines() if not line.startswith("//")))
    dhcp6 = config["Dhcp6"]
    assert dhcp6["interfaces-config"] == {"interfaces": ["*"]}
    assert dhcp6["lease-database"]["name"] == "/var/lib/kea/kea-leases6.csv"
    relayed, local = dhcp6["subnet6"]
    assert relayed["subnet"] == "2001:db8:4406:110::/64"
    assert relayed["pools"] == [{"pool": "2001:db8:4406:110::1000 - 2001:db8:4406:110::1fff"}]
    assert relayed["option-data"] == [
        {"name": "dns-servers", "data": "2001:db8:4406:120::10, 2001:db8:ffff::53"}
    ]
    assert relayed["valid-lifetime"] == 3600
    assert relayed["preferred-lifetime"] < relayed["valid-lifetime"]
    assert "interface" not in relayed
    assert local["interface"] == "eth0"
    assert local["option-data"] == []
    assert local["valid-lifetime"] == 86400
    assert [subnet["id"] for subnet in dhcp6["subnet6"]] == [1, 2]
    # Leases are logged: the collector keeps the address-to-DUID binding too.
    assert dhcp6["loggers"][0]["output_options"] == [{"output": "syslog"}]


@pytest.mark.parametrize("field", ["identity", "password"])
def test_supplicant_rejects_quote_in_credentials(tmp_path: Path, field: str) -> None:
    settings = {
        "classroom_terminal_dot1x_interface": "eth0",
        "classroom_terminal_dot1x_identity": "teacher",
        "classroom_terminal_dot1x_password": "Lab-password",
        "classroom_terminal_dot1x_ca_name": "gdedu-ca",
        "classroom_terminal_dot1x_server_name": "radius.gdedu.example",
        "classroom_terminal_ca_certificates": [{"name": "gdedu-ca", "content": "PEM"}],
    }
    settings[f"classroom_terminal_dot1x_{field}"] = 'with"quote'
    playbook = tmp_path / "dot1x.yml"
    playbook.write_text(
        yaml.safe_dump(
            [
                {
                    "name": "Check",
                    "hosts": "localhost",
                    "gather_facts": False,
                    "vars": settings,
                    "tasks": [
                        {
                            "name": "Run the 802.1X tasks",
                            "ansible.builtin.include_tasks": os.fspath(
                                TERMINAL / "tasks" / "dot1x.yml"
                            ),
                        }
                    ],
                }
            ]
        ),
        encoding="utf-8",
    )
    # Check mode: even a wrongly passing assert changes nothing on this machine.
    result = subprocess.run(
        [
            os.fspath(REPO / ".venv" / "bin" / "ansible-playbook"),
            "-c",
            "local",
            "--check",
            os.fspath(playbook),
        ],
        env={**os.environ, "ANSIBLE_LOCALHOST_WARNING": "false"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "Check the 802.1X settings" in result.stdout
    assert "neither with a double quote" in result.stdout
