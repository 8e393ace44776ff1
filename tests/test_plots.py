"""Figure files: a PNG at the configured resolution, vector copies for print, same bytes each time."""

import itertools
import textwrap
from types import SimpleNamespace

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.text import Text
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


def blank_margin(png) -> bool:
    """Whether the outermost pixels of a figure are all background: nothing runs off the page."""
    pixels = np.asarray(Image.open(png).convert("L"))
    return all((edge >= 250).all() for edge in (pixels[0], pixels[-1], pixels[:, 0], pixels[:, -1]))


def test_a_small_figure_shows_its_title_and_colour_bar_label_whole(tmp_path):
    # three constructs make a heatmap 2.8 inches wide, narrower than its title
    title = "my_questionnaire: mean cosine between constructs (a-model-with-a-long-name)"
    plots.similarity_heatmap(SIMILARITY, title, tmp_path / "similarity.png")
    constructs = list(SIMILARITY.index)
    pairs = [(constructs[0], constructs[1]), (constructs[0], constructs[2]), (constructs[1], constructs[2])]
    separabilities = pd.Series([0.81, 0.92, 0.72], index=pd.MultiIndex.from_tuples(pairs))
    plots.separability_heatmap(separabilities, constructs, 0.6, title, tmp_path / "separability.png")
    for png in ("similarity.png", "separability.png"):
        assert blank_margin(tmp_path / png), png


def test_a_long_title_over_a_small_heatmap_stays_clear_of_its_colour_bar(tmp_path, monkeypatch):
    kept = []
    monkeypatch.setattr(plots, "_write", lambda fig, path: kept.append(fig))
    title = "engagement: how separable two constructs are (minilm_zeroshot)"
    constructs = list(SIMILARITY.index)
    pairs = [(constructs[0], constructs[1]), (constructs[0], constructs[2]), (constructs[1], constructs[2])]
    separabilities = pd.Series([0.81, 0.92, 0.72], index=pd.MultiIndex.from_tuples(pairs))
    plots.separability_heatmap(separabilities, constructs, 0.6, title, tmp_path / "separability.png")
    plots.similarity_heatmap(SIMILARITY, title, tmp_path / "similarity.png")
    for fig in kept:
        renderer = fig.canvas.get_renderer()
        fig.draw(renderer)
        (shown,) = [text for text in fig.findobj(Text) if text.get_text() == title]
        bar = fig.axes[1].get_tightbbox(renderer)  # the colour bar with its tick labels
        assert shown.get_window_extent(renderer).y0 >= bar.y1  # wholly above it


def test_the_distinctiveness_legend_stays_clear_of_the_axis_label(tmp_path, monkeypatch):
    kept = []
    monkeypatch.setattr(plots, "_write", lambda fig, path: kept.append(fig))
    distinct = pd.DataFrame(
        {"construct": ["A", "B", "C"], "auc": [0.9, 0.7, 0.6], "ci_low": [0.8, 0.5, 0.4]}
        | {"ci_high": [1.0, 0.9, 0.8], "rank": [1, 2, 3]}
    )
    plots.distinctiveness_plot(distinct, np.array([0.7, 0.8, 0.9]), "t", tmp_path / "d.png")
    (fig,) = kept
    renderer = fig.canvas.get_renderer()
    fig.draw(renderer)
    label = fig.axes[0].xaxis.label.get_window_extent(renderer)
    legend = fig.legends[0].get_window_extent(renderer)
    assert legend.y1 <= label.y0  # wholly below it


def test_the_first_ten_constructs_of_a_map_get_ten_distinct_hues():
    colours = [plots._construct_colour(c) for c in range(12)]
    assert colours[:10] == [matplotlib.colormaps["tab10"](c) for c in range(10)]
    assert len(set(colours)) == 12


def test_the_names_of_nearby_points_do_not_cover_each_other(tmp_path, monkeypatch):
    kept = []
    monkeypatch.setattr(plots, "_write", lambda fig, path: kept.append(fig))
    gap = [5.0, 4.0, 3.0, 2.0, -2.0, -3.0, -4.0, -5.0]  # four jangle and four jingle candidates
    pairs = pd.DataFrame(
        {
            "construct_a": [f"Construct {i}" for i in range(8)],
            "construct_b": [f"Other construct {i}" for i in range(8)],
            "name_similarity": [0.30, 0.301, 0.302, 0.303, 0.70, 0.701, 0.702, 0.703],
            "separability": [0.600, 0.601, 0.602, 0.603, 0.800, 0.801, 0.802, 0.803],
            "rank_gap": gap,
        }
    )
    summary = pd.DataFrame({"selected": [True], "spearman_rho": [-0.3], "p_value": [0.08]})
    plots.names_plot(pairs, summary, "t", tmp_path / "names.png")
    (fig,) = kept
    renderer = fig.canvas.get_renderer()
    boxes = [Text.get_window_extent(text, renderer) for text in fig.axes[0].texts]  # words only
    assert len(boxes) == 8
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])


def sweep_metrics(n_models: int) -> pd.DataFrame:
    """Validation pair AUCs of ``n_models`` models, with intervals, as all.tsv holds them."""
    values = np.random.default_rng(3).uniform(0.6, 0.9, n_models)
    return pd.DataFrame(
        {
            "model": [f"sweep_cell_{m:02d}" for m in range(n_models)],
            "dataset": "ipip",
            "split": "validation",
            "metric": "pair_auc",
            "value": values,
            "ci_low": values - 0.05,
            "ci_high": values + 0.05,
        }
    )


def test_a_metric_forest_of_a_large_sweep_stays_a_readable_size(tmp_path):
    """A row per model: ten keep their row height, 120 (a sweep) share the figure's most."""
    dpi = plots.DEFAULT_DPI
    plots.metric_forest(sweep_metrics(10), "pair_auc", str(tmp_path / "few.png"))
    plots.metric_forest(sweep_metrics(120), "pair_auc", str(tmp_path / "sweep.png"))
    few_height = Image.open(tmp_path / "few.png").size[1]
    assert abs(few_height - (1 + 0.32 * 10) * dpi) < 0.1 * few_height
    assert Image.open(tmp_path / "sweep.png").size[1] <= (plots._MAX_INCHES + 3) * dpi  # not 39 inches


def test_a_metric_forest_marks_the_selected_models_rows(tmp_path, monkeypatch):
    kept = []
    monkeypatch.setattr(plots, "_write", lambda fig, path: kept.append(fig))
    metrics = pd.concat([sweep_metrics(6), sweep_metrics(6).assign(dataset="leadership", split="all")])
    plots.metric_forest(metrics, "pair_auc", tmp_path / "forest.png", selected="sweep_cell_03")
    (fig,) = kept
    ax = fig.axes[0]
    bold = [label.get_text() for label in ax.get_yticklabels() if label.get_fontweight() == "bold"]
    assert sorted(bold) == ["sweep_cell_03 · ipip/validation", "sweep_cell_03 · leadership/all"]
    assert [text.get_text() for text in ax.get_legend().get_texts()] == [
        "other models",
        "sweep_cell_03 (selected)",
    ]
    selected_points = ax.containers[1].lines[0].get_xdata()  # the second errorbar: the selected rows
    assert sorted(selected_points) == sorted(metrics.loc[metrics["model"] == "sweep_cell_03", "value"])


def test_the_selected_model_has_one_colour_in_every_figure_of_models(tmp_path, monkeypatch):
    kept = []
    monkeypatch.setattr(plots, "_write", lambda fig, path: kept.append(fig))
    # the selected model first, as the comparison tables list it
    models = [("tuned", "selected"), ("zero_a", "baseline"), ("zero_b", "baseline")]
    comparison = pd.DataFrame(
        [(m, role, metric, 0.1, 0.0, 0.2) for m, role in models for metric in ("pair_auc", "ari")],
        columns=["model", "role", "metric", "difference", "ci_low", "ci_high"],
    )
    plots.comparison_plot(comparison, "mine", tmp_path / "c.png")
    matched = comparison.rename(
        columns={"difference": "reference_mean", "ci_low": "reference_low", "ci_high": "reference_high"}
    ).assign(n_constructs=4, mine=0.3, drawn="reference")
    plots.matched_plot(matched, "mine", tmp_path / "m.png")
    drawn_down = (
        matched.drop(columns="mine")
        .rename(
            columns={"reference_mean": "mine", "reference_low": "mine_low", "reference_high": "mine_high"}
        )
        .assign(reference_mean=0.3, drawn="target")
    )
    plots.matched_plot(drawn_down, "mine", tmp_path / "d.png")
    forest = sweep_metrics(3).assign(model=[m for m, _ in models])
    plots.metric_forest(forest, "pair_auc", tmp_path / "f.png", selected="tuned")

    def colours(fig):  # legend entry → colour of its points
        ax = fig.axes[0]
        return {c.get_label(): matplotlib.colors.to_hex(c.lines[0].get_color()) for c in ax.containers}

    orange, blue, green = (matplotlib.colors.to_hex(f"C{i}") for i in (1, 0, 2))
    assert colours(kept[0]) == {
        "zero_a (baseline)": blue,
        "tuned (selected)": orange,
        "zero_b (baseline)": green,
    }
    assert colours(kept[1])["IPIP sets, tuned (selected)"] == orange
    assert colours(kept[2])["mine sets, tuned (selected)"] == orange  # the target drawn down instead
    assert colours(kept[3]) == {"other models": blue, "tuned (selected)": orange}
    summary = pd.DataFrame(
        [("ipip", "test", m, role, 3, 0.5, 0.1, 0.8) for m, role in models],
        columns=["dataset", "split", "model", "role", "n_scales", "spearman_rho", "ci_low", "ci_high"],
    )
    per_scale = pd.DataFrame(
        [("ipip", "test", m, r, r / 2) for m, _ in models for r in (0.2, 0.3, 0.4)],
        columns=["dataset", "split", "model", "implied_r", "mean_similarity"],
    )
    plots.reliability_plot(per_scale, summary, tmp_path / "r.png")
    points = [
        matplotlib.colors.to_hex(ax.collections[0].get_facecolor()[0], keep_alpha=False)
        for ax in kept[4].axes
    ]
    assert points == [orange, blue, blue]


UMAP_IN_A_FRESH_PROCESS = """
import json, numpy as np
from numba.core.dispatcher import Dispatcher
import umap.umap_
from constructlens import plots
from constructlens.metrics import make_item_set
from tests.test_metrics import synthetic_items

coordinates = plots.umap_coordinates(make_item_set(*synthetic_items(3, 6, 0.5, 1)), 1)
used = [f for f in vars(umap.umap_).values() if isinstance(f, Dispatcher) and f.signatures]
print(json.dumps({
    "hits": sum(sum(f.stats.cache_hits.values()) for f in used),
    "misses": sum(sum(f.stats.cache_misses.values()) for f in used),
    "coordinates": coordinates.tolist(),
}))
"""


def test_a_later_map_job_loads_umaps_compiled_code_instead_of_compiling_it():
    import json
    import os
    import subprocess
    import sys

    from .conftest import REPO

    # numba's own cache folder: the first process compiles unless a run before it did (this
    # test, the workflow's map jobs), which the second then loads
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    first, second = (
        json.loads(
            subprocess.run(
                [sys.executable, "-c", UMAP_IN_A_FRESH_PROCESS],
                capture_output=True,
                text=True,
                env=env,
                cwd=REPO,
                check=True,
            ).stdout
        )
        for _ in range(2)
    )
    assert second["hits"] > 0 and second["misses"] == 0  # every function loaded, none compiled
    assert second["coordinates"] == first["coordinates"]


LONG_NAMES = [
    f"{style} leadership behaviour as rated by direct reports (supervisor version)"
    for style in (
        "Abusive",
        "Authentic",
        "Charismatic",
        "Ethical",
        "Servant",
        "Transformational",
        "Empowering",
    )
    + ("Initiating Structure", "Consideration", "Destructive", "Instrumental")
]


def test_long_construct_names_are_wrapped_and_shortened_but_stay_distinct():
    assert plots.figure_labels(["Servant", "Ethical"]) == ["Servant", "Ethical"]
    labels = plots.figure_labels(LONG_NAMES)
    assert len(set(labels)) == len(LONG_NAMES)
    assert all(len(label.split("\n")) <= 3 for label in labels)
    assert all(len(line) <= 28 for label in labels for line in label.split("\n"))
    assert labels[0] == "Abusive leadership\n… direct reports (supervisor\nversion)"
    # names that differ only where they would be cut are shown whole
    alike = [
        f"Leadership behaviour as rated, {middle} part of the scale, by the direct reports of one supervisor"
        for middle in ("first", "other")
    ]
    assert plots.figure_labels(alike) == [textwrap.fill(name, 26) for name in alike]
    one_line = plots.figure_labels(["Transformational leadership: intellectual stimulation"], 30, 1)
    assert one_line == ["Transformational leadership: …"]


def test_long_construct_names_leave_a_heatmap_its_cells_and_a_scatter_its_width(tmp_path, monkeypatch):
    kept = []
    monkeypatch.setattr(plots, "_write", lambda fig, path: kept.append(fig))
    pairs = list(itertools.combinations(LONG_NAMES, 2))
    values = np.linspace(0.55, 0.95, len(pairs))
    plots.separability_heatmap(
        pd.Series(values, index=pd.MultiIndex.from_tuples(pairs)), LONG_NAMES, 0.6, "t", "s"
    )
    frame = pd.DataFrame(pairs, columns=["construct_a", "construct_b"])
    names = frame.assign(
        name_similarity=values[::-1], separability=values, rank_gap=np.arange(len(pairs)) - 7
    )
    summary = pd.DataFrame({"selected": [True], "spearman_rho": [-0.3], "p_value": [0.08]})
    plots.names_plot(names, summary, "t", tmp_path / "names.png")
    heatmap, scatter = kept
    cell = heatmap.axes[0].get_position().width * heatmap.get_figwidth() / len(LONG_NAMES)
    assert cell >= 0.45  # inches: the labels did not squeeze the matrix
    assert scatter.axes[0].get_position().width * scatter.get_figwidth() >= 3.5


def test_spread_positions_keep_the_gap_stay_in_bounds_and_move_only_crowded_names():
    apart = np.array([0.0, 10.0, 20.0])
    np.testing.assert_allclose(plots.spread_positions(apart, 3.0, 0.0, 20.0), apart)
    crowded = np.array([4.0, 5.0, 6.0, 30.0])
    spread = plots.spread_positions(crowded, 3.0, 0.0, 40.0)
    np.testing.assert_allclose(spread, [2.0, 5.0, 8.0, 30.0])  # centred on the crowd, the rest stays
    edge = plots.spread_positions(np.array([0.0, 0.5, 1.0]), 2.0, 0.0, 10.0)
    np.testing.assert_allclose(edge, [0.0, 2.0, 4.0])  # pushed up from the lower bound, not below it
    rng = np.random.default_rng(5)
    desired = np.sort(rng.uniform(0, 100, 40))
    spread = plots.spread_positions(desired, 2.4, 0.0, 100.0)
    assert np.diff(spread).min() >= 2.4 - 1e-9 and spread.min() >= 0 and spread.max() <= 100


def test_the_names_of_thin_item_blocks_are_spread_apart_and_tied_to_their_blocks(tmp_path, monkeypatch):
    kept = []
    monkeypatch.setattr(plots, "_write", lambda fig, path: kept.append(fig))
    sizes = [60, 2, 2, 2, 2, 40, 3, 2, 60, 2, 2, 2]  # thin blocks among wide ones
    starts = np.r_[0, np.cumsum(sizes)[:-1]]
    matrix = np.random.default_rng(0).uniform(0.0, 0.5, size=(sum(sizes), sum(sizes)))
    names = [f"Construct {i}" for i in range(len(sizes))]
    plots.item_similarity_plot({"mine items": (matrix, starts, names)}, "t", tmp_path / "m.png")
    (fig,) = kept
    ax = fig.axes[0]
    fig.canvas.draw()
    assert not any(label.get_visible() and label.get_text() for label in ax.get_yticklabels())
    assert [text.get_text() for text in ax.texts] == names
    boxes = [Text.get_window_extent(text, fig.canvas.get_renderer()) for text in ax.texts]
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    assert [text.xy[1] for text in ax.texts] == list(starts + (np.array(sizes) - 1) / 2)
    assert all(box.x1 < ax.get_window_extent().x0 for box in boxes)  # beside the matrix, not on it


def test_column_names_keep_to_one_line_where_columns_are_narrow():
    names = ["Conformity/Dependence/Need for approval", "Order"]
    assert plots.rotated_labels(names, 0.45, 7) == ["Conformity/Dependence/Need\nfor approval", "Order"]
    assert plots.rotated_labels(names, 0.16, 7) == ["Conformity/Dependence/Need for …", "Order"]


def test_the_title_of_a_tall_nearest_construct_matrix_stays_clear_of_it(tmp_path, monkeypatch):
    kept = []
    monkeypatch.setattr(plots, "_write", lambda fig, path: kept.append(fig))
    rows = [
        (f"Target {t}", rank, f"IPIP construct {5 * t + rank}", 0.5 - 0.01 * rank, 0.6, False)
        for t in range(40)
        for rank in range(1, 6)
    ]
    columns = ["construct", "rank", "ipip_construct", "mean_cosine", "separability", "overlapping"]
    plots.nearest_plot(
        pd.DataFrame(rows, columns=columns), "mine: nearest IPIP constructs", tmp_path / "n.png"
    )
    (fig,) = kept
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    title, matrix = fig.get_suptitle(), fig.axes[0]
    assert title and fig._suptitle.get_window_extent(renderer).y0 > matrix.get_window_extent(renderer).y1
    names = [label.get_text() for label in matrix.get_xticklabels()]
    assert len(names) == 200 and not any("\n" in name for name in names)  # too narrow for two lines


def test_a_metric_forest_lists_ipip_in_the_protocols_order_then_the_targets(tmp_path, monkeypatch):
    kept = []
    monkeypatch.setattr(plots, "_write", lambda fig, path: kept.append(fig))
    places = [
        ("leadership", "all"),
        ("ipip", "all"),
        ("ipip", "test"),
        ("ipip", "train"),
        ("ipip", "validation"),
    ]
    metrics = pd.concat(
        sweep_metrics(2).assign(dataset=dataset, split=split) for dataset, split in places
    ).sample(frac=1, random_state=0)
    plots.metric_forest(metrics, "pair_auc", tmp_path / "forest.png")
    ax = kept[0].axes[0]
    top_down = sorted(zip(ax.get_yticks(), ax.get_yticklabels(), strict=True), key=lambda tick: -tick[0])
    labels = [label.get_text() for _, label in top_down]
    assert [label.split(" · ")[1] for label in labels[::2]] == [
        "ipip/train",
        "ipip/validation",
        "ipip/test",
        "ipip/all",
        "leadership/all",
    ]
    assert labels[:2] == ["sweep_cell_00 · ipip/train", "sweep_cell_01 · ipip/train"]
