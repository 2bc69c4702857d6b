#!/usr/bin/python3
"""Plot the CSV results of a ``gridgov run`` and write a short Markdown report.

Usage::

    /usr/bin/python3 analysis/plot_results.py RESULT_DIR [--out DIR] [--worst N]
                                              [--compare OTHER_RESULT_DIR ...]

RESULT_DIR is a folder written by ``gridgov run --out RESULT_DIR``.  The script reads
``summary.csv``, ``summary_ci.csv``, ``timeseries.csv``, ``timeseries_ci.csv``, ``grids.csv``
and ``grids_ci.csv`` (their columns are documented in ``dictionary.csv`` in the same folder;
``dictionary.csv`` and ``scenario.resolved.yaml`` are used for units and the warm-up period
when present, but are not required) and writes into the output folder (default
``RESULT_DIR/plots``):

``timeseries.png``
    Open issues, complaints per day and mean satisfaction by simulated day: the mean over
    replicates with its 95% confidence band (``timeseries_ci.csv``) over faint per-replicate
    traces (``timeseries.csv``); the warm-up period is shaded.
``grids.png``
    Per grid: resolved share and complaints per 1,000 households per month, mean with 95% CI
    error bars (``grids_ci.csv``); the worst grids (lowest resolved share, most complaints) are
    highlighted in red.
``headline.png``
    The key summary metrics (``summary_ci.csv``) as bars with 95% CI error bars and the
    per-replicate values (``summary.csv``) as dots.
``compare.png``, ``compare_timeseries.png`` (only with ``--compare``)
    The key metrics of every scenario side by side with 95% CIs, and the three time series
    overlaid, each scenario labelled by its folder name.
``report.md``
    The list of figures and a table of key metrics, ``mean [95% CI low, high]``.

Every file is written atomically: first under a temporary name in the output folder, then
moved into place with ``os.replace``.

Exit status: 0 on success; 2 when an input file, a required column or a required metric
row is missing or unreadable (or the command line is wrong), with a message on stderr;
1 when an output cannot be written.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
import secrets
from dataclasses import dataclass, field

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

PROG = "plot_results"

#: Statistic columns of every ``*_ci.csv`` table.
CI_STATS = ["n", "mean", "sd", "ci_low", "ci_high", "median", "p10", "p90"]

#: Key summary metrics: (metric, label, unit shown in the report and on axes).
KEY_METRICS = [
    ("resolved_share", "Resolved share", "share"),
    ("resolved_within_deadline_share", "Resolved within deadline", "share"),
    ("time_to_resolve_median_h", "Median time to resolve", "hours"),
    ("complaints_per_1000hh_month", "Complaints per 1,000 hh per month", "per 1,000 hh-month"),
    ("found_proactively_share", "Found proactively", "share"),
    ("satisfaction_mean", "Mean satisfaction", "0..1"),
]

#: Time series plotted: (metric, panel title, y-axis label).
TIMESERIES_METRICS = [
    ("issues_open", "Open issues (end of day)", "issues"),
    ("complaints", "12345 complaints per day", "complaints / day"),
    ("satisfaction_mean", "Mean household satisfaction", "satisfaction (0..1)"),
]

#: Per-grid metrics plotted: (metric, title, y label, True when a higher value is worse).
GRID_METRICS = [
    ("resolved_share", "Resolved share by grid", "resolved share", False),
    ("complaints_per_1000hh_month", "Complaints per 1,000 households per month by grid",
     "complaints / 1,000 hh / month", True),
]

#: The files read from a result folder and the columns each must have.
REQUIRED_COLUMNS = {
    "summary.csv": ["replicate", "seed"] + [m for m, _, _ in KEY_METRICS],
    "summary_ci.csv": ["seed", "metric"] + CI_STATS,
    "timeseries.csv": ["replicate", "seed", "day"] + [m for m, _, _ in TIMESERIES_METRICS],
    "timeseries_ci.csv": ["seed", "day", "metric"] + CI_STATS,
    "grids.csv": ["replicate", "seed", "grid", "community"] + [m for m, *_ in GRID_METRICS],
    "grids_ci.csv": ["seed", "grid", "community", "metric"] + CI_STATS,
}

#: Columns that must hold numbers (NA allowed) in each file.
NUMERIC_COLUMNS = {
    "summary.csv": [m for m, _, _ in KEY_METRICS],
    "summary_ci.csv": CI_STATS,
    "timeseries.csv": ["day"] + [m for m, _, _ in TIMESERIES_METRICS],
    "timeseries_ci.csv": ["day"] + CI_STATS,
    "grids.csv": ["grid"] + [m for m, *_ in GRID_METRICS],
    "grids_ci.csv": ["grid", "community"] + CI_STATS,
}

#: At most this many per-replicate traces are drawn behind the confidence bands.
MAX_REPLICATE_TRACES = 30

BAR_COLOUR = "#4C72B0"
WORST_COLOUR = "#C44E52"
SCENARIO_COLOURS = ["#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3",
                    "#937860", "#DA8BC3", "#8C8C8C", "#CCB974", "#64B5CD"]


class InputError(Exception):
    """A result folder lacks a file, a column or a metric, or holds unreadable values."""


@dataclass
class ResultSet:
    """The tables of one result folder.

    ``tables`` maps a file name (``"summary.csv"``, ...) to its DataFrame; ``warmup_days`` is
    ``simulation.warmup_days`` from ``scenario.resolved.yaml`` when that file is present;
    ``units`` maps ``(file, column)`` to the unit given in ``dictionary.csv`` when present.
    """

    path: str
    label: str
    tables: dict = field(default_factory=dict)
    warmup_days: float | None = None
    units: dict = field(default_factory=dict)

    def summary_stat(self, metric: str) -> pd.Series:
        """Return the ``summary_ci.csv`` row of ``metric`` (a Series indexed by CI_STATS)."""
        ci = self.tables["summary_ci.csv"]
        return ci.loc[ci["metric"] == metric].iloc[0]

    def replicates(self) -> int:
        """Return the number of replicates in ``summary.csv``."""
        return int(self.tables["summary.csv"]["replicate"].nunique())

    def seeds(self) -> list:
        """Return the distinct seeds in ``summary_ci.csv``, as strings."""
        return sorted({str(s) for s in self.tables["summary_ci.csv"]["seed"]})


# --------------------------------------------------------------------------- reading


def read_table(result_dir: str, name: str) -> pd.DataFrame:
    """Read ``result_dir/name`` and check its required and numeric columns.

    ``NA`` cells (how gridgov writes a missing value) become NaN.  Raises InputError when the
    file is missing, cannot be parsed, has no data rows, lacks a required column or holds a
    non-numeric value in a numeric column.
    """
    path = os.path.join(result_dir, name)
    if not os.path.isfile(path):
        raise InputError(f"missing file {path}")
    try:
        df = pd.read_csv(path, na_values=["NA"], keep_default_na=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, OSError) as e:
        raise InputError(f"cannot read {path}: {e}") from e
    missing = [c for c in REQUIRED_COLUMNS[name] if c not in df.columns]
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(missing)}")
    if df.empty:
        raise InputError(f"{path}: no data rows")
    for col in NUMERIC_COLUMNS[name]:
        converted = pd.to_numeric(df[col], errors="coerce")
        bad = converted.isna() & df[col].notna()
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            raise InputError(f"{path}: column {col} holds a non-numeric value "
                             f"{df[col].iloc[row]!r} (data row {row + 1})")
        df[col] = converted.astype(float)
    return df


def require_metrics(df: pd.DataFrame, path: str, metrics: list, keys: list) -> None:
    """Check that a long ``*_ci.csv`` table has rows for every metric, once per key.

    ``keys`` are the columns that, with ``metric``, identify a row (``[]`` for summary_ci,
    ``["day"]`` for timeseries_ci, ``["grid"]`` for grids_ci).  Raises InputError when a metric
    has no rows or when a (key, metric) pair appears more than once.
    """
    present = set(df["metric"].astype(str))
    missing = [m for m in metrics if m not in present]
    if missing:
        raise InputError(f"{path}: no rows for metric(s) {', '.join(missing)}")
    sub = df[df["metric"].isin(metrics)]
    dup = sub.duplicated(subset=keys + ["metric"], keep=False)
    if dup.any():
        first = sub[dup].iloc[0]
        where = ", ".join(f"{k}={first[k]:g}" for k in keys)
        raise InputError(f"{path}: metric {first['metric']} appears more than once"
                         + (f" for {where}" if where else "")
                         + " (one row per metric expected: is this a single run?)")


def read_warmup_days(result_dir: str) -> float | None:
    """Return ``simulation.warmup_days`` from ``scenario.resolved.yaml``, or None if unknown."""
    path = os.path.join(result_dir, "scenario.resolved.yaml")
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError:
        return None
    m = re.search(r"^simulation:\s*\n((?:[ \t]+.*\n?|\s*\n)*)", text, re.MULTILINE)
    block = m.group(1) if m else text
    w = re.search(r"^[ \t]+warmup_days:\s*([0-9.eE+-]+)\s*$", block, re.MULTILINE)
    if not w:
        return None
    try:
        return float(w.group(1))
    except ValueError:
        return None


def read_units(result_dir: str) -> dict:
    """Return ``{(file, column): unit}`` from ``dictionary.csv``, or {} when it is absent."""
    path = os.path.join(result_dir, "dictionary.csv")
    try:
        d = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError):
        return {}
    if not {"file", "column", "unit"} <= set(d.columns):
        return {}
    return {(r.file, r.column): r.unit for r in d.itertuples(index=False)}


def load_result(result_dir: str, label: str | None = None) -> ResultSet:
    """Read and validate every table of a result folder; raise InputError on a problem."""
    if not os.path.isdir(result_dir):
        raise InputError(f"result folder {result_dir} does not exist (or is not a folder)")
    rs = ResultSet(path=result_dir, label=label or folder_label(result_dir))
    for name in REQUIRED_COLUMNS:
        rs.tables[name] = read_table(result_dir, name)
    require_metrics(rs.tables["summary_ci.csv"], os.path.join(result_dir, "summary_ci.csv"),
                    [m for m, _, _ in KEY_METRICS], [])
    require_metrics(rs.tables["timeseries_ci.csv"], os.path.join(result_dir, "timeseries_ci.csv"),
                    [m for m, _, _ in TIMESERIES_METRICS], ["day"])
    require_metrics(rs.tables["grids_ci.csv"], os.path.join(result_dir, "grids_ci.csv"),
                    [m for m, *_ in GRID_METRICS], ["grid"])
    rs.warmup_days = read_warmup_days(result_dir)
    rs.units = read_units(result_dir)
    return rs


def folder_label(path: str) -> str:
    """Return the folder name of ``path`` (``/tmp/run1/`` -> ``run1``)."""
    name = os.path.basename(os.path.normpath(os.path.abspath(path)))
    return name or path


def unique_labels(paths: list) -> list:
    """Label each folder by its name; add parent folders (then ``#i``) until labels differ."""
    parts = [os.path.normpath(os.path.abspath(p)).split(os.sep) for p in paths]
    parts = [[s for s in p if s] or [p_orig] for p, p_orig in zip(parts, paths)]
    depth = 1
    labels = ["/".join(p[-depth:]) for p in parts]
    while len(set(labels)) < len(labels) and depth < max(len(p) for p in parts):
        depth += 1
        labels = ["/".join(p[-depth:]) for p in parts]
    if len(set(labels)) < len(labels):
        labels = [f"{lab} #{i + 1}" for i, lab in enumerate(labels)]
    return labels


# --------------------------------------------------------------------------- formatting


def fmt_value(x: float) -> str:
    """Format a number for the report: ``NA`` if not finite, else 4 significant digits-ish."""
    if x is None or not np.isfinite(x):
        return "NA"
    ax = abs(x)
    if ax >= 1000:
        return f"{x:.0f}"
    if ax >= 100:
        return f"{x:.1f}"
    if ax >= 1:
        return f"{x:.2f}"
    return f"{x:.4f}"


def fmt_mean_ci(row: pd.Series) -> str:
    """Format a CI row as ``mean [low, high]`` (``mean`` alone when the CI is not finite)."""
    mean = fmt_value(row["mean"])
    if np.isfinite(row["ci_low"]) and np.isfinite(row["ci_high"]):
        return f"{mean} [{fmt_value(row['ci_low'])}, {fmt_value(row['ci_high'])}]"
    return f"{mean} [CI n/a]"


def axis_label(unit: str) -> str:
    """Return the y-axis label for a key-metric unit."""
    return "satisfaction (0..1)" if unit == "0..1" else unit


def ci_errors(mean, low, high) -> np.ndarray:
    """Return a 2xN array of non-negative error-bar lengths; missing bounds give 0."""
    mean = np.asarray(mean, dtype=float)
    lo = np.nan_to_num(mean - np.asarray(low, dtype=float), nan=0.0, posinf=0.0, neginf=0.0)
    hi = np.nan_to_num(np.asarray(high, dtype=float) - mean, nan=0.0, posinf=0.0, neginf=0.0)
    return np.vstack([np.clip(lo, 0, None), np.clip(hi, 0, None)])


def md_escape(text: str) -> str:
    """Escape the characters that would break a Markdown table cell."""
    return str(text).replace("|", "\\|")


# --------------------------------------------------------------------------- writing


def open_temp(path: str) -> tuple:
    """Create a new temporary file next to ``path``; return (fd, temp path).

    The file is created with mode 0666 minus the umask (like an ordinary ``open``), so the
    final file gets the usual permissions once it is moved into place with ``os.replace``.
    """
    directory = os.path.dirname(os.path.abspath(path))
    base = os.path.basename(path)
    for _ in range(100):
        tmp = os.path.join(directory, f".{base}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"cannot create a temporary file next to {path}")


def atomic_savefig(fig, path: str) -> None:
    """Save ``fig`` as PNG to ``path`` atomically (temporary file, then ``os.replace``)."""
    fd, tmp = open_temp(path)
    try:
        with os.fdopen(fd, "wb") as f:
            fig.savefig(f, format="png", dpi=120, bbox_inches="tight")
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    finally:
        plt.close(fig)


def atomic_write_text(path: str, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically (temporary file, then ``os.replace``)."""
    fd, tmp = open_temp(path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


# --------------------------------------------------------------------------- figures


def shade_warmup(ax, warmup_days: float | None) -> None:
    """Shade the warm-up period [0, warmup_days) on ``ax`` when it is known and positive."""
    if warmup_days and warmup_days > 0:
        ax.axvspan(0, warmup_days, color="0.85", alpha=0.6, lw=0, label="warm-up")


def plot_timeseries(rs: ResultSet, out_dir: str) -> str:
    """Draw open issues, complaints per day and satisfaction with 95% CI bands; return path."""
    ci = rs.tables["timeseries_ci.csv"]
    wide = rs.tables["timeseries.csv"]
    reps = sorted(wide["replicate"].unique())[:MAX_REPLICATE_TRACES]
    fig, axes = plt.subplots(len(TIMESERIES_METRICS), 1, figsize=(10, 8.5), sharex=True)
    for ax, (metric, title, ylabel) in zip(axes, TIMESERIES_METRICS):
        shade_warmup(ax, rs.warmup_days)
        for i, r in enumerate(reps):
            one = wide[wide["replicate"] == r].sort_values("day")
            ax.plot(one["day"], one[metric], color="0.55", lw=0.5, alpha=0.35,
                    label="replicates" if i == 0 else None)
        d = ci[ci["metric"] == metric].sort_values("day")
        ax.fill_between(d["day"], d["ci_low"], d["ci_high"], color=BAR_COLOUR, alpha=0.3,
                        lw=0, label="95% CI of the mean")
        ax.plot(d["day"], d["mean"], color=BAR_COLOUR, lw=1.5, label="mean over replicates")
        ax.set_title(title, fontsize=11)
        ax.set_ylabel(ylabel)
        ax.grid(True, alpha=0.3)
    axes[0].legend(loc="best", fontsize=8)
    axes[-1].set_xlabel("simulated day")
    fig.suptitle(f"{rs.label}: daily time series ({rs.replicates()} replicates)", fontsize=12)
    fig.tight_layout()
    path = os.path.join(out_dir, "timeseries.png")
    atomic_savefig(fig, path)
    return path


def grid_table(rs: ResultSet, metric: str) -> pd.DataFrame:
    """Return the ``grids_ci.csv`` rows of ``metric`` sorted by grid number."""
    g = rs.tables["grids_ci.csv"]
    return g[g["metric"] == metric].sort_values("grid").reset_index(drop=True)


def worst_grids(rs: ResultSet, metric: str, higher_is_worse: bool, k: int) -> pd.DataFrame:
    """Return the ``k`` worst grids for ``metric`` by mean (NaN means are never worst)."""
    d = grid_table(rs, metric).dropna(subset=["mean"])
    d = d.sort_values(["mean", "grid"], ascending=[not higher_is_worse, True])
    return d.head(max(0, k))


def plot_grids(rs: ResultSet, out_dir: str, worst: int) -> str:
    """Draw per-grid bars with CI error bars, highlighting the worst grids; return the path."""
    n = int(rs.tables["grids_ci.csv"]["grid"].nunique())
    width = float(min(40.0, max(9.0, 0.35 * n)))
    fig, axes = plt.subplots(len(GRID_METRICS), 1, figsize=(width, 8))
    for ax, (metric, title, ylabel, higher_is_worse) in zip(axes, GRID_METRICS):
        d = grid_table(rs, metric)
        bad = set(worst_grids(rs, metric, higher_is_worse, worst)["grid"])
        colours = [WORST_COLOUR if g in bad else BAR_COLOUR for g in d["grid"]]
        x = np.arange(len(d))
        ax.bar(x, d["mean"].fillna(0.0), color=colours,
               yerr=ci_errors(d["mean"], d["ci_low"], d["ci_high"]),
               error_kw={"ecolor": "0.2", "capsize": 2, "lw": 0.8})
        step = max(1, int(math.ceil(len(d) / 60)))
        ax.set_xticks(x[::step])
        ax.set_xticklabels([f"{int(g)}\nc{int(c)}" for g, c in
                            zip(d["grid"][::step], d["community"][::step])], fontsize=7)
        ax.set_xlim(-0.7, len(d) - 0.3)
        which = "highest" if higher_is_worse else "lowest"
        ax.set_title(f"{title} (red: {len(bad)} {which})", fontsize=11)
        ax.set_ylabel(ylabel)
        ax.grid(True, axis="y", alpha=0.3)
        if metric.endswith("_share"):
            finite_lo = d["ci_low"].replace([np.inf, -np.inf], np.nan).dropna()
            lo = float(min(d["mean"].min(), finite_lo.min() if len(finite_lo) else 1.0))
            if np.isfinite(lo) and lo > 0.5:
                ax.set_ylim(max(0.0, lo - 0.5 * (1.0 - lo) - 0.01), 1.0 + 0.02 * (1.0 - lo) + 0.005)
    axes[-1].set_xlabel("grid (c = community); error bars: 95% CI of the mean over replicates")
    fig.suptitle(f"{rs.label}: grids", fontsize=12)
    fig.tight_layout()
    path = os.path.join(out_dir, "grids.png")
    atomic_savefig(fig, path)
    return path


def plot_headline(rs: ResultSet, out_dir: str) -> str:
    """Draw the key summary metrics as bars with CI error bars and replicate dots."""
    wide = rs.tables["summary.csv"]
    fig, axes = plt.subplots(2, 3, figsize=(12, 6.5))
    for ax, (metric, label, unit) in zip(axes.flat, KEY_METRICS):
        row = rs.summary_stat(metric)
        mean = row["mean"]
        ax.bar([0], [mean if np.isfinite(mean) else 0.0], width=0.6, color=BAR_COLOUR,
               yerr=ci_errors([mean], [row["ci_low"]], [row["ci_high"]]),
               error_kw={"ecolor": "0.2", "capsize": 6, "lw": 1.2})
        vals = wide[metric].dropna().to_numpy()
        if len(vals):
            jitter = np.linspace(-0.15, 0.15, len(vals)) if len(vals) > 1 else np.zeros(1)
            ax.scatter(0.45 + jitter * 0.5, vals, s=12, color="0.3", zorder=3,
                       label="replicates")
        ax.set_xlim(-0.6, 0.8)
        ax.set_xticks([])
        ax.set_title(label, fontsize=10)
        ax.set_ylabel(axis_label(unit))
        ax.set_xlabel(fmt_mean_ci(row), fontsize=9)
        ax.grid(True, axis="y", alpha=0.3)
        if unit in ("share", "0..1"):
            ax.set_ylim(0, 1.05)
    fig.suptitle(f"{rs.label}: key metrics, mean with 95% CI over {rs.replicates()} "
                 "replicates (dots: replicates)", fontsize=12)
    fig.tight_layout()
    path = os.path.join(out_dir, "headline.png")
    atomic_savefig(fig, path)
    return path


def plot_compare(results: list, out_dir: str) -> str:
    """Draw the key metrics of several scenarios side by side with CIs; return the path.

    Each panel shows one metric: per scenario a point (the mean) with its 95% CI as an error
    bar, on an axis scaled to the data so that small differences stay visible.
    """
    fig, axes = plt.subplots(2, 3, figsize=(max(12.0, 1.3 * 3 * len(results)), 7.5))
    x = np.arange(len(results))
    colours = [SCENARIO_COLOURS[i % len(SCENARIO_COLOURS)] for i in range(len(results))]
    for ax, (metric, label, unit) in zip(axes.flat, KEY_METRICS):
        rows = [rs.summary_stat(metric) for rs in results]
        means = np.array([r["mean"] for r in rows], dtype=float)
        err = ci_errors(means, [r["ci_low"] for r in rows], [r["ci_high"] for r in rows])
        for i in range(len(results)):
            if np.isfinite(means[i]):
                ax.errorbar([x[i]], [means[i]], yerr=err[:, i:i + 1], fmt="o", ms=7,
                            color=colours[i], ecolor=colours[i], capsize=6, lw=1.5)
                ax.annotate(fmt_value(means[i]), (x[i], means[i]), xytext=(8, 0),
                            textcoords="offset points", va="center", fontsize=8)
        ax.set_xticks(x)
        ax.set_xticklabels([rs.label for rs in results], rotation=20, ha="right", fontsize=8)
        ax.set_xlim(-0.6, len(results) - 0.4)
        ax.set_title(label, fontsize=10)
        ax.set_ylabel(axis_label(unit))
        ax.grid(True, axis="y", alpha=0.3)
    fig.suptitle("Scenario comparison: mean with 95% CI over replicates "
                 "(axes scaled to the data)", fontsize=12)
    fig.tight_layout()
    path = os.path.join(out_dir, "compare.png")
    atomic_savefig(fig, path)
    return path


def plot_compare_timeseries(results: list, out_dir: str) -> str:
    """Overlay the time series (mean and 95% CI band) of several scenarios; return the path."""
    fig, axes = plt.subplots(len(TIMESERIES_METRICS), 1, figsize=(10, 8.5), sharex=True)
    warm = {rs.warmup_days for rs in results}
    for ax, (metric, title, ylabel) in zip(axes, TIMESERIES_METRICS):
        if len(warm) == 1:
            shade_warmup(ax, next(iter(warm)))
        for i, rs in enumerate(results):
            c = SCENARIO_COLOURS[i % len(SCENARIO_COLOURS)]
            ci = rs.tables["timeseries_ci.csv"]
            d = ci[ci["metric"] == metric].sort_values("day")
            ax.fill_between(d["day"], d["ci_low"], d["ci_high"], color=c, alpha=0.25, lw=0)
            ax.plot(d["day"], d["mean"], color=c, lw=1.3, label=rs.label)
        ax.set_title(title, fontsize=11)
        ax.set_ylabel(ylabel)
        ax.grid(True, alpha=0.3)
    axes[0].legend(loc="best", fontsize=8)
    axes[-1].set_xlabel("simulated day")
    fig.suptitle("Scenario comparison: daily means with 95% CI bands", fontsize=12)
    fig.tight_layout()
    path = os.path.join(out_dir, "compare_timeseries.png")
    atomic_savefig(fig, path)
    return path


# --------------------------------------------------------------------------- report

FIGURE_CAPTIONS = {
    "timeseries.png": "Open issues, complaints per day and mean satisfaction by day "
                      "(mean, 95% CI band, faint replicate traces; grey: warm-up)",
    "grids.png": "Per-grid resolved share and complaints per 1,000 households per month "
                 "(95% CI error bars; red: worst grids)",
    "headline.png": "Key summary metrics (mean, 95% CI, replicate dots)",
    "compare.png": "Key metrics of the compared scenarios side by side (mean, 95% CI)",
    "compare_timeseries.png": "Daily time series of the compared scenarios (95% CI bands)",
}


def key_metric_unit(rs: ResultSet, metric: str, default: str) -> str:
    """Return the unit of a summary metric from ``dictionary.csv``, else ``default``."""
    return rs.units.get(("summary.csv", metric)) or default


def build_report(main: ResultSet, figures: list, worst: int, others: list) -> str:
    """Return the Markdown text of report.md."""
    lines = [f"# gridgov results: {md_escape(main.label)}", ""]
    lines.append(f"- Result folder: `{os.path.abspath(main.path)}`")
    lines.append(f"- Replicates: {main.replicates()}; seed: {', '.join(main.seeds())}")
    if main.warmup_days is not None:
        lines.append(f"- Warm-up: {main.warmup_days:g} days (shaded in the time series)")
    lines += ["", "## Figures", ""]
    for p in figures:
        name = os.path.basename(p)
        lines.append(f"- [`{name}`]({name}): {FIGURE_CAPTIONS.get(name, '')}")
    lines += ["", "## Key metrics", "",
              "Mean over replicates with the 95% confidence interval of the mean "
              "(Student t), from `summary_ci.csv`.", "",
              "| metric | unit | n | mean [95% CI] |", "|---|---|---:|---|"]
    for metric, label, unit in KEY_METRICS:
        row = main.summary_stat(metric)
        n = int(row["n"]) if np.isfinite(row["n"]) else 0
        lines.append(f"| `{metric}` ({md_escape(label)}) | "
                     f"{md_escape(key_metric_unit(main, metric, unit))} | {n} | "
                     f"{fmt_mean_ci(row)} |")
    lines += ["", "## Worst grids", ""]
    for metric, title, _, higher_is_worse in GRID_METRICS:
        w = worst_grids(main, metric, higher_is_worse, worst)
        which = "highest" if higher_is_worse else "lowest"
        lines.append(f"`{metric}`, {which} first:")
        lines.append("")
        lines += ["| grid | community | mean [95% CI] |", "|---:|---:|---|"]
        for _, r in w.iterrows():
            lines.append(f"| {int(r['grid'])} | {int(r['community'])} | {fmt_mean_ci(r)} |")
        lines.append("")
    if others:
        results = [main] + others
        lines += ["## Scenario comparison", "",
                  "Mean [95% CI] of each scenario (labelled by folder name).", ""]
        for rs in results:
            lines.append(f"- `{md_escape(rs.label)}`: `{os.path.abspath(rs.path)}` "
                         f"({rs.replicates()} replicates)")
        lines += ["", "| metric | " + " | ".join(md_escape(rs.label) for rs in results) + " |",
                  "|---|" + "---|" * len(results)]
        for metric, _, _ in KEY_METRICS:
            cells = [fmt_mean_ci(rs.summary_stat(metric)) for rs in results]
            lines.append(f"| `{metric}` | " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


# --------------------------------------------------------------------------- CLI


def parse_args(argv: list) -> argparse.Namespace:
    """Parse the command line (argparse exits with status 2 on a usage error)."""
    p = argparse.ArgumentParser(
        prog=PROG,
        description="Plot a gridgov result folder and write report.md "
                    "(see the module docstring for the figures).")
    p.add_argument("result_dir", metavar="RESULT_DIR", help="folder written by gridgov run")
    p.add_argument("--out", metavar="DIR", default=None,
                   help="output folder for PNGs and report.md (default: RESULT_DIR/plots)")
    p.add_argument("--compare", metavar="OTHER_RESULT_DIR", nargs="+", default=[],
                   help="other result folders to compare with RESULT_DIR")
    p.add_argument("--worst", metavar="N", type=int, default=3,
                   help="number of worst grids to highlight (default: 3)")
    args = p.parse_args(argv)
    if args.worst < 0:
        p.error("--worst must be >= 0")
    return args


def run(args: argparse.Namespace) -> list:
    """Load the results, draw the figures and write report.md; return the written paths."""
    paths = [args.result_dir] + list(args.compare)
    labels = unique_labels(paths)
    main_rs = load_result(args.result_dir, labels[0])
    others = [load_result(p, lab) for p, lab in zip(args.compare, labels[1:])]
    out_dir = args.out if args.out is not None else os.path.join(args.result_dir, "plots")
    os.makedirs(out_dir, exist_ok=True)
    figures = [plot_timeseries(main_rs, out_dir),
               plot_grids(main_rs, out_dir, args.worst),
               plot_headline(main_rs, out_dir)]
    if others:
        figures.append(plot_compare([main_rs] + others, out_dir))
        figures.append(plot_compare_timeseries([main_rs] + others, out_dir))
    report = os.path.join(out_dir, "report.md")
    atomic_write_text(report, build_report(main_rs, figures, args.worst, others))
    return figures + [report]


def main(argv: list | None = None) -> int:
    """Entry point: return 0 on success, 2 on a missing/invalid input, 1 on a write error."""
    try:
        args = parse_args(sys.argv[1:] if argv is None else list(argv))
    except SystemExit as e:  # argparse: --help (0) or a usage error (2)
        return int(e.code) if isinstance(e.code, int) else 2
    try:
        written = run(args)
    except InputError as e:
        print(f"{PROG}: error: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"{PROG}: error: cannot write output: {e}", file=sys.stderr)
        return 1
    for p in written:
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
