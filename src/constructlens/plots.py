"""Figures: similarity heatmap, 2-D map of items, training loss curve.

Every figure is written as a PNG and, for print, optionally as PDF and SVG beside it
(``FigureFiles``); a path given as a plain string is a PNG at ``DEFAULT_DPI``.
"""

import itertools
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.text import Text  # noqa: E402

if TYPE_CHECKING:  # scikit-learn and scipy load only in the jobs that draw maps
    from .metrics import ItemSet

# no software version or date inside a figure file: same inputs, same bytes
_METADATA = {
    ".png": {"Software": None},
    ".pdf": {"Creator": None, "Producer": None, "CreationDate": None},
    ".svg": {"Creator": None, "Date": None},
}
# TrueType fonts in PDFs (publishers reject Type 3), text drawn as paths in SVGs, and SVG ids
# drawn from a fixed salt instead of a random one
_VECTOR_STYLE = {"pdf.fonttype": 42, "svg.fonttype": "path", "svg.hashsalt": "constructlens"}
DEFAULT_DPI = 150  # a PNG's resolution unless the config's figures.dpi says otherwise
_MAX_INCHES = 24  # a figure's rows or columns (of constructs, of models) share at most this much
_MIN_HEATMAP_INCHES = 3.2  # a construct heatmap's height at the least
_NAMED_BLOCKS = 45  # an item matrix names its construct blocks up to this many (5-point names)
_HAIRLINE_POINTS = 16  # between a block's name moved off its block and the matrix
_COLOURS = 20  # distinct colours of an item map (tab20)
_SELECTED_COLOUR = "C1"  # the selected model, in every figure that sets models side by side
_SPLIT_ORDER = {"train": 0, "validation": 1, "test": 2, "all": 3}  # as the evaluation protocol runs
_LABEL_WIDTH = 26  # characters per line of a construct's name in a figure
_LABEL_LINES = 3  # lines of it at most; a pair's label in a scatter keeps to one line
_CHAR_INCHES = 0.6 / 72  # width of a character per point of font size, roughly


def _model_colours(roles: list[str]) -> list[str]:
    """A colour per model of a figure: the selected model's ``_SELECTED_COLOUR``, the others the
    remaining colours of the cycle, in turn, so orange means "selected" wherever it appears."""
    others = itertools.cycle([f"C{i}" for i in range(10) if f"C{i}" != _SELECTED_COLOUR])
    return [_SELECTED_COLOUR if role == "selected" else next(others) for role in roles]


@dataclass(frozen=True)
class FigureFiles:
    """Where one figure goes: a PNG of ``dpi`` dots per inch (none where ``png`` is None), and
    the same figure as vector graphics at each of the ``vector`` paths (their suffix, .pdf or
    .svg, names the format)."""

    png: str | None
    vector: tuple[str, ...] = ()
    dpi: int = DEFAULT_DPI


def figure_files(output, name: str, dpi: int) -> FigureFiles:
    """The files of the figure a rule's ``output`` names ``name``, with the vector copies it
    names ``{name}_vector`` (see rules/common.smk, ``vector_copies``)."""
    return FigureFiles(getattr(output, name), tuple(getattr(output, f"{name}_vector")), dpi)


def _write(fig, path: str | FigureFiles) -> None:
    """Write ``fig`` to every file of ``path`` and free it. The page grows to hold every label:
    a title or colour-bar label wider than a small figure is shown whole, not cut off."""
    files = path if isinstance(path, FigureFiles) else FigureFiles(str(path))
    whole = {"bbox_inches": "tight", "pad_inches": 0.1}
    if files.png:
        fig.savefig(files.png, dpi=files.dpi, metadata=_METADATA[".png"], **whole)
    with plt.rc_context(_VECTOR_STYLE):
        for vector in files.vector:
            fig.savefig(vector, metadata=_METADATA[Path(vector).suffix], **whole)
    plt.close(fig)


def _save(fig, path: str | FigureFiles) -> None:
    """Fit the figure's parts together, then write it."""
    fig.tight_layout()
    _write(fig, path)


def _per_row(n: int, preferred: float) -> float:
    """Inches per row (a construct, or a model's row of a forest plot) along one axis:
    ``preferred``, or less so that ``n`` rows fit into ``_MAX_INCHES`` (a large item bank or
    sweep would otherwise draw a figure of gigapixels, or many feet tall)."""
    return min(preferred, _MAX_INCHES / max(n, 1))


def _label_size(inches: float, largest: float = 8) -> float:
    """Font size (points) of a tick label in a row or column ``inches`` wide."""
    return min(largest, max(2.0, 0.8 * 72 * inches))


def _shortened(lines: list[str], keep: int) -> str:
    """``lines`` joined by line breaks, or, when more than ``keep``, the first and the last
    ``keep - 1`` with "…" where the middle was."""
    if len(lines) <= keep:
        return "\n".join(lines)
    if keep == 1:
        return f"{lines[0]} …"
    return "\n".join([lines[0], "… " + lines[-(keep - 1)], *lines[len(lines) - keep + 2 :]])


def figure_labels(names, width: int = _LABEL_WIDTH, lines: int = _LABEL_LINES) -> list[str]:
    """Construct names as a figure shows them: wrapped into lines of about ``width`` characters;
    a name of more than ``lines`` lines keeps its first line and its last ones, "…" between them
    (the tables and pages name it whole). Should two names then read alike, every name is
    shown whole, wrapped."""
    wrapped = [textwrap.wrap(str(name), width) or [""] for name in names]
    short = [_shortened(parts, lines) for parts in wrapped]
    if len(set(short)) < len(set(map(str, names))):
        return ["\n".join(parts) for parts in wrapped]
    return short


def rotated_labels(names, column_inches: float, fontsize: float) -> list[str]:
    """``figure_labels`` of columns whose names are written at 60°: as many lines as fit side by
    side in a column ``column_inches`` wide (at most ``_LABEL_LINES``); one line, of up to 30
    characters, where only one fits."""
    line_inches = 1.2 * fontsize / 72 / np.sin(np.radians(60))  # one line's room across a column
    lines = min(_LABEL_LINES, int(column_inches / line_inches))
    return figure_labels(names, lines=lines) if lines > 1 else figure_labels(names, 30, 1)


def _label_inches(labels: list[str], fontsize: float) -> float:
    """About how wide the longest line of ``labels`` is at ``fontsize`` points."""
    longest = max((len(line) for label in labels for line in label.split("\n")), default=0)
    return longest * fontsize * _CHAR_INCHES


def _lines(labels: list[str]) -> int:
    """How many lines the longest of ``labels`` takes."""
    return max((label.count("\n") + 1 for label in labels), default=1)


def _label_cells(ax, image, values: np.ndarray) -> None:
    """Print every finite value of a heatmap in its cell, dark on light colours, light on dark."""
    for i, j in zip(*np.nonzero(np.isfinite(values)), strict=True):
        red, green, blue, _ = image.cmap(image.norm(values[i, j]))
        colour = "black" if 0.299 * red + 0.587 * green + 0.114 * blue > 0.5 else "white"
        ax.text(j, i, f"{values[i, j]:.2f}", ha="center", va="center", fontsize=6, color=colour)


def _construct_heatmap(values: np.ndarray, labels: list[str], cmap: str, **scale):
    """Figure, axes, image and cell size (inches) of a square construct × construct matrix,
    values printed in the cells when they fit; ``scale``: imshow's vmin and vmax. At least
    ``_MIN_HEATMAP_INCHES`` tall, so that a colour bar's label of three lines, longer than the
    matrix of a few constructs is tall, stays clear of the title."""
    n = len(labels)
    width, height = _per_row(n, 0.6), _per_row(n, 0.5)
    x_size, y_size = _label_size(width), _label_size(height)
    x_labels, labels = rotated_labels(labels, width, x_size), figure_labels(labels)
    room = _label_inches([*x_labels, *labels], max(x_size, y_size))  # beside the matrix, below it
    fig, ax = plt.subplots(
        figsize=(1.0 + room + width * n, max(_MIN_HEATMAP_INCHES, 0.8 + 0.87 * room + height * n))
    )
    image = ax.imshow(values, cmap=cmap, **scale)
    ax.set_xticks(range(n), x_labels, rotation=60, ha="right", fontsize=x_size)
    ax.set_yticks(range(n), labels, fontsize=y_size)
    if n <= 25:
        _label_cells(ax, image, values)
    return fig, ax, image, min(width, height)


def _outline_cells(ax, cells, cell_inches: float) -> None:
    """A cyan frame around each (row, column) of ``cells``, thinner in small cells."""
    width = min(2.0, 0.15 * 72 * cell_inches)  # points
    for row, column in cells:
        ax.add_patch(
            plt.Rectangle((column - 0.5, row - 0.5), 1, 1, fill=False, edgecolor="cyan", linewidth=width)
        )


def similarity_heatmap(similarity: pd.DataFrame, title: str, path: str | FigureFiles) -> None:
    """Construct × construct mean cosine similarity, values printed in the cells."""
    fig, ax, image, _ = _construct_heatmap(
        similarity.to_numpy(dtype=float), list(similarity.index), "viridis"
    )
    fig.colorbar(image, ax=ax, label="mean cosine similarity")
    fig.suptitle(title)  # over the colour bar too, not into it
    _save(fig, path)


def definitions_heatmap(shares: pd.DataFrame, title: str, path: str | FigureFiles) -> None:
    """Construct (rows) × definition (columns): the share of the construct's items whose nearest
    definition is that one (``definitions.nearest_definition_shares``); the diagonal, the items
    that read most like their own construct's definition, outlined."""
    labels = list(shares.index)
    fig, ax, image, cell = _construct_heatmap(shares.to_numpy(dtype=float), labels, "Blues", vmin=0, vmax=1)
    _outline_cells(ax, [(k, k) for k in range(len(labels))], cell)
    ax.set_xlabel("nearest definition")
    ax.set_ylabel("items of")
    fig.colorbar(image, ax=ax).set_label("share of the construct's items", fontsize=9)
    fig.suptitle(title)
    _save(fig, path)


def separability_heatmap(
    separabilities: pd.Series, constructs: list[str], threshold: float, title: str, path: str | FigureFiles
) -> None:
    """Construct × construct separability (``pair_separabilities``; 0.5 = indistinguishable),
    values in the cells, pairs at most ``threshold`` (overlapping) outlined; rows in the order
    of average linkage on separability − 0.5, so that constructs hard to tell apart sit together."""
    from scipy.cluster.hierarchy import leaves_list, linkage
    from scipy.spatial.distance import squareform

    n = len(constructs)
    index = {name: i for i, name in enumerate(constructs)}
    values = np.full((n, n), np.nan)
    for (a, b), separability in separabilities.items():
        values[index[a], index[b]] = values[index[b], index[a]] = separability
    if n > 2:
        distance = np.nan_to_num(values - 0.5, nan=0.5).clip(0)
        np.fill_diagonal(distance, 0)
        order = leaves_list(linkage(squareform(distance, checks=False), method="average"))
        values = values[np.ix_(order, order)]
        constructs = [constructs[i] for i in order]
    fig, ax, image, cell = _construct_heatmap(values, constructs, "magma", vmin=0.5, vmax=1.0)
    _outline_cells(ax, zip(*np.nonzero(values <= threshold), strict=True), cell)
    below = "min" if (values < 0.5).any() else "neither"  # across more alike than within: drawn as 0.5
    bar = fig.colorbar(image, ax=ax, extend=below)
    bar.set_label("separability\n(0.5 = indistinguishable,\n1 = apart)", fontsize=9)
    fig.suptitle(title)
    _save(fig, path)


def tsne_coordinates(item_set: "ItemSet", seed: int) -> np.ndarray:
    """2-D t-SNE of the item embeddings (cosine metric, perplexity suited to small sets; below
    the number of items, which t-SNE requires, down to the 4 items of the smallest target)."""
    from sklearn.manifold import TSNE

    n_items = len(item_set.texts)
    perplexity = float(min(30, max(5, (n_items - 1) // 3), n_items - 1))
    return TSNE(
        n_components=2, metric="cosine", perplexity=perplexity, init="pca", random_state=seed
    ).fit_transform(item_set.embeddings)


def map_table(coordinates: np.ndarray, item_set: "ItemSet") -> pd.DataFrame:
    """The 2-D map as a table, to redraw it in one's own style: every text, its constructs
    (``;``-joined), the (home) construct it is coloured by, and its x and y."""
    return pd.DataFrame(
        {
            "text": item_set.texts,
            "constructs": [
                ";".join(item_set.constructs[c] for c in np.flatnonzero(row)) for row in item_set.membership
            ],
            "colour_construct": [item_set.constructs[c] for c in item_set.home],
            "x": coordinates[:, 0],
            "y": coordinates[:, 1],
        }
    )


def _construct_colour(c: int):
    """The colour of the ``c``-th construct of a map: ten distinct hues first (tab20's dark
    ones), then their light shades, then again from the start."""
    half = _COLOURS // 2
    shade = (c // half) % 2
    return plt.get_cmap("tab20")(2 * (c % half) + shade)


def construct_colours(constructs: list[str]) -> dict[str, str]:
    """Each construct's colour in the item maps, as hex, for the map's HTML page."""
    return {name: matplotlib.colors.to_hex(_construct_colour(c)) for c, name in enumerate(constructs)}


def item_map(coordinates: np.ndarray, item_set: "ItemSet", title: str, path: str | FigureFiles) -> None:
    """Scatter of items in 2-D, coloured by (home) construct."""
    fig, ax = plt.subplots(figsize=(9, 7))
    for c, label in enumerate(figure_labels(item_set.constructs)):
        chosen = item_set.home == c
        ax.scatter(*coordinates[chosen].T, s=14, color=_construct_colour(c), label=label, alpha=0.8)
    n = len(item_set.constructs)
    if n <= _COLOURS:
        ax.legend(fontsize=7, markerscale=1.5, loc="center left", bbox_to_anchor=(1, 0.5))
    else:  # a legend of repeated colours would name nothing; the map's table names every item
        title = f"{title}\n({n} constructs: colours repeat, the map's table names each item's construct)"
    ax.set_title(title)
    ax.set_xticks([])
    ax.set_yticks([])
    _save(fig, path)


def loss_plot(curve: pd.DataFrame, title: str, path: str | FigureFiles) -> None:
    """Training loss against step, and validation pair AUC on a second axis when measured."""
    fig, ax = plt.subplots(figsize=(6, 4))
    loss = curve[curve["kind"] == "train_loss"]
    ax.plot(loss["step"], loss["value"], marker=".", label="training loss")
    ax.set_xlabel("step")
    ax.set_ylabel("training loss")
    validation = curve[curve["kind"] == "validation_pair_auc"]
    if len(validation):
        other = ax.twinx()
        other.plot(
            validation["step"],
            validation["value"],
            marker="o",
            color="tab:orange",
            label="validation pair AUC",
        )
        other.set_ylabel("validation pair AUC")
        fig.legend(loc="upper right", fontsize=8)
    ax.set_title(title)
    _save(fig, path)


def keep_umaps_compiled_code() -> None:
    """Let numba keep UMAP's compiled functions on disk, as it does for those UMAP marks so:
    compiling them takes 10–15 s of every map job, loading them well under a second, and the
    machine code is the same. Where numba finds no writable cache folder a function stays
    uncached."""
    import umap.layouts
    import umap.spectral
    import umap.umap_
    import umap.utils
    from numba.core.dispatcher import Dispatcher

    for module in (umap.umap_, umap.layouts, umap.spectral, umap.utils):
        for function in vars(module).values():
            if isinstance(function, Dispatcher):
                try:
                    function.enable_caching()
                except RuntimeError:  # numba: no locator available for the cache
                    pass


def umap_coordinates(item_set: "ItemSet", seed: int) -> np.ndarray:
    """2-D UMAP of the item embeddings (cosine metric, seeded, so single-threaded)."""
    import umap

    keep_umaps_compiled_code()
    n_neighbors = int(min(15, max(2, len(item_set.texts) - 1)))
    reducer = umap.UMAP(
        n_components=2, metric="cosine", n_neighbors=n_neighbors, random_state=seed, n_jobs=1
    )  # n_jobs=1 says what a seed implies, instead of UMAP warning that it overrides its default
    return reducer.fit_transform(item_set.embeddings)


def dendrogram_plot(
    tree: np.ndarray,
    labels: list[str],
    title: str,
    path: str | FigureFiles,
    xlabel: str = "1 − mean cosine similarity between constructs",
    threshold: float | None = None,
) -> None:
    """Constructs joined in order of similarity (by default average linkage on 1 − mean
    cosine); with ``threshold``, the branches joined below it coloured and the cut dashed."""
    from scipy.cluster.hierarchy import dendrogram

    labels = figure_labels(labels)
    height = _per_row(len(labels), max(0.35, 0.2 * _lines(labels)))
    size = _label_size(height, 10)
    fig, ax = plt.subplots(figsize=(6 + _label_inches(labels, size), 1.2 + height * len(labels)))
    dendrogram(
        tree,
        labels=labels,
        orientation="right",
        ax=ax,
        color_threshold=0 if threshold is None else threshold,
        above_threshold_color="C0" if threshold is None else "C7",
        leaf_font_size=size,
    )
    if threshold is not None:  # a separability scale: 0.5 = indistinguishable, so start near it
        ax.axvline(threshold, color="0.3", linestyle="--", linewidth=1)
        ax.set_xlim(left=min(0.5, tree[:, 2].min()) - 0.02)
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    _save(fig, path)


def nearest_plot(
    nearest: pd.DataFrame, title: str, path: str | FigureFiles, reference_name: str = "ipip"
) -> None:
    """Target constructs × their nearest reference constructs (``nearest_constructs``), mean
    cosine in the cells; pairs the model hardly tells apart (``overlapping``) outlined."""
    column = f"{reference_name}_construct"
    table = nearest.pivot(index="construct", columns=column, values="mean_cosine")
    order = nearest.loc[nearest["rank"] == 1].sort_values("mean_cosine", ascending=False)[column]
    columns = list(dict.fromkeys([*order, *table.columns]))
    table = table[columns]
    width, height = _per_row(len(columns), 0.45), _per_row(len(table), 0.45)
    x_size, y_size = _label_size(width, 7), _label_size(height)
    x_labels, y_labels = rotated_labels(columns, width, x_size), figure_labels(table.index)
    fig, ax = plt.subplots(
        figsize=(
            2 + _label_inches(y_labels, y_size) + width * len(columns),
            1.2 + 0.87 * _label_inches(x_labels, x_size) + height * len(table),
        ),
        layout="constrained",  # keeps the title clear of a tall matrix, which tight_layout does not
    )
    image = ax.imshow(table.to_numpy(dtype=float), cmap="magma", aspect="auto")
    ax.set_xticks(range(len(columns)), x_labels, rotation=60, ha="right", fontsize=x_size)
    ax.set_yticks(range(len(table)), y_labels, fontsize=y_size)
    if width == 0.45 and height == 0.45:  # values fit in their cells
        _label_cells(ax, image, table.to_numpy(dtype=float))
    overlapping = nearest.loc[nearest["overlapping"], ["construct", column]].to_numpy()
    cells = [
        (table.index.get_loc(construct), columns.index(reference)) for construct, reference in overlapping
    ]
    _outline_cells(ax, cells, min(width, height))
    label = "IPIP" if reference_name == "ipip" else reference_name
    fig.colorbar(image, ax=ax).set_label(f"mean cosine to\n{label} construct centroid", fontsize=9)
    fig.suptitle(title)
    _write(fig, path)


def _interval_errors(centre: pd.Series, low: pd.Series, high: pd.Series) -> list[pd.Series]:
    """errorbar's xerr for intervals ``low``–``high`` around ``centre``; none where not computed."""
    return [(centre - low).clip(lower=0).fillna(0), (high - centre).clip(lower=0).fillna(0)]


def distinctiveness_plot(
    distinct: pd.DataFrame, reference_aucs: np.ndarray, title: str, path: str | FigureFiles
) -> None:
    """Each construct's distinctiveness AUC with its 95 % interval and, where the table has one,
    its wider interval that holds for all constructs at once (a thin line), most distinct at the
    top, over the spread of the same AUC among reference constructs (the held-out IPIP test
    constructs under the same model): their median and middle half."""
    rows = distinct.sort_values("rank")
    labels = figure_labels(rows["construct"])
    height = _per_row(len(rows), max(0.35, 0.16 * _lines(labels)))
    fig, ax = plt.subplots(figsize=(8, 1.6 + height * len(rows)), layout="constrained")
    reference = np.asarray(reference_aucs, dtype=float)
    reference = reference[np.isfinite(reference)]
    if len(reference):
        low, median, high = np.percentile(reference, [25, 50, 75])
        ax.axvspan(
            low,
            high,
            color="grey",
            alpha=0.2,
            label=f"middle half of {len(reference)} held-out IPIP constructs",
        )
        ax.axvline(median, color="grey", linestyle="--", label="their median")
    ax.axvline(0.5, color="black", linewidth=0.8, linestyle=":", label="chance (0.5)")
    y = np.arange(len(rows))[::-1]
    if "joint_ci_low" in rows and rows["joint_ci_low"].notna().any():
        joint = _interval_errors(rows["auc"], rows["joint_ci_low"], rows["joint_ci_high"])
        ax.errorbar(
            rows["auc"],
            y,
            xerr=joint,
            fmt="none",
            elinewidth=0.8,
            color="tab:blue",
            alpha=0.5,
            label="interval for all constructs at once",
        )
    errors = _interval_errors(rows["auc"], rows["ci_low"], rows["ci_high"])
    ax.errorbar(
        rows["auc"], y, xerr=errors, fmt="o", capsize=3, color="tab:blue", label="construct (95 % interval)"
    )
    ax.set_yticks(y, labels, fontsize=_label_size(height))
    ax.set_xlabel("distinctiveness: AUC of a construct's own item pairs against its pairs with all others")
    ax.set_title(title)
    ax.grid(axis="x", alpha=0.3)
    fig.legend(loc="outside lower center", ncol=2, fontsize=8, frameon=False)  # below the axis label
    _write(fig, path)


def similarity_distributions_plot(
    sets: dict[str, dict[str, np.ndarray]], aucs: dict[str, float], title: str, path: str | FigureFiles
) -> None:
    """One panel per item set: the cosines of its same-construct and of its different-construct
    item pairs (``distributions.pair_similarities``) as two density histograms on shared bins,
    each with a line at its median; the set's pair AUC in the panel's title."""
    everything = np.concatenate([values for pairs in sets.values() for values in pairs.values()])
    bins = np.linspace(everything.min(), everything.max(), 41) if len(everything) else 40
    fig, axes = plt.subplots(1, len(sets), figsize=(4.2 * len(sets), 3.4), sharex=True, squeeze=False)
    for ax, (name, pairs) in zip(axes[0], sets.items(), strict=True):
        for (kind, values), colour in zip(pairs.items(), ("tab:blue", "tab:grey"), strict=True):
            if not len(values):
                continue
            ax.hist(
                values, bins=bins, density=True, color=colour, alpha=0.45, label=f"{kind} ({len(values):,})"
            )
            ax.axvline(np.median(values), color=colour, linestyle="--", linewidth=1)
        ax.set_title(f"{name}\npair AUC {aucs[name]:.3f}", fontsize=10)
        ax.set_xlabel("cosine of an item pair")
        ax.legend(fontsize=7, frameon=False, title="pairs (how many); dashed: median", title_fontsize=7)
    axes[0, 0].set_ylabel("density")
    fig.suptitle(title)
    _save(fig, path)


def item_similarity_plot(
    panels: dict[str, tuple[np.ndarray, np.ndarray, list[str]]], title: str, path: str | FigureFiles
) -> None:
    """One panel per item set: the cosine of every pair of its texts, texts in construct blocks
    (``panels``: name → ``distributions.construct_blocks``' matrix, block starts and block
    names), each within-construct block outlined in white, block names beside them where at most
    ``_NAMED_BLOCKS`` fit; one colour scale for every panel (1st to 99th percentile of their
    pair cosines), so that one panel's blocks compare with the other's."""
    off_diagonal = [matrix[np.triu_indices(len(matrix), k=1)] for matrix, _, _ in panels.values()]
    low, high = np.quantile(np.concatenate(off_diagonal), [0.01, 0.99])
    fig, axes = plt.subplots(
        1, len(panels), figsize=(5.6 * len(panels) + 1.4, 6.2), squeeze=False, layout="constrained"
    )
    for ax, (name, (matrix, starts, names)) in zip(axes[0], panels.items(), strict=True):
        shown = matrix.copy()
        np.fill_diagonal(shown, np.nan)  # a text with itself: 1 by definition, left blank
        image = ax.imshow(shown, cmap="viridis", vmin=low, vmax=high, interpolation="nearest")
        ends = np.r_[starts[1:], len(matrix)]
        for start, end in zip(starts, ends, strict=True):  # the within-construct blocks
            ax.add_patch(
                plt.Rectangle(
                    (start - 0.5, start - 0.5),
                    end - start,
                    end - start,
                    fill=False,
                    edgecolor="white",
                    linewidth=0.6,
                )
            )
        if len(names) <= _NAMED_BLOCKS:
            size = _label_size(5.0 / max(len(names), 1), 7)
            labels = figure_labels(names, 30, 1)  # one line each: a block may be a few items thin
            ax.set_yticks((starts + ends - 1) / 2, labels, fontsize=size)
        else:
            ax.set_yticks([])
        ax.set_xticks([])
        ax.set_title(f"{name}\n{len(matrix):,} items in {len(names)} construct blocks", fontsize=10)
    fig.colorbar(image, ax=axes[0].tolist(), shrink=0.7, label="cosine of an item pair")
    fig.suptitle(title)
    _spread_block_names(fig, axes[0])
    _write(fig, path)


def spread_positions(desired: np.ndarray, gap: float, low: float, high: float) -> np.ndarray:
    """Positions as near the ascending ``desired`` ones as can be (least squares), each at least
    ``gap`` above the one before, all in [``low``, ``high``] where they fit there: an isotonic
    fit (pool adjacent violators) of ``desired`` less ``gap`` per step."""
    steps = gap * np.arange(len(desired))
    shifted = desired - steps
    if len(desired) and high - low >= steps[-1] * (1 - 1e-9):  # they fit, to rounding
        shifted = np.clip(shifted, low, high - steps[-1])
    pools: list[list[float]] = []  # [sum, count] of each run of positions moved as one
    for value in shifted:
        pools.append([value, 1])
        while len(pools) > 1 and pools[-2][0] / pools[-2][1] > pools[-1][0] / pools[-1][1]:
            total, count = pools.pop()
            pools[-1][0] += total
            pools[-1][1] += count
    fitted = [np.full(count, total / count) for total, count in pools]
    return (np.concatenate(fitted) if fitted else shifted) + steps


def _spread_block_names(fig, axes) -> None:
    """Where the names of thin construct blocks would cover each other, lay the figure out with
    room for hairlines beside the names and keep that layout, then write the names apart
    (``spread_positions``), each tied to its block's middle by a hairline."""
    named = [ax for ax in axes if len(ax.get_yticks()) > 1]
    if not named:
        return
    fig.canvas.draw()
    crowded = []
    for ax in named:
        gap = 1.15 * ax.get_yticklabels()[0].get_fontsize() * fig.dpi / 72  # pixels per line
        middles = ax.transData.transform(np.column_stack([np.zeros(len(ax.get_yticks())), ax.get_yticks()]))
        if np.diff(np.sort(middles[:, 1])).min() < gap:
            crowded.append((ax, gap))
            ax.tick_params(axis="y", pad=_HAIRLINE_POINTS)
    if not crowded:
        return
    fig.canvas.draw()
    fig.set_layout_engine("none")  # the layout the names were measured in stays
    for ax, gap in crowded:
        labels, ticks, box = ax.get_yticklabels(), ax.get_yticks(), ax.get_window_extent()
        gap = min(gap, box.height / len(ticks))  # smaller names where all would not fit beside it
        size = gap / 1.15 * 72 / fig.dpi
        middles = ax.transData.transform(np.column_stack([np.zeros(len(ticks)), ticks]))[:, 1]
        order = np.argsort(middles)
        spread = np.empty_like(middles)
        spread[order] = spread_positions(middles[order], gap, box.y0 + gap / 2, box.y1 - gap / 2)
        right = (labels[0].get_window_extent().x1 - box.x0) * 72 / fig.dpi  # points, < 0
        ax.tick_params(axis="y", labelleft=False)
        for label, tick, middle, position in zip(labels, ticks, middles, spread, strict=True):
            ax.annotate(
                label.get_text(),
                (0, tick),
                xycoords=("axes fraction", "data"),
                xytext=(right, (position - middle) * 72 / fig.dpi),
                textcoords="offset points",
                fontsize=size,
                ha="right",
                va="center",
                annotation_clip=False,
                arrowprops={
                    "arrowstyle": "-",
                    "linewidth": 0.4,
                    "color": "0.4",
                    "relpos": (1, 0.5),
                    "shrinkA": 1,
                    "shrinkB": 0,
                },
            )


def metric_forest(
    metrics: pd.DataFrame, metric: str, path: str | FigureFiles, selected: str | None = None
) -> None:
    """One row per model × dataset/split: the metric with its 95 % interval; the ``selected``
    model's rows in their own colour and bold, so that it stands out among a sweep's. IPIP's rows
    come first, in the protocol's order (train, validation, test, then all), the targets' after."""
    rows = metrics[metrics["metric"] == metric]
    order = ["_target", "dataset", "_split", "model"]
    rows = rows.assign(_target=rows["dataset"] != "ipip", _split=rows["split"].map(_SPLIT_ORDER))
    rows = rows.sort_values(order, kind="stable").drop(columns=["_target", "_split"])
    labels = [f"{r.model} · {r.dataset}/{r.split}" for r in rows.itertuples()]
    row = _per_row(len(rows), 0.32)
    fig, ax = plt.subplots(figsize=(8, 1 + row * len(rows)))
    y = np.arange(len(rows))[::-1]
    chosen = (rows["model"] == selected).to_numpy()
    errors = np.asarray(_interval_errors(rows["value"], rows["ci_low"], rows["ci_high"]))
    names = ("other models", f"{selected} (selected)")
    for part, colour, name in zip(
        (~chosen, chosen), _model_colours(["other", "selected"]), names, strict=True
    ):
        if part.any():
            ax.errorbar(
                rows["value"].to_numpy()[part],
                y[part],
                xerr=errors[:, part],
                fmt="o",
                color=colour,
                capsize=min(3, 72 * row / 4),
                markersize=min(6, 72 * row / 3),
                label=name,
            )
    ax.set_yticks(y, labels, fontsize=_label_size(row))
    for label, bold in zip(ax.get_yticklabels(), chosen, strict=True):
        label.set_fontweight("bold" if bold else "normal")
    if chosen.any():  # above the rows, where it covers none
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1), ncols=2, frameon=False, fontsize=8)
    ax.set_ylim(-0.5, len(rows) - 0.5)  # half a row above and below, not 5 % of a long list
    ax.set_xlabel(f"{metric} (95 % interval where computed)")
    ax.grid(axis="x", alpha=0.3)
    _save(fig, path)


def _interval_rows(table: pd.DataFrame, centre: str, low: str, high: str, label: str, xlabel: str):
    """One row per metric, one point per model at ``centre`` with its ``low``–``high`` interval;
    ``label`` formats the legend entry from the model and its role. Returns the figure, its
    axes and, per model, its rows, y positions and colour, for extra marks."""
    metrics = list(dict.fromkeys(table["metric"]))
    models = list(dict.fromkeys(table["model"]))
    size = (8, 1.2 + 0.45 * len(metrics) * max(1, len(models) / 2) + 0.2 * len(models))
    fig, ax = plt.subplots(figsize=size, layout="constrained")
    height = 0.8 / len(models)
    drawn = []
    roles = [table.loc[table["model"] == model, "role"].iloc[0] for model in models]
    for m, (model, role, colour) in enumerate(zip(models, roles, _model_colours(roles), strict=True)):
        rows = table[table["model"] == model].set_index("metric").loc[metrics]
        y = np.arange(len(metrics))[::-1] + (m - (len(models) - 1) / 2) * height
        errors = [(rows[centre] - rows[low]).clip(lower=0), (rows[high] - rows[centre]).clip(lower=0)]
        name = label.format(model=model, role=role)
        ax.errorbar(rows[centre], y, xerr=errors, fmt="o", capsize=3, color=colour, label=name)
        drawn.append((rows, y, colour))
    ax.set_yticks(np.arange(len(metrics))[::-1], metrics, fontsize=8)
    ax.set_xlabel(xlabel)
    ax.grid(axis="x", alpha=0.3)
    return fig, ax, drawn


def _save_with_legend(fig, ax, path: str | FigureFiles) -> None:
    """Legend below the axes, where it hides no interval."""
    fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", fontsize=8)
    _write(fig, path)


def comparison_plot(comparison: pd.DataFrame, target: str, path: str | FigureFiles) -> None:
    """IPIP test minus target, per metric and model, with 95 % intervals; right of zero means
    the personality constructs are the more distinct."""
    xlabel = f"IPIP test − {target} (95 % interval)"
    fig, ax, _ = _interval_rows(comparison, "difference", "ci_low", "ci_high", "{model} ({role})", xlabel)
    ax.axvline(0, color="grey", linewidth=1)
    _save_with_legend(fig, ax, path)


def matched_plot(matched: pd.DataFrame, target: str, path: str | FigureFiles) -> None:
    """Per metric and model, sets of equal size: the 95 % range of random sets of as many IPIP
    test constructs as the target has (bar, dot at the mean) and the target's own value
    (diamond); or, where the target has more constructs than IPIP test, the range of random sets
    of as many of the target's constructs (bar) and IPIP test's value (diamond)."""
    n = int(matched["n_constructs"].iloc[0])
    if matched["drawn"].iloc[0] == "target":
        columns, label, whole = (
            (target, f"{target}_low", f"{target}_high"),
            f"{target} sets, ",
            "reference_mean",
        )
        xlabel = f"value: random sets of {n} {target} constructs (95 % range) vs the {n} IPIP test constructs (diamond)"
        whole_label = "IPIP test"
    else:
        columns, label, whole = ("reference_mean", "reference_low", "reference_high"), "IPIP sets, ", target
        xlabel = f"value: {target} (diamond) vs random sets of {n} IPIP test constructs (95 % range)"
        whole_label = target
    fig, ax, drawn = _interval_rows(matched, *columns, label + "{model} ({role})", xlabel)
    for rows, y, colour in drawn:
        ax.scatter(rows[whole], y, marker="D", color=colour, edgecolor="black", zorder=3)
    ax.scatter([], [], marker="D", color="white", edgecolor="black", label=whole_label)
    _save_with_legend(fig, ax, path)


def selected_vs_baselines_plot(table: pd.DataFrame, path: str | FigureFiles) -> None:
    """The selected model minus each baseline on each item set, per metric, with paired 95 %
    intervals; right of zero means the selected model scores higher. Mean similarities, which
    are not better when higher, stay in the table."""
    shown = table[~table["metric"].str.startswith("mean_similarity")]
    if shown.empty:
        fig, ax = plt.subplots(figsize=(6, 1.5))
        ax.axis("off")
        ax.text(0.5, 0.5, "no baseline to compare the selected model with", ha="center", va="center")
        _write(fig, path)
        return
    labels = [f"{r.selected_model} − {r.baseline_model} · {r.dataset}/{r.split}" for r in shown.itertuples()]
    rows = shown.assign(model=labels, role="")
    xlabel = "selected − baseline, same items (paired 95 % interval)"
    fig, ax, _ = _interval_rows(rows, "difference", "ci_low", "ci_high", "{model}", xlabel)
    ax.axvline(0, color="grey", linewidth=1)
    _save_with_legend(fig, ax, path)


LABELLED_PAIRS = 12  # name at most this many points of a scatter; the table names them all


def _pair_labels(first: pd.Series, second: pd.Series) -> list[str]:
    """ "A – B" for each construct pair of a scatter, each name kept to one line of a figure."""
    names = list(dict.fromkeys([*first, *second]))
    short = dict(zip(names, figure_labels(names, width=30, lines=1), strict=True))
    return [f"{short[a]} – {short[b]}" for a, b in zip(first, second, strict=True)]


def _name_points(ax, x: pd.Series, y: pd.Series, labels: list[str], all_x: pd.Series) -> list:
    """Write each label beside its point (x, y), pointing towards the middle of ``all_x`` so
    that none runs off the figure, tied to the point by a hairline; the labels written."""
    middle = (all_x.min() + all_x.max()) / 2
    return [
        ax.annotate(
            label,
            (x_value, y_value),
            xytext=(-3 if x_value > middle else 3, 0),
            textcoords="offset points",
            fontsize=6,
            alpha=0.8,
            ha="right" if x_value > middle else "left",
            va="center",
            arrowprops={"arrowstyle": "-", "linewidth": 0.4, "alpha": 0.5, "shrinkA": 0, "shrinkB": 2},
        )
        for x_value, y_value, label in zip(x, y, labels, strict=True)
    ]


def _spread_labels(fig, labels: list) -> None:
    """Lay the figure out, then move down each label whose text would cover one above it, just
    below that one (top to bottom, so none is moved twice past the same label)."""
    fig.tight_layout()
    renderer = fig.canvas.get_renderer()

    def text_box(label):  # the words alone, without the line to the point
        return Text.get_window_extent(label, renderer)

    placed = []
    for label in sorted(labels, key=lambda label: -text_box(label).y1):
        box = text_box(label)
        while hit := next((other for other in placed if box.overlaps(other)), None):
            box = box.translated(0, hit.y0 - box.y1 - 1)
        moved_points = (box.y0 - text_box(label).y0) * 72 / fig.dpi
        label.xyann = (label.xyann[0], label.xyann[1] + moved_points)
        placed.append(box)


def empirical_plot(pairs: pd.DataFrame, summary: pd.DataFrame, title: str, path: str | FigureFiles) -> None:
    """Construct pairs: strength of the observed correlation (|r|; open markers where r < 0)
    against the model's mean cosine between their items (``empirical_agreement``), the pairs the
    two views rank most differently named."""
    fig, ax = plt.subplots(figsize=(7, 5.5))
    negative = pairs["r"] < 0
    for chosen, style in (
        (~negative, {"color": "tab:blue"}),
        (negative, {"facecolors": "none", "edgecolors": "tab:blue"}),
    ):
        ax.scatter(pairs.loc[chosen, "similarity"], pairs.loc[chosen, "abs_r"], s=18, **style)
    named = pairs.reindex(pairs["rank_gap"].abs().sort_values(ascending=False, kind="stable").index)
    chosen = named.head(LABELLED_PAIRS)
    labels = _pair_labels(chosen["construct_a"], chosen["construct_b"])
    named_points = _name_points(ax, chosen["similarity"], chosen["abs_r"], labels, pairs["similarity"])
    ax.set_xlabel("model: mean cosine between the two constructs' items")
    ax.set_ylabel("observed |r| (open markers: r < 0)")
    rho = summary[summary["selected"]].set_index("measure")
    ax.set_title(
        f"{title}\nSpearman ρ with |r| {rho.loc['abs_r', 'spearman_rho']:.2f} "
        f"(Mantel p {rho.loc['abs_r', 'p_value']:.3f}), with r {rho.loc['r', 'spearman_rho']:.2f}",
        fontsize=9,
    )
    ax.grid(alpha=0.3)
    _spread_labels(fig, named_points)
    _write(fig, path)


def responses_plot(pairs: pd.DataFrame, summary: pd.DataFrame, title: str, path: str | FigureFiles) -> None:
    """Item pairs: the strength of their correlation in the responses (|r|) against the selected
    model's cosine (``responses.item_pair_frame``), same-construct pairs in front; the title gives
    Spearman's ρ and both views' pair AUC (``responses.item_agreement``)."""
    fig, ax = plt.subplots(figsize=(7, 5.5))
    for same, style in ((False, {"color": "tab:blue", "alpha": 0.35}), (True, {"color": "tab:orange"})):
        chosen = pairs["same"] == same
        label = "same construct" if same else "different constructs"
        ax.scatter(pairs.loc[chosen, "cosine"], pairs.loc[chosen, "r"].abs(), s=8, label=label, **style)
    ax.set_xlabel("model: cosine between the two items")
    ax.set_ylabel("responses: |r| between the two items")
    views = summary.set_index("view")
    model = summary[summary["selected"]].iloc[0]
    ax.set_title(
        f"{title}\nSpearman ρ {model['spearman_rho']:.2f} (Mantel p {model['p_value']:.3f}); pair AUC: "
        f"responses {views.loc['responses', 'pair_auc']:.3f}, model {model['pair_auc']:.3f}",
        fontsize=9,
    )
    ax.legend(loc="upper left", fontsize=8)
    ax.grid(alpha=0.3)
    _write(fig, path)


def names_plot(pairs: pd.DataFrame, summary: pd.DataFrame, title: str, path: str | FigureFiles) -> None:
    """Construct pairs: how alike their names are against how separable their items are
    (``names_against_items``); the strongest jangle candidates (items more alike than names)
    and jingle candidates (names more alike than items) named."""
    fig, ax = plt.subplots(figsize=(7, 5.5))
    ax.scatter(pairs["name_similarity"], pairs["separability"], s=18, color="tab:blue")
    jangle = pairs[pairs["rank_gap"] > 0].head(LABELLED_PAIRS // 3)  # pairs come sorted by rank_gap
    jingle = pairs[pairs["rank_gap"] < 0].tail(LABELLED_PAIRS // 3)
    named_points = []
    for kind, chosen in (("jangle", jangle), ("jingle", jingle)):
        labels = [
            f"{label} ({kind}?)" for label in _pair_labels(chosen["construct_a"], chosen["construct_b"])
        ]
        named_points += _name_points(
            ax, chosen["name_similarity"], chosen["separability"], labels, pairs["name_similarity"]
        )
    ax.axhline(0.5, color="grey", linewidth=0.8, linestyle=":")
    ax.set_xlabel("cosine between the two constructs' names")
    ax.set_ylabel("separability of their items (0.5 = indistinguishable)")
    selected = summary[summary["selected"]].iloc[0]
    ax.set_title(
        f"{title}\nSpearman ρ {selected['spearman_rho']:.2f} (Mantel p {selected['p_value']:.3f})",
        fontsize=9,
    )
    ax.grid(alpha=0.3)
    _spread_labels(fig, named_points)
    _write(fig, path)


def reliability_plot(per_scale: pd.DataFrame, summary: pd.DataFrame, path: str | FigureFiles) -> None:
    """One panel per item set (row) and model (column): each scale's mean inter-item correlation
    implied by its α and length against the model's mean cosine among its items
    (``reliability_checks``), Spearman's ρ with its 95 % interval in the title."""
    sets = list(dict.fromkeys(zip(summary["dataset"], summary["split"], strict=True)))
    models = list(dict.fromkeys(summary["model"]))
    fig, axes = plt.subplots(
        len(sets),
        len(models),
        figsize=(4.5 * len(models), 4.2 * len(sets)),
        squeeze=False,
        layout="constrained",
    )
    for row in summary.itertuples():
        ax = axes[sets.index((row.dataset, row.split)), models.index(row.model)]
        chosen = (per_scale["model"] == row.model) & (per_scale["dataset"] == row.dataset)
        scales = per_scale[chosen & (per_scale["split"] == row.split)]
        colour = _model_colours([row.role])[0]  # one panel per model: the selected one's in orange
        ax.scatter(scales["implied_r"], scales["mean_similarity"], s=14, alpha=0.7, color=colour)
        ax.set_title(
            f"{row.dataset}/{row.split}: {row.model} ({row.role}), {row.n_scales} scales\n"
            f"Spearman ρ {row.spearman_rho:.2f} [{row.ci_low:.2f}, {row.ci_high:.2f}]",
            fontsize=9,
        )
        ax.set_xlabel("mean inter-item correlation implied by α")
        ax.set_ylabel("model: mean cosine among the scale's items")
        ax.grid(alpha=0.3)
    _write(fig, path)


def draws_plot(rows: pd.DataFrame, path: str | FigureFiles) -> None:
    """Runs that differ only in their draw of held-out IPIP constructs (``draws.draw_rows``),
    one row per run and a row of panels per target: the selected model's score on the held-out
    IPIP test constructs and on the target, each with its 95 % interval (left), and their
    difference with its interval (right; right of zero: the IPIP constructs the more distinct)."""
    selected = rows[rows["role"] == "selected"].sort_values(["target", "seed"], kind="stable")
    targets = list(dict.fromkeys(selected["target"]))
    n_runs = selected["seed"].nunique()
    row = _per_row(n_runs * len(targets), 0.4)
    fig, axes = plt.subplots(
        len(targets),
        2,
        figsize=(9, 1.2 + row * n_runs * len(targets)),
        squeeze=False,
        sharey="row",
        layout="constrained",
    )
    metric = selected["metric"].iloc[0]
    for (scores, gaps), target in zip(axes, targets, strict=True):
        runs = selected[selected["target"] == target]
        y = np.arange(len(runs))[::-1]
        marks = (  # score, its interval, legend entry, marker, colour, offset from the run's row
            ("ipip_test", "ipip_test_ci_low", "ipip_test_ci_high", "IPIP test", "o", "black", 0.12),
            ("target_value", "target_ci_low", "target_ci_high", target, "s", "C3", -0.12),
        )
        for centre, low, high, name, marker, colour, offset in marks:
            errors = _interval_errors(runs[centre], runs[low], runs[high])
            scores.errorbar(
                runs[centre], y + offset, xerr=errors, fmt=marker, capsize=3, color=colour, label=name
            )
        scores.set_yticks(y, [f"seed {r.seed} · {r.selected_model}" for r in runs.itertuples()], fontsize=8)
        scores.set_xlabel(f"{metric} of the selected model (95 % interval)")
        scores.legend(loc="lower left", bbox_to_anchor=(0, 1), ncols=2, frameon=False, fontsize=8)
        differences = _interval_errors(runs["difference"], runs["ci_low"], runs["ci_high"])
        gaps.errorbar(runs["difference"], y, xerr=differences, fmt="D", capsize=3, color="dimgrey")
        gaps.axvline(0, color="grey", linewidth=1)
        gaps.set_xlabel(f"IPIP test − {target} (95 % interval)")
        for ax in (scores, gaps):
            ax.set_ylim(-0.5, len(runs) - 0.5)
            ax.grid(axis="x", alpha=0.3)
    _write(fig, path)
