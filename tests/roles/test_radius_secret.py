"""One RADIUS shared secret under one name: inventory, switch templates, lab and school server.

The inventory names the secret and never contains its value. The switch and
controller templates, the lab's provincial FreeRADIUS and the school server's
FreeRADIUS clients all read that name from campusctl's secret store.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
import yaml

from campusctl.ansible_inventory import build
from campusctl.inventory import load_inventory
from campusctl.inventory.model.province import AaaServer
from campusctl.lab.linux import LabHosts, ProvincialServices
from campusctl.lab.linux.selection import provincial_services
from campusctl.secrets import SecretStore, lab_secrets_path, write_lab_secrets

REPO = Path(__file__).resolve().parents[2]
ROLE = REPO / "roles" / "school_server"


def _copy_sample(tmp_path: Path) -> Path:
    root = tmp_path / "inventory"
    shutil.copytree(REPO / "inventory", root)
    return root


def test_every_default_names_the_same_secret() -> None:
    defaults = yaml.safe_load((ROLE / "defaults" / "main.yml").read_text(encoding="utf-8"))
    model_default = AaaServer.model_fields["secret"].default
    assert defaults["school_server_radius_secret_name"] == model_default
    assert ProvincialServices().radius_secret == model_default


def test_role_takes_no_secret_value_for_a_client() -> None:
    specs = yaml.safe_load((ROLE / "meta" / "argument_specs.yml").read_text(encoding="utf-8"))
    client = specs["argument_specs"]["main"]["options"]["school_server_radius_clients"]
    assert set(client["options"]) == {"name", "address", "secret_name"}


def _ansible(tmp_path: Path, playbook: str, **env: str) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "playbook.yml"
    path.write_text(playbook, encoding="utf-8")
    environ = {
        **os.environ,
        "ANSIBLE_COLLECTIONS_PATH": os.fspath(REPO / "collections"),
        "ANSIBLE_LOCALHOST_WARNING": "false",
        "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
        "PYTHONPATH": os.fspath(REPO),
        **env,
    }
    environ.pop("CAMPUSCTL_SECRET_RADIUS_SHARED_SECRET", None)
    return subprocess.run(
        [os.fspath(REPO / ".venv" / "bin" / "ansible-playbook"), "-c", "local", os.fspath(path)],
        env=environ,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_server_gets_the_name_the_switches_use(tmp_path: Path) -> None:
    root = _copy_sample(tmp_path)
    province = root / "province.yml"
    text = province.read_text(encoding="utf-8")
    assert text.count("secret: radius_shared_secret") == 1
    province.write_text(text.replace("secret: radius_shared_secret", "secret: radius_key_gd"))
    inventory = load_inventory(root)
    built = build(inventory)
    servers = {
        host.name: school
        for school in inventory.schools.values()
        for host in school.hosts
        if host.kind.value == "server"
    }
    assert servers
    for name, school in servers.items():
        # The switch and controller templates read school.services.radius[*].secret.
        assert {server.secret for server in school.services.radius} == {"radius_key_gd"}
        devices = {d.name for d in school.devices if d.role.value != "ap"}
        clients = built.hostvars[name]["campus_radius_clients"]
        assert {c["name"].removesuffix("-v6") for c in clients} == devices
    assert provincial_services(inventory).radius_secret == "radius_key_gd"

    # The server's group variables resolve the same name through the inventory.
    play = yaml.safe_load((REPO / "playbooks" / "servers.yml").read_text(encoding="utf-8"))[0]
    expression = play["vars"]["school_server_radius_secret_name"]
    assert f"else '{AaaServer.model_fields['secret'].default}'" in expression
    school = next(iter(servers.values())).code
    result = _ansible(
        tmp_path,
        "- name: Name\n  hosts: localhost\n  gather_facts: false\n  tasks:\n"
        "    - name: Show\n      ansible.builtin.debug:\n"
        f'        msg: "NAME={{{{ {expression.strip("{} ")} }}}}"\n'
        f'      vars:\n        campus_school: "{school}"\n',
        CAMPUSCTL_INVENTORY=os.fspath(root),
    )
    assert result.returncode == 0, result.stdout[-2000:]
    assert "NAME=radius_key_gd" in result.stdout


def test_lab_reads_the_value_the_renderer_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _copy_sample(tmp_path)
    monkeypatch.setenv("CAMPUSCTL_STATE", os.fspath(tmp_path / "state"))
    monkeypatch.delenv("CAMPUSCTL_LAB_SECRETS", raising=False)
    monkeypatch.delenv("CAMPUSCTL_SECRET_RADIUS_SHARED_SECRET", raising=False)
    path = write_lab_secrets(load_inventory(root), lab_secrets_path(root))
    rendered = SecretStore(root, environ={}).get("radius_shared_secret")
    lab = LabHosts(path.parent)
    assert lab.secrets_file == path
    assert lab.secret("radius_shared_secret") == rendered
    # A name that no source contains gets a lab value once, kept in the same 0600 file.
    created = lab.secret("radius_key_new")
    assert lab.secret("radius_key_new") == created
    assert SecretStore(root, environ={}).get("radius_key_new") == created
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_freeradius_clients_render_the_named_secret(tmp_path: Path) -> None:
    secrets_file = tmp_path / "secrets.yml"
    secrets_file.write_text(
        yaml.safe_dump({"radius_shared_secret": 'Lab-a"b\\c', "radius_key_wlc": "Lab-wlc"}),
        encoding="utf-8",
    )

    out = tmp_path / "clients.conf"
    playbook = tmp_path / "render.yml"
    playbook.write_text(
        yaml.safe_dump(
            [
                {
                    "name": "Render the FreeRADIUS clients",
                    "hosts": "localhost",
                    "gather_facts": False,
                    "vars": {
                        "school_server_radius_secret_name": "radius_shared_secret",
                        "school_server_radius_clients": [
                            {"name": "core", "address": "198.18.19.130/32"},
                            {"name": "core-v6", "address": "2001:db8:4406:10a::2/128"},
                            {
                                "name": "wlc",
                                "address": "198.18.19.178/32",
                                "secret_name": "radius_key_wlc",
                            },
                        ],
                    },
                    "tasks": [
                        {
                            "name": "Render",
                            "ansible.builtin.template": {
                                "src": os.fspath(ROLE / "templates" / "radius-clients.conf.j2"),
                                "dest": os.fspath(out),
                                "mode": "0600",
                            },
                        }
                    ],
                }
            ]
        ),
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "ANSIBLE_COLLECTIONS_PATH": os.fspath(REPO / "collections"),
        "ANSIBLE_LOCALHOST_WARNING": "false",
        "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
        "CAMPUSCTL_LAB_SECRETS": os.fspath(secrets_file),
        "PYTHONPATH": os.fspath(REPO),
    }
    env.pop("CAMPUSCTL_SECRET_RADIUS_SHARED_SECRET", None)

    result = subprocess.run(
        [
            os.fspath(REPO / ".venv" / "bin" / "ansible-playbook"),
            "-c",
            "local",
            os.fspath(playbook),
        ],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]

    text = out.read_text(encoding="utf-8")
    assert text.count('secret = "Lab-a\\"b\\\\c"') == 2
    assert 'secret = "Lab-wlc"' in text
    assert "ipv6addr = 2001:db8:4406:10a::2/128" in text


def test_missing_secret_names_the_secret_not_a_value(tmp_path: Path) -> None:
    playbook = tmp_path / "lookup.yml"
    playbook.write_text(
        "- name: Look up\n  hosts: localhost\n  gather_facts: false\n  tasks:\n"
        "    - name: Read\n      ansible.builtin.debug:\n"
        "        msg: \"{{ lookup('gdedu.campus.secret', 'radius_key_absent') }}\"\n",
        encoding="utf-8",
    )
    empty = tmp_path / "secrets.yml"
    empty.write_text("{}\n", encoding="utf-8")
    env = {
        **os.environ,
        "ANSIBLE_COLLECTIONS_PATH": os.fspath(REPO / "collections"),
        "CAMPUSCTL_LAB_SECRETS": os.fspath(empty),
        "CAMPUSCTL_INVENTORY": os.fspath(tmp_path),
        "PYTHONPATH": os.fspath(REPO),
    }
    result = subprocess.run(
        [
            os.fspath(REPO / ".venv" / "bin" / "ansible-playbook"),
            "-c",
            "local",
            os.fspath(playbook),
        ],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "radius_key_absent" in result.stdout + result.stderr
    assert "CAMPUSCTL_SECRET_RADIUS_KEY_ABSENT" in result.stdout + result.stderr


def test_sample_inventory_names_one_radius_secret() -> None:
    name = "radius_shared_secret"
    inventory = load_inventory(REPO / "inventory")
    names = {s.secret for school in inventory.schools.values() for s in school.services.radius}
    assert names == {name}
    wireless = {
        getattr(getattr(school.settings, "wireless", None), "radius_secret", name)
        for school in inventory.schools.values()
    }
    assert wireless == {name}
