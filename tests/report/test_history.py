"""The audit log and the drift file are read from the state folder, with secrets masked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from campusctl.report.history import (
    HistoryInvalid,
    read_audit,
    read_drift,
    redact,
    state_dir,
)


def entry(time: str, device: str, diff: object, **extra: object) -> str:
    data = {"time": time, "operator": "netadmin", "device": device, "diff": diff}
    data.update({"result": "applied", "rollback": False})
    data.update(extra)
    return json.dumps(data, ensure_ascii=False)


def test_state_dir_from_environment(isolated_state: Path, tmp_path: Path) -> None:
    assert state_dir(tmp_path / "inventory") == isolated_state


def test_state_dir_beside_inventory(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CAMPUSCTL_STATE", raising=False)
    assert state_dir(tmp_path / "inventory") == tmp_path.resolve() / "state"


def test_audit_absent_is_empty(isolated_state: Path) -> None:
    log = read_audit(isolated_state)
    assert log.entries == []
    assert log.skipped == 0


def test_audit_newest_first_across_rotations(isolated_state: Path) -> None:
    (isolated_state / "audit").mkdir()
    (isolated_state / "audit" / "2026-11.jsonl").write_text(
        entry("2026-11-30T09:00:00+08:00", "A", "+ old") + "\n", encoding="utf-8"
    )
    (isolated_state / "audit.jsonl").write_text(
        entry("2026-12-04T20:01:00+08:00", "B", ["+ one", "+ two"], rollback="restored backup")
        + "\n\n"
        + entry("2026-12-04T20:00:00+08:00", "C", "- x\n+ y")
        + "\n",
        encoding="utf-8",
    )
    log = read_audit(isolated_state)
    assert [e.device for e in log.entries] == ["B", "C", "A"]
    assert log.entries[0].diff == ["+ one", "+ two"]
    assert log.entries[0].rollback == "restored backup"
    assert log.entries[1].diff == ["- x", "+ y"]
    assert log.entries[1].rollback == ""


def test_audit_keeps_only_unended_starts(isolated_state: Path) -> None:
    lines = [
        entry("2026-12-04T20:00:00+08:00", "A", "+ x", result="started", run="r1"),
        entry("2026-12-04T20:00:05+08:00", "A", "+ x", result="applied", run="r1"),
        entry("2026-12-04T20:00:00+08:00", "B", "+ y", result="started", run="r1"),
    ]
    (isolated_state / "audit.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    log = read_audit(isolated_state)
    assert [(e.device, e.result) for e in log.entries] == [("A", "applied"), ("B", "started")]


def test_audit_same_second_records_in_file_order(isolated_state: Path) -> None:
    # A change and its rerun after a lost worker, all within one second.
    results = ["started", "rolled_back", "started", "applied"]
    lines = [
        entry("2026-12-04T20:00:00+08:00", "A", "+ x", result=result, run="r1")
        for result in results
    ]
    (isolated_state / "audit.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    log = read_audit(isolated_state)
    assert [(e.device, e.result) for e in log.entries] == [("A", "applied"), ("A", "rolled_back")]


def test_audit_skips_truncated_line(isolated_state: Path, caplog: pytest.LogCaptureFixture) -> None:
    good = entry("2026-12-04T20:00:00+08:00", "A", "+ x")
    (isolated_state / "audit.jsonl").write_text(good + "\n" + good[:30] + "\n", encoding="utf-8")
    log = read_audit(isolated_state)
    assert len(log.entries) == 1
    assert log.skipped == 1
    assert "audit.jsonl:2" in caplog.text


def test_audit_masks_secrets(isolated_state: Path) -> None:
    diff = "+ local-user netadmin password irreversible-cipher $1a$Zx9$hash\n+ ntp-service unicast-server 198.18.255.1"
    (isolated_state / "audit.jsonl").write_text(
        entry("2026-12-04T20:00:00+08:00", "A", diff) + "\n", encoding="utf-8"
    )
    (only,) = read_audit(isolated_state).entries
    assert only.diff[0] == "+ local-user netadmin password irreversible-cipher ******"
    assert only.diff[1] == "+ ntp-service unicast-server 198.18.255.1"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "snmp-agent usm-user v3 nms authentication-mode sha AUTHKEY privacy-mode aes128 PRIVKEY",
            "snmp-agent usm-user v3 nms authentication-mode sha ****** privacy-mode aes128 ******",
        ),
        ("radius-server shared-key cipher S3cret", "radius-server shared-key cipher ******"),
        ("username admin secret 9 $9$abc", "username admin secret 9 ******"),
        ("snmp-server community public RO", "snmp-server community ****** RO"),
        ("interface Vlanif20", "interface Vlanif20"),
    ],
)
def test_redact_lines(line: str, expected: str) -> None:
    assert redact(line) == expected


def test_drift_absent_is_none(isolated_state: Path) -> None:
    assert read_drift(isolated_state) is None


def test_drift_read(isolated_state: Path) -> None:
    (isolated_state / "drift.json").write_text(
        json.dumps(
            {
                "time": "2026-12-04T20:05:00+08:00",
                "devices": [
                    {"device": "YCSY-CORE-01", "diff": "- ntp-service unicast-server 198.18.255.2"},
                    {"device": "YCSY-WLC-01", "diff": []},
                ],
            }
        ),
        encoding="utf-8",
    )
    drift = read_drift(isolated_state)
    assert drift is not None
    assert drift.devices[0].diff == ["- ntp-service unicast-server 198.18.255.2"]
    assert drift.devices[1].diff == []


def test_drift_invalid_names_file(isolated_state: Path) -> None:
    (isolated_state / "drift.json").write_text('{"devices": [{"diff": []}]}', encoding="utf-8")
    with pytest.raises(HistoryInvalid, match=r"drift\.json"):
        read_drift(isolated_state)
