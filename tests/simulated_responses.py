"""Answers to a questionnaire drawn from a factor model, for the tests of the responses analysis."""

import numpy as np
import pandas as pd


def simulate_responses(
    columns: list[str],
    constructs: list[str],
    keys: list[int],
    factor_r: np.ndarray,
    n: int,
    seed: int,
    loading: float = 0.8,
) -> pd.DataFrame:
    """``n`` people's answers (1 to 5) to items named ``columns``: each item loads ``loading``
    on its construct's factor, signed by its key (an unscored key 0 loads positively), the
    factors correlating as ``factor_r`` (constructs in sorted order)."""
    names = sorted(set(constructs))
    rng = np.random.default_rng(seed)
    factors = rng.multivariate_normal(np.zeros(len(names)), factor_r, size=n)
    signs = np.where(np.array(keys) == 0, 1, keys)
    latent = factors[:, [names.index(c) for c in constructs]] * loading * signs
    answers = np.clip(np.rint(3 + latent + rng.normal(0, 0.6, latent.shape)), 1, 5)
    return pd.DataFrame(answers, columns=columns)


FACTOR_R = np.array([[1.0, 0.5, 0.0], [0.5, 1.0, -0.3], [0.0, -0.3, 1.0]])  # Calm, Kind, Tidy


def questionnaire(keys=(1, 1, -1, 1, 1, 1, 1, -1, 1, 1, 1, 1)) -> pd.DataFrame:
    """3 constructs × 4 items, as a target's cleaning gives them."""
    constructs = [c for c in ("Calm", "Kind", "Tidy") for _ in range(4)]
    texts = [f"Item {i:02d} about {c.lower()}." for i, c in enumerate(constructs)]
    return pd.DataFrame(
        {"construct": constructs, "text": texts, "text_original": [f"I {t[0].lower()}{t[1:]}" for t in texts]}
    ).assign(key=list(keys), item_id=[f"Q{i}" for i in range(12)])


def answers(items: pd.DataFrame, n=400, seed=0, loading=0.8) -> pd.DataFrame:
    return simulate_responses(
        items["text"].tolist(), items["construct"].tolist(), items["key"].tolist(), FACTOR_R, n, seed, loading
    )
