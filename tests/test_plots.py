"""Figure files: a PNG at the configured resolution, vector copies for print, same bytes each time."""

import re
from types import SimpleNamespace

import pandas as pd
from PIL import Image

from constructlens import plots

SIMILARITY = pd.DataFrame(
    [[1.0, 0.31, 0.12], [0.31, 1.0, 0.4], [0.12, 0.4, 1.0]],
    index=["Ängstlichkeit", "Warmth", "Order"],
    columns=["Ängstlichkeit", "Warmth", "Order"],
)


def draw(folder, dpi=300, formats=("pdf", "svg")):
    files = plots.FigureFiles(str(folder / "f.png"), tuple(str(folder / f"f.{fmt}") for fmt in formats), dpi)
    plots.similarity_heatmap(SIMILARITY, "three constructs", files)
    return {path: (folder / path).read_bytes() for path in ["f.png", *(f"f.{fmt}" for fmt in formats)]}


def test_a_figure_is_written_as_png_at_its_resolution_and_as_each_vector_format(tmp_path):
    written = draw(tmp_path)
    assert written["f.png"].startswith(b"\x89PNG")
    assert written["f.pdf"].startswith(b"%PDF")
    assert b"<svg" in written["f.svg"][:1000]
    width, _ = Image.open(tmp_path / "f.png").size
    assert width == round(2.8 * 300)  # the heatmap of three constructs is 2.8 inches wide
    assert round(Image.open(tmp_path / "f.png").info["dpi"][0]) == 300


def test_vector_copies_embed_truetype_fonts_and_no_date(tmp_path):
    written = draw(tmp_path)
    pdf, svg = written["f.pdf"], written["f.svg"]
    assert b"/FontFile2" in pdf and b"/Type3" not in pdf  # publishers refuse Type 3 fonts
    assert b"CreationDate" not in pdf and b"Producer" not in pdf
    assert b"<dc:date>" not in svg and b"<text" not in svg  # text drawn as paths


def test_the_same_figure_twice_is_the_same_bytes(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert draw(tmp_path / "a") == draw(tmp_path / "b")


def test_a_plain_path_is_a_png_at_the_default_resolution(tmp_path):
    plots.similarity_heatmap(SIMILARITY, "three constructs", str(tmp_path / "f.png"))
    assert round(Image.open(tmp_path / "f.png").info["dpi"][0]) == plots.DEFAULT_DPI
    assert [p.name for p in tmp_path.iterdir()] == ["f.png"]


def test_figure_files_reads_a_rules_figure_and_its_vector_copies():
    output = SimpleNamespace(
        heatmap="r/heatmap.png", heatmap_vector=["r/heatmap.pdf"], figure="r/x.png", figure_vector=[]
    )
    assert plots.figure_files(output, "heatmap", 200) == plots.FigureFiles(
        "r/heatmap.png", ("r/heatmap.pdf",), 200
    )
    assert plots.figure_files(output, "figure", 150) == plots.FigureFiles("r/x.png", (), 150)


def test_only_the_png_changes_with_the_resolution(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    low, high = draw(tmp_path / "a", dpi=100), draw(tmp_path / "b", dpi=300)
    assert low["f.png"] != high["f.png"]
    assert low["f.pdf"] == high["f.pdf"] and low["f.svg"] == high["f.svg"]
    assert re.search(rb"/MediaBox \[ ?0 0 201\.6 ", low["f.pdf"])  # 2.8 inches in points
