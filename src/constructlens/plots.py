"""Figures: similarity heatmap, 2-D map of items, training loss curve."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from sklearn.manifold import TSNE  # noqa: E402

from .metrics import ItemSet  # noqa: E402

_PNG = {"metadata": {"Software": None}, "dpi": 150}


def similarity_heatmap(similarity: pd.DataFrame, title: str, path: str) -> None:
    """Construct × construct mean cosine similarity, values printed in the cells."""
    n = len(similarity)
    fig, ax = plt.subplots(figsize=(1.0 + 0.6 * n, 0.8 + 0.5 * n))
    image = ax.imshow(similarity.to_numpy(), cmap="viridis")
    ax.set_xticks(range(n), similarity.columns, rotation=60, ha="right", fontsize=8)
    ax.set_yticks(range(n), similarity.index, fontsize=8)
    if n <= 25:
        for i in range(n):
            for j in range(n):
                ax.text(j, i, f"{similarity.iat[i, j]:.2f}", ha="center", va="center", fontsize=6, color="w")
    fig.colorbar(image, ax=ax, label="mean cosine similarity")
    ax.set_title(title)
    fig.tight_layout()
    fig.savefig(path, **_PNG)
    plt.close(fig)


def tsne_coordinates(item_set: ItemSet, seed: int) -> np.ndarray:
    """2-D t-SNE of the item embeddings (cosine metric, perplexity suited to small sets)."""
    perplexity = float(min(30, max(5, (len(item_set.texts) - 1) // 3)))
    return TSNE(
        n_components=2, metric="cosine", perplexity=perplexity, init="pca", random_state=seed
    ).fit_transform(item_set.embeddings)


def item_map(coordinates: np.ndarray, item_set: ItemSet, title: str, path: str) -> None:
    """Scatter of items in 2-D, coloured by (home) construct."""
    fig, ax = plt.subplots(figsize=(9, 7))
    colours = plt.get_cmap("tab20")
    for c, name in enumerate(item_set.constructs):
        chosen = item_set.home == c
        ax.scatter(*coordinates[chosen].T, s=14, color=colours(c % 20), label=name, alpha=0.8)
    ax.legend(fontsize=7, markerscale=1.5, loc="center left", bbox_to_anchor=(1, 0.5))
    ax.set_title(title)
    ax.set_xticks([])
    ax.set_yticks([])
    fig.tight_layout()
    fig.savefig(path, **_PNG)
    plt.close(fig)


def loss_plot(curve: pd.DataFrame, title: str, path: str) -> None:
    """Training loss against step."""
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(curve["step"], curve["loss"], marker=".")
    ax.set_xlabel("step")
    ax.set_ylabel("training loss")
    ax.set_title(title)
    fig.tight_layout()
    fig.savefig(path, **_PNG)
    plt.close(fig)
