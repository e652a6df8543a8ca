"""The peers of the apply benchmark, each run as its own process against the running lab.

``python -m bench._apply_peers KIND WORK [--concurrency N] [--devices N]``

* ``nornir``: Nornir's threaded runner with nornir-netmiko's connection,
  tuned: fast_cli, a small global_delay_factor, the block written at once and
  read until the exec prompt that only the final exit command brings back (an
  explicit pattern, no per-line echo checks, no wait for silence), then
  nornir-netmiko's save task;
* ``netmiko``: netmiko's defaults, one thread per device up to the
  concurrency: ``send_config_set`` line by line with echo checks, then
  ``save_config``;
* ``floor``: asyncssh with no prompt handling beyond what the job needs:
  log in, write config mode, every line, the exit and the save (answers
  inline) in one write, read until the prompt after the save.

Each peer pushes, per device, the lines a first ``campusctl apply`` pushes
(from the preparation step), with the answer of each line that asks for
confirmation placed after it, and then saves. None of them reads the
running config, diffs, verifies or keeps a backup: that work is campusctl's
alone. Each prints one JSON line: devices, ok (no error reply) and the
first errors.
"""

from __future__ import annotations

import argparse
import asyncio
import codecs
import contextlib
import json
import logging
import re
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import yaml

from bench._apply_support import Work, load_lines, write_private
from campusctl.netkit.confirm import ConfirmPolicy, find_rule
from campusctl.netkit.replies import classify_reply
from campusctl.platforms import PLATFORMS, Platform, PlatformId

# Login questions of the emulated devices, with the answer.
_LOGIN_QUESTIONS = (
    (re.compile(r"change the password\?? ?(?:\[Y/N\])?:?\s*$", re.IGNORECASE), "n"),
    (re.compile(r"Change now\? ?\[Y/N\]:?\s*$"), "n"),
    (re.compile(r"Press Y or ENTER to continue, N to exit\.?\s*$"), ""),
)
_USER_PROMPT = r"(?:<[^<>\s]+>|[\w.\-]+#)"
_PROMPT_AT_END = re.compile(r"\n" + _USER_PROMPT + r" ?$")
_ANY_PROMPT = re.compile(r"(?:<[^<>\s]+>|\[[^\[\]\s]+\]|[\w.\-]+(?:\([^)\s]*\))?[>#]) ?$")
_LOGIN_END = re.compile(
    "|".join([_ANY_PROMPT.pattern, *(q.pattern for q, _a in _LOGIN_QUESTIONS)]), re.IGNORECASE
)
_NETMIKO_EXTRAS_TUNED: dict[str, Any] = {
    "fast_cli": True,
    "global_delay_factor": 0.02,
    "conn_timeout": 30,
    "auth_timeout": 30,
    "banner_timeout": 30,
}


def with_answers(lines: Sequence[str], platform: str) -> list[str]:
    """Return ``lines`` with the answer of every confirmation question after its command.

    A block sent without waiting reaches the device's question as the next
    line, so the answer must be that line.
    """
    out: list[str] = []
    for line in lines:
        out.append(line)
        rule = find_rule(line, platform)
        if rule is None or rule.policy is ConfirmPolicy.REFUSE:
            continue
        out.extend(step.answer for step in rule.steps if not step.optional)
    return out


def _endpoints(work: Work) -> dict[str, dict[str, Any]]:
    overlay = yaml.safe_load((work.lab / "overlay.yml").read_text(encoding="utf-8"))
    passwords = yaml.safe_load((work.lab / "credentials.yml").read_text(encoding="utf-8"))
    found: dict[str, dict[str, Any]] = {}
    for name, entry in overlay["devices"].items():
        found[name] = dict(entry, password=str(passwords[name]))
    return found


def _summary(results: dict[str, str | None]) -> dict[str, Any]:
    errors = {name: error for name, error in results.items() if error}
    return {
        "devices": len(results),
        "ok": len(results) - len(errors),
        "errors": dict(sorted(errors.items())[:5]),
    }


def _error_in(output: str, platform: str) -> str | None:
    fault = classify_reply(output, platform)
    return None if fault is None else str(fault.line)


# --- Nornir + nornir-netmiko, tuned ---------------------------------------------------


def run_nornir(work: Work, names: list[str], concurrency: int) -> dict[str, Any]:
    """Push every device's lines with Nornir's threaded runner and nornir-netmiko, then save."""
    from nornir import InitNornir
    from nornir.core.task import Result, Task
    from nornir_netmiko.tasks import netmiko_save_config

    devices = load_lines(work)
    endpoints = _endpoints(work)
    hosts: dict[str, Any] = {}
    for name in names:
        platform = PLATFORMS[PlatformId(devices[name]["platform"])]
        endpoint = endpoints[name]
        hosts[name] = {
            "hostname": endpoint["host"],
            "port": endpoint["port"],
            "username": endpoint["username"],
            "password": endpoint["password"],
            "platform": platform.netmiko_device_type,
            "data": {"campus_platform": platform.id.value},
            "connection_options": {
                "netmiko": {"extras": dict(_NETMIKO_EXTRAS_TUNED, secret=endpoint["password"])}
            },
        }
    folder = work.root / "nornir"
    folder.mkdir(exist_ok=True)
    write_private(folder / "hosts.yaml", yaml.safe_dump(hosts))
    (folder / "groups.yaml").write_text("{}\n")
    (folder / "defaults.yaml").write_text("{}\n")

    def push(task: Task) -> Result:
        campus_platform = task.host["campus_platform"]
        platform = PLATFORMS[PlatformId(campus_platform)]
        conn = task.host.get_connection("netmiko", task.nornir.config)
        if campus_platform in ("cisco_ios", "ruijie_rgos"):
            conn.enable()
        # Config mode, the block and the exit in one write: the bare exec prompt
        # comes back only after the exit. netmiko's config_mode() is not used:
        # its VRP mode check waits for 2 s of silence twice.
        lines = with_answers(devices[task.host.name]["lines"], campus_platform)
        conn.write_channel("\n".join([platform.config_enter, *lines, platform.config_exit]) + "\n")
        # netmiko keeps only the first 16 characters of an IOS hostname as its base
        # prompt, so the rest of the name is matched loosely (never a "(config" mode).
        host = re.escape(conn.base_prompt)
        if platform.config_exit == "return":
            exec_prompt = rf"^<{host}>\s*$"
        else:
            exec_prompt = rf"^{host}[^\s(]*#\s*$"
        output = conn.read_until_pattern(
            pattern=exec_prompt, re_flags=re.MULTILINE, read_timeout=300
        )
        # VRP asks before saving; nornir-netmiko's save does not confirm unless told.
        rule = find_rule(platform.save_command, campus_platform)
        answer = rule.steps[0].answer if rule and rule.steps else ""
        saved = task.run(task=netmiko_save_config, confirm=bool(answer), confirm_response=answer)
        output += str(saved.result)
        return Result(host=task.host, result=_error_in(output, campus_platform))

    nornir = InitNornir(
        runner={"plugin": "threaded", "options": {"num_workers": concurrency}},
        inventory={
            "plugin": "SimpleInventory",
            "options": {
                "host_file": str(folder / "hosts.yaml"),
                "group_file": str(folder / "groups.yaml"),
                "defaults_file": str(folder / "defaults.yaml"),
            },
        },
        logging={"enabled": False},
    )
    aggregated = nornir.run(task=push)
    nornir.close_connections()
    results: dict[str, str | None] = {}
    for name, multi in aggregated.items():
        if multi.failed:
            failed = [r.exception for r in multi if r.failed and r.exception is not None]
            results[name] = repr(failed[-1] if failed else multi[0].result)[:300]
        else:
            results[name] = multi[0].result
    return _summary(results)


# --- netmiko with its defaults ---------------------------------------------------------------


def run_netmiko_defaults(work: Work, names: list[str], concurrency: int) -> dict[str, Any]:
    """Push every device's lines with netmiko's defaults, one thread per device, then save."""
    from netmiko import ConnectHandler

    devices = load_lines(work)
    endpoints = _endpoints(work)

    def one(name: str) -> str | None:
        platform = devices[name]["platform"]
        endpoint = endpoints[name]
        try:
            conn = ConnectHandler(
                device_type=PLATFORMS[PlatformId(platform)].netmiko_device_type,
                host=endpoint["host"],
                port=endpoint["port"],
                username=endpoint["username"],
                password=endpoint["password"],
                secret=endpoint["password"],
            )
            try:
                if platform in ("cisco_ios", "ruijie_rgos"):
                    conn.enable()
                output = conn.send_config_set(with_answers(devices[name]["lines"], platform))
                output += conn.save_config()
            finally:
                conn.disconnect()
        except Exception as err:  # a failed device is a result of the peer, not a crash
            return repr(err)[:200]
        return _error_in(output, platform)

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = dict(zip(names, pool.map(one, names), strict=True))
    return _summary(results)


# --- the raw SSH floor --------------------------------------------------------------------------


async def _read_login(process: Any) -> str:
    """Read until the first prompt or a login question; return the text."""
    text = ""
    while not _LOGIN_END.search(text):
        chunk = await process.stdout.read(65536)
        if not chunk:
            raise ConnectionError("the device closed the session")
        text += chunk.decode("utf-8", "replace")
    return text


@contextlib.asynccontextmanager
async def logged_in(
    endpoint: dict[str, Any], platform: Platform
) -> AsyncIterator[tuple[Any, list[str]]]:
    """Open a raw asyncssh session and answer the login questions.

    Yields the session's process and the lines that reach privileged mode
    (``enable`` and the password where the login ends in user mode).
    """
    import asyncssh

    async with asyncssh.connect(
        endpoint["host"],
        endpoint["port"],
        username=endpoint["username"],
        password=endpoint["password"],
        known_hosts=None,
        preferred_auth="password",
    ) as connection:
        process = await connection.create_process(term_type="vt100", encoding=None)
        while True:
            text = await _read_login(process)
            answer = next((a for q, a in _LOGIN_QUESTIONS if q.search(text)), None)
            if answer is None:
                break
            process.stdin.write((answer + "\n").encode())
        lines: list[str] = []
        if text.rstrip().endswith(">") and platform.id in (
            PlatformId.CISCO_IOS,
            PlatformId.RUIJIE_RGOS,
        ):
            lines += ["enable", endpoint["password"]]
        yield process, lines


async def _floor_one(name: str, endpoint: dict[str, Any], device: dict[str, Any]) -> str | None:
    platform = PLATFORMS[PlatformId(device["platform"])]
    async with logged_in(endpoint, platform) as (process, privileged):
        lines = [*privileged, platform.config_enter]
        lines += with_answers(device["lines"], platform.id.value)
        lines.append(platform.config_exit)
        lines += with_answers([platform.save_command], platform.id.value)
        charset = device.get("charset", "utf-8")
        process.stdin.write(("\n".join(lines) + "\n").encode(charset))
        # The save's echo follows a user-mode prompt; the job ends at the prompt after it.
        saved = re.compile(_USER_PROMPT + " ?" + re.escape(platform.save_command))
        decoder = codecs.getincrementaldecoder(charset)("replace")
        text = ""
        found: re.Match[str] | None = None
        while found is None or not _PROMPT_AT_END.search(text, found.end()):
            chunk = await process.stdout.read(65536)
            if not chunk:
                raise ConnectionError("the device closed the session")
            scanned = len(text)
            text += decoder.decode(chunk)
            if found is None:
                found = saved.search(text, max(0, scanned - 200))
        process.close()
    return _error_in(text, platform.id.value)


def run_sessions(
    work: Work,
    names: list[str],
    concurrency: int,
    session: Callable[[str, dict[str, Any], dict[str, Any]], Awaitable[str | None]],
) -> dict[str, str | None]:
    """Run ``session(name, endpoint, device)`` per device, at most ``concurrency`` at a time.

    Returns each device's error text, or None where the session succeeded.
    """
    devices = load_lines(work)
    endpoints = _endpoints(work)

    async def main() -> dict[str, str | None]:
        semaphore = asyncio.Semaphore(concurrency)

        async def guarded(name: str) -> tuple[str, str | None]:
            async with semaphore:
                try:
                    return name, await asyncio.wait_for(
                        session(name, endpoints[name], devices[name]), 300
                    )
                except Exception as err:  # a failed device is a result, not a crash
                    return name, repr(err)[:200]

        return dict(await asyncio.gather(*(guarded(name) for name in names)))

    return asyncio.run(main())


def run_floor(work: Work, names: list[str], concurrency: int) -> dict[str, Any]:
    """Send every device's lines over plain asyncssh sessions, at most ``concurrency`` at a time."""
    return _summary(run_sessions(work, names, concurrency, _floor_one))


PEERS = {"nornir": run_nornir, "netmiko": run_netmiko_defaults, "floor": run_floor}


def main(argv: list[str]) -> int:
    """Run one peer and print its JSON summary line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=sorted(PEERS))
    parser.add_argument("work", type=Path)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--devices", nargs="*", default=None, help="device names (default all)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    work = Work(args.work)
    names = args.devices or sorted(load_lines(work))
    summary = PEERS[args.kind](work, names, args.concurrency)
    print(json.dumps(summary, ensure_ascii=False))
    return 0 if summary["ok"] == summary["devices"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
