"""What a target's answers say, in sentences for its findings (``findings.target_findings``):
the constructs' distinctness in the answers beside the model's, HTMT, Fornell and Larcker's
criterion, the two-factor correlations, the items that go with their construct, how many
dimensions the answers hold, the fit of one model of all scales and the scales'
reliabilities, every number read from the ``responses*.tsv`` tables."""

import pandas as pd

from .cfa import CFI_BAR, PROBLEMS, RESIDUAL_BAR, RMSEA_BAR, SRMR_BAR
from .prose import LISTED, counted, interval_text, listed, mantel_text, p_text, shown_of

HTMT_BARS = (0.85, 0.90)  # Henseler, Ringle & Sarstedt's (2015) strict and liberal bars


def _htmt_bar_text(bound: float) -> str:
    """Where a pair's HTMT (or its upper bound) stands against Henseler et al.'s two bars."""
    if bound < HTMT_BARS[0]:
        return f"below the strict bar of {HTMT_BARS[0]:.2f}"
    if bound < HTMT_BARS[1]:
        return f"below only the liberal bar of {HTMT_BARS[1]:.2f}"
    return f"at or above both bars ({HTMT_BARS[0]:.2f}, {HTMT_BARS[1]:.2f})"


def answers_brief(
    pairs: pd.DataFrame,
    threshold: float,
    factors: pd.DataFrame | None = None,
    measurement: pd.DataFrame | None = None,
) -> str:
    """The answers' verdict for the brief paragraph (``responses.construct_agreement``'s pairs):
    how many construct pairs overlap in the answers, how many HTMT tells apart and in how many
    two-factor models find a severe or moderate problem, or for one pair, its separability in
    the answers, its HTMT and its two-factor correlation; given ``factors``
    (``responses.parallel_analysis``), how many dimensions the answers hold; given
    ``measurement`` (``cfa.measurement_model``'s fit), whether one model of all scales fits."""
    rated = pairs[pairs["answers_separability"].notna()]
    if rated.empty:
        return ""
    return (
        _answers_verdict(pairs, rated, threshold)
        + _dimensions_brief(pairs, factors)
        + _model_brief(measurement)
    )


def _model_brief(measurement: pd.DataFrame | None) -> str:
    """Whether one model of all scales meets Hu and Bentler's bars (``_bars_text``); empty
    without its χ²."""
    if measurement is None or measurement.empty or pd.isna(measurement["chi2"].iloc[0]):
        return ""
    row = measurement.iloc[0]
    return (
        f" One factor model of all {int(row['scales']):,} scales (`responses_measurement.tsv`) fits the answers "
        f"{_bars_text(row)}."
    )


def _dimensions_brief(pairs: pd.DataFrame, factors: pd.DataFrame | None) -> str:
    """How many components parallel analysis retains for the constructs of ``pairs``."""
    if factors is None or factors.empty:
        return ""
    constructs = len(set(pairs["construct_a"]) | set(pairs["construct_b"]))
    return (
        f" Parallel analysis finds {counted(int(factors['retained'].sum()), 'dimension')} in the answers "
        f"to the {constructs:,} constructs (`responses_factors.tsv`)."
    )


def _answers_verdict(pairs: pd.DataFrame, rated: pd.DataFrame, threshold: float) -> str:
    """``answers_brief``'s overlap and HTMT verdict."""
    head = " In people's answers (`responses_constructs.tsv`), "
    if len(pairs) == 1:
        row = rated.iloc[0]
        verdict = "overlap too" if row.answers_separability <= threshold else "are told apart"
        text = f"{head}the two {verdict}: separability of |r| {row.answers_separability:.3f}"
        if pd.notna(row.htmt):
            bounded = pd.notna(row.htmt_ci_high)
            bound = f" (upper bound {row.htmt_ci_high:.2f})" if bounded else ""
            text += (
                f", HTMT {row.htmt:.2f}{bound}, {_htmt_bar_text(row.htmt_ci_high if bounded else row.htmt)}"
            )
        if pd.notna(row.get("cfa_problem")):
            found = "no problem" if row.cfa_problem == "none" else f"a {row.cfa_problem} problem"
            text += (
                f", two-factor correlation {interval_text(row.cfa_r, row.cfa_r_ci_low, row.cfa_r_ci_high)} "
                f"({found} of discriminant validity)"
            )
        return text + "."
    overlapping = int((rated["answers_separability"] <= threshold).sum())
    text = f"{head}{overlapping:,} of {len(rated):,} construct pairs overlap (separability of |r| at most {threshold:g})"
    htmt = rated[rated["htmt"].notna()]
    if not htmt.empty:
        reading = htmt["htmt_ci_high"].where(htmt["htmt_ci_high"].notna(), htmt["htmt"])
        text += (
            f", and HTMT tells {int((reading < HTMT_BARS[0]).sum()):,} of {len(htmt):,} pairs of scales "
            f"apart at the strict bar of {HTMT_BARS[0]:.2f}"
        )
    modelled = rated[rated["cfa_problem"].notna()] if "cfa_problem" in rated else rated.iloc[:0]
    if not modelled.empty:
        serious = int(modelled["cfa_problem"].isin(["severe", "moderate"]).sum())
        text += (
            f"; two-factor models find a severe or moderate problem of discriminant validity in "
            f"{serious:,} of {len(modelled):,} (`cfa_problem`)"
        )
    return text + "."


def _pair_names(pairs: pd.DataFrame) -> str:
    names = [f"{a} – {b}" for a, b in zip(pairs["construct_a"], pairs["construct_b"], strict=True)]
    return listed(names[:LISTED] + ([f"{len(names) - LISTED:,} more"] if len(names) > LISTED else []))


def answers_overlap_sentence(pairs: pd.DataFrame, threshold: float) -> str:
    """Which construct pairs the answers and the model each find overlapping (separability at
    most ``threshold``), from ``responses.construct_agreement``'s pairs."""
    by_answers = pairs["answers_separability"] <= threshold
    by_model = pairs["separability"] <= threshold
    text = (
        f" By the separability of `overlapping_pairs.tsv` (at most {threshold:g}: overlapping), with the "
        "items' |r| in place of cosines (`responses_constructs.tsv`), "
    )
    if len(pairs) == 1:
        where = {
            (True, True): "in the answers and under the model",
            (True, False): "in the answers only",
            (False, True): "under the model only (alike in wording, apart in the answers)",
            (False, False): "in neither the answers nor the model",
        }[(bool(by_answers.iloc[0]), bool(by_model.iloc[0]))]
        return text + f"the one construct pair, {_pair_names(pairs)}, overlaps {where}."
    text += (
        f"the answers find {int(by_answers.sum()):,} of {len(pairs):,} construct pairs overlapping, the "
        f"model on the same items {int(by_model.sum()):,}"
    )
    parts = [
        (by_answers & by_model, "both"),
        (by_answers & ~by_model, "the answers only"),
        (~by_answers & by_model, "the model only (alike in wording, apart in the answers)"),
    ]
    found = [f"{label}: {_pair_names(pairs[chosen])}" for chosen, label in parts if chosen.any()]
    return text + (f"; {'; '.join(found)}." if found else ".")


def _htmt_verdict(strict: pd.Series, liberal: pd.Series) -> str:
    """How many pairs of scales HTMT tells apart at the strict bar, and at the liberal one."""
    if len(strict) == 1:
        bar = HTMT_BARS[0] if strict.all() else HTMT_BARS[1] if liberal.all() else None
        return (
            f", the one pair of scales is told apart at the {'strict' if bar == HTMT_BARS[0] else 'liberal'} "
            f"bar of {bar:.2f}"
            if bar
            else ", the one pair of scales is told apart at neither bar"
        )
    if strict.all():
        return f", all {len(strict):,} pairs of scales are told apart at the strict bar of {HTMT_BARS[0]:.2f}"
    return (
        f", {int(strict.sum()):,} of {len(strict):,} pairs of scales are told apart at the strict bar of "
        f"{HTMT_BARS[0]:.2f} and {int((liberal & ~strict).sum()):,} more at {HTMT_BARS[1]:.2f}"
    )


def htmt_sentence(pairs: pd.DataFrame) -> str:
    """Which pairs of scales the answers' HTMT tells apart at Henseler et al.'s strict and
    liberal bars, judged by the upper bound of its interval where there is one (else by the
    value), and the pairs it does not tell apart at either, with the model's separability
    (``responses.construct_agreement``'s pairs)."""
    rated = pairs[pairs["htmt"].notna()]
    if rated.empty:
        return ""
    bounded = rated["htmt_ci_high"].notna().all()
    reading = rated["htmt_ci_high"] if bounded else rated["htmt"]
    strict, liberal = (reading < bar for bar in HTMT_BARS)
    text = (
        " By the answers' heterotrait–monotrait ratio (HTMT; Henseler, Ringle & Sarstedt, 2015: "
        "the mean |r| between two scales' items over the geometric mean of the mean |r| within each"
        + (
            ", judged by `htmt_ci_high`, the upper end of its one-sided 95 % interval over resampled respondents)"
            if bounded
            else ", judged by its value: no respondents were resampled)"
        )
        + _htmt_verdict(strict, liberal)
    )
    apart = rated[~liberal].sort_values("htmt", ascending=False)
    if apart.empty:
        return text + "."
    shown = [
        f"{row.construct_a} – {row.construct_b} (HTMT {row.htmt:.2f}"
        + (f", bound {row.htmt_ci_high:.2f}" if bounded else "")
        + f"; separability under the model {row.separability:.2f})"
        for row in apart.head(LISTED).itertuples()
    ]
    if len(rated) == 1:
        return text + f": {shown[0]}."
    return text + f"; not at either: {shown_of(shown, len(apart))}."


def cfa_sentence(pairs: pd.DataFrame) -> str:
    """How many pairs of scales the two-factor model's correlation (``cfa.discriminant_table``'s
    columns in ``responses.construct_agreement``'s pairs) puts in each of Rönkkö and Cho's
    classes, and the pairs with a moderate or severe problem; empty where no pair has one (no
    two scales of three items or more each)."""
    rated = pairs[pairs["cfa_problem"].notna()] if "cfa_problem" in pairs else pairs.iloc[:0]
    if rated.empty:
        return ""
    counts = rated["cfa_problem"].value_counts()
    text = (
        " By a two-factor model of each pair's answers (confirmatory factor analysis: the correlation "
        "of two factors, each measured by its own scale's items, with its 95 % interval; `cfa_r`), "
    )
    if len(rated) == 1:
        row = rated.iloc[0]
        found = "no problem" if row["cfa_problem"] == "none" else f"a {row['cfa_problem']} problem"
        return (
            text
            + f"the two scales correlate {interval_text(row['cfa_r'], row['cfa_r_ci_low'], row['cfa_r_ci_high'])}: "
            f"{found} of discriminant validity by Rönkkö and Cho's (2022) classes." + _model_checks(rated)
        )
    problems = int(counts.drop("none", errors="ignore").sum())
    if problems == 0:
        return (
            text + "Rönkkö and Cho's (2022) classes find no problem of discriminant validity in any of the "
            f"{len(rated):,} pairs of scales (every interval's end farthest from 0 below {PROBLEMS[-1][0]:g})."
            + _model_checks(rated)
        )
    classes = [
        f"{int(counts.get(name, 0)):,} {name} (at least {bar:g}{' in size' if i == 0 else ''})"
        for i, (bar, name) in enumerate(PROBLEMS)
    ]
    text += (
        "Rönkkö and Cho's (2022) classes, by the end of the interval farthest from 0, find a problem of "
        f"discriminant validity in {problems:,} of {len(rated):,} pairs of scales: " + ", ".join(classes)
    )
    serious = _serious_pairs(rated, "cfa")
    if not serious:
        return text + "." + _model_checks(rated)
    return text + f"; severe or moderate: {shown_of(serious[:LISTED], len(serious))}." + _model_checks(rated)


def _serious_pairs(rated: pd.DataFrame, prefix: str) -> list[str]:
    """The pairs whose ``<prefix>_problem`` is severe or moderate, the largest ``<prefix>_r`` in
    size first, each with its interval."""
    r, low, high, problems = (rated[f"{prefix}_{name}"] for name in ("r", "r_ci_low", "r_ci_high", "problem"))
    serious = rated.assign(size=r.abs(), value=r, low=low, high=high)[problems.isin(["severe", "moderate"])]
    return [
        f"{row.construct_a} – {row.construct_b} ({interval_text(row.value, row.low, row.high)})"
        for row in serious.sort_values("size", ascending=False).itertuples()
    ]


ONE_FACTOR_ALPHA = 0.05  # the level of the test of one factor against two


def _model_checks(rated: pd.DataFrame) -> str:
    """What the two-factor models' fit and the test of one factor against two add."""
    return _misfit_text(rated) + _fit_index_text(rated) + _one_factor_text(rated)


def _fit_index_text(rated: pd.DataFrame) -> str:
    """How many pairs' two-factor models miss Hu and Bentler's bars for RMSEA or CFI, the worst
    by RMSEA named; empty where none does."""
    short = rated[(rated["cfa_rmsea"] > RMSEA_BAR) | (rated["cfa_cfi"] < CFI_BAR)]
    if short.empty:
        return ""
    worst = short.sort_values("cfa_rmsea", ascending=False, kind="stable").iloc[0]
    if len(rated) == 1:
        which = "the pair's model falls"
    elif len(short) == len(rated):
        which = f"all {len(rated):,} pairs' models fall"
    else:
        which = f"{len(short):,} of the {len(rated):,} pairs' models fall{'s' if len(short) == 1 else ''}"
    named = "" if len(rated) == 1 else f", {worst.construct_a} – {worst.construct_b} furthest"
    return (
        f" By RMSEA and CFI (`cfa_rmsea`, `cfa_cfi`), which weigh the misfit against the model's degrees "
        f"of freedom and against items that do not correlate, {which} short of Hu and Bentler's (1999) "
        f"bars (RMSEA at most {RMSEA_BAR:g}, CFI at least {CFI_BAR:g}){named}: RMSEA {worst.cfa_rmsea:.3f}, "
        f"CFI {worst.cfa_cfi:.2f}. The answers hold more than two factors, such as items sharing wording "
        "or a facet, and the factors' correlation is that of a model that leaves this out."
    )


def _one_factor_text(rated: pd.DataFrame) -> str:
    """The pairs of scales whose answers one factor fits no worse than two (the χ² difference
    test's ``cfa_one_factor_p`` at least ``ONE_FACTOR_ALPHA``), or that there are none."""
    tested = rated[rated["cfa_one_factor_p"].notna()]
    if tested.empty:
        return ""
    test = "the χ² difference, scaled as Satorra & Bentler (2010) do, 1 degree of freedom; Anderson & Gerbing, 1988"
    kept = tested[tested["cfa_one_factor_p"] >= ONE_FACTOR_ALPHA].sort_values(
        "cfa_one_factor_p", ascending=False
    )
    if kept.empty:
        where = "the pair's" if len(tested) == 1 else f"every one of the {len(tested):,} pairs'"
        return (
            f" One factor of both scales' items fits {where} answers worse than two ({test}; "
            f"p < {ONE_FACTOR_ALPHA:g}): a weak check of discriminant validity, since with many respondents "
            "it rejects one factor unless the two correlate almost perfectly."
        )
    shown = [
        f"{row.construct_a} – {row.construct_b} (Δχ² = {row.cfa_one_factor_delta_chi2:.2f}, "
        f"{p_text(row.cfa_one_factor_p)})"
        for row in kept.head(LISTED).itertuples()
    ]
    return (
        f" One factor of both scales' items fits the answers of {counted(len(kept), 'pair')} no worse "
        f"than two ({test}; p ≥ {ONE_FACTOR_ALPHA:g}): {shown_of(shown, len(kept))}: their answers do "
        "not tell the two scales apart."
    )


def _misfit_text(rated: pd.DataFrame) -> str:
    """The pairs of scales whose two-factor model fits their answers poorly (``cfa_srmr`` above
    ``SRMR_BAR``), worst first; empty where none does."""
    poor = rated[rated["cfa_srmr"] > SRMR_BAR].sort_values("cfa_srmr", ascending=False, kind="stable")
    if poor.empty:
        return ""
    reason = (
        f"(`cfa_srmr`, the standardised root mean square residual, above {SRMR_BAR}; Hu & Bentler, 1999): "
        "a scale holds more than its one factor, or items of the two go together beyond their factors, "
        "and the factors' correlation says less"
    )
    if len(rated) == 1:
        return f" The model fits the pair's answers poorly, {poor['cfa_srmr'].iloc[0]:.2f} {reason}."
    shown = [
        f"{row.construct_a} – {row.construct_b} ({row.cfa_srmr:.2f})"
        for row in poor.head(LISTED).itertuples()
    ]
    return f" The model fits {len(poor):,} of the {len(rated):,} pairs poorly {reason}: {shown_of(shown, len(poor))}."


def fornell_larcker_sentence(pairs: pd.DataFrame, scales: pd.DataFrame) -> str:
    """How many pairs of scales Fornell and Larcker's criterion tells apart, and which it does
    not (``responses.construct_agreement``'s ``fornell_larcker``), and how many of the scales'
    AVE it rests on (``scales``' ``ave``) are below 0.5; empty where no pair has a verdict (no
    scale of three items or more)."""
    judged = pairs[pairs["fornell_larcker"].notna()] if "fornell_larcker" in pairs else pairs.iloc[:0]
    if judged.empty:
        return ""
    apart = judged["fornell_larcker"].astype(bool)
    text = (
        " By Fornell and Larcker's (1981) criterion (each scale's average variance extracted above the "
        "pair's squared disattenuated correlation; `fornell_larcker`), "
        + (
            f"the one pair judged is {'told apart' if apart.iloc[0] else 'not told apart'}"
            if len(judged) == 1
            else f"{int(apart.sum()):,} of the {len(judged):,} pairs judged are told apart"
        )
    )
    together = judged[~apart]
    if len(judged) > 1 and len(together):
        shown = [f"{row.construct_a} – {row.construct_b}" for row in together.head(LISTED).itertuples()]
        text += f"; not: {shown_of(shown, len(together))}"
    rated = scales["ave"].dropna()
    low = int((rated < 0.5).sum())
    return (
        text
        + (
            f". It rests on the scales' AVE, below 0.5 for {low:,} of the {len(rated):,} scales with one here"
            ": with AVE that low it can fail pairs HTMT tells apart, and with high loadings it misses overlaps "
            "HTMT detects (Henseler et al., 2015)."
        )
        + _joint_fornell_larcker_text(pairs)
    )


def _joint_fornell_larcker_text(pairs: pd.DataFrame) -> str:
    """How many pairs Fornell and Larcker's criterion as they defined it, from the model of all
    scales' AVE and factor correlations (``cfa_joint_fornell_larcker``), tells apart; empty
    without that model."""
    if "cfa_joint_fornell_larcker" not in pairs:
        return ""
    judged = pairs[pairs["cfa_joint_fornell_larcker"].notna()]
    if judged.empty:
        return ""
    apart = judged["cfa_joint_fornell_larcker"].astype(bool)
    together = [f"{row.construct_a} – {row.construct_b}" for row in judged[~apart].head(LISTED).itertuples()]
    return (
        " As Fornell and Larcker defined it, with the AVE and factor correlations of one model of all "
        f"scales (`cfa_joint_fornell_larcker`), {int(apart.sum()):,} of the {len(judged):,} pairs are told apart"
        + (f"; not: {shown_of(together, int((~apart).sum()))}." if together else ".")
    )


def answers_fit_sentence(fit: pd.DataFrame) -> str:
    """How many answered items go with their own construct in the answers and under the model,
    and those worded like another construct while answered like their own
    (``responses.item_fit``)."""
    text = (
        f" Of the {len(fit):,} answered items (`responses_items.tsv`), {int(fit['answers_fits'].sum()):,} go "
        "with their own construct in the answers (a higher mean |r| with its other items than with any "
        f"other construct's) and {int(fit['model_fits'].sum()):,} under the model (mean cosine)"
    )
    worded_apart = fit[fit["answers_fits"] & ~fit["model_fits"]]
    if worded_apart.empty:
        return text + "."
    shown = [
        f"{row.text} ({row.construct}, worded like {row.model_closest_other})"
        for row in worded_apart.head(LISTED).itertuples()
    ]
    return (
        text
        + f"; answered like their own construct but worded like another: {shown_of(shown, len(worded_apart))}."
    )


def dimensions_sentence(factors: pd.DataFrame, n_constructs: int) -> str:
    """How many principal components of the answers parallel analysis retains
    (``responses.parallel_analysis``), beside the number of constructs answered."""
    if factors is None or factors.empty:
        return ""
    retained = int(factors["retained"].sum())
    first = factors.iloc[0]
    if retained < n_constructs:
        reading = "fewer dimensions than constructs: the answers do not hold every construct apart"
    elif retained == n_constructs:
        reading = "as many dimensions as constructs"
    else:
        reading = "more dimensions than constructs: a construct's items may span more than one"
    return (
        f" Parallel analysis of the answers (`responses_factors.tsv`: principal components of the "
        f"{int(first['n_items']):,} items' correlations against the 95th percentile of "
        f"{int(first['draws']):,} random data sets of as many items and {int(first['n_respondents']):,} "
        f"respondents) retains {counted(retained, 'component')} for the {n_constructs:,} constructs "
        f"answered: {reading}."
    )


def _bars_text(row: pd.Series) -> str:
    """Which of Hu and Bentler's (1999) bars a model's fit (``cfa.model_fit``) misses, or that it
    meets them all."""
    missed = [
        f"{name} {row[column]:.3f} {'above' if high else 'below'} {bar:g}"
        for name, column, bar, high in (
            ("RMSEA", "rmsea", RMSEA_BAR, True),
            ("CFI", "cfi", CFI_BAR, False),
            ("TLI", "tli", CFI_BAR, False),
            ("SRMR", "srmr", SRMR_BAR, True),
        )
        if (row[column] > bar if high else row[column] < bar)
    ]
    if not missed:
        return "within all of Hu and Bentler's (1999) bars"
    return f"short of Hu and Bentler's (1999) bars ({listed(missed)})"


def _joint_classes_text(pairs: pd.DataFrame) -> str:
    """How many pairs of scales the model of all scales' factor correlations (``cfa_joint_*``)
    put in each of Rönkkö and Cho's classes, the severe and moderate ones named."""
    rated = pairs[pairs["cfa_joint_problem"].notna()] if "cfa_joint_problem" in pairs else pairs.iloc[:0]
    if rated.empty:
        return ""
    counts = rated["cfa_joint_problem"].value_counts()
    problems = int(counts.drop("none", errors="ignore").sum())
    if problems == 0:
        return f" Its factor correlations (`cfa_joint_r`) show no problem of discriminant validity in any of the {len(rated):,} pairs."
    classes = ", ".join(f"{int(counts.get(name, 0)):,} {name}" for _, name in PROBLEMS)
    serious = _serious_pairs(rated, "cfa_joint")
    return (
        f" Its factor correlations (`cfa_joint_r`) show a problem of discriminant validity in {problems:,} of "
        f"{len(rated):,} pairs ({classes})"
        + (f"; severe or moderate: {shown_of(serious[:LISTED], len(serious))}." if serious else ".")
    )


def _residuals_text(residuals: pd.DataFrame | None) -> str:
    """How many item pairs the model of all scales misses by more than ``RESIDUAL_BAR``
    (``cfa.measurement_model``'s residuals), how many across scales, the largest named."""
    if residuals is None:
        return ""
    if residuals.empty:
        return f" It reproduces every item pair's correlation within {RESIDUAL_BAR:g} (`responses_residuals.tsv`)."
    across = int((~residuals["same_scale"].astype(bool)).sum())
    shown = [
        f"{row.text_a} ({row.construct_a}) – {row.text_b} ({row.construct_b}): r {row.r:.2f} against "
        f"{row.implied_r:.2f}"
        for row in residuals.head(LISTED).itertuples()
    ]
    return (
        f" It misses the correlation of {counted(len(residuals), 'item pair')} by more than {RESIDUAL_BAR:g} "
        f"(`responses_residuals.tsv`; {across:,} across two scales, where items go together beyond their "
        f"factors), largest first: {shown_of(shown, len(residuals))}."
    )


def measurement_sentence(
    measurement: pd.DataFrame | None, pairs: pd.DataFrame, residuals: pd.DataFrame | None = None
) -> str:
    """The fit of one model of all scales (``cfa.measurement_model``'s row, its pairs'
    correlations in ``pairs``, the item pairs it misses in ``residuals``; its χ² scaled where
    ``chi2_scaling`` is given), or why there is none; empty without the table."""
    if measurement is None or measurement.empty:
        return ""
    row = measurement.iloc[0]
    if pd.notna(row["note"]) and row["note"]:
        return f" No factor model of all scales at once (`responses_measurement.tsv`): {row['note']}."
    shared = row.get("items_left_out")
    left_out = ", the items of two scales left out (`items_left_out`)" if pd.notna(shared) and shared else ""
    text = (
        f" One factor model of all {int(row['scales']):,} scales at once (`responses_measurement.tsv`: "
        f"{int(row['items']):,} items, each measuring its own scale's factor{left_out}, the factors correlating "
        f"freely; {int(row['respondents']):,} respondents)"
    )
    if pd.isna(row["chi2"]):
        return text + (
            f" has an SRMR of {row['srmr']:.3f}; the items' correlations are not positive definite (as with "
            "fewer respondents than items, or pairwise correlations that do not fit together), so no "
            "likelihood fits them: no χ², RMSEA, CFI or TLI."
            + _joint_classes_text(pairs)
            + _residuals_text(residuals)
        )
    scaling = row.get("chi2_scaling")
    scaled = (
        f"scaled χ²({int(row['df']):,}) = {row['chi2']:,.1f} (scaling factor {scaling:.2f})"
        if pd.notna(scaling)
        else f"χ²({int(row['df']):,}) = {row['chi2']:,.1f}"
    )
    return (
        text + f" fits with {scaled}, {p_text(row['chi2_p'])}, RMSEA "
        f"{interval_text(row['rmsea'], row['rmsea_ci_low'], row['rmsea_ci_high'])} (90 %), CFI {row['cfi']:.3f}, "
        f"TLI {row['tli']:.3f}, SRMR {row['srmr']:.3f}: {_bars_text(row)}."
        + _joint_classes_text(pairs)
        + _residuals_text(residuals)
    )


def responses_paragraph(
    agreement: pd.DataFrame,
    scales: pd.DataFrame,
    pairs: pd.DataFrame,
    fit: pd.DataFrame,
    threshold: float,
    factors: pd.DataFrame | None = None,
    measurement: pd.DataFrame | None = None,
    residuals: pd.DataFrame | None = None,
) -> str:
    """The constructs' distinctness in the answers against the model's on the same item pairs,
    how closely its cosines follow the items' correlations, which construct pairs each finds
    overlapping, which items go with their own construct in each, how many dimensions the
    answers hold (given ``factors``), the fit of one model of all scales and the item pairs it
    misses (given ``measurement`` and ``residuals``), and the scales' α
    (``responses.item_agreement``, ``responses.construct_agreement``, ``responses.item_fit``,
    ``responses.parallel_analysis``, ``cfa.measurement_model``, ``responses.scales``)."""
    answers = agreement[agreement["view"] == "responses"].iloc[0]
    model = agreement[agreement["selected"]].iloc[0]
    text = (
        f"**Item responses** (`responses.tsv`, {model['n_texts']} answered items, "
        f"{int(scales['n_respondents'].max()):,} respondents"
        f"{'; polychoric correlations' if answers.get('correlation') == 'polychoric' else ''}). In the answers the constructs are told apart "
        f"with a pair AUC of |r| of {interval_text(answers['pair_auc'], answers['ci_low'], answers['ci_high'])}; "
        f"the model's pair AUC on the same item pairs is "
        f"{interval_text(model['pair_auc'], model['ci_low'], model['ci_high'])}, a difference of "
        f"{interval_text(model['minus_responses'], model['minus_responses_ci_low'], model['minus_responses_ci_high'])}. "
        f"Its cosines follow the strength of the items' correlations with "
        f"{mantel_text(model, 'the cosines or the correlations')}."
    )
    if not pairs.empty:
        text += (
            answers_overlap_sentence(pairs, threshold)
            + htmt_sentence(pairs)
            + fornell_larcker_sentence(pairs, scales)
            + cfa_sentence(pairs)
        )
    text += answers_fit_sentence(fit)
    text += dimensions_sentence(factors, int(fit["construct"].nunique()))
    text += measurement_sentence(measurement, pairs, residuals)
    if scales["alpha"].notna().any():
        text += f" Scored from the answers (`responses_scales.tsv`), {_alpha_text(scales)}."
        text += negative_items_sentence(scales) + alpha_gain_sentence(fit, scales)
    return text


def _spread_text(scales: pd.DataFrame, column: str) -> str:
    """A column's values with their constructs, lowest first: each of one or two, else the range."""
    rated = scales[scales[column].notna()].sort_values(column, kind="stable")
    each = [f"{row[column]:.2f} ({row['construct']})" for _, row in rated.iterrows()]
    return " and ".join(each) if len(each) <= 2 else f"from {each[0]} to {each[-1]}"


def _alpha_text(scales: pd.DataFrame) -> str:
    """The scales' standardised α and, where known, their McDonald's ω."""
    n_alpha = int(scales["alpha"].notna().sum())
    lead = {1: "the one scale's standardised α is", 2: "the two scales' standardised α are"}.get(
        n_alpha, "the scales' standardised α run"
    )
    text = f"{lead} {_spread_text(scales, 'alpha')}"
    n_omega = int(scales["omega"].notna().sum()) if "omega" in scales else 0
    if n_omega:
        text += f", McDonald's ω {_spread_text(scales, 'omega')}"
        if n_omega < n_alpha:
            text += f" (the {'one scale' if n_omega == 1 else f'{n_omega} scales'} of three items or more)"
    return text


def _texts(cell) -> list[str]:
    """The item texts a table cell lists, joined by "; " (none for an empty cell)."""
    return cell.split("; ") if isinstance(cell, str) and cell else []


def alpha_gain_sentence(fit: pd.DataFrame, scales: pd.DataFrame) -> str:
    """The items without which their scale's standardised α would be higher
    (``responses.item_fit``'s ``alpha_if_deleted`` against ``responses.scales``' ``alpha``),
    the largest gain first."""
    if "alpha_if_deleted" not in fit:
        return ""
    alpha = fit["construct"].map(scales.set_index("construct")["alpha"])
    gains = fit.assign(alpha=alpha, gain=fit["alpha_if_deleted"] - alpha)
    gains = gains[gains["gain"] > 0].sort_values(["gain", "text"], ascending=[False, True], kind="stable")
    if gains.empty:
        return ""
    shown = [
        f"{row.text} ({row.construct}, {row.alpha:.2f} → {row.alpha_if_deleted:.2f})"
        for row in gains.head(LISTED).itertuples()
    ]
    return (
        f" Without {counted(len(gains), 'item')} their scale's standardised α would be higher "
        f"(`alpha_if_deleted`, `responses_items.tsv`): {shown_of(shown, len(gains))}."
    )


def negative_items_sentence(scales: pd.DataFrame) -> str:
    """The items that correlate negatively with the rest of their scale (``responses.scales``):
    unkeyed, as a reverse-keyed item left unkeyed would; keyed -1
    (``negative_reverse_keyed``), as one whose answers were reverse-scored already would."""
    unkeyed, reverse_keyed = [], []
    for row in scales.itertuples():
        keyed = _texts(getattr(row, "negative_reverse_keyed", ""))
        others = [text for text in _texts(row.negative_item_rest) if text not in keyed]
        unkeyed += [f"{'; '.join(others)} ({row.construct})"] if others else []
        reverse_keyed += [f"{'; '.join(keyed)} ({row.construct})"] if keyed else []
    text = ""
    if unkeyed:
        text += (
            " Correlating negatively with the rest of their scale, as a reverse-keyed item left "
            f"unkeyed would: {'; '.join(unkeyed)}."
        )
    if reverse_keyed:
        text += (
            " Correlating negatively with the rest of their scale though keyed -1, as items whose "
            "answers were reverse-scored already would (if they were, set the target's "
            f"`reverse_scored: true`): {'; '.join(reverse_keyed)}."
        )
    return text
