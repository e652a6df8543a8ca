"""Shared pieces of the role tests: the lab's sample hosts and the Ansible inventory written for them."""

from __future__ import annotations

import datetime
import json
import os
import re
import subprocess
import tempfile
from collections.abc import Mapping
from ipaddress import ip_address, ip_interface
from pathlib import Path

import yaml

from campusctl.lab.linux import Endpoint, HostEntry, HostSpec, LabHosts, ProvincialServices
from campusctl.lab.linux.manager import radius_eap_name

REPO = Path(__file__).resolve().parents[2]
PLAYBOOKS = REPO / "playbooks"

HOSTS = (
    HostSpec(
        "THSY-T-A101",
        "terminal",
        ip_interface("198.18.10.11/24"),
        ip_interface("2001:db8:10::11/64"),
    ),
    HostSpec(
        "THSY-T-A102",
        "terminal",
        ip_interface("198.18.10.12/24"),
        ip_interface("2001:db8:10::12/64"),
    ),
    HostSpec(
        "THSY-SRV-01", "server", ip_interface("198.18.20.10/24"), ip_interface("2001:db8:20::10/64")
    ),
)
PROVINCIAL = ProvincialServices(
    ntp=(ip_address("198.18.255.1"), ip_address("2001:db8:ff::1")),
    syslog=(ip_address("198.18.255.2"),),
    dns=(ip_address("198.18.255.3"),),
    radius=(ip_address("198.18.255.4"),),
    ca=Endpoint("edu-ca", "ca.edu.gd.lab", ip_address("198.18.255.5")),
    endpoints=(Endpoint("resources", "res.yuejiaoyun.lab", ip_address("198.18.255.6")),),
)
# The DHCPv6 pool the school server hands the terminals' addresses from.
DHCP6_POOL = "2001:db8:10::1000 - 2001:db8:10::1fff"
# The name in the school server's EAP certificate.
SCHOOL_RADIUS_NAME = "radius.thsy.edu.gd.lab"
# Controllers and switches of the sample school that send RADIUS requests to its server.
RADIUS_CLIENTS = ("198.18.20.0/24", "2001:db8:20::/64")


def poweroff_time(now: datetime.datetime | None = None) -> str:
    """Return a power-off time twelve hours away, so no lab host powers off during a test."""
    moment = (now or datetime.datetime.now()) + datetime.timedelta(hours=12)
    return moment.strftime("%H:%M")


def control_dir(folder: Path) -> Path:
    """Return a short folder for ssh control sockets, created once per ``folder``.

    A Unix socket path may have at most 107 bytes, and pytest's temporary
    folders (longer still under pytest-xdist) leave too little room for them.
    """
    record = folder / "control_dir"
    if record.exists():
        return Path(record.read_text(encoding="utf-8"))
    control = Path(tempfile.mkdtemp(prefix="cclab-"))
    record.write_text(os.fspath(control), encoding="utf-8")
    return control


def write_inventory(
    folder: Path, lab: LabHosts, entries: Mapping[str, HostEntry], ca_pem: str
) -> Path:
    """Write an Ansible inventory, known_hosts and ssh config for the started lab hosts."""
    folder.mkdir(parents=True, exist_ok=True)
    known_hosts = folder / "known_hosts"
    known_hosts.write_text(
        "".join(f"{e.host} {e.host_key}\n" for e in entries.values()), encoding="ascii"
    )
    control = control_dir(folder)
    ssh_args = (
        f"-o UserKnownHostsFile={known_hosts} -o StrictHostKeyChecking=yes "
        f"-o ControlMaster=auto -o ControlPersist=120s -o ControlPath={control}/%C "
        "-o IdentitiesOnly=yes"
    )
    secrets = lab.secrets()
    kinds = {"terminal": "role_terminal", "server": "role_server"}
    groups: dict[str, dict[str, object]] = {group: {"hosts": {}} for group in kinds.values()}
    for entry in entries.values():
        hosts = groups[kinds[entry.kind]]["hosts"]
        assert isinstance(hosts, dict)
        hosts[entry.name] = {
            "ansible_host": entry.host,
            "ansible_port": entry.port,
            "ansible_user": entry.username,
            "ansible_ssh_private_key_file": entry.private_key,
        }
    services = {
        "ntp": [str(a) for a in PROVINCIAL.ntp],
        "syslog": [str(a) for a in PROVINCIAL.syslog],
        "dns": [str(a) for a in PROVINCIAL.dns],
    }
    ca = [{"name": "gdedu-lab-ca", "content": ca_pem}]
    eap_cert, eap_key = lab.server_certificate("school-radius-eap", [SCHOOL_RADIUS_NAME])
    inventory = {
        "all": {
            "vars": {
                "ansible_ssh_common_args": ssh_args,
                "ansible_python_interpreter": "/usr/bin/python3",
                "classroom_terminal_ntp_servers": services["ntp"],
                "classroom_terminal_syslog_servers": services["syslog"],
                "classroom_terminal_ca_certificates": ca,
                "classroom_terminal_poweroff_time": poweroff_time(),
                "classroom_terminal_teachers": [
                    {"name": "teacher1", "comment": "Teacher One"},
                ],
                # Lab addresses are static; IPv6 leases come on top from the school server.
                "classroom_terminal_ipv4_dhcp": False,
                "classroom_terminal_ipv6_mode": "dhcpv6",
                "classroom_terminal_dot1x_interface": "eth0",
                "classroom_terminal_dot1x_identity": secrets.radius_user,
                "classroom_terminal_dot1x_password": secrets.radius_password,
                "classroom_terminal_dot1x_ca_name": "gdedu-lab-ca",
                "classroom_terminal_dot1x_server_name": radius_eap_name(PROVINCIAL),
                "school_server_ntp_servers": services["ntp"],
                "school_server_syslog_servers": services["syslog"],
                "school_server_dns_forwarders": services["dns"],
                "school_server_dns_allow": ["198.18.0.0/15", "2001:db8::/32"],
                "school_server_dns_insecure_domains": ["lab"],
                "school_server_ntp_allow": ["198.18.10.0/24", "2001:db8:10::/64"],
                "school_server_ca_certificates": ca,
                "school_server_radius_secret_name": PROVINCIAL.radius_secret,
                "school_server_radius_clients": [
                    {"name": f"campus-{i}", "address": net} for i, net in enumerate(RADIUS_CLIENTS)
                ],
                "school_server_radius_local_users": [
                    {"name": secrets.radius_user, "password": secrets.radius_password}
                ],
                "school_server_dhcp_subnets": [
                    {
                        "subnet": "198.18.10.0/24",
                        "pools": ["198.18.10.100 - 198.18.10.199"],
                        "routers": ["198.18.10.1"],
                        "dns_servers": ["198.18.20.10"],
                    }
                ],
                "school_server_dhcp6_subnets": [
                    {
                        "subnet": "2001:db8:10::/64",
                        "pools": [DHCP6_POOL],
                        "dns_servers": ["2001:db8:20::10"],
                        # The lab's terminals share the server's link: no relay in between.
                        "interface": "eth0",
                    }
                ],
                "school_server_radius_eap_certificate": eap_cert.read_text(encoding="ascii"),
                "school_server_radius_eap_private_key": eap_key.read_text(encoding="ascii"),
                "school_server_radius_eap_ca_certificate": ca_pem,
                "school_server_cache_upstreams": [
                    {"name": "yuejiaoyun", "url": "http://res.yuejiaoyun.lab"}
                ],
            }
        },
        **groups,
    }
    path = folder / "inventory.yml"
    path.write_text(yaml.safe_dump(inventory, sort_keys=False), encoding="utf-8")
    os.chmod(path, 0o600)
    return path


def mitogen_strategy_dir() -> Path:
    """Return the folder of Mitogen's strategy plugins (package ``mitogen``, pinned in requirements)."""
    try:
        # Imported here because only the runs on Mitogen need it, and it loads part of Ansible.
        import ansible_mitogen
    except ImportError as err:
        raise RuntimeError(
            "the mitogen package is missing from the virtualenv: run `make setup`, "
            "which installs requirements/lock.txt"
        ) from err
    return Path(ansible_mitogen.__file__).parent / "plugins" / "strategy"


def ansible_env(folder: Path, lab: LabHosts, *, mitogen: bool = False) -> dict[str, str]:
    """Return the environment for ansible-playbook against the lab.

    The repository's ansible.cfg enables only the project's inventory plugin,
    so the lab run uses its own configuration that reads the YAML inventory.
    With ``mitogen``, Mitogen's linear strategy runs the tasks. It keeps one
    Python interpreter per host for the whole run, so a task costs no
    interpreter start-up and no recompiling of Ansible's module_utils in the
    host. The ssh options, and so the pinned host keys, stay the same.
    """
    config = folder / ("ansible-mitogen.cfg" if mitogen else "ansible.cfg")
    # NOTE: ansible-core 2.19 warns that strategy plugins from outside
    # ansible.builtin are deprecated, so a release that drops them breaks these runs.
    strategy = (
        f"strategy_plugins = {mitogen_strategy_dir()}\nstrategy = mitogen_linear\n"
        if mitogen
        else ""
    )
    config.write_text(
        "[defaults]\n"
        f"{strategy}"
        f"roles_path = {REPO / 'roles'}\n"
        f"collections_path = {REPO / 'collections'}\n"
        "forks = 10\n"
        "retry_files_enabled = False\n"
        "callbacks_enabled = ansible.posix.profile_tasks\n"
        f"local_tmp = {folder / 'tmp'}\n"
        "[inventory]\n"
        "enable_plugins = ansible.builtin.yaml\n"
        "[ssh_connection]\n"
        "pipelining = True\n"
        # Ansible's default adds -C: compression only costs CPU on a local bridge.
        "ssh_args = -o ControlMaster=auto -o ControlPersist=120s\n"
        f"control_path_dir = {control_dir(folder)}\n",
        encoding="ascii",
    )
    env = dict(os.environ)
    env.update(
        {
            "ANSIBLE_CONFIG": os.fspath(config),
            "ANSIBLE_HOST_KEY_CHECKING": "true",
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_CALLBACK_RESULT_FORMAT": "yaml",
            # Lookups import campusctl from this checkout, and secrets come from this lab.
            "PYTHONPATH": os.pathsep.join(filter(None, [os.fspath(REPO), env.get("PYTHONPATH")])),
            "CAMPUSCTL_LAB_SECRETS": os.fspath(lab.secrets_file),
        }
    )
    return env


def run_playbook(
    folder: Path, lab: LabHosts, inventory: Path, playbook: str, *extra: str, mitogen: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run one of the project's playbooks against the lab (on Mitogen with ``mitogen``) and return the result."""
    return subprocess.run(
        [
            os.fspath(REPO / ".venv" / "bin" / "ansible-playbook"),
            "-i",
            os.fspath(inventory),
            os.fspath(PLAYBOOKS / playbook),
            *extra,
        ],
        env=ansible_env(folder, lab, mitogen=mitogen),
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def recap(output: str) -> dict[str, dict[str, int]]:
    """Parse the PLAY RECAP lines of ansible-playbook output into counts per host."""
    counts: dict[str, dict[str, int]] = {}
    for match in _RECAP_RE.finditer(output):
        fields = dict(part.split("=") for part in match.group("counts").split())
        counts[match.group("host")] = {key: int(value) for key, value in fields.items()}
    return counts


_RECAP_RE = re.compile(r"^(?P<host>\S+)\s*:\s*(?P<counts>ok=\d+.*)$", re.MULTILINE)


def dump_entries(entries: Mapping[str, HostEntry]) -> str:
    return json.dumps({name: entry.overlay() for name, entry in entries.items()}, indent=2)


def write_ssh_config(folder: Path, lab: LabHosts) -> Path:
    """Write the ssh config testinfra uses: the lab key, pinned host keys, shared connections."""
    path = folder / "ssh_config"
    patterns = " ".join(["198.18.*", "198.19.*", "2001:db8:*"])
    path.write_text(
        f"Host {patterns}\n"
        "  User root\n"
        f"  IdentityFile {lab.ssh_key}\n"
        "  IdentitiesOnly yes\n"
        f"  UserKnownHostsFile {folder / 'known_hosts'}\n"
        "  StrictHostKeyChecking yes\n"
        "  ControlMaster auto\n"
        f"  ControlPath {control_dir(folder)}/t-%C\n"
        "  ControlPersist 120s\n"
        "  LogLevel ERROR\n",
        encoding="ascii",
    )
    return path


def write_context(folder: Path, lab: LabHosts, entries: Mapping[str, HostEntry]) -> Path:
    """Write the context file the testinfra suite reads (see testinfra/conftest.py)."""
    specs = {spec.name: spec for spec in HOSTS}
    context = {
        "ssh_config": os.fspath(write_ssh_config(folder, lab)),
        "hosts": {
            name: {
                "kind": entry.kind,
                "address": entry.host,
                "address6": str(specs[name].ipv6.ip) if specs[name].ipv6 else None,
                "hostname": specs[name].hostname,
            }
            for name, entry in entries.items()
        },
        "ntp": [str(a) for a in PROVINCIAL.ntp],
        "syslog": [str(a) for a in PROVINCIAL.syslog],
        "remote_log_dir": os.fspath(lab.remote_log("x").parent),
        "ca_certificate": os.fspath(lab.ca_certificate),
        "secrets_file": os.fspath(lab.root / "secrets.json"),
        "lab_secrets_file": os.fspath(lab.secrets_file),
        "radius_secret_name": PROVINCIAL.radius_secret,
        "radius_address": str(PROVINCIAL.radius[0]),
        "radius_eap_name": radius_eap_name(PROVINCIAL),
        "school_radius_name": SCHOOL_RADIUS_NAME,
        "dhcp6_pool": DHCP6_POOL,
    }
    path = folder / "context.json"
    path.write_text(json.dumps(context, indent=2), encoding="utf-8")
    return path


def run_testinfra(context: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the testinfra suite against the lab and return the result."""
    env = dict(os.environ)
    env["CAMPUSCTL_LAB_CONTEXT"] = os.fspath(context)
    return subprocess.run(
        [
            os.fspath(REPO / ".venv" / "bin" / "python"),
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:xdist",
            "--rootdir",
            os.fspath(REPO / "tests" / "roles" / "testinfra"),
            os.fspath(REPO / "tests" / "roles" / "testinfra"),
            *args,
        ],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
