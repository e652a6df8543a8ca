"""Every message of the stack modules has a Chinese translation with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from tests.stacks.support import REPO

LOCALE = REPO / "campusctl" / "locale"
SOURCES = [REPO / "campusctl" / "stacks", REPO / "campusctl" / "cli"]
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _messages() -> set[str]:
    found: set[str] = set()
    for folder in SOURCES:
        for filename, _lineno, message, _comments, _context in extract_from_dir(
            folder, method_map=[("**.py", "python")], keywords={"_": None}
        ):
            if folder.name == "cli" and filename != "stack.py":
                continue
            found.add(message if isinstance(message, str) else message[0])
    return found


def _catalog(language: str) -> Catalog:
    path = LOCALE / language / "LC_MESSAGES" / "campusctl.po"
    with Path(path).open("rb") as handle:
        return read_po(handle)


def test_messages_found() -> None:
    assert len(_messages()) > 90


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_catalog_has_every_message(language: str) -> None:
    catalog = _catalog(language)
    missing = sorted(m for m in _messages() if m not in catalog)
    assert missing == []


def test_chinese_translations_keep_placeholders() -> None:
    catalog = _catalog("zh_CN")
    for message in _messages():
        translated = catalog[message].string
        assert translated, f"no translation for {message!r}"
        assert sorted(PLACEHOLDER.findall(translated)) == sorted(PLACEHOLDER.findall(message)), (
            message
        )
