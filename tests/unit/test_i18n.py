"""Every message a person reads exists in Simplified Chinese, with the same placeholders."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from pydantic import Field, StringConstraints, TypeAdapter, ValidationError

from campusctl import i18n
from campusctl.cli._localize import _validation_message
from tests.conftest import REPO, campusctl_env

LOCALE = REPO / "campusctl" / "locale"
SOURCES = [REPO / "campusctl", REPO / "collections", REPO / "stacks"]
PLACEHOLDER = re.compile(r"\{[a-z_]+[^}]*\}|%\([a-z_]+\)[sd]|%[sd]")


def source_messages() -> set[str]:
    """Return every msgid passed to _(), N_() or ngettext() in the project's Python code."""
    found: set[str] = set()
    for folder in SOURCES:
        if not folder.exists():
            continue
        for _file, _line, message, _comments, _context in extract_from_dir(
            folder,
            method_map=[("**.py", "python")],
            keywords={"_": None, "N_": None, "ngettext": (1, 2)},
        ):
            found.update([message] if isinstance(message, str) else [m for m in message if m])
    return found


def catalog(language: str) -> dict[str, str]:
    with (LOCALE / language / "LC_MESSAGES" / "campusctl.po").open("rb") as handle:
        parsed = read_po(handle, abort_invalid=True)
    return {m.id: m.string for m in parsed if m.id and isinstance(m.id, str)}  # type: ignore[misc]


def test_every_message_has_chinese_translation() -> None:
    chinese = catalog("zh_CN")
    missing = sorted(m for m in source_messages() if not chinese.get(m))
    assert not missing, "untranslated messages:\n" + "\n".join(missing)


def test_every_message_is_in_english_catalog() -> None:
    english = catalog("en")
    missing = sorted(m for m in source_messages() if m not in english)
    assert not missing, "messages missing from the en catalog:\n" + "\n".join(missing)


def test_translations_keep_placeholders() -> None:
    for message, translated in catalog("zh_CN").items():
        if translated:
            assert sorted(PLACEHOLDER.findall(message)) == sorted(
                PLACEHOLDER.findall(translated)
            ), message


def test_catalog_files_have_no_duplicate_msgids() -> None:
    for language in ("zh_CN", "en"):
        text = (LOCALE / language / "LC_MESSAGES" / "campusctl.po").read_text(encoding="utf-8")
        ids = re.findall(r'^msgid "(.+)"$', text, flags=re.MULTILINE)
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        assert not duplicates, f"{language}: {duplicates}"


@pytest.mark.parametrize(
    ("lang", "expected"), [("zh_CN.UTF-8", "zh_CN"), ("C.UTF-8", "en"), ("en_US.UTF-8", "en")]
)
def test_language_follows_environment(
    monkeypatch: pytest.MonkeyPatch, lang: str, expected: str
) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", lang)
    i18n.reset()
    try:
        assert i18n.language() == expected
    finally:
        i18n.reset()


def test_cli_help_in_chinese() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "campusctl", "--help"],
        capture_output=True,
        text=True,
        env=campusctl_env("zh_CN.UTF-8"),
        check=True,
        cwd=Path(REPO),
    )
    assert "广东教育网络" in result.stdout


def test_unknown_validation_error_keeps_pydantic_message() -> None:
    """A rejection campusctl has no words for is left to pydantic's own message."""
    with pytest.raises(ValidationError) as caught:
        TypeAdapter(Annotated[str, StringConstraints(pattern=r"^\d+$")]).validate_python("x")
    assert _validation_message(caught.value) is None


def test_known_validation_errors_translated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANGUAGE", "zh_CN")
    i18n.reset()
    try:
        with pytest.raises(ValidationError) as caught:
            TypeAdapter(Annotated[int, Field(ge=1)]).validate_python(0)
        assert _validation_message(caught.value) == "0 小于 1"
    finally:
        monkeypatch.delenv("LANGUAGE")
        i18n.reset()
