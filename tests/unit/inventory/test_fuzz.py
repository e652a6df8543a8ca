"""Generated broken inventories: the loader never crashes, it always answers with located errors."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campusctl.errors import InventoryError
from campusctl.inventory import InventoryInvalid, load_inventory
from campusctl.inventory.locate import forget_files
from tests.conftest import MINIMAL, MINIMAL_SCHOOL

ORIGINAL = (MINIMAL / MINIMAL_SCHOOL).read_text(encoding="utf-8").splitlines()

SURPRISES = [
    "NO",
    "off",
    "010",
    "0x10",
    "10_20",
    "16.10",
    "1:10",
    "00:1a:2b:3c:4d:5e",
    "",
    "~",
    "[]",
    "{}",
    "-1",
    "4095",
    '"x"',
    "\t",
    ": :",
    "&a",
    "*a",
    "!!binary AA",
]


@st.composite
def broken_school(draw: st.DrawFn) -> str:
    """Return the minimal school file with a few lines damaged."""
    lines = list(ORIGINAL)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        index = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        action = draw(st.sampled_from(["drop", "value", "indent", "duplicate", "garbage"]))
        line = lines[index]
        if action == "drop":
            del lines[index]
        elif action == "value" and ":" in line:
            key = line.split(":", 1)[0]
            lines[index] = f"{key}: {draw(st.sampled_from(SURPRISES))}"
        elif action == "indent":
            lines[index] = " " * draw(st.integers(min_value=0, max_value=7)) + line.lstrip()
        elif action == "duplicate":
            lines.insert(index, line)
        else:
            lines[index] = draw(st.text(max_size=30))
        if not lines:
            lines = ["{}"]
    return "\n".join(lines) + "\n"


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=broken_school())
def test_broken_school_gives_located_errors(tmp_path_factory: object, text: str) -> None:
    root = Path(tmp_path_factory.mktemp("inv"))  # type: ignore[attr-defined]
    shutil.copytree(MINIMAL, root, dirs_exist_ok=True)
    (root / MINIMAL_SCHOOL).write_text(text, encoding="utf-8")
    forget_files()
    try:
        load_inventory(root)
    except InventoryInvalid as err:
        assert err.problems
        for problem in err.problems:
            assert problem.file.resolve().is_relative_to(root.resolve())
            assert problem.message
            assert str(problem.file) in problem.render()
        assert any(p.line is not None for p in err.problems)
    except InventoryError as err:
        assert str(err)
