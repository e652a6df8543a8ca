"""PNG diagrams show real Chinese glyphs when the CJK font is installed."""

from __future__ import annotations

import io
from pathlib import Path

import graphviz
from PIL import Image, ImageChops

from campusctl.diagram import physical_view, render
from campusctl.diagram.style import new_graph
from campusctl.inventory import Inventory


def label_png(text: str, font: str) -> Image.Image:
    """Render one HTML-like label holding ``text`` to a greyscale image."""
    graph = new_graph("glyphs", font)
    graph.node("label", label=f"<<TABLE><TR><TD>{text}</TD></TR></TABLE>>")
    return Image.open(io.BytesIO(graph.pipe(format="png", quiet=True))).convert("L")


def shows_distinct_glyphs(font: str) -> bool:
    """Return whether two different five-character Chinese labels render differently.

    Missing glyphs are drawn as identical boxes (or not at all), so two
    different texts give the same image.
    """
    first, second = label_png("核心交换机", font), label_png("无线控制器", font)
    return first.size != second.size or ImageChops.difference(first, second).getbbox() is not None


def test_png_draws_chinese_glyphs(font: str) -> None:
    assert shows_distinct_glyphs(font)


def test_glyph_check_fails_without_fonts(no_cjk_font: Path, font: str) -> None:
    # The same check, with fontconfig knowing no font: this is what tofu looks like.
    assert not shows_distinct_glyphs(font)


def test_physical_png_renders(
    inventory: Inventory, font: str, revision: str, tmp_path: Path
) -> None:
    school = inventory.schools["2440106001"]
    (png,) = render(physical_view(school, font=font, revision=revision), tmp_path, "p", ("png",))
    image = Image.open(png)
    assert image.format == "PNG"
    assert image.width > 1000
    assert image.height > 500
    grey = image.convert("L")
    dark = sum(grey.histogram()[:128])
    assert dark > 10_000, "the diagram has almost no ink"


def test_title_glyphs_differ_between_schools(
    inventory: Inventory, font: str, revision: str, tmp_path: Path
) -> None:
    # Same layout size class, different Chinese names: the title band must differ.
    images = []
    for code in ("2440281001", "2440281002"):
        school = inventory.schools[code]
        graph: graphviz.Digraph = physical_view(school, font=font, revision=revision)
        (png,) = render(graph, tmp_path, code, ("png",))
        images.append(Image.open(png).convert("L").crop((0, 0, 300, 30)))
    assert ImageChops.difference(images[0], images[1]).getbbox() is not None
