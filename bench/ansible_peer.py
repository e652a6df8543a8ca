"""Benchmark: Ansible's ``template`` module against ``campusctl render`` on the same 400 devices.

Both render the same templates from the same intents: campusctl from the
inventory (load, validate, compute intents, render, write), Ansible from the
intents exported as host variables (so Ansible does less work than campusctl).
Ansible runs at forks 10, 50 and 100 with the local connection.

Run from the repository root:

    CAMPUSCTL_LAB_SECRETS=tests/render/data/lab-secrets.yml \\
        PYTHONPATH=. .venv/bin/python bench/ansible_peer.py --devices 400
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from campusctl.inventory import load_inventory
from campusctl.render.engine import Header, Renderer
from campusctl.render.export import intent_data
from campusctl.render.intent import rendered_devices, school_intents
from campusctl.render.pipeline import TEMPLATES_SUBDIR, render_inventory
from campusctl.secrets import LAB_SECRETS_ENV, SecretStore
from campusctl.synth import generate_province

REPO = Path(__file__).resolve().parents[1]

PLAYBOOK = """\
- name: Render intended configurations with the template module
  hosts: all
  gather_facts: false
  tasks:
    - name: Render the device configuration
      ansible.builtin.template:
        src: "{{ d.platform }}/main.j2"
        dest: "{{ peer_out }}/{{ inventory_hostname }}.cfg"
        lstrip_blocks: true
        mode: "0640"
"""

FILTERS = """\
from campusctl.render import environment
from campusctl.secrets import SecretStore

_STORE = SecretStore()


class FilterModule:
    def filters(self):
        return environment.template_filters(_STORE.get)
"""

ANSIBLE_CFG = """\
[defaults]
inventory = hosts.yml
host_key_checking = False
retry_files_enabled = False
interpreter_python = {python}
"""


def _subset(province: Path, target: Path, devices: int) -> int:
    """Copy schools of ``province`` into ``target`` until they hold ``devices`` rendered devices."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    shutil.copy(province / "province.yml", target / "province.yml")
    shutil.copytree(province / "catalog", target / "catalog")
    inventory = load_inventory(province, check=False)
    total = 0
    for school in sorted(inventory.schools.values(), key=lambda s: s.code):
        count = len(rendered_devices(school))
        if count == 0 or total + count > devices:
            continue
        assert school.source is not None
        relative = school.source.relative_to(province)
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(school.source, target / relative)
        total += count
        if total == devices:
            break
    return total


def _cpu() -> float:
    """Return the CPU seconds of this process and of every child it has waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _ansible_project(inventory_root: Path, work: Path) -> Path:
    project = work / "ansible"
    shutil.rmtree(project, ignore_errors=True)
    (project / "host_vars").mkdir(parents=True)
    (project / "filter_plugins").mkdir()
    (project / "templates").symlink_to(REPO / "templates")
    (project / "site.yml").write_text(PLAYBOOK, encoding="utf-8")
    (project / "filter_plugins" / "campus.py").write_text(FILTERS, encoding="utf-8")
    (project / "ansible.cfg").write_text(ANSIBLE_CFG.format(python=sys.executable))
    inventory = load_inventory(inventory_root)
    hosts: dict[str, dict[str, str]] = {}
    for school in inventory.schools.values():
        for intent in school_intents(inventory, school):
            header = Header(title=f"{intent.name} rendered by ansible", inputs="0" * 64)
            data = {
                "d": intent_data(intent),
                "header": {"title": header.title, "inputs": header.inputs},
            }
            (project / "host_vars" / f"{intent.name}.json").write_text(json.dumps(data))
            hosts[intent.name] = {"ansible_connection": "local"}
    (project / "hosts.yml").write_text(json.dumps({"all": {"hosts": hosts}}), encoding="utf-8")
    return project


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=400)
    parser.add_argument("--forks", type=int, nargs="+", default=[10, 50, 100])
    parser.add_argument("--work", type=Path, default=REPO / "build" / "bench" / "peer")
    args = parser.parse_args()

    province = args.work / "province"
    if not (province / "province.yml").is_file():
        generate_province(province, REPO / "inventory" / "catalog", scale=0.02)
    subset = args.work / "inventory"
    count = _subset(province, subset, args.devices)
    print(f"{count} devices selected")

    campus_best = campus_cpu = float("inf")
    for _run in range(3):
        out = args.work / "campusctl-out"
        shutil.rmtree(out, ignore_errors=True)
        started, cpu = time.perf_counter(), _cpu()
        render_inventory(subset, out, jobs=2, cache_dir=None)
        campus_best = min(campus_best, time.perf_counter() - started)
        campus_cpu = min(campus_cpu, _cpu() - cpu)
    print(
        f"campusctl render (load, validate, render, write): {campus_best:.2f} s wall, "
        f"{campus_cpu:.2f} s CPU (best of 3, load average {os.getloadavg()[0]:.1f})"
    )

    # A render with a cache folder keeps the compiled templates: seed only that part.
    seed = args.work / "campusctl-seed"
    shutil.rmtree(seed, ignore_errors=True)
    render_inventory(subset, seed / "out", jobs=2, cache_dir=seed / "cache")
    warm_best = warm_cpu = float("inf")
    for _run in range(3):
        cache = args.work / "campusctl-cache"
        out = args.work / "campusctl-out"
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(seed / "cache" / TEMPLATES_SUBDIR, cache / TEMPLATES_SUBDIR)
        started, cpu = time.perf_counter(), _cpu()
        render_inventory(subset, out, jobs=2, cache_dir=cache)
        warm_best = min(warm_best, time.perf_counter() - started)
        warm_cpu = min(warm_cpu, _cpu() - cpu)
    print(
        f"campusctl render, compiled templates kept, inventory cold: {warm_best:.2f} s wall, "
        f"{warm_cpu:.2f} s CPU (best of 3)"
    )

    # The same work Ansible does below: intents already computed, render and write only.
    inventory = load_inventory(subset)
    intents = [
        i for school in inventory.schools.values() for i in school_intents(inventory, school)
    ]
    renderer = Renderer(SecretStore(inventory.root))
    renderer.preload()
    render_best = float("inf")
    for _run in range(3):
        out = args.work / "campusctl-render-only"
        out.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        for intent in intents:
            text = renderer.render(intent, "0" * 64)
            (out / f"{intent.name}.cfg").write_text(text, encoding="utf-8")
        render_best = min(render_best, time.perf_counter() - started)
    print(f"campusctl render step only (one process): {render_best:.2f} s wall (best of 3)")

    project = _ansible_project(subset, args.work)
    env = dict(os.environ, ANSIBLE_CONFIG=str(project / "ansible.cfg"))
    env["PYTHONPATH"] = f"{REPO}:{env.get('PYTHONPATH', '')}"
    lab_secrets = env.get(LAB_SECRETS_ENV)
    if lab_secrets:
        # Ansible runs in the project folder, so a relative path would point elsewhere.
        env[LAB_SECRETS_ENV] = str(Path(lab_secrets).resolve())
    ansible_best = ansible_cpu = float("inf")
    for forks in args.forks:
        out = args.work / f"ansible-out-{forks}"
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        load = os.getloadavg()[0]
        started, cpu = time.perf_counter(), _cpu()
        subprocess.run(
            [str(Path(sys.executable).parent / "ansible-playbook"), "-f", str(forks), "site.yml",
             "-e", f"peer_out={out}"],
            cwd=project, env=env, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        wall, used = time.perf_counter() - started, _cpu() - cpu
        files = len(list(out.glob("*.cfg")))
        ansible_best = min(ansible_best, wall)
        ansible_cpu = min(ansible_cpu, used)
        print(
            f"ansible template, forks {forks}: {wall:.1f} s wall, {used:.1f} s CPU, "
            f"{files} files (load average before {load:.1f})"
        )
    print(f"ratio, Ansible's best / campusctl render: {ansible_best / campus_best:.0f}x wall")
    print(f"ratio, Ansible's least CPU / campusctl render: {ansible_cpu / campus_cpu:.0f}x CPU")
    print(
        f"ratio, Ansible's least CPU / campusctl render with compiled templates kept: "
        f"{ansible_cpu / warm_cpu:.0f}x CPU"
    )
    print(f"ratio, Ansible's best / campusctl render step: {ansible_best / render_best:.0f}x wall")


if __name__ == "__main__":
    main()
