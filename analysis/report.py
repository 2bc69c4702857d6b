#!/usr/bin/python3
"""Write one self-contained HTML report for gridgov result folders.

Usage::

    gridgov report DIR [DIR ...] [--out FILE.html] [--objective [min:|max:]METRIC]
                                 [--worst N] [--top N] [--skip-missing]
    /usr/bin/python3 analysis/report.py DIR [DIR ...] [same options]
                                 [--default-scenario FILE|-]

What each DIR holds is detected from its files:

run folder (``gridgov run``)
    ``scenario.resolved.yaml``, ``summary_ci.csv``, ``timeseries_ci.csv``, ``grids_ci.csv``
    (required) and ``summary.csv``, ``timeseries.csv``, ``grids.csv``, ``buildings.csv``
    (expected). The page shows the scenario in brief (key settings, seed, gridgov version,
    interventions, what differs from the default scenario), the headline metrics with 95%
    intervals, the daily series with replicate bands (warm-up shaded, interventions marked),
    per-grid bars with intervals and a map of the buildings coloured by their grid's results.
sweep folder (``gridgov sweep`` or ``gridgov collect``)
    ``sweep.resolved.yaml``, ``design.csv``, ``points.csv`` (required) and ``runs.csv``,
    ``errors.csv``, ``sensitivity.csv`` (Sobol' and Morris designs) and
    ``point_timeseries.csv`` (``timeseries: true``) (expected). The page shows the design,
    the best points under the objective, response curves, 2-D heatmaps for pairs of varied
    parameters, sensitivity indices and the failed runs.
compare folder (``gridgov compare``)
    ``compare.csv`` (required) and ``compare_timeseries.csv`` (expected): a forest plot of the
    paired differences and the daily differences with their bands.
calibration folder (``gridgov calibrate``)
    ``calibration.resolved.yaml``, ``targets.csv``, ``parameters.csv``, ``trace.csv``
    (required) and ``sensitivity.csv``, ``report.md``, ``attribution.csv`` (when mechanisms are
    held off) (expected); without ``targets.csv`` (written last) the calibration is unfinished
    (exit 2). The page shows the calibration in brief, each target's observed value against the
    start and fitted replicate means with 95% intervals, report.md's verdict on those not
    reached, checks (weight 0) apart, the fitted parameters, and figures: the targets on a
    common normalised scale, the optimisation trace (objective per evaluation, best so far,
    parameter values), the local sensitivity and the mechanisms' shares of each target.
several folders
    Run folders are put side by side (key metrics and daily series overlaid), then calibration
    folders (targets and fitted parameters), then each folder's own sections follow.

The report is one HTML file: figures are embedded as base64 PNG; there is no script, no
external style sheet and no network access. The PNG files are also written into the folder
``<report name>_figures/`` beside it. Default ``--out``: ``DIR/report.html`` (required with
several folders).

Nothing is written until every input has been read and every figure drawn; each file is then
written atomically (temporary file, then rename), the HTML file last.

The default scenario (for "what differs from the default") is read from
``--default-scenario`` (``-``: standard input; ``gridgov report`` passes it so), else from
``gridgov validate scenarios/default.yaml --print`` with the gridgov executable named by
``GRIDGOV_BINARY`` or found in ``build/release``.

Exit status: 0 on success; 2 for bad input (a folder that is missing or holds no gridgov
results, an unfinished run or calibration, a missing required file, a missing expected file without ``--skip-missing``, an
unreadable table, a bad option) with a message on stderr; 1 for any other failure.
"""

from __future__ import annotations

import argparse
import base64
import glob
import html
import io
import math
import os
import re
import subprocess
import sys
import textwrap
import traceback
import warnings
from dataclasses import dataclass, field

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import yaml  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib import ticker  # noqa: E402
from matplotlib.patches import Polygon  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import plot_results as pr  # noqa: E402  (open_temp, fmt_value, unique_labels)

PROG = "gridgov report"

#: CJK font families tried, in order, after DejaVu Sans (Debian: fonts-noto-cjk). Matplotlib
#: indexes a .ttc collection by its first face, which for Noto Sans CJK is "JP": it holds every
#: simplified-Chinese glyph as well.
CJK_FAMILIES = ["Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK TC", "Noto Sans CJK KR",
                "Noto Sans CJK HK", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "AR PL UMing CN",
                "Droid Sans Fallback"]

BLUE, RED, GREY = "#4C72B0", "#C44E52", "0.55"
COLOURS = ["#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3",
           "#937860", "#DA8BC3", "#8C8C8C", "#CCB974", "#64B5CD"]
DPI = 100

#: Headline metrics: (metric, label, unit shown).
KEY_METRICS = [
    ("issues_raised", "Issues raised after the warm-up", "issues"),
    ("resolved_share", "Resolved share", "share"),
    ("resolved_within_deadline_share", "Resolved within deadline", "share"),
    ("time_to_resolve_median_h", "Median time to resolve", "hours"),
    ("time_to_resolve_p90_h", "90th percentile time to resolve", "hours"),
    ("complaints_per_1000hh_month", "12345 complaints per 1,000 households per month",
     "per 1,000 hh-month"),
    ("found_proactively_share", "Found before the resident reported", "share"),
    ("satisfaction_mean", "Mean household satisfaction", "0..1"),
    ("grid_worker_utilisation", "Grid-worker utilisation", "share"),
]
KEY_LABEL = {m: (label, unit) for m, label, unit in KEY_METRICS}

#: Metrics where a higher value is better (for objectives and "worst" grids).
HIGHER_IS_BETTER = {"resolved_share", "resolved_within_deadline_share", "found_proactively_share",
                    "satisfaction_mean", "satisfied_share", "found_by_member_visit_share",
                    "found_by_lead_walk_share", "found_by_patrol_share",
                    "found_by_grid_visit_share", "issues_resolved", "deliberation_settled"}

#: Daily series drawn: (metric, title, y label).
TS_METRICS = [
    ("issues_open", "Open issues (end of day)", "issues"),
    ("complaints", "12345 complaints per day", "complaints / day"),
    ("found_proactively", "Issues found proactively per day", "issues / day"),
    ("satisfaction_mean", "Mean household satisfaction", "satisfaction (0..1)"),
]

#: Per-grid metrics: (metric, title, y label).
GRID_METRICS = [
    ("resolved_share", "Resolved share", "share"),
    ("complaints_per_1000hh_month", "Complaints per 1,000 households per month",
     "per 1,000 hh-month"),
    ("found_proactively_share", "Share found proactively", "share"),
    ("time_to_resolve_mean_h", "Mean time to resolve", "hours"),
]

#: Map panels: (grid metric, title, colour map).
MAP_METRICS = [
    ("complaints_per_1000hh_month", "Complaints per 1,000 hh per month", "YlOrRd"),
    ("time_to_resolve_mean_h", "Mean time to resolve (hours)", "YlOrRd"),
    ("found_proactively_share", "Share found proactively", "YlGn"),
]

#: Key settings shown in a scenario's brief: (key path, label).
KEY_SETTINGS = [
    ("simulation.days", "days simulated"),
    ("simulation.warmup_days", "warm-up days"),
    ("simulation.replicates", "replicates"),
    ("geography.source", "geography"),
    ("geography.stations_per_community", "service stations per community"),
    ("party.enabled", "party members"),
    ("party.members_per_household", "party members per household"),
    ("party.visits_per_month", "member visits per month"),
    ("leads.households_per_lead", "households per building lead"),
    ("leads.walks_per_week", "building-lead walks per week"),
    ("grid.households_per_worker", "households per grid worker"),
    ("grid.patrols_per_day", "grid patrols per day"),
    ("firms.count", "property firms"),
    ("firms.review.enabled", "red/black list review"),
    ("deliberation.enabled", "monthly deliberation"),
    ("hotline.enabled", "12345 hotline"),
]

#: Columns of design.csv that label points rather than set parameters.
DESIGN_LABELS = {"point_id", "name", "block", "base_row", "trajectory", "step", "changed"}

CI_COLS = ["n", "mean", "ci_low", "ci_high"]
COMPARE_COLS = ["seed", "baseline", "scenario", "metric", "unit", "replicates", "mean_baseline",
                "mean", "diff", "diff_ci_low", "diff_ci_high", "rel_change", "unpaired_ci_low",
                "unpaired_ci_high", "variance_ratio"]
COMPARE_TS_COLS = ["seed", "baseline", "scenario", "day", "metric", "diff_mean", "diff_ci_low",
                   "diff_ci_high"]


class InputError(Exception):
    """A folder, file, column or option that the report cannot use (exit status 2)."""


# --------------------------------------------------------------------------- fonts


def configure_fonts() -> list:
    """Make matplotlib fall back to a CJK font for glyphs DejaVu Sans lacks.

    Returns the CJK families found (empty when none is installed).
    """
    available = {f.name for f in font_manager.fontManager.ttflist}
    if not any(name in available for name in CJK_FAMILIES):
        # matplotlib's font cache may predate the font package: add the files themselves.
        for path in sorted(glob.glob("/usr/share/fonts/**/NotoSansCJK*.tt[cf]", recursive=True)
                           + glob.glob("/usr/share/fonts/**/wqy-*.tt[cf]", recursive=True)):
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue
        available = {f.name for f in font_manager.fontManager.ttflist}
    cjk = [name for name in CJK_FAMILIES if name in available]
    plt.rcParams["font.family"] = ["DejaVu Sans"] + cjk
    return cjk


# --------------------------------------------------------------------------- reading


def read_csv(folder: str, name: str, required: list, numeric: list) -> pd.DataFrame:
    """Read ``folder/name``; check required columns and that numeric ones hold numbers.

    ``NA`` and empty cells of numeric columns become NaN. Raises InputError naming the file,
    the column and the row on a problem.
    """
    path = os.path.join(folder, name)
    try:
        df = pd.read_csv(path, na_values=["NA"], keep_default_na=False, dtype=str)
    except FileNotFoundError as e:
        raise InputError(f"missing file {path}") from e
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, OSError) as e:
        raise InputError(f"cannot read {path}: {e}") from e
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(missing)}")
    for col in numeric:
        if col not in df.columns:
            continue
        raw = df[col].replace("", np.nan)
        converted = pd.to_numeric(raw, errors="coerce")
        bad = converted.isna() & raw.notna()
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            raise InputError(f"{path}: column {col} holds a non-numeric value "
                             f"{raw.iloc[row]!r} (data row {row + 1})")
        df[col] = converted.astype(float)
    return df


def read_yaml(folder: str, name: str) -> tuple:
    """Return (parsed mapping, header comment lines) of ``folder/name``; InputError if bad."""
    path = os.path.join(folder, name)
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except FileNotFoundError as e:
        raise InputError(f"missing file {path}") from e
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"cannot read {path}: {e}") from e
    return parse_yaml_text(text, path)


def parse_yaml_text(text: str, path: str) -> tuple:
    """Parse resolved-YAML text; return (mapping, leading comment lines without ``# ``)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise InputError(f"{path}: not valid YAML: {e}") from e
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected a YAML mapping")
    header = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line.lstrip("#").strip())
    return data, header


def header_value(header: list, key: str) -> str | None:
    """Return the text after ``key:`` in a resolved file's header comment, if any."""
    for line in header:
        if line.startswith(key + ":"):
            return line[len(key) + 1:].strip()
    return None


def get_path(tree: dict, path: str, default=None):
    """Return ``tree[a][b]...`` for the dotted ``path``, or ``default``."""
    node = tree
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return default
        node = node[part]
    return node


def flatten(tree, prefix: str = "") -> dict:
    """Flatten a scenario mapping into ``{dotted path: value}``.

    Distributions (mappings with a ``dist`` key) and lists (interventions) are single values.
    """
    out = {}
    if isinstance(tree, dict) and "dist" not in tree:
        for k, v in tree.items():
            out.update(flatten(v, f"{prefix}.{k}" if prefix else str(k)))
    else:
        out[prefix] = tree
    return out


def fmt_setting(v) -> str:
    """Format a scenario value the way the resolved YAML writes it."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return f"{v:g}"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {fmt_setting(x)}" for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(fmt_setting(x) for x in v) + "]"
    if v is None:
        return "(none)"
    return str(v)


def same_setting(a, b) -> bool:
    """True when two scenario values are equal (2 and 2.0 are)."""
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) \
            and not isinstance(a, bool) and not isinstance(b, bool):
        return float(a) == float(b)
    return a == b


def setting_differences(scenario: dict, default: dict) -> list:
    """Return ``[(path, value here, default value)]`` for every setting that differs."""
    a, b = flatten(scenario), flatten(default)
    diffs = []
    for path in list(b) + [p for p in a if p not in b]:
        if path == "gridgov_version":
            continue
        va, vb = a.get(path, None), b.get(path, None)
        if not same_setting(va, vb):
            diffs.append((path, va, vb))
    return diffs


# --------------------------------------------------------------------------- folders


@dataclass
class Folder:
    """One result folder: its kind, tables and parsed resolved YAML."""

    path: str
    label: str
    kind: str
    tables: dict = field(default_factory=dict)
    spec: dict = field(default_factory=dict)
    header: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # expected files missing (--skip-missing)

    def has(self, name: str) -> bool:
        """True when ``name`` was read."""
        return name in self.tables


RUN_REQUIRED = {
    "summary_ci.csv": (["metric"] + CI_COLS, CI_COLS),
    "timeseries_ci.csv": (["day", "metric"] + CI_COLS, ["day"] + CI_COLS),
    "grids_ci.csv": (["grid", "community", "metric"] + CI_COLS, ["grid", "community"] + CI_COLS),
}
RUN_EXPECTED = {
    "summary.csv": (["replicate"], ["replicate"]),
    "timeseries.csv": (["replicate", "day"], ["replicate", "day"]),
    "grids.csv": (["replicate", "grid"], ["replicate", "grid"]),
    "buildings.csv": (["building", "community", "grid", "x", "y", "households", "station"],
                      ["building", "community", "grid", "x", "y", "households", "station"]),
}
PRODUCED_BY = {
    "buildings.csv": "written by gridgov run since the report was added; re-run the scenario "
                     "(gridgov run DIR/scenario.resolved.yaml)",
    "sensitivity.csv": "written at the end of a Sobol' or Morris sweep",
    "point_timeseries.csv": "written by sweeps with timeseries: true",
    "compare_timeseries.csv": "written by gridgov compare",
}


def detect_kind(path: str) -> str:
    """Return ``run``, ``sweep``, ``compare`` or ``calibrate`` for a result folder; InputError
    otherwise."""
    if not os.path.isdir(path):
        raise InputError(f"{path}: no such folder")

    def has(name):
        return os.path.isfile(os.path.join(path, name))

    if has("compare.csv"):
        return "compare"
    if has("sweep.resolved.yaml") or has("points.csv"):
        return "sweep"
    if has("shard.csv"):
        raise InputError(f"{path} is one shard of a sweep: merge the shards first "
                         "(gridgov collect --out DIR SHARD...)")
    if has("calibration.resolved.yaml") or has("targets.csv") or has("trace.csv"):
        return "calibrate"
    if has("scenario.resolved.yaml") or has("summary_ci.csv"):
        return "run"
    raise InputError(f"{path} holds no gridgov results: expected scenario.resolved.yaml "
                     "(a run), sweep.resolved.yaml (a sweep), compare.csv (a comparison) or "
                     "calibration.resolved.yaml (a calibration)")


def read_group(folder: Folder, required: dict, expected: dict, skip_missing: bool) -> None:
    """Read the required tables, then the expected ones (missing: InputError or skipped)."""
    for name, (req, num) in required.items():
        folder.tables[name] = read_csv(folder.path, name, req, num)
    absent = [n for n in expected if not os.path.isfile(os.path.join(folder.path, n))]
    if absent and not skip_missing:
        why = "; ".join(f"{n}: {PRODUCED_BY[n]}" for n in absent if n in PRODUCED_BY)
        raise InputError(f"{folder.path}: missing file(s) {', '.join(absent)}"
                         + (f" ({why})" if why else "")
                         + "; pass --skip-missing to make the report without them")
    for name, (req, num) in expected.items():
        if name in absent:
            folder.skipped.append(name)
        else:
            folder.tables[name] = read_csv(folder.path, name, req, num)


def load_run(folder: Folder, skip_missing: bool) -> None:
    """Read a run folder's resolved scenario and tables."""
    if not os.path.isfile(os.path.join(folder.path, "scenario.resolved.yaml")):
        raise InputError(f"{folder.path}: missing file scenario.resolved.yaml (gridgov run writes "
                         "it last: the run did not finish or the folder is incomplete)")
    folder.spec, folder.header = read_yaml(folder.path, "scenario.resolved.yaml")
    read_group(folder, RUN_REQUIRED, RUN_EXPECTED, skip_missing)
    s = folder.tables["summary_ci.csv"]
    if not any(m in set(s["metric"]) for m, _, _ in KEY_METRICS):
        raise InputError(f"{folder.path}/summary_ci.csv: none of the headline metrics "
                         f"({', '.join(m for m, _, _ in KEY_METRICS)})")
    if folder.has("buildings.csv"):
        b = folder.tables["buildings.csv"]
        grids = set(folder.tables["grids_ci.csv"]["grid"].astype(int))
        stray = sorted(set(b["grid"].astype(int)) - grids)
        if stray:
            raise InputError(f"{folder.path}: buildings.csv names grid(s) {stray[:5]} that "
                             "grids_ci.csv does not have (files from different runs?)")


def load_sweep(folder: Folder, skip_missing: bool) -> None:
    """Read a sweep folder's resolved sweep and tables."""
    folder.spec, folder.header = read_yaml(folder.path, "sweep.resolved.yaml")
    design = folder.spec.get("design") or {}
    expected = {"runs.csv": (["run_id", "point_id", "replicate", "status"], ["point_id"]),
                "errors.csv": (["run_id", "point_id", "replicate", "status", "message"],
                               ["point_id"])}
    if design.get("type") in ("sobol", "morris"):
        expected["sensitivity.csv"] = (["metric", "parameter", "index", "value"],
                                       ["value", "ci_low", "ci_high"])
    if folder.spec.get("timeseries"):
        expected["point_timeseries.csv"] = (["point_id", "day", "metric"] + CI_COLS,
                                            ["point_id", "day"] + CI_COLS)
    required = {"design.csv": (["point_id"], ["point_id"]),
                "points.csv": (["point_id", "metric", "runs_planned", "runs_ok"] + CI_COLS,
                               ["point_id", "runs_planned", "runs_ok"] + CI_COLS)}
    read_group(folder, required, expected, skip_missing)
    d = folder.tables["design.csv"]
    params = [c for c in d.columns if c not in DESIGN_LABELS]
    if not params:
        raise InputError(f"{folder.path}/design.csv: no parameter columns")
    for p in params:  # numeric parameters become numbers; choices stay text
        num = pd.to_numeric(d[p].replace("", np.nan), errors="coerce")
        if num.notna().all():
            d[p] = num.astype(float)
    folder.spec["_parameters"] = params
    if folder.tables["points.csv"].empty:
        raise InputError(f"{folder.path}/points.csv: no data rows (is the sweep finished?)")


def load_compare(folder: Folder, skip_missing: bool) -> None:
    """Read a compare folder's tables."""
    num = ["replicates", "mean_baseline", "mean", "diff", "diff_ci_low", "diff_ci_high",
           "rel_change", "unpaired_ci_low", "unpaired_ci_high", "variance_ratio"]
    read_group(folder, {"compare.csv": (COMPARE_COLS, num)},
               {"compare_timeseries.csv": (COMPARE_TS_COLS,
                                           ["day", "diff_mean", "diff_ci_low", "diff_ci_high"])},
               skip_missing)
    if folder.tables["compare.csv"].empty:
        raise InputError(f"{folder.path}/compare.csv: no data rows")
    for name in sorted(os.listdir(folder.path)):  # a resolved file, if any, names the version
        if name.endswith(".resolved.yaml"):
            try:
                spec, header = read_yaml(folder.path, name)
            except InputError:
                continue
            folder.spec, folder.header = spec, header
            break


def load_folder(path: str, label: str, skip_missing: bool) -> Folder:
    """Detect a folder's kind and read it."""
    kind = detect_kind(path)
    folder = Folder(path=path, label=label, kind=kind)
    {"run": load_run, "sweep": load_sweep, "compare": load_compare,
     "calibrate": load_calibrate}[kind](folder, skip_missing)
    return folder


def load_default_scenario(arg: str | None) -> tuple:
    """Return (default scenario mapping or None, where it came from or why it is missing)."""
    if arg == "-":
        text = sys.stdin.read()
        return parse_yaml_text(text, "<standard input>")[0], "gridgov's built-in default scenario"
    if arg:
        try:
            with open(arg, encoding="utf-8") as f:
                text = f.read()
        except OSError as e:
            raise InputError(f"--default-scenario {arg}: {e}") from e
        return parse_yaml_text(text, arg)[0], arg
    candidates = [os.environ.get("GRIDGOV_BINARY", ""),
                  os.path.join(SOURCE_DIR, "build", "release", "gridgov")]
    default_yaml = os.path.join(SOURCE_DIR, "scenarios", "default.yaml")
    for binary in candidates:
        if binary and os.access(binary, os.X_OK) and os.path.isfile(default_yaml):
            try:
                p = subprocess.run([binary, "validate", default_yaml, "--print"],
                                   capture_output=True, text=True, timeout=60, check=False)
            except (OSError, subprocess.TimeoutExpired):
                continue
            if p.returncode == 0:
                return parse_yaml_text(p.stdout, default_yaml)[0], default_yaml
    return None, ("the default scenario is not known here (run the report through "
                  "gridgov report, or set GRIDGOV_BINARY)")


# --------------------------------------------------------------------------- formatting


def esc(x) -> str:
    """HTML-escape any value."""
    return html.escape(str(x), quote=True)


def fmt(x) -> str:
    """A number for the page (``NA`` when missing)."""
    try:
        return pr.fmt_value(float(x))
    except (TypeError, ValueError):
        return "NA"


def finite(x) -> bool:
    """True for a finite number."""
    try:
        return bool(np.isfinite(float(x)))
    except (TypeError, ValueError):
        return False


def fmt_count(x) -> str:
    """A count (``NA`` when missing)."""
    return str(int(x)) if finite(x) else "NA"


def fmt_ci(lo, hi) -> str:
    """``[lo, hi]``, or a note when there is no interval."""
    if finite(lo) and finite(hi):
        return f"[{fmt(lo)}, {fmt(hi)}]"
    return "no interval"


def num_attr(x) -> str:
    """A number as a data attribute (``repr`` precision, ``NA`` when missing)."""
    return repr(float(x)) if finite(x) else "NA"


def higher_is_better(metric: str) -> bool:
    """True for metrics where more is better."""
    return metric in HIGHER_IS_BETTER


def table_html(headers: list, rows: list, cls: str = "data", row_attrs: list | None = None) -> str:
    """An HTML table; cells are already-escaped HTML strings."""
    out = [f'<table class="{cls}"><thead><tr>']
    out += [f"<th>{h}</th>" for h in headers]
    out.append("</tr></thead><tbody>")
    for i, r in enumerate(rows):
        attrs = row_attrs[i] if row_attrs else ""
        out.append(f"<tr{(' ' + attrs) if attrs else ''}>"
                   + "".join(f"<td>{c}</td>" for c in r) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def errbars(mean, lo, hi) -> np.ndarray:
    """2xN non-negative error-bar lengths; missing bounds give 0."""
    return pr.ci_errors(mean, lo, hi)


# --------------------------------------------------------------------------- the page model


@dataclass
class Figure:
    """A rendered figure: PNG bytes, caption and data attributes for its <img>."""

    fig_id: str
    title: str
    caption: str
    png: bytes
    attrs: dict = field(default_factory=dict)


@dataclass
class Section:
    """A section of the page: an id, a heading, HTML and figures (drawn after the HTML)."""

    sec_id: str
    title: str
    body: str = ""
    figures: list = field(default_factory=list)
    level: int = 2


def render(fig) -> bytes:
    """Render a matplotlib figure to PNG bytes and close it."""
    buf = io.BytesIO()
    try:
        fig.savefig(buf, format="png", dpi=DPI, bbox_inches="tight", facecolor="white")
    finally:
        plt.close(fig)
    return buf.getvalue()


def shade_warmup(ax, warmup) -> None:
    """Shade the warm-up days."""
    if finite(warmup) and float(warmup) > 0:
        ax.axvspan(0, float(warmup), color="0.88", lw=0, label="warm-up", zorder=0)


def mark_interventions(ax, interventions: list, with_text: bool) -> None:
    """Draw each intervention as a dashed vertical line, with its label when asked."""
    for k, iv in enumerate(interventions):
        day = iv.get("day")
        if not finite(day):
            continue
        ax.axvline(float(day), color="#8172B3", ls="--", lw=1.1,
                   label="intervention" if k == 0 else None)
        if with_text:
            label = str(iv.get("label") or f"day {fmt_setting(day)}")
            if len(label) > 24:  # the full label is in the scenario's table
                label = label[:23] + "…"
            t = ax.text(float(day), 0.98, f" {label}", transform=ax.get_xaxis_transform(),
                        rotation=90, va="top", ha="right", fontsize=8, color="#54478C",
                        clip_on=True)
            t.set_in_layout(False)


def band(ax, x, lo, hi, colour, alpha, label) -> bool:
    """Fill a band where both bounds are finite; return True when anything was drawn."""
    lo = np.asarray(lo, dtype=float)
    hi = np.asarray(hi, dtype=float)
    ok = np.isfinite(lo) & np.isfinite(hi)
    if not ok.any():
        return False
    ax.fill_between(np.asarray(x, dtype=float), np.where(ok, lo, np.nan), np.where(ok, hi, np.nan),
                    color=colour, alpha=alpha, lw=0, label=label)
    return True


# --------------------------------------------------------------------------- run pages


def run_interventions(folder: Folder) -> list:
    """The scenario's interventions (list of mappings with day, label, set)."""
    ivs = folder.spec.get("interventions") or []
    return [iv for iv in ivs if isinstance(iv, dict)]


def run_replicates(folder: Folder) -> int:
    """Replicates of a run (the largest n of summary_ci.csv)."""
    n = folder.tables["summary_ci.csv"]["n"]
    return int(n.max()) if n.notna().any() else 0


def scenario_section(folder: Folder, default: dict | None, default_note: str, pre: str) -> Section:
    """The scenario in brief: key settings, interventions, differences from the default."""
    spec = folder.spec
    version = spec.get("gridgov_version") or header_value(folder.header, "gridgov") or "unknown"
    source = header_value(folder.header, "Source") or "unknown"
    rows = [("result folder", esc(os.path.abspath(folder.path))),
            ("scenario file", esc(source)),
            ("gridgov version", esc(version)),
            ("seed", esc(fmt_setting(get_path(spec, "simulation.seed"))))]
    for path, label in KEY_SETTINGS:
        v = get_path(spec, path)
        if v is not None:
            rows.append((esc(label), f"{esc(fmt_setting(v))} <code>{esc(path)}</code>"))
    if get_path(spec, "geography.source") == "lattice":
        shape = " × ".join(fmt_setting(get_path(spec, f"geography.{k}")) for k in
                           ("communities", "grids_per_community", "buildings_per_grid",
                            "households_per_building"))
        rows.append(("communities × grids × buildings × households", esc(shape)))
    elif get_path(spec, "geography.buildings_csv"):
        rows.append(("buildings file", esc(get_path(spec, "geography.buildings_csv"))))
    if folder.has("buildings.csv"):
        b = folder.tables["buildings.csv"]
        rows.append(("buildings, households, stations",
                     esc(f"{len(b)}, {int(b['households'].sum())}, {int(b['station'].sum())}")))
    body = [table_html(["setting", "value"], [list(r) for r in rows], cls="kv")]
    ivs = run_interventions(folder)
    body.append(f'<h3 id="{pre}interventions">Interventions</h3>')
    if ivs:
        body.append(table_html(["day", "label", "sets"], [
            [esc(fmt_setting(iv.get("day"))), esc(iv.get("label", "")),
             esc(", ".join(f"{k} = {fmt_setting(v)}" for k, v in (iv.get("set") or {}).items()))]
            for iv in ivs]))
    else:
        body.append("<p>None: the policy stays the same for the whole run.</p>")
    body.append(differences_html(spec, default, default_note, pre))
    return Section(f"{pre}scenario", f"Scenario: {esc(folder.label)}", "".join(body))


def differences_html(spec: dict, default: dict | None, default_note: str, pre: str) -> str:
    """The table of settings that differ from the default scenario."""
    out = [f'<h3 id="{pre}differences">What differs from the default scenario</h3>']
    if default is None:
        out.append(f'<p class="notice">Not shown: {esc(default_note)}.</p>')
        return "".join(out)
    diffs = setting_differences(spec, default)
    if not diffs:
        out.append("<p>Nothing: this is the default scenario (<code>gridgov run</code> "
                   "without a file).</p>")
    else:
        out.append(f"<p>{len(diffs)} setting(s) differ from {esc(default_note)}:</p>")
        out.append(table_html(["setting", "here", "default"], [
            [f"<code>{esc(p)}</code>", esc(fmt_setting(a)), esc(fmt_setting(b))]
            for p, a, b in diffs], row_attrs=[f'data-setting="{esc(p)}"' for p, _, _ in diffs]))
    return "".join(out)


def headline_rows(ci: pd.DataFrame) -> tuple:
    """Rows and row attributes of a headline table from a summary_ci-like frame."""
    rows, attrs = [], []
    for metric, label, unit in KEY_METRICS:
        sub = ci[ci["metric"] == metric]
        if sub.empty:
            continue
        r = sub.iloc[0]
        spread = (f"{fmt(r['p10'])} – {fmt(r['p90'])}" if "p10" in r and finite(r.get("p10"))
                  and int(r["n"]) > 1 else "")
        rows.append([esc(label), f"<code>{esc(metric)}</code>", esc(unit), esc(fmt(r["mean"])),
                     f'<span class="nw">{esc(fmt_ci(r["ci_low"], r["ci_high"]))}</span>',
                     esc(fmt_count(r["n"])), f'<span class="nw">{esc(spread)}</span>'])
        attrs.append(f'data-metric="{esc(metric)}" data-mean="{num_attr(r["mean"])}" '
                     f'data-ci-low="{num_attr(r["ci_low"])}" '
                     f'data-ci-high="{num_attr(r["ci_high"])}"')
    return rows, attrs


def run_headline_section(folder: Folder, pre: str) -> Section:
    """Headline metrics with 95% intervals from summary_ci.csv."""
    ci = folder.tables["summary_ci.csv"]
    for c in ("p10", "p90"):
        if c in ci.columns:
            ci[c] = pd.to_numeric(ci[c], errors="coerce")
    rows, attrs = headline_rows(ci)
    n = run_replicates(folder)
    body = []
    if n < 2:
        body.append(f'<p class="notice" id="{pre}one-replicate">This run has {n} replicate: '
                    "there is no confidence interval (an interval needs at least two "
                    "replicates; run with <code>--replicates 5</code> or more).</p>")
    body.append(f"<p>Mean over {n} replicate(s) with the 95% confidence interval of the mean "
                "(Student t) and the 10th–90th percentile of the replicates.</p>")
    body.append(table_html(["metric", "column", "unit", "mean", "95% CI", "n", "p10 – p90"],
                           rows, row_attrs=attrs))
    return Section(f"{pre}headline", "Headline metrics", "".join(body))


def fig_run_timeseries(folder: Folder, pre: str) -> Figure:
    """Daily series: mean, 95% CI band and p10–p90 band, warm-up, interventions."""
    ci = folder.tables["timeseries_ci.csv"].copy()
    for c in ("p10", "p90"):
        ci[c] = pd.to_numeric(ci[c], errors="coerce") if c in ci.columns else np.nan
    warm = get_path(folder.spec, "simulation.warmup_days")
    ivs = run_interventions(folder)
    metrics = [m for m in TS_METRICS if m[0] in set(ci["metric"])]
    if not metrics:
        raise InputError(f"{folder.path}/timeseries_ci.csv: none of the daily metrics "
                         f"{', '.join(m for m, _, _ in TS_METRICS)}")
    fig, axes = plt.subplots(len(metrics), 1, figsize=(10, 2.4 * len(metrics) + 0.6),
                             sharex=True, squeeze=False)
    banded = False
    for k, (ax, (metric, title, ylabel)) in enumerate(zip(axes[:, 0], metrics)):
        d = ci[ci["metric"] == metric].sort_values("day")
        shade_warmup(ax, warm)
        if (d["n"] > 1).any():
            band(ax, d["day"], d["p10"], d["p90"], BLUE, 0.12, "10–90% of replicates")
            banded |= band(ax, d["day"], d["ci_low"], d["ci_high"], BLUE, 0.35,
                           "95% CI of the mean")
        ax.plot(d["day"], d["mean"], color=BLUE, lw=1.4, label="mean over replicates")
        mark_interventions(ax, ivs, with_text=True)
        ax.set_title(title, fontsize=10, loc="left")
        ax.set_ylabel(ylabel)
        ax.grid(True, alpha=0.3)
        if k == 0:
            ax.legend(loc="upper left", fontsize=7, ncol=3, framealpha=0.85)
    axes[-1, 0].set_xlabel("simulated day")
    fig.tight_layout()
    cap = ("Mean over replicates per simulated day; dark band: 95% confidence interval of the "
           "mean; light band: 10th–90th percentile of the replicates; grey: warm-up (not "
           "counted in the headline metrics); dashed lines: interventions.")
    if not banded:
        cap += " <strong>No bands: one replicate, so there is no interval.</strong>"
    return Figure(f"{pre}fig-timeseries", "Daily series", cap, render(fig),
                  {"data-banded": "1" if banded else "0", "data-interventions": str(len(ivs))})


def worst_grids(g: pd.DataFrame, metric: str, k: int) -> list:
    """The ``k`` worst grid numbers of a grids_ci metric (NaN never worst)."""
    d = g[g["metric"] == metric].dropna(subset=["mean"])
    d = d.sort_values(["mean", "grid"], ascending=[higher_is_better(metric), True])
    return [int(x) for x in d["grid"].head(max(0, k))]


def fig_run_grids(folder: Folder, pre: str, worst: int) -> Figure:
    """Per-grid bars with 95% CI error bars; the worst grids in red."""
    g = folder.tables["grids_ci.csv"]
    metrics = [m for m in GRID_METRICS if m[0] in set(g["metric"])]
    n_grids = int(g["grid"].nunique())
    fig, axes = plt.subplots(len(metrics), 1, squeeze=False,
                             figsize=(min(30.0, max(9.0, 0.3 * n_grids)), 2.3 * len(metrics) + 0.6))
    for ax, (metric, title, ylabel) in zip(axes[:, 0], metrics):
        d = g[g["metric"] == metric].sort_values("grid")
        bad = set(worst_grids(g, metric, worst))
        x = np.arange(len(d))
        ax.bar(x, d["mean"].fillna(0.0), color=[RED if int(v) in bad else BLUE for v in d["grid"]],
               yerr=errbars(d["mean"], d["ci_low"], d["ci_high"]),
               error_kw={"ecolor": "0.2", "capsize": 2, "lw": 0.8})
        step = max(1, int(math.ceil(len(d) / 50)))
        ax.set_xticks(x[::step])
        ax.set_xticklabels([f"{int(a)}\nc{int(b)}" for a, b in
                            zip(d["grid"][::step], d["community"][::step])], fontsize=7)
        ax.set_xlim(-0.7, len(d) - 0.3)
        which = "highest" if not higher_is_better(metric) else "lowest"
        ax.set_title(f"{title} (red: the {len(bad)} {which})", fontsize=10, loc="left")
        ax.set_ylabel(ylabel)
        ax.grid(True, axis="y", alpha=0.3)
    axes[-1, 0].set_xlabel("grid (c = community)")
    fig.tight_layout()
    cap = ("Per grid: mean over replicates with the 95% confidence interval of the mean as "
           "error bars (none with one replicate); the worst grids of each metric in red.")
    return Figure(f"{pre}fig-grids", "Grids", cap, render(fig), {"data-grids": str(n_grids)})


def padded_hull(x: np.ndarray, y: np.ndarray, pad: float) -> np.ndarray:
    """Convex hull (monotone chain) of squares of half-width ``pad`` around the points."""
    pts = np.unique(np.column_stack([
        np.concatenate([x - pad, x + pad, x - pad, x + pad]),
        np.concatenate([y - pad, y - pad, y + pad, y + pad])]), axis=0)
    pts = sorted(map(tuple, pts))

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower, upper = [], []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return np.array(lower[:-1] + upper[:-1])


def building_spacing(b: pd.DataFrame) -> float:
    """Median distance from a building to its nearest neighbour (sampled for large maps)."""
    xy = b[["x", "y"]].to_numpy(dtype=float)
    if len(xy) < 2:
        return 1.0
    rng = np.random.default_rng(0)
    sample = xy if len(xy) <= 400 else xy[rng.choice(len(xy), 400, replace=False)]
    nearest = []
    for chunk in np.array_split(sample, max(1, len(sample) // 50)):
        d2 = ((chunk[:, None, :] - xy[None, :, :]) ** 2).sum(axis=2)
        d2[d2 == 0] = np.inf  # the building itself (and buildings at the same place)
        nearest.append(np.sqrt(d2.min(axis=1)))
    nn = np.concatenate(nearest)
    nn = nn[np.isfinite(nn)]
    if len(nn) == 0:
        return 1.0
    return float(np.median(nn))


def microgrid_groups(b: pd.DataFrame) -> list:
    """Building selections of the micro-grids to outline: those of grids split into more than one
    (none for a buildings.csv written before micro-grids had a column)."""
    if "microgrid" not in b.columns:
        return []
    mg = b["microgrid"].astype(int)
    per_grid = mg.groupby(b["grid"].astype(int)).nunique()
    split = set(per_grid[per_grid > 1].index)
    return [(mg == m).to_numpy() for m in sorted(set(mg))
            if int(b.loc[mg == m, "grid"].iloc[0]) in split]


def fig_run_map(folder: Folder, pre: str, worst: int) -> Figure:
    """Buildings at their coordinates, coloured by their grid's results; grids outlined, and
    micro-grids in lighter dashed lines."""
    b = folder.tables["buildings.csv"]
    g = folder.tables["grids_ci.csv"]
    panels = [m for m in MAP_METRICS if m[0] in set(g["metric"])]
    n = len(b)
    xy = b[["x", "y"]].to_numpy(dtype=float)
    spacing = building_spacing(b)
    span_x = float(np.ptp(xy[:, 0])) + 2 * spacing
    span_y = float(np.ptp(xy[:, 1])) + 2 * spacing
    aspect = span_y / span_x if span_x > 0 else 1.0
    # Wide maps: panels stacked, each the full width; others side by side.
    stacked = aspect < 0.8
    width = 11.0 if stacked else 5.2
    height = min(9.0, max(2.5, width * aspect))
    if stacked:
        fig, axes = plt.subplots(len(panels), 1, squeeze=False,
                                 figsize=(width + 1.5, (height + 0.9) * len(panels)))
        axes = axes.T
    else:
        fig, axes = plt.subplots(1, len(panels), squeeze=False,
                                 figsize=((width + 1.2) * len(panels), height + 1.2))
    # Squares about 85% of the building spacing wide (in points), scaled by households.
    pts_per_unit = min(width * 72 / span_x, height * 72 / max(span_y, 1e-9))
    hh = b["households"].to_numpy(dtype=float)
    scale = np.clip(np.sqrt(hh / max(1.0, float(np.nanmedian(hh)))), 0.5, 1.5)
    area = np.clip((0.85 * spacing * pts_per_unit * scale) ** 2, 1.5, 400.0)
    star = float(np.clip(3.0 * np.median(area), 25.0, 160.0))
    marks, labelled = [], []
    grid_ids = sorted(set(b["grid"].astype(int)))
    microgrids = microgrid_groups(b)
    for ax, (metric, title, cmap_name) in zip(axes[0], panels):
        d = g[g["metric"] == metric].set_index(g[g["metric"] == metric]["grid"].astype(int))
        value = b["grid"].astype(int).map(d["mean"]).to_numpy(dtype=float)
        cmap = plt.get_cmap(cmap_name).copy()
        cmap.set_bad("0.8")
        for gid in grid_ids:
            sel = (b["grid"].astype(int) == gid).to_numpy()
            hull = padded_hull(xy[sel, 0], xy[sel, 1], 0.4 * spacing)
            ax.add_patch(Polygon(hull, closed=True, fill=False, ec="0.35", lw=0.8, zorder=1))
        for sel in microgrids:
            hull = padded_hull(xy[sel, 0], xy[sel, 1], 0.3 * spacing)
            ax.add_patch(Polygon(hull, closed=True, fill=False, ec="0.65", lw=0.5, ls="--",
                                 zorder=1))
        sc = ax.scatter(xy[:, 0], xy[:, 1], c=value, s=area, cmap=cmap, edgecolors="0.25",
                        linewidths=0.3, plotnonfinite=True, zorder=2, marker="s")
        marks.append(len(sc.get_offsets()))
        st = b["station"].to_numpy(dtype=float) > 0
        if st.any():
            ax.scatter(xy[st, 0], xy[st, 1], marker="*", s=star, c="#1f3b73", edgecolors="white",
                       linewidths=0.4, zorder=3, label="party-mass service station")
            ax.legend(loc="upper left", bbox_to_anchor=(0.0, -0.07), fontsize=7, frameon=False)
        fig.colorbar(sc, ax=ax, shrink=0.8)
        labelled.append([])
        for gid in worst_grids(g, metric, worst):
            sel = (b["grid"].astype(int) == gid).to_numpy()
            if not sel.any():
                continue
            labelled[-1].append(gid)
            comm = int(b.loc[sel, "community"].iloc[0])
            ax.annotate(f"grid {gid} (c{comm})\n{fmt(d['mean'].get(gid))}",
                        (xy[sel, 0].mean(), xy[sel, 1].mean()), ha="center", va="center",
                        fontsize=7, zorder=4, color="#7a0c0c",
                        bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": RED,
                              "alpha": 0.85})
        which = "lowest" if higher_is_better(metric) else "highest"
        ax.set_title(f"{title}\n(labelled: the {min(worst, len(grid_ids))} {which})",
                     fontsize=9)
        ax.set_aspect("equal")
        ax.set_xlim(xy[:, 0].min() - spacing, xy[:, 0].max() + spacing)
        ax.set_ylim(xy[:, 1].min() - spacing, xy[:, 1].max() + spacing)
        ax.tick_params(labelsize=7)
    fig.tight_layout()
    cap = (f"{n} buildings at their coordinates (squares, size by households), each coloured by "
           "its grid's mean over replicates; outlines: grids"
           + ("; dashed: micro-grids" if microgrids else "") + "; stars: party-mass service "
           "stations; boxes: the worst grids of each panel; grey: no value (no issues).")
    return Figure(f"{pre}fig-map", "Map", cap, render(fig),
                  {"data-marks": ",".join(map(str, marks)), "data-buildings": str(n),
                   "data-stations": str(int((b["station"] > 0).sum())),
                   "data-microgrids": str(len(microgrids)),
                   "data-labelled": ";".join(",".join(map(str, p)) for p in labelled)})


def run_sections(folder: Folder, args, default, default_note, pre: str) -> list:
    """Every section of one run folder."""
    secs = [scenario_section(folder, default, default_note, pre),
            run_headline_section(folder, pre)]
    figs = Section(f"{pre}figures", "Figures")
    figs.figures.append(fig_run_timeseries(folder, pre))
    figs.figures.append(fig_run_grids(folder, pre, args.worst))
    if folder.has("buildings.csv"):
        figs.figures.append(fig_run_map(folder, pre, args.worst))
    secs.append(figs)
    return secs


# --------------------------------------------------------------------------- sweep pages


def parse_objective(text: str) -> tuple:
    """``[min:|max:]METRIC`` -> (metric, True when lower is better)."""
    if ":" in text:
        how, metric = text.split(":", 1)
        if how not in ("min", "max") or not metric:
            raise InputError(f"--objective {text}: expected METRIC, min:METRIC or max:METRIC")
        return metric, how == "min"
    return text, not higher_is_better(text)


def sweep_point_table(folder: Folder, metric: str) -> pd.DataFrame:
    """One row per design point: parameters, run counts and the metric's statistics."""
    p = folder.tables["points.csv"]
    d = folder.tables["design.csv"]
    sub = p[p["metric"] == metric][["point_id", "runs_planned", "runs_ok"] + CI_COLS]
    out = d.merge(sub, on="point_id", how="left")
    return out.sort_values("point_id").reset_index(drop=True)


def sweep_design_section(folder: Folder, default, default_note, pre: str) -> Section:
    """The sweep in brief: design, parameters, seed, version, base scenario differences."""
    spec = folder.spec
    design = spec.get("design") or {}
    params = spec["_parameters"]
    version = spec.get("gridgov_version") or "unknown"
    source = header_value(folder.header, "Source") or "unknown"
    points = folder.tables["design.csv"]
    rows = [("result folder", esc(os.path.abspath(folder.path))),
            ("sweep file", esc(source)), ("gridgov version", esc(version)),
            ("seed", esc(fmt_setting(spec.get("seed")))),
            ("design", esc(design.get("type", "unknown"))),
            ("points × replicates", esc(f"{len(points)} × {fmt_setting(spec.get('replicates'))}"))]
    base = spec.get("base") if isinstance(spec.get("base"), dict) else {}
    for path, label in KEY_SETTINGS[:3]:
        v = get_path(base, path)
        if v is not None:
            rows.append((esc(label) + " (base)", esc(fmt_setting(v))))
    body = [table_html(["setting", "value"], [list(r) for r in rows], cls="kv"),
            f'<h3 id="{pre}parameters">Varied parameters</h3>']
    prow = []
    for name in params:
        col = points[name]
        levels = sorted(col.unique(), key=str)
        if pd.api.types.is_numeric_dtype(col):
            rng = f"{fmt(col.min())} … {fmt(col.max())}"
        else:
            rng = ", ".join(map(str, levels[:8])) + (" …" if len(levels) > 8 else "")
        base_v = get_path(base, name)
        prow.append([f"<code>{esc(name)}</code>", esc(rng), esc(len(levels)),
                     esc(fmt_setting(base_v))])
    body.append(table_html(["parameter", "range", "distinct values", "base value"], prow))
    ivs = base.get("interventions") or []
    if ivs:
        body.append(f"<p>The base scenario has {len(ivs)} intervention(s): "
                    + esc("; ".join(f"day {fmt(i.get('day'))}: {i.get('label', '')}" for i in ivs))
                    + ".</p>")
    body.append(differences_html(base, default, default_note, pre))
    return Section(f"{pre}scenario", f"Sweep: {esc(folder.label)}", "".join(body))


def sweep_headline_section(folder: Folder, args, pre: str) -> Section:
    """Best points under the objective, with 95% intervals; failures noted."""
    metric, lower = parse_objective(args.objective)
    p = folder.tables["points.csv"]
    if metric not in set(p["metric"]):
        raise InputError(f"--objective: {metric} is not a metric of {folder.path}/points.csv")
    t = sweep_point_table(folder, metric)
    params = folder.spec["_parameters"]
    ranked = t.dropna(subset=["mean"]).sort_values(["mean", "point_id"], ascending=[lower, True])
    none = t[t["mean"].isna()]
    body = [f'<p id="{pre}objective">Objective: <strong>{"lowest" if lower else "highest"} '
            f"<code>{esc(metric)}</code></strong> (mean over the point's replicates that "
            "finished; 95% confidence interval of the mean). Points with failed runs are "
            "flagged; points with no finished run are not ranked.</p>"]
    others = [m for m, _, _ in KEY_METRICS if m != metric and m in set(p["metric"])][:3]
    other_t = {m: sweep_point_table(folder, m).set_index("point_id") for m in others}
    rows, attrs = [], []
    for rank, (_, r) in enumerate(ranked.head(args.top).iterrows(), start=1):
        pid = int(r["point_id"])
        flag = "" if r["runs_ok"] == r["runs_planned"] else \
            f' <span class="warn">{int(r["runs_ok"])}/{int(r["runs_planned"])} runs ok</span>'
        cells = [str(rank), f"{pid}{flag}"]
        cells += [esc(fmt(r[q]) if isinstance(r[q], float) else r[q]) for q in params]
        cells += [f"{esc(fmt(r['mean']))} {esc(fmt_ci(r['ci_low'], r['ci_high']))}"]
        for m in others:
            o = other_t[m].loc[pid]
            cells.append(f"{esc(fmt(o['mean']))} {esc(fmt_ci(o['ci_low'], o['ci_high']))}")
        rows.append(cells)
        attrs.append(f'data-point="{pid}" data-mean="{num_attr(r["mean"])}"')
    heads = ["rank", "point"] + [f"<code>{esc(q)}</code>" for q in params] + \
        [f"<code>{esc(metric)}</code> [95% CI]"] + [f"<code>{esc(m)}</code>" for m in others]
    body.append(table_html(heads, rows, row_attrs=attrs))
    if len(none):
        body.append(f'<p class="notice" id="{pre}unranked">Not ranked (no run finished): '
                    f"point(s) {esc(', '.join(str(int(x)) for x in none['point_id']))}.</p>")
    return Section(f"{pre}headline", "Headline: best points", "".join(body))


def sweep_failures_section(folder: Folder, pre: str) -> Section:
    """Runs that failed or timed out."""
    body = []
    if folder.has("runs.csv"):
        runs = folder.tables["runs.csv"]
        bad = runs[runs["status"] != "ok"]
        body.append(f"<p>{len(runs)} run(s), {len(bad)} failed or timed out.</p>")
    else:
        bad = pd.DataFrame()
    if folder.has("errors.csv") and len(folder.tables["errors.csv"]):
        e = folder.tables["errors.csv"]
        body.append(table_html(["run", "point", "replicate", "attempt", "status", "message"], [
            [esc(r["run_id"]), esc(int(r["point_id"])), esc(r["replicate"]), esc(r.get("attempt", "")),
             esc(r["status"]), esc(r["message"])] for _, r in e.head(50).iterrows()]))
        if len(e) > 50:
            body.append(f"<p>… and {len(e) - 50} more in errors.csv.</p>")
    elif not len(bad):
        body.append("<p>Every run finished.</p>")
    return Section(f"{pre}failures", "Failed runs", "".join(body))


def is_discrete(values: pd.Series) -> bool:
    """True for a parameter with few distinct levels."""
    return values.nunique() <= 10


def is_grid(folder: Folder) -> bool:
    """True when the design points form a full grid of few levels (factorial designs)."""
    d = folder.tables["design.csv"]
    params = folder.spec["_parameters"]
    if (folder.spec.get("design") or {}).get("type") in ("lhs", "sobol", "morris"):
        return False  # sampled designs: shown as points and binned trends
    if not all(is_discrete(d[p]) for p in params):
        return False
    return len(d.drop_duplicates(subset=params)) == int(np.prod([d[p].nunique() for p in params]))


def sweep_metrics(folder: Folder, objective: str) -> list:
    """The metrics drawn for a sweep: the objective and up to three headline metrics."""
    present = set(folder.tables["points.csv"]["metric"])
    out = [objective] + [m for m in ("resolved_share", "time_to_resolve_median_h",
                                     "satisfaction_mean", "found_proactively_share")
                         if m in present and m != objective]
    return out[:4]


def metric_title(metric: str) -> str:
    """A metric's label, or its column name."""
    return KEY_LABEL.get(metric, (metric, ""))[0]


def fig_sweep_response(folder: Folder, pre: str, objective: str) -> Figure:
    """Response curves: each metric against each varied parameter."""
    params = folder.spec["_parameters"]
    metrics = sweep_metrics(folder, objective)
    design = folder.tables["design.csv"]
    grid = is_grid(folder)
    fig, axes = plt.subplots(len(metrics), len(params), squeeze=False,
                             figsize=(4.2 * len(params) + 0.5, 2.8 * len(metrics) + 0.5))
    for i, metric in enumerate(metrics):
        t = sweep_point_table(folder, metric)
        for j, p in enumerate(params):
            ax = axes[i, j]
            numeric = pd.api.types.is_numeric_dtype(design[p])
            others = [q for q in params if q != p]
            if numeric and grid:
                if not others:
                    combos = [((), t)]
                elif len(others) == 1:
                    combos = [((k,), grp) for k, grp in t.groupby(others[0], dropna=False)]
                else:
                    combos = list(t.groupby(others, dropna=False))
                if len(combos) <= 6:
                    for k, (key, grp) in enumerate(combos):
                        grp = grp.sort_values(p)
                        c = COLOURS[k % len(COLOURS)]
                        lab = ", ".join(f"{q.split('.')[-1]}={fmt(v) if isinstance(v, float) else v}"
                                        for q, v in zip(others, key))
                        band(ax, grp[p], grp["ci_low"], grp["ci_high"], c, 0.2, None)
                        ax.plot(grp[p], grp["mean"], "o-", color=c, ms=4, lw=1.3, label=lab or None)
                    if others and i == 0:
                        ax.legend(fontsize=6, loc="best")
                else:  # average over the other parameters' levels: t interval over points
                    agg = t.groupby(p)["mean"].agg(["mean", "std", "count"]).reset_index()
                    half = [tcrit(n) * s / math.sqrt(n) if n > 1 and finite(s) else np.nan
                            for s, n in zip(agg["std"], agg["count"])]
                    band(ax, agg[p], agg["mean"] - half, agg["mean"] + half, BLUE, 0.25, None)
                    ax.plot(agg[p], agg["mean"], "o-", color=BLUE, ms=4)
            elif numeric:
                ok = t.dropna(subset=["mean"])
                ax.errorbar(ok[p], ok["mean"], yerr=errbars(ok["mean"], ok["ci_low"], ok["ci_high"]),
                            fmt="o", ms=3, color=GREY, ecolor="0.75", lw=0.8, zorder=2)
                trend = binned_trend(ok[p].to_numpy(float), ok["mean"].to_numpy(float))
                if trend is not None:
                    xs, ms, lo, hi = trend
                    band(ax, xs, lo, hi, BLUE, 0.25, None)
                    ax.plot(xs, ms, "-", color=BLUE, lw=1.6)
            else:  # a choice parameter: categories
                cats = sorted(t[p].astype(str).unique())
                pos = t[p].astype(str).map({c: k for k, c in enumerate(cats)})
                ax.errorbar(pos, t["mean"], yerr=errbars(t["mean"], t["ci_low"], t["ci_high"]),
                            fmt="o", color=BLUE, capsize=3)
                ax.set_xticks(range(len(cats)))
                ax.set_xticklabels(cats, rotation=20, fontsize=7)
            if i == len(metrics) - 1:
                ax.set_xlabel(p, fontsize=8)
            if j == 0:
                ax.set_ylabel(textwrap.fill(metric_title(metric), 28), fontsize=8)
            ax.grid(True, alpha=0.3)
            ax.tick_params(labelsize=7)
    fig.tight_layout()
    cap = ("Each metric (rows) against each varied parameter (columns). Few levels: one line per "
           "combination of the other parameters, mean over the point's replicates with its 95% "
           "confidence band. Many levels (Latin hypercube, Sobol', Morris): grey dots are points "
           "with their 95% intervals, the blue line and band the mean of the points in "
           "quantile bins with its 95% interval.")
    return Figure(f"{pre}fig-response", "Response curves", cap, render(fig),
                  {"data-panels": str(len(metrics) * len(params))})


def tcrit(n: int) -> float:
    """Two-sided 95% Student t quantile for n observations (n - 1 degrees of freedom)."""
    table = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306,
             9: 2.262, 10: 2.228, 15: 2.131, 20: 2.086, 30: 2.042, 60: 2.000}
    df = max(1, n - 1)
    best = max(k for k in table if k <= df)
    return table[best] if df < 120 else 1.96


def binned_trend(x: np.ndarray, y: np.ndarray):
    """Mean of y in quantile bins of x with a t interval: (centres, means, low, high) or None."""
    ok = np.isfinite(x) & np.isfinite(y)
    x, y = x[ok], y[ok]
    if len(x) < 4:
        return None
    levels = np.unique(x)
    if len(levels) <= 10:  # few levels (Morris, small samples): one bin per level
        idx = np.searchsorted(levels, x)
        nbins = len(levels)
    else:
        bins = int(min(8, max(2, len(x) // 3)))
        edges = np.unique(np.quantile(x, np.linspace(0, 1, bins + 1)))
        idx = np.clip(np.searchsorted(edges, x, side="right") - 1, 0, len(edges) - 2)
        nbins = len(edges) - 1
    xs, ms, lo, hi = [], [], [], []
    for b in range(nbins):
        yy = y[idx == b]
        if len(yy) == 0:
            continue
        m = float(yy.mean())
        h = tcrit(len(yy)) * float(yy.std(ddof=1)) / math.sqrt(len(yy)) if len(yy) > 1 else np.nan
        xs.append(float(x[idx == b].mean()))
        ms.append(m)
        lo.append(m - h)
        hi.append(m + h)
    return np.array(xs), np.array(ms), np.array(lo), np.array(hi)


def fig_sweep_heatmap(folder: Folder, pre: str, objective: str, a: str, b: str, n: int) -> Figure:
    """The objective over a pair of varied parameters."""
    t = sweep_point_table(folder, objective)
    fig, ax = plt.subplots(figsize=(5.6, 4.4))
    lower = not higher_is_better(objective)
    cmap = plt.get_cmap("viridis_r" if lower else "viridis").copy()
    cmap.set_bad("0.85")
    if is_grid(folder) or (is_discrete(t[a]) and is_discrete(t[b])
                           and len(t.drop_duplicates(subset=[a, b])) == t[a].nunique() * t[b].nunique()):
        grid = t.pivot_table(index=b, columns=a, values="mean", aggfunc="mean", dropna=False)
        im = ax.imshow(grid.to_numpy(dtype=float), origin="lower", aspect="auto", cmap=cmap)
        ax.set_xticks(range(grid.shape[1]))
        ax.set_xticklabels([fmt(v) if isinstance(v, float) else v for v in grid.columns], fontsize=7)
        ax.set_yticks(range(grid.shape[0]))
        ax.set_yticklabels([fmt(v) if isinstance(v, float) else v for v in grid.index], fontsize=7)
        vals = grid.to_numpy(dtype=float)
        for (yy, xx), v in np.ndenumerate(vals):
            if finite(v):
                r, g_, b_, _ = cmap(im.norm(v))
                light = 0.299 * r + 0.587 * g_ + 0.114 * b_ > 0.5
            ax.text(xx, yy, fmt(v), ha="center", va="center", fontsize=7,
                    color=("black" if light else "white") if finite(v) else "0.3")
        cap = "cells: mean over the points with those levels (grey: no finished run)"
    else:
        im = ax.scatter(t[a], t[b], c=t["mean"], cmap=cmap, s=40, edgecolors="0.3",
                        linewidths=0.4, plotnonfinite=True)
        cap = "dots: design points coloured by their mean"
    fig.colorbar(im, ax=ax, label=objective)
    ax.set_xlabel(a, fontsize=8)
    ax.set_ylabel(b, fontsize=8)
    ax.set_title(f"{metric_title(objective)}", fontsize=9)
    fig.tight_layout()
    return Figure(f"{pre}fig-heatmap-{n}", f"Heatmap: {a} × {b}",
                  f"<code>{esc(objective)}</code> over <code>{esc(a)}</code> and "
                  f"<code>{esc(b)}</code>; {cap}.", render(fig))


def fig_sweep_sensitivity(folder: Folder, pre: str, objective: str) -> Figure | None:
    """Sobol' S1/ST or Morris mu*/sigma bars, with intervals when sensitivity.csv has them."""
    s = folder.tables["sensitivity.csv"]
    metrics = [m for m in sweep_metrics(folder, objective) if m in set(s["metric"])]
    if not metrics:
        return None
    indices = list(dict.fromkeys(s["index"]))
    params = list(dict.fromkeys(s["parameter"]))
    has_ci = {"ci_low", "ci_high"} <= set(s.columns)
    fig, axes = plt.subplots(1, len(metrics), squeeze=False,
                             figsize=(max(4.5, 1.2 * len(params) * len(indices)) * len(metrics) / 1.6
                                      + 1, 3.6))
    missing = 0
    for ax, metric in zip(axes[0], metrics):
        d = s[s["metric"] == metric]
        x = np.arange(len(params))
        w = 0.8 / max(1, len(indices))
        for k, index in enumerate(indices):
            vals = [d[(d["parameter"] == p) & (d["index"] == index)] for p in params]
            v = np.array([r["value"].iloc[0] if len(r) else np.nan for r in vals], dtype=float)
            missing += int(np.isnan(v).sum())
            kw = {}
            if has_ci:
                lo = np.array([r["ci_low"].iloc[0] if len(r) else np.nan for r in vals], dtype=float)
                hi = np.array([r["ci_high"].iloc[0] if len(r) else np.nan for r in vals], dtype=float)
                kw = {"yerr": errbars(v, lo, hi), "error_kw": {"capsize": 3, "lw": 0.8}}
            ax.bar(x + (k - (len(indices) - 1) / 2) * w, np.nan_to_num(v), width=w,
                   color=COLOURS[k % len(COLOURS)], label=index, **kw)
        ax.set_xticks(x)
        ax.set_xticklabels([p.split(".")[-1] for p in params], fontsize=7, rotation=15)
        ax.set_title(metric_title(metric), fontsize=9)
        ax.axhline(0, color="0.3", lw=0.6)
        ax.grid(True, axis="y", alpha=0.3)
        ax.legend(fontsize=7)
    fig.tight_layout()
    kind = (folder.spec.get("design") or {}).get("type", "")
    what = ("S1: share of the variance explained by the parameter alone; ST: with its "
            "interactions" if kind == "sobol" else
            "μ*: mean absolute elementary effect (importance); σ: their spread (non-linearity "
            "or interaction)")
    cap = f"Sensitivity indices from sensitivity.csv ({esc(kind)}): {what}."
    cap += (" Error bars: the intervals in sensitivity.csv." if has_ci else
            " sensitivity.csv has no interval columns, so no error bars.")
    if missing:
        cap += f" {missing} index value(s) are NA (drawn as 0)."
    return Figure(f"{pre}fig-sensitivity", "Sensitivity", cap, render(fig),
                  {"data-intervals": "1" if has_ci else "0"})


def fig_sweep_timeseries(folder: Folder, pre: str, objective: str, lower: bool) -> Figure | None:
    """Daily bands of the best and the worst point (point_timeseries.csv)."""
    ts = folder.tables["point_timeseries.csv"]
    ranked = sweep_point_table(folder, objective).dropna(subset=["mean"]).sort_values(
        ["mean", "point_id"], ascending=[lower, True])
    if ranked.empty:
        return None
    chosen = [("best", int(ranked["point_id"].iloc[0]))]
    if len(ranked) > 1:
        chosen.append(("worst", int(ranked["point_id"].iloc[-1])))
    metrics = [m for m in TS_METRICS if m[0] in set(ts["metric"])][:2]
    if not metrics:
        return None
    fig, axes = plt.subplots(len(metrics), 1, squeeze=False, sharex=True,
                             figsize=(10, 2.6 * len(metrics) + 0.5))
    warm = get_path(folder.spec, "base.simulation.warmup_days")
    for ax, (metric, title, ylabel) in zip(axes[:, 0], metrics):
        shade_warmup(ax, warm)
        for k, (what, pid) in enumerate(chosen):
            d = ts[(ts["point_id"] == pid) & (ts["metric"] == metric)].sort_values("day")
            c = BLUE if what == "best" else RED
            band(ax, d["day"], d["ci_low"], d["ci_high"], c, 0.25, None)
            ax.plot(d["day"], d["mean"], color=c, lw=1.3, label=f"{what}: point {pid}")
        mark_interventions(ax, get_path(folder.spec, "base.interventions") or [], True)
        ax.set_title(title, fontsize=10, loc="left")
        ax.set_ylabel(ylabel)
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=7, loc="upper left")
    axes[-1, 0].set_xlabel("simulated day")
    fig.tight_layout()
    return Figure(f"{pre}fig-point-timeseries", "Daily series of the best and worst points",
                  "Mean over the point's replicates with the 95% confidence band "
                  f"(best and worst under the objective <code>{esc(objective)}</code>).",
                  render(fig))


def sweep_sections(folder: Folder, args, default, default_note, pre: str) -> list:
    """Every section of one sweep folder."""
    objective, lower = parse_objective(args.objective)
    secs = [sweep_design_section(folder, default, default_note, pre),
            sweep_headline_section(folder, args, pre), sweep_failures_section(folder, pre)]
    figs = Section(f"{pre}figures", "Figures")
    figs.figures.append(fig_sweep_response(folder, pre, objective))
    params = folder.spec["_parameters"]
    pairs = [(a, b) for i, a in enumerate(params) for b in params[i + 1:]][:6]
    for n, (a, b) in enumerate(pairs):
        figs.figures.append(fig_sweep_heatmap(folder, pre, objective, a, b, n))
    if folder.has("sensitivity.csv"):
        f = fig_sweep_sensitivity(folder, pre, objective)
        if f:
            figs.figures.append(f)
    if folder.has("point_timeseries.csv"):
        f = fig_sweep_timeseries(folder, pre, objective, lower)
        if f:
            figs.figures.append(f)
    secs.append(figs)
    return secs


# --------------------------------------------------------------------------- compare pages


def compare_section(folder: Folder, pre: str) -> Section:
    """The comparison in brief and its headline table of paired differences."""
    c = folder.tables["compare.csv"]
    scen = list(dict.fromkeys(c["scenario"]))
    rows = [("result folder", esc(os.path.abspath(folder.path))),
            ("baseline", esc(", ".join(dict.fromkeys(c["baseline"])))),
            ("alternatives", esc(", ".join(scen))),
            ("seed", esc(", ".join(dict.fromkeys(c["seed"])))),
            ("replicates (paired)", esc(", ".join(fmt_count(x) for x in dict.fromkeys(c["replicates"])))),
            ("gridgov version", esc(folder.spec.get("gridgov_version", "not recorded")))]
    body = [table_html(["setting", "value"], [list(r) for r in rows], cls="kv"),
            "<p>Every alternative ran with the baseline's seed and replicate numbers (common "
            "random numbers), so each difference is paired replicate by replicate.</p>"]
    return Section(f"{pre}scenario", f"Comparison: {esc(folder.label)}", "".join(body))


def compare_headline_section(folder: Folder, pre: str) -> Section:
    """Paired differences with 95% intervals."""
    c = folder.tables["compare.csv"]
    key = [m for m, _, _ in KEY_METRICS]
    c = c.assign(_o=c["metric"].map(lambda m: key.index(m) if m in key else len(key)))
    c = c.sort_values(["scenario", "_o", "metric"], kind="stable")
    rows, attrs = [], []
    for _, r in c.iterrows():
        rel = f"{100 * r['rel_change']:+.1f}%" if finite(r["rel_change"]) else "NA"
        sig = (finite(r["diff_ci_low"]) and finite(r["diff_ci_high"])
               and (r["diff_ci_low"] > 0 or r["diff_ci_high"] < 0))
        rows.append([esc(r["scenario"]), f"<code>{esc(r['metric'])}</code>", esc(r["unit"]),
                     esc(fmt(r["mean_baseline"])), esc(fmt(r["mean"])),
                     esc(f"{fmt(r['diff'])} {fmt_ci(r['diff_ci_low'], r['diff_ci_high'])}")
                     + (" ✱" if sig else ""), esc(rel)])
        attrs.append(f'data-scenario="{esc(r["scenario"])}" data-metric="{esc(r["metric"])}" '
                     f'data-diff="{num_attr(r["diff"])}"')
    body = ["<p>Difference = alternative − baseline, mean of the paired differences with its "
            "95% confidence interval; ✱: the interval excludes 0.</p>",
            table_html(["alternative", "metric", "unit", "baseline", "alternative",
                        "difference [95% CI]", "relative"], rows, row_attrs=attrs)]
    if not (c["replicates"] > 1).any():
        body.insert(0, f'<p class="notice" id="{pre}one-replicate">One replicate: the '
                       "differences have no interval.</p>")
    return Section(f"{pre}headline", "Headline: paired differences", "".join(body))


def fig_compare_forest(folder: Folder, pre: str) -> Figure:
    """Forest plot: relative paired difference per metric and alternative, with intervals."""
    c = folder.tables["compare.csv"].copy()
    scen = list(dict.fromkeys(c["scenario"]))
    metrics = list(dict.fromkeys(c["metric"]))
    base = c["mean_baseline"].where(c["mean_baseline"].abs() > 0)
    for col, src in (("r", "diff"), ("rlo", "diff_ci_low"), ("rhi", "diff_ci_high"),
                     ("ulo", "unpaired_ci_low"), ("uhi", "unpaired_ci_high")):
        c[col] = 100.0 * c[src] / base.abs()
    fig, ax = plt.subplots(figsize=(8.5, 0.45 * len(metrics) * max(1, len(scen)) ** 0.5 + 1.6))
    h = 0.7 / max(1, len(scen))
    drawn = 0
    for k, s in enumerate(scen):
        col = COLOURS[k % len(COLOURS)]
        d = c[c["scenario"] == s].set_index("metric").reindex(metrics)
        y = np.arange(len(metrics)) + (k - (len(scen) - 1) / 2) * h
        ok = d["r"].notna().to_numpy()
        ax.errorbar(d["r"][ok], y[ok], xerr=errbars(d["r"][ok], d["ulo"][ok], d["uhi"][ok]),
                    fmt="none", ecolor="0.75", lw=3, capsize=0, zorder=1)
        ax.errorbar(d["r"][ok], y[ok], xerr=errbars(d["r"][ok], d["rlo"][ok], d["rhi"][ok]),
                    fmt="o", color=col, ecolor=col, capsize=3, ms=5, lw=1.3, label=s, zorder=2)
        drawn += int(ok.sum())
    ax.axvline(0, color="0.2", lw=0.8)
    for i, m in enumerate(metrics):
        if c.loc[c["metric"] == m, "r"].isna().all():
            ax.text(0, i, "  baseline mean 0 or NA: see the table", va="center", fontsize=7,
                    color="0.35")
    ax.set_yticks(np.arange(len(metrics)))
    ax.set_yticklabels(metrics, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("paired difference, % of the baseline mean")
    ax.grid(True, axis="x", alpha=0.3)
    ax.legend(fontsize=8, loc="best")
    fig.tight_layout()
    cap = ("Per metric and alternative: mean paired difference as a percentage of the baseline "
           "mean, with its 95% confidence interval (coloured) and, in grey behind it, the "
           "interval an unpaired comparison would give. Metrics whose baseline mean is 0 are "
           "left out (see the table for their absolute differences).")
    return Figure(f"{pre}fig-forest", "Forest plot", cap, render(fig), {"data-marks": str(drawn)})


def fig_compare_timeseries(folder: Folder, pre: str) -> Figure | None:
    """Daily paired differences with bands."""
    ts = folder.tables["compare_timeseries.csv"]
    metrics = list(dict.fromkeys(ts["metric"]))
    if not metrics:
        return None
    scen = list(dict.fromkeys(ts["scenario"]))
    fig, axes = plt.subplots(len(metrics), 1, squeeze=False, sharex=True,
                             figsize=(10, 2.2 * len(metrics) + 0.6))
    for ax, metric in zip(axes[:, 0], metrics):
        for k, s in enumerate(scen):
            d = ts[(ts["metric"] == metric) & (ts["scenario"] == s)].sort_values("day")
            col = COLOURS[k % len(COLOURS)]
            band(ax, d["day"], d["diff_ci_low"], d["diff_ci_high"], col, 0.25, None)
            ax.plot(d["day"], d["diff_mean"], color=col, lw=1.3, label=s)
        ax.axhline(0, color="0.2", lw=0.7)
        ax.set_title(f"{metric}: alternative − baseline", fontsize=9, loc="left")
        ax.grid(True, alpha=0.3)
    axes[0, 0].legend(fontsize=7, loc="upper left")
    axes[-1, 0].set_xlabel("simulated day")
    fig.tight_layout()
    return Figure(f"{pre}fig-diff-timeseries", "Daily differences",
                  "Mean paired difference per day with its 95% confidence band; 0 = no change.",
                  render(fig))


def compare_sections(folder: Folder, args, default, default_note, pre: str) -> list:
    """Every section of one compare folder."""
    secs = [compare_section(folder, pre), compare_headline_section(folder, pre)]
    figs = Section(f"{pre}figures", "Figures")
    figs.figures.append(fig_compare_forest(folder, pre))
    if folder.has("compare_timeseries.csv"):
        f = fig_compare_timeseries(folder, pre)
        if f:
            figs.figures.append(f)
    secs.append(figs)
    return secs


# --------------------------------------------------------------------------- calibrate pages

CAL_TARGETS = (["target", "metric", "observed", "tolerance", "se", "weight", "start_mean",
                "fitted_mean", "fitted_ci_low", "fitted_ci_high", "difference", "reached",
                "objective_share", "source"],
               ["observed", "tolerance", "se", "weight", "start_mean", "fitted_mean",
                "fitted_ci_low", "fitted_ci_high", "difference", "reached", "objective_share"])
CAL_PARAMETERS = (["parameter", "unit", "min", "max", "scale", "start", "fitted", "at_bound"],
                  ["min", "max", "start", "fitted"])
CAL_SENSITIVITY = (["parameter", "target", "x_low", "x_high", "value_low", "value_high", "slope",
                    "objective_low", "objective_high"],
                   ["x_low", "x_high", "value_low", "value_high", "slope", "objective_low",
                    "objective_high"])
CAL_ATTRIBUTION = (["mechanism", "target", "fitted_mean", "off_mean", "effect", "effect_ci_low",
                    "effect_ci_high", "share"],
                   ["fitted_mean", "off_mean", "effect", "effect_ci_low", "effect_ci_high", "share"])
#: The objective of an evaluation where a target had no value (models/calibrate: kNoValue).
CAL_NO_VALUE = 1e30

#: Verdicts of report.md on a target not reached: (key, short label, what the sentence says).
CAL_VERDICTS = [
    ("at-bound", "a parameter sits at a bound", "No setting within the bounds reaches it"),
    ("no-mover", "no free parameter moves it", "No free parameter moves it"),
    ("compromise", "a compromise between targets (or a local minimum)", "a compromise"),
]


def fmt_sig(x) -> str:
    """A number with 4 significant digits, as report.md writes them (``NA`` when missing)."""
    return f"{float(x):.4g}" if finite(x) else "NA"


def fmt_ci_sig(lo, hi) -> str:
    """``[lo, hi]`` with 4 significant digits, or a note when there is no interval."""
    if finite(lo) and finite(hi):
        return f"[{fmt_sig(lo)}, {fmt_sig(hi)}]"
    return "no interval"


def trace_rows_so_far(path: str) -> int:
    """Complete evaluation rows of a trace.csv (a journal that may end in a torn line)."""
    try:
        with open(path, "rb") as f:
            return max(0, f.read().count(b"\n") - 1)
    except OSError:
        return 0


def calibration_source(folder: Folder) -> str:
    """The calibration file named in calibration.resolved.yaml's header (or a placeholder)."""
    src = header_value(folder.header, "Source") or ""
    return src.split(" (base:", 1)[0].strip() or "CALIB.yaml"


def load_calibrate(folder: Folder, skip_missing: bool) -> None:
    """Read a calibration folder: resolved calibration, targets, parameters, trace and the rest."""
    path = folder.path
    if not os.path.isfile(os.path.join(path, "targets.csv")):
        n = trace_rows_so_far(os.path.join(path, "trace.csv"))
        src = "CALIB.yaml"
        if os.path.isfile(os.path.join(path, "calibration.resolved.yaml")):
            try:
                folder.spec, folder.header = read_yaml(path, "calibration.resolved.yaml")
                src = calibration_source(folder)
            except InputError:
                pass
        raise InputError(f"{path}: the calibration is unfinished: targets.csv, which gridgov "
                         "calibrate writes last, is missing (the calibration is still running, "
                         f"or it was stopped); trace.csv holds {n} evaluation(s) so far. Wait for "
                         f"it to finish, or continue a stopped one with: gridgov calibrate {src} "
                         f"--out {path} --resume")
    folder.spec, folder.header = read_yaml(path, "calibration.resolved.yaml")
    expected = {"sensitivity.csv": CAL_SENSITIVITY}
    if folder.spec.get("attribution"):
        expected["attribution.csv"] = CAL_ATTRIBUTION
    absent = [n for n in list(expected) + ["report.md"]
              if not os.path.isfile(os.path.join(path, n))]
    if absent and not skip_missing:
        raise InputError(f"{path}: missing file(s) {', '.join(absent)} (gridgov calibrate writes "
                         "them before targets.csv: the folder is incomplete); pass "
                         "--skip-missing to make the report without them")
    read_group(folder, {"targets.csv": CAL_TARGETS, "parameters.csv": CAL_PARAMETERS}, expected,
               skip_missing)
    t = folder.tables["targets.csv"]
    p = folder.tables["parameters.csv"]
    if t.empty:
        raise InputError(f"{path}/targets.csv: no data rows")
    if p.empty:
        raise InputError(f"{path}/parameters.csv: no data rows")
    targets, params = list(t["target"]), list(p["parameter"])
    cols = [c for name in targets for c in (name, f"{name}_ci_low", f"{name}_ci_high")]
    folder.tables["trace.csv"] = read_csv(path, "trace.csv",
                                          ["eval_id", "phase", "label"] + params
                                          + ["objective", "all_reached"] + cols,
                                          ["eval_id", "objective", "all_reached"] + params + cols)
    tr = folder.tables["trace.csv"]
    search = tr[tr["phase"] == "search"]
    if search.empty:
        raise InputError(f"{path}/trace.csv: no search evaluation")
    # The best search evaluation, the first of equals (as gridgov calibrate chooses it).
    best = int(search.index[int(np.argmin(search["objective"].to_numpy(dtype=float)))])
    fitted = t["fitted_mean"].to_numpy(dtype=float)
    at_best = tr.loc[best, targets].to_numpy(dtype=float)
    if not np.allclose(at_best, fitted, rtol=1e-9, atol=0.0, equal_nan=True):
        raise InputError(f"{path}: targets.csv's fitted means are not those of the best "
                         f"evaluation in trace.csv (evaluation {int(tr.loc[best, 'eval_id'])}): "
                         "files from different calibrations?")
    folder.spec["_best"] = best
    for name in ("sensitivity.csv", "attribution.csv"):
        if folder.has(name):
            d = folder.tables[name]
            stray = sorted(set(d["target"]) - set(targets))
            if "parameter" in d.columns:
                stray += sorted(set(d["parameter"]) - set(params))
            if stray:
                raise InputError(f"{path}/{name}: names {', '.join(stray[:5])}, which "
                                 "targets.csv or parameters.csv do not have (files from "
                                 "different calibrations?)")
    folder.spec["_report_md"] = ""
    if os.path.isfile(os.path.join(path, "report.md")):
        try:
            with open(os.path.join(path, "report.md"), encoding="utf-8") as f:
                folder.spec["_report_md"] = f.read()
        except (OSError, UnicodeDecodeError) as e:
            raise InputError(f"cannot read {path}/report.md: {e}") from e
    else:
        folder.skipped.append("report.md")


def parse_calibration_report(text: str) -> dict:
    """What report.md says: why the search stopped, and the verdict on each target not reached.

    Returns ``{"stop": str or None, "reached": (k, n) or None, "verdicts": {target: (key,
    sentence)}}`` with key ``at-bound``, ``no-mover``, ``compromise`` or ``check``.
    """
    out = {"stop": None, "reached": None, "verdicts": {}}
    m = re.search(r"stopped because (.+?); the best is evaluation", text)
    if m:
        out["stop"] = m.group(1)
    sec = text.split("\n## Verdict", 1)
    if len(sec) < 2:
        return out
    body = sec[1].split("\n## ", 1)[0]
    m = re.search(r"(\d+) of (\d+) target\(s\) reached", body)
    if m:
        out["reached"] = (int(m.group(1)), int(m.group(2)))
    for line in body.splitlines():
        m = re.match(r"- \*\*([A-Za-z0-9_]+) ", line)
        if not m:
            continue
        key = "check" if "(a check, not fitted)" in line.split("**:", 1)[0] else "other"
        if key != "check":
            key = next((k for k, _, says in CAL_VERDICTS if says in line), "other")
        out["verdicts"][m.group(1)] = (key, line[2:].strip())
    return out


def md_inline(text: str) -> str:
    """report.md's inline Markdown (bold, code) as HTML; everything else escaped."""
    s = esc(text)
    s = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", s)
    return re.sub(r"`(.+?)`", r"<code>\1</code>", s)


def half_width(r) -> float:
    """A target's half-width: the tolerance, else 1.96 se (the distance at which it is reached)."""
    if finite(r["tolerance"]) and float(r["tolerance"]) > 0:
        return float(r["tolerance"])
    if finite(r["se"]) and float(r["se"]) > 0:
        return 1.96 * float(r["se"])
    return float("nan")


def observed_text(r) -> str:
    """``9000 ± 10`` or ``1000 (se 5)``."""
    if finite(r["tolerance"]) and float(r["tolerance"]) > 0:
        return f"{fmt_sig(r['observed'])} ± {fmt_sig(r['tolerance'])}"
    return f"{fmt_sig(r['observed'])} (se {fmt_sig(r['se'])})"


def cal_replicates(folder: Folder) -> int:
    """Replicates per evaluation."""
    v = folder.spec.get("replicates")
    return int(v) if finite(v) else 0


def cal_targets(folder: Folder) -> pd.DataFrame:
    """targets.csv with the start interval (from trace.csv's evaluation 0), the half-width, the
    role (fitted or check) and report.md's verdict."""
    t = folder.tables["targets.csv"].copy()
    tr = folder.tables["trace.csv"]
    first = tr.iloc[0]
    t["start_ci_low"] = [first.get(f"{n}_ci_low", np.nan) for n in t["target"]]
    t["start_ci_high"] = [first.get(f"{n}_ci_high", np.nan) for n in t["target"]]
    t["half"] = [half_width(r) for _, r in t.iterrows()]
    t["role"] = np.where(t["weight"] > 0, "fitted", "check")
    verdicts = parse_calibration_report(folder.spec.get("_report_md", ""))["verdicts"]
    t["verdict"] = [verdicts.get(n, ("", ""))[0] for n in t["target"]]
    t["verdict_text"] = [verdicts.get(n, ("", ""))[1] for n in t["target"]]
    return t


def calibrate_design_section(folder: Folder, default, default_note, pre: str) -> Section:
    """The calibration in brief: file, optimiser, evaluations, base scenario and its differences."""
    spec = folder.spec
    opt = spec.get("optimiser") or {}
    tr = folder.tables["trace.csv"]
    best = spec["_best"]
    phases = tr["phase"].value_counts()
    rep = parse_calibration_report(spec.get("_report_md", ""))
    base = spec.get("base") if isinstance(spec.get("base"), dict) else {}
    src = header_value(folder.header, "Source") or "unknown"
    t = folder.tables["targets.csv"]
    n_checks = int((t["weight"] <= 0).sum())
    rows = [("result folder", esc(os.path.abspath(folder.path))),
            ("calibration file", esc(src)),
            ("gridgov version", esc(spec.get("gridgov_version") or "unknown")),
            ("seed", esc(fmt_setting(spec.get("seed")))),
            ("replicates per evaluation", esc(fmt_setting(spec.get("replicates")))
             + " (common random numbers: every evaluation runs the same replicates)"),
            ("optimiser", esc(f"{opt.get('algorithm', 'unknown')}, a budget of "
                              f"{fmt_setting(opt.get('evaluations'))} evaluations, xtol "
                              f"{fmt_setting(opt.get('xtol'))}, stop when every target is "
                              f"reached: {fmt_setting(opt.get('stop_when_reached'))}")),
            ("evaluations run", esc(f"{int(phases.get('search', 0))} search, "
                                    f"{int(phases.get('sensitivity', 0))} sensitivity, "
                                    f"{int(phases.get('attribution', 0))} attribution")),
            ("search stopped because", esc(rep["stop"] or "not known (no report.md)")),
            ("best evaluation", esc(f"{int(tr.loc[best, 'eval_id'])}: objective "
                                    f"{fmt_sig(tr.loc[best, 'objective'])} (start "
                                    f"{fmt_sig(tr.iloc[0]['objective'])})")),
            ("targets", esc(f"{len(t) - n_checks} fitted, {n_checks} check(s) (weight 0, "
                            "compared with their source, not fitted)")),
            ("free parameters", esc(str(len(folder.tables["parameters.csv"]))))]
    step = get_path(spec, "sensitivity.step")
    if step is not None:
        rows.append(("local sensitivity step", esc(f"{fmt_setting(step)} of each parameter's "
                                                   "range either way")))
    for path, label in KEY_SETTINGS[:4]:
        v = get_path(base, path)
        if v is not None:
            rows.append((esc(label) + " (base)", esc(fmt_setting(v))))
    body = [table_html(["setting", "value"], [list(r) for r in rows], cls="kv")]
    attr = [a for a in (spec.get("attribution") or []) if isinstance(a, dict)]
    if attr:
        body.append(f'<h3 id="{pre}held-off">Mechanisms held off at the fitted point</h3>')
        body.append(table_html(["mechanism", "holds"], [
            [esc(a.get("name", "")),
             esc(", ".join(f"{k} = {fmt_setting(v)}" for k, v in (a.get("hold") or {}).items()))]
            for a in attr]))
    body.append(differences_html(base, default, default_note, pre))
    return Section(f"{pre}scenario", f"Calibration: {esc(folder.label)}", "".join(body))


def cal_reached_cell(r) -> str:
    """The 'reached' cell: yes / no with report.md's verdict; for a check, agrees / differs."""
    ok = finite(r["reached"]) and int(r["reached"]) == 1
    if r["role"] == "check":
        return "agrees" if ok else '<span class="warn">differs</span>'
    if ok:
        return '<span class="ok">yes</span>'
    why = {k: label for k, label, _ in CAL_VERDICTS}.get(r["verdict"], "")
    return '<span class="warn">no</span>' + (f": {esc(why)}" if why else "")


def cal_target_rows(t: pd.DataFrame) -> tuple:
    """Rows and row attributes of a targets table."""
    rows, attrs = [], []
    for _, r in t.iterrows():
        rows.append([
            f"<code>{esc(r['target'])}</code>",
            esc(r["metric"]) + (f'<br><small>source: {esc(r["source"])}</small>'
                                if isinstance(r["source"], str) and r["source"] else ""),
            f'<span class="nw">{esc(observed_text(r))}</span>',
            f"{esc(fmt_sig(r['start_mean']))} "
            f'<span class="nw">{esc(fmt_ci_sig(r["start_ci_low"], r["start_ci_high"]))}</span>',
            f"<strong>{esc(fmt_sig(r['fitted_mean']))}</strong> "
            f'<span class="nw">{esc(fmt_ci_sig(r["fitted_ci_low"], r["fitted_ci_high"]))}</span>',
            esc(fmt_sig(r["difference"])), cal_reached_cell(r),
            esc(f"{100 * r['objective_share']:.1f}%" if r["role"] == "fitted"
                and finite(r["objective_share"]) else "—")])
        attrs.append(f'class="{r["role"]}" data-target="{esc(r["target"])}" '
                     f'data-role="{r["role"]}" data-observed="{num_attr(r["observed"])}" '
                     f'data-half="{num_attr(r["half"])}" data-start="{num_attr(r["start_mean"])}" '
                     f'data-fitted="{num_attr(r["fitted_mean"])}" '
                     f'data-ci-low="{num_attr(r["fitted_ci_low"])}" '
                     f'data-ci-high="{num_attr(r["fitted_ci_high"])}" '
                     f'data-reached="{fmt_count(r["reached"])}" data-verdict="{esc(r["verdict"])}"')
    return rows, attrs


def calibrate_headline_section(folder: Folder, pre: str) -> Section:
    """Targets (observed vs start and fitted), the verdicts, the parameters and the mechanisms."""
    t = cal_targets(folder)
    n = cal_replicates(folder)
    rep = parse_calibration_report(folder.spec.get("_report_md", ""))
    body = []
    if n < 2:
        body.append(f'<p class="notice" id="{pre}one-replicate">Each evaluation ran {n} '
                    "replicate: there is no confidence interval (an interval needs at least two "
                    "replicates; set <code>replicates</code> in the calibration file).</p>")
    heads = ["target", "measured as", "observed", "start [95% CI]", "fitted [95% CI]",
             "fitted − observed", "reached", "objective share"]
    fit = t[t["role"] == "fitted"]
    checks = t[t["role"] == "check"]
    reached = int((fit["reached"] == 1).sum())
    body.append(f'<p id="{pre}reached"><strong>{reached} of {len(fit)} fitted target(s) '
                "reached</strong> (within the tolerance, or 1.96 standard errors, of the observed "
                "value). Start: the start values (evaluation 0); fitted: the best evaluation. "
                f"Means over {n} replicate(s) with the 95% confidence interval of the mean "
                "(Student t).</p>")
    rows, attrs = cal_target_rows(fit)
    body.append(table_html(heads, rows, cls="data targets", row_attrs=attrs))
    if len(checks):
        body.append(f'<h3 id="{pre}checks">Checks (weight 0: compared with their source, not '
                    "fitted)</h3>")
        rows, attrs = cal_target_rows(checks)
        body.append(table_html(heads[:6] + ["agrees with its source"],
                               [r[:7] for r in rows], cls="data targets", row_attrs=attrs))
    body.append(f'<h3 id="{pre}verdict">Verdict</h3>')
    listed = [(name, key, text) for name, (key, text) in rep["verdicts"].items()]
    if not folder.spec.get("_report_md"):
        body.append('<p class="notice">report.md is missing, so its verdicts are not shown.</p>')
    elif not listed:
        body.append("<p>Every target is reached and every check agrees with its source.</p>")
    else:
        body.append("<p>Why each target is not reached (from report.md): a parameter held at a "
                    "bound in the direction the target needs (no setting within the bounds "
                    "reaches it), no free parameter that moves it, or a compromise between "
                    "targets; checks that differ from their source.</p><ul>")
        for name, key, text in listed:
            body.append(f'<li data-verdict-target="{esc(name)}" data-verdict="{esc(key)}">'
                        f"{md_inline(text)}</li>")
        body.append("</ul>")
    p = folder.tables["parameters.csv"]
    body.append(f'<h3 id="{pre}parameters">Free parameters</h3>')
    prow, pattr = [], []
    for _, r in p.iterrows():
        bound = r["at_bound"] if isinstance(r["at_bound"], str) else ""
        prow.append([f"<code>{esc(r['parameter'])}</code>", esc(r["unit"]),
                     esc(f"[{fmt_sig(r['min'])}, {fmt_sig(r['max'])}] {r['scale']}"),
                     esc(fmt_sig(r["start"])), f"<strong>{esc(fmt_sig(r['fitted']))}</strong>",
                     f'<span class="warn">{esc(bound)}</span>' if bound else ""])
        pattr.append(f'data-parameter="{esc(r["parameter"])}" '
                     f'data-fitted="{num_attr(r["fitted"])}" data-at-bound="{esc(bound)}"')
    body.append(table_html(["parameter", "unit", "bounds", "start", "fitted", "at a bound"],
                           prow, row_attrs=pattr))
    if folder.has("attribution.csv") and len(folder.tables["attribution.csv"]):
        a = folder.tables["attribution.csv"]
        body.append(f'<h3 id="{pre}mechanisms">Which mechanisms carry the targets</h3>'
                    "<p>Each mechanism held off at the fitted point, paired by replicate; effect "
                    "= fitted − off with its 95% interval; share = effect / the effect of holding "
                    "every mechanism off together (shares need not sum to 1 when mechanisms "
                    "interact).</p>")
        body.append(table_html(["mechanism", "target", "fitted", "off", "effect [95% CI]",
                                "share"], [
            [esc(r["mechanism"]), f"<code>{esc(r['target'])}</code>",
             esc(fmt_sig(r["fitted_mean"])), esc(fmt_sig(r["off_mean"])),
             f"{esc(fmt_sig(r['effect']))} "
             f'<span class="nw">{esc(fmt_ci_sig(r["effect_ci_low"], r["effect_ci_high"]))}</span>',
             esc(fmt_sig(r["share"]))] for _, r in a.iterrows()],
            row_attrs=[f'data-mechanism="{esc(r["mechanism"])}" data-target="{esc(r["target"])}" '
                       f'data-share="{num_attr(r["share"])}"' for _, r in a.iterrows()]))
    return Section(f"{pre}headline", "Headline: targets", "".join(body))


def draw_targets(ax, rows: list, series: list) -> bool:
    """Normalised target rows: the observed band, then each series' mean with its interval.

    ``rows``: (label, is a check); ``series``: (name, colour, marker, hollow, means, lows, highs),
    every value already normalised. Returns True when the axis became symlog.
    """
    for i, (_, check) in enumerate(rows):
        ax.add_patch(plt.Rectangle((-1, i - 0.42), 2, 0.84, facecolor="#55A868",
                                   alpha=0.10 if check else 0.22, lw=0.8,
                                   edgecolor="#55A868", hatch="///" if check else None,
                                   zorder=0))
    ax.axvline(0, color="#2d6a3e", lw=1.2, zorder=1, label="observed (band: tolerance or 1.96 se)")
    # Within a row, the series that have a value there are spread evenly about its centre.
    present = np.array([np.isfinite(np.asarray(s_[4], dtype=float)) for s_ in series])
    spread = 0.6 / max(1, len(series))
    everything = [0.0, 1.0, -1.0]
    for j, (name, colour, marker, hollow, m, lo, hi) in enumerate(series):
        rank = present[:j].sum(axis=0)
        y = np.arange(len(rows)) + (rank - (present.sum(axis=0) - 1) / 2) * spread
        m, lo, hi = (np.asarray(v, dtype=float) for v in (m, lo, hi))
        ok = np.isfinite(m)
        everything += list(m[ok]) + list(lo[np.isfinite(lo)]) + list(hi[np.isfinite(hi)])
        ax.errorbar(m[ok], y[ok], xerr=errbars(m[ok], lo[ok], hi[ok]), fmt=marker, ms=7,
                    color=colour, ecolor=colour, capsize=3, lw=1.3, zorder=3, label=name,
                    mfc="white" if hollow else colour)
    symlog = max(abs(v) for v in everything if np.isfinite(v)) > 8
    if symlog:
        ax.set_xscale("symlog", linthresh=1.0, linscale=1.0)
        ax.xaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v:g}"))
    ax.set_yticks(np.arange(len(rows)))
    ax.set_yticklabels([lab + ("\n(check)" if check else "") for lab, check in rows], fontsize=8)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.grid(True, axis="x", alpha=0.3)
    ax.set_xlabel("(mean − observed) / half-width (tolerance, or 1.96 se): inside ±1 = reached"
                  + (";  symmetric log scale beyond ±1" if symlog else ""), fontsize=8)
    return symlog


def norm_cols(t: pd.DataFrame, cols: list) -> list:
    """Columns of a targets frame as (value − observed) / half-width."""
    return [((t[c] - t["observed"]) / t["half"]).to_numpy(dtype=float) for c in cols]


def fig_cal_targets(folder: Folder, pre: str) -> Figure:
    """Per target: the observed band, the start and the fitted means with their intervals."""
    t = cal_targets(folder)
    t = pd.concat([t[t["role"] == "fitted"], t[t["role"] == "check"]])
    rows = [(str(n), role == "check") for n, role in zip(t["target"], t["role"])]
    fig, ax = plt.subplots(figsize=(10, 0.75 * len(rows) + 1.6))
    series = [("start (evaluation 0)", "0.5", "o", True,
               *norm_cols(t, ["start_mean", "start_ci_low", "start_ci_high"])),
              ("fitted (best evaluation)", BLUE, "D", False,
               *norm_cols(t, ["fitted_mean", "fitted_ci_low", "fitted_ci_high"]))]
    symlog = draw_targets(ax, rows, series)
    for i, (_, r) in enumerate(t.iterrows()):
        ok = finite(r["reached"]) and int(r["reached"]) == 1
        ci = (" " + fmt_ci_sig(r["fitted_ci_low"], r["fitted_ci_high"])
              if finite(r["fitted_ci_low"]) else "")
        txt = (f"observed {observed_text(r)}; start {fmt_sig(r['start_mean'])}; fitted "
               f"{fmt_sig(r['fitted_mean'])}{ci} — {'reached' if ok else 'not reached'}"
               if r["role"] == "fitted" else
               f"observed {observed_text(r)}; fitted {fmt_sig(r['fitted_mean'])} — "
               f"{'agrees' if ok else 'differs'} (check, not fitted)")
        ax.text(1.01, i, txt, transform=ax.get_yaxis_transform(), va="center", fontsize=7,
                color="0.15" if ok else "#8b1a1a")
    ax.legend(fontsize=7, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=3, frameon=False)
    fig.tight_layout()
    ci = t["fitted_ci_low"].notna().any()
    cap = ("Each target on its own scale: 0 is the observed value and the green band its "
           "tolerance (or ±1.96 standard errors), so a mark inside the band is a target reached. "
           "Hollow grey circles: the mean at the start values; blue diamonds: the fitted mean (the "
           "best evaluation); bars: 95% confidence intervals of the mean over replicates. Hatched "
           "rows are checks (weight 0), compared with their source but not fitted.")
    if symlog:
        cap += " The axis is linear within ±1 and logarithmic beyond, so distant marks fit."
    if not ci:
        cap += " <strong>No intervals: one replicate per evaluation.</strong>"
    return Figure(f"{pre}fig-targets", "Targets: observed, start and fitted", cap, render(fig),
                  {"data-targets": str(len(t)), "data-checks": str(int((t["role"] == "check").sum())),
                   "data-scale": "symlog" if symlog else "linear",
                   "data-intervals": "1" if ci else "0"})


def plain_log_ticks(ax) -> None:
    """A log y axis labelled 1, 2, 5 × powers of ten in plain numbers (not 6×10⁻¹)."""
    ax.yaxis.set_major_locator(ticker.LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    ax.yaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v:.3g}"))
    ax.yaxis.set_minor_formatter(ticker.NullFormatter())


def fig_cal_trace(folder: Folder, pre: str) -> Figure:
    """The objective per evaluation (log scale, best so far) and each parameter per evaluation."""
    tr = folder.tables["trace.csv"]
    p = folder.tables["parameters.csv"]
    best = folder.spec["_best"]
    search = tr[tr["phase"] == "search"]
    after = tr[tr["phase"] != "search"]
    fig, axes = plt.subplots(1 + len(p), 1, sharex=True, squeeze=False,
                             figsize=(10, 3.2 + 1.7 * len(p)),
                             gridspec_kw={"height_ratios": [2.0] + [1.0] * len(p)})
    ax = axes[0, 0]
    obj = tr["objective"].to_numpy(dtype=float)
    novalue = obj >= CAL_NO_VALUE
    shown = obj[np.isfinite(obj) & ~novalue]
    positive = shown[shown > 0]
    floor = float(positive.min()) / 10 if len(positive) else 1e-6
    logy = len(positive) > 0
    y = np.where(novalue, np.nan, np.maximum(obj, floor) if logy else obj)
    x = tr["eval_id"].to_numpy(dtype=float)
    is_search = (tr["phase"] == "search").to_numpy()
    ax.plot(x[is_search], y[is_search], "o", ms=4, color=BLUE, label="search evaluation", zorder=3)
    running = np.minimum.accumulate(np.where(novalue[is_search], np.inf, obj[is_search]))
    running = np.where(np.isfinite(running), np.maximum(running, floor) if logy else running,
                       np.nan)
    ax.step(x[is_search], running, where="post", color="#DD8452", lw=1.8, label="best so far",
            zorder=2)
    for phase, colour in (("sensitivity", "#8172B3"), ("attribution", "#937860")):
        sel = (tr["phase"] == phase).to_numpy()
        if sel.any():
            ax.plot(x[sel], y[sel], "s", ms=4, color=colour, label=f"{phase} evaluation", zorder=3)
    ax.plot([x[best]], [y[best]], "*", ms=15, color="#C44E52", mec="white", zorder=4,
            label=f"best: evaluation {int(x[best])}")
    if logy:
        ax.set_yscale("log")
        plain_log_ticks(ax)
    if novalue.any():
        top = np.nanmax(y) if np.isfinite(y).any() else 1.0
        ax.plot(x[novalue], np.full(int(novalue.sum()), top), "x", color=RED, ms=7,
                label="a target had no value")
    ax.set_ylabel("objective" + (" (log)" if logy else ""))
    ax.set_title("Objective: Σ weight × ((mean − observed) / (se or tolerance))²", fontsize=10,
                 loc="left")
    ax.grid(True, which="both", alpha=0.25)
    ax.legend(fontsize=7, loc="upper right", ncol=2, framealpha=0.85)
    end = float(search["eval_id"].max())
    for a in axes[:, 0]:
        if len(after):
            a.axvspan(end + 0.5, float(x.max()) + 0.5, color="0.93", lw=0, zorder=0)
    for a, (_, r) in zip(axes[1:, 0], p.iterrows()):
        name = r["parameter"]
        v = tr[name].to_numpy(dtype=float)
        a.plot(x[is_search], v[is_search], "o-", ms=3, lw=0.8, color=BLUE)
        if (~is_search).any():
            a.plot(x[~is_search], v[~is_search], "s", ms=3, color="0.45")
        a.plot([x[best]], [v[best]], "*", ms=12, color="#C44E52", mec="white", zorder=4)
        for b in ("min", "max"):
            a.axhline(float(r[b]), color="0.35", ls="--", lw=0.8)
        if r["scale"] == "log" and float(r["min"]) > 0:
            a.set_yscale("log")
            plain_log_ticks(a)
        bound = r["at_bound"] if isinstance(r["at_bound"], str) and r["at_bound"] else ""
        a.set_title(f"{name}: fitted {fmt_sig(r['fitted'])}"
                    + (f" (at its {bound} bound)" if bound else "")
                    + f"; dashed: bounds [{fmt_sig(r['min'])}, {fmt_sig(r['max'])}]",
                    fontsize=9, loc="left", color="#8b1a1a" if bound else "black")
        a.set_ylabel(name.split(".")[-1], fontsize=8)
        a.grid(True, alpha=0.25)
        a.tick_params(labelsize=7)
    axes[-1, 0].set_xlabel("evaluation (eval_id)")
    fig.tight_layout()
    cap = ("Top: the objective of every evaluation in the order run (log scale), the best so far "
           "(orange) and the best evaluation (red star), whose parameters are the fitted ones. "
           "Below: each free parameter's value per evaluation between its bounds (dashed). The "
           "grey span holds the evaluations after the search: the local sensitivity (one "
           "parameter moved from the best point) and the attribution (mechanisms held off).")
    if novalue.any():
        cap += (f" {int(novalue.sum())} evaluation(s) had a target without a value (objective "
                "1e30): crosses at the top.")
    if logy and (shown <= 0).any():
        cap += " An objective of 0 is drawn at the bottom of the log axis."
    return Figure(f"{pre}fig-trace", "Optimisation trace", cap, render(fig),
                  {"data-evaluations": str(len(tr)), "data-search": str(len(search)),
                   "data-best": str(int(x[best])), "data-parameters": str(len(p)),
                   "data-log": "1" if logy else "0"})


def target_panels(n: int, bars: int, bar_h: float) -> tuple:
    """One panel per target, up to three a row, for ``bars`` horizontal bars each: (figure, the
    ``n`` panels in order, columns); the panels left over are hidden."""
    ncol = min(3, n)
    nrow = int(math.ceil(n / ncol))
    fig, axes = plt.subplots(nrow, ncol, squeeze=False,
                             figsize=(3.6 * ncol + 1.6, bar_h * bars * nrow + 1.3 * nrow + 0.4))
    panels = list(axes.flat)
    for ax in panels[n:]:
        ax.set_visible(False)
    return fig, panels[:n], ncol


def style_bar_panel(ax, k: int, ncol: int, n: int, labels: list, title: str, xlabel: str) -> None:
    """Bar labels on the first column's panels, the x label on the last row's."""
    ax.axvline(0, color="0.3", lw=0.7)
    ax.set_yticks(np.arange(len(labels)))
    ax.set_yticklabels(labels if k % ncol == 0 else [], fontsize=7)
    ax.set_ylim(len(labels) - 0.4, -0.7)
    ax.set_title(title, fontsize=9)
    ax.grid(True, axis="x", alpha=0.3)
    ax.tick_params(axis="x", labelsize=7)
    if k + ncol >= n:
        ax.set_xlabel(xlabel, fontsize=7)


def fig_cal_sensitivity(folder: Folder, pre: str) -> Figure | None:
    """Local sensitivity: each target's change when a parameter moves either way from the fit."""
    s = folder.tables["sensitivity.csv"]
    if s.empty:
        return None
    t = cal_targets(folder).set_index("target")
    p = folder.tables["parameters.csv"].set_index("parameter")
    targets = [n for n in t.index if n in set(s["target"])]
    params = list(dict.fromkeys(s["parameter"]))
    fig, panels, ncol = target_panels(len(targets), len(params), 0.45)
    na = 0
    for k, (ax, name) in enumerate(zip(panels, targets)):
        d = s[s["target"] == name].set_index("parameter").reindex(params)
        change = ((d["value_high"] - d["value_low"]) / t.loc[name, "half"]).to_numpy(dtype=float)
        na += int(np.isnan(change).sum())
        bound = [isinstance(p.loc[q, "at_bound"], str) and bool(p.loc[q, "at_bound"])
                 for q in params]
        ax.barh(np.arange(len(params)), np.nan_to_num(change),
                color=[RED if b else BLUE for b in bound], height=0.6)
        for i, sl in enumerate(d["slope"]):
            ax.text(0, i + 0.42, f" slope {fmt_sig(sl)}", fontsize=6, va="center", color="0.3")
        if not np.nan_to_num(change).any():
            ax.text(0.5, 0.5, "no free parameter moves it", transform=ax.transAxes,
                    ha="center", va="center", fontsize=8, color="#8b1a1a")
        role = " (check)" if t.loc[name, "role"] == "check" else ""
        style_bar_panel(ax, k, ncol, len(targets), [q.split(".")[-1] for q in params],
                        f"{name}{role}", "change / half-width")
    fig.tight_layout()
    step = get_path(folder.spec, "sensitivity.step")
    cap = ("Local sensitivity at the fitted point (sensitivity.csv): each free parameter moved "
           f"{esc(fmt_setting(step)) if step is not None else 'a step'} of its range either way, "
           "the others held. Bars: the target's change between the two (value_high − value_low) "
           "in units of its half-width (tolerance or 1.96 se), so a bar longer than 2 crosses the "
           "whole band; the slope is the change per unit of the parameter. Red bars: the "
           "parameter sits at a bound (one side of the step is the fitted value). A target no "
           "bar moves cannot be fitted with these parameters.")
    if na:
        cap += f" {na} value(s) are NA (drawn as 0)."
    return Figure(f"{pre}fig-sensitivity", "Local sensitivity", cap, render(fig),
                  {"data-targets": str(len(targets)), "data-parameters": str(len(params)),
                   "data-na": str(na)})


def fig_cal_attribution(folder: Folder, pre: str) -> Figure | None:
    """The share of each target's change that each mechanism carries."""
    a = folder.tables["attribution.csv"]
    if a.empty:
        return None
    order = list(cal_targets(folder)["target"])
    targets = [n for n in order if n in set(a["target"])]
    mechs = list(dict.fromkeys(a["mechanism"]))
    if len(mechs) > 1 and "all" in mechs:
        mechs.remove("all")
    fig, panels, ncol = target_panels(len(targets), len(mechs), 0.5)
    na = 0
    for k, (ax, name) in enumerate(zip(panels, targets)):
        d = a[a["target"] == name].set_index("mechanism").reindex(mechs)
        share = d["share"].to_numpy(dtype=float)
        na += int(np.isnan(share).sum())
        y = np.arange(len(mechs))
        ax.barh(y, np.nan_to_num(share), color=[COLOURS[i % len(COLOURS)] for i in y], height=0.6)
        ax.axvline(1, color="0.3", lw=0.8, ls="--")
        for i, (_, r) in enumerate(d.iterrows()):
            txt = (f" effect {fmt_sig(r['effect'])} {fmt_ci_sig(r['effect_ci_low'], r['effect_ci_high'])}"
                   if finite(r["share"]) else " share NA")
            ax.text(0, i + 0.42, txt, fontsize=6, va="center", color="0.3")
        if not np.isfinite(share).any():
            ax.text(0.5, 0.5, "holding the mechanisms off\nchanges nothing", transform=ax.transAxes,
                    ha="center", va="center", fontsize=8, color="0.3")
        lo = min(0.0, float(np.nanmin(share)) if np.isfinite(share).any() else 0.0)
        hi = max(1.0, float(np.nanmax(share)) if np.isfinite(share).any() else 1.0)
        ax.set_xlim(lo - 0.1 * (hi - lo), hi + 0.1 * (hi - lo))
        style_bar_panel(ax, k, ncol, len(targets), mechs, name, "share of the target's change")
    fig.tight_layout()
    cap = ("Per target: the share of its value that each mechanism carries at the fitted point "
           "(attribution.csv): the effect of holding the mechanism off (fitted − off, paired by "
           "replicate, with its 95% interval as text) divided by the effect of holding every "
           "mechanism off together (dashed line at 1; with one mechanism, by its own effect). "
           "Shares need not add up to 1 when mechanisms interact; a share above 1 or below 0 "
           "means the others pull the other way.")
    if na:
        cap += (f" {na} share(s) are NA (drawn as 0): holding the mechanisms off changes that "
                "target not at all.")
    return Figure(f"{pre}fig-attribution", "Which mechanisms carry the targets", cap, render(fig),
                  {"data-targets": str(len(targets)), "data-mechanisms": str(len(mechs)),
                   "data-na": str(na)})


def calibrate_sections(folder: Folder, args, default, default_note, pre: str) -> list:
    """Every section of one calibration folder."""
    secs = [calibrate_design_section(folder, default, default_note, pre),
            calibrate_headline_section(folder, pre)]
    figs = Section(f"{pre}figures", "Figures")
    figs.figures.append(fig_cal_targets(folder, pre))
    figs.figures.append(fig_cal_trace(folder, pre))
    for name, draw in (("sensitivity.csv", fig_cal_sensitivity),
                       ("attribution.csv", fig_cal_attribution)):
        f = draw(folder, pre) if folder.has(name) else None
        if f:  # None: the file has no rows
            figs.figures.append(f)
    secs.append(figs)
    return secs


def calibrate_notes(folder: Folder) -> list:
    """Notes on a calibration folder for the page's Notes section."""
    notes = []
    if cal_replicates(folder) < 2:
        notes.append(f"{folder.label}: one replicate per evaluation, so no confidence interval "
                     "is shown.")
    t = folder.tables["targets.csv"]
    missed = t[(t["weight"] > 0) & (t["reached"] != 1)]
    if len(missed):
        notes.append(f"{folder.label}: {len(missed)} fitted target(s) not reached: "
                     f"{', '.join(missed['target'])} (see the Verdict).")
    if folder.has("sensitivity.csv") and folder.tables["sensitivity.csv"].empty:
        notes.append(f"{folder.label}: sensitivity.csv has no rows (sensitivity.step 0), so "
                     "there is no local sensitivity figure.")
    tr = folder.tables["trace.csv"]
    bad = int((tr["objective"] >= CAL_NO_VALUE).sum())
    if bad:
        notes.append(f"{folder.label}: {bad} evaluation(s) left a target without a value.")
    return notes


def calibrate_side_by_side(cals: list) -> list:
    """Several calibrations: the fitted targets and parameters side by side."""
    names = list(dict.fromkeys(n for f in cals for n in f.tables["targets.csv"]["target"]))
    per = [cal_targets(f).set_index("target") for f in cals]
    rows = []
    for n in names:
        cells = [f"<code>{esc(n)}</code>"]
        for t in per:
            if n not in t.index:
                cells.append("—")
                continue
            r = t.loc[n]
            ok = finite(r["reached"]) and int(r["reached"]) == 1
            mark = ("✓" if ok else "✗") + (" (check)" if r["role"] == "check" else "")
            cells.append(f"{esc(observed_text(r))} → <strong>{esc(fmt_sig(r['fitted_mean']))}"
                         f"</strong> {esc(fmt_ci_sig(r['fitted_ci_low'], r['fitted_ci_high']))} "
                         f"{esc(mark)}")
        rows.append(cells)
    body = [f"<p>{len(cals)} calibrations: per target, observed → fitted mean with its 95% "
            "interval; ✓ reached (a check: agrees with its source), ✗ not.</p>",
            table_html(["target"] + [esc(f.label) for f in cals], rows)]
    params = list(dict.fromkeys(q for f in cals for q in f.tables["parameters.csv"]["parameter"]))
    prow = []
    for q in params:
        cells = [f"<code>{esc(q)}</code>"]
        for f in cals:
            p = f.tables["parameters.csv"].set_index("parameter")
            if q not in p.index:
                cells.append("— (not free)")
                continue
            bound = p.loc[q, "at_bound"] if isinstance(p.loc[q, "at_bound"], str) else ""
            cells.append(f"{esc(fmt_sig(p.loc[q, 'fitted']))} in [{esc(fmt_sig(p.loc[q, 'min']))}, "
                         f"{esc(fmt_sig(p.loc[q, 'max']))}]"
                         + (f' <span class="warn">{esc(bound)}</span>' if bound else ""))
        prow.append(cells)
    body.append('<h3 id="cal-side-parameters">Fitted parameters</h3>')
    body.append(table_html(["parameter"] + [esc(f.label) for f in cals], prow))
    sec = Section("cal-side", "Calibrations side by side", "".join(body))
    rows_def = []
    for n in names:
        check = any(n in t.index and t.loc[n, "role"] == "check" for t in per)
        rows_def.append((n, check))
    series = []
    for k, (f, t) in enumerate(zip(cals, per)):
        t = t.reindex(names)
        m, lo, hi = norm_cols(t, ["fitted_mean", "fitted_ci_low", "fitted_ci_high"])
        series.append((f.label, COLOURS[k % len(COLOURS)], "D", False, m, lo, hi))
    most = max(sum(n in t.index for t in per) for n in names)  # calibrations on one row
    fig, ax = plt.subplots(figsize=(10, len(names) * (0.4 + 0.15 * most) + 1.4))
    symlog = draw_targets(ax, rows_def, series)
    ax.legend(fontsize=7, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=4, frameon=False)
    fig.tight_layout()
    cap = ("Per target: the fitted mean of each calibration with its 95% interval, on the "
           "target's own scale (0: observed; green band: tolerance or 1.96 se; hatched: checks). "
           "A target with different observed values or tolerances in the calibrations is drawn "
           "on each one's own scale.")
    if symlog:
        cap += " Linear within ±1, logarithmic beyond."
    sec.figures.append(Figure("cal-side-fig-targets", "Fitted targets side by side", cap,
                              render(fig), {"data-series": str(len(cals))}))
    return [sec]


# --------------------------------------------------------------------------- side by side


def side_by_side_sections(runs: list, default, default_note) -> list:
    """Key metrics and daily series of several run folders together."""
    metrics = [m for m, _, _ in KEY_METRICS
               if all(m in set(f.tables["summary_ci.csv"]["metric"]) for f in runs)]
    rows = []
    for m in metrics:
        cells = [esc(KEY_LABEL[m][0]), f"<code>{esc(m)}</code>"]
        for f in runs:
            r = f.tables["summary_ci.csv"].set_index("metric").loc[m]
            cells.append(f"{esc(fmt(r['mean']))} {esc(fmt_ci(r['ci_low'], r['ci_high']))}")
        rows.append(cells)
    body = [f"<p>{len(runs)} runs: mean over replicates with the 95% confidence interval "
            "of the mean.</p>",
            table_html(["metric", "column"] + [esc(f.label) for f in runs], rows)]
    # Settings that differ between the runs.
    flat = [flatten(f.spec) for f in runs]
    keys = [k for k in dict.fromkeys(k for fl in flat for k in fl) if k != "gridgov_version"]
    diff = [k for k in keys if any(not same_setting(flat[0].get(k), fl.get(k)) for fl in flat[1:])]
    body.append('<h3 id="side-differences">Settings that differ between the runs</h3>')
    if diff:
        body.append(table_html(["setting"] + [esc(f.label) for f in runs], [
            [f"<code>{esc(k)}</code>"] + [esc(fmt_setting(fl.get(k))) for fl in flat]
            for k in diff]))
    else:
        body.append("<p>None: the runs share every setting.</p>")
    sec = Section("side", "Side by side", "".join(body))
    # Figure: key metrics.
    fig, axes = plt.subplots(1, len(metrics), squeeze=False, figsize=(2.3 * len(metrics) + 1, 3.6))
    for ax, m in zip(axes[0], metrics):
        for k, f in enumerate(runs):
            r = f.tables["summary_ci.csv"].set_index("metric").loc[m]
            ax.errorbar([k], [r["mean"]], yerr=errbars([r["mean"]], [r["ci_low"]], [r["ci_high"]]),
                        fmt="o", color=COLOURS[k % len(COLOURS)], capsize=4)
        ax.set_xticks(range(len(runs)))
        ax.set_xticklabels([f.label for f in runs], rotation=30, ha="right", fontsize=7)
        ax.set_xlim(-0.6, len(runs) - 0.4)
        ax.set_title(KEY_LABEL[m][0], fontsize=8)
        ax.tick_params(axis="y", labelsize=7)
        ax.grid(True, axis="y", alpha=0.3)
    fig.tight_layout()
    sec.figures.append(Figure("side-fig-metrics", "Key metrics side by side",
                              "Mean with the 95% confidence interval of the mean, one colour "
                              "per run (axes scaled to the data).", render(fig)))
    # Figure: daily series overlaid.
    fig, axes = plt.subplots(len(TS_METRICS), 1, squeeze=False, sharex=True,
                             figsize=(10, 2.3 * len(TS_METRICS) + 0.6))
    for ax, (metric, title, ylabel) in zip(axes[:, 0], TS_METRICS):
        for k, f in enumerate(runs):
            ci = f.tables["timeseries_ci.csv"]
            d = ci[ci["metric"] == metric].sort_values("day")
            col = COLOURS[k % len(COLOURS)]
            band(ax, d["day"], d["ci_low"], d["ci_high"], col, 0.2, None)
            ax.plot(d["day"], d["mean"], color=col, lw=1.2, label=f.label)
            for iv in run_interventions(f):
                if finite(iv.get("day")):
                    ax.axvline(float(iv["day"]), color=col, ls="--", lw=0.8)
        ax.set_title(title, fontsize=9, loc="left")
        ax.set_ylabel(ylabel)
        ax.grid(True, alpha=0.3)
    axes[0, 0].legend(fontsize=7, loc="upper left")
    axes[-1, 0].set_xlabel("simulated day")
    fig.tight_layout()
    sec.figures.append(Figure("side-fig-timeseries", "Daily series side by side",
                              "Mean over replicates with the 95% confidence band, one colour per "
                              "run; dashed lines: each run's interventions.", render(fig)))
    return [sec]


# --------------------------------------------------------------------------- the page

CSS = """
body{font-family:"DejaVu Sans","Noto Sans CJK SC","Noto Sans CJK JP",sans-serif;margin:0;
color:#222;background:#fafafa;line-height:1.45}
header{background:#8b1a1a;color:#fff;padding:1em 2em}
header h1{margin:0;font-size:1.5em}header p{margin:.3em 0 0;font-size:.9em;opacity:.9}
nav{position:fixed;top:0;left:0;width:15em;height:100%;overflow:auto;background:#fff;
border-right:1px solid #ddd;padding:1em;box-sizing:border-box;font-size:.85em}
nav ol{padding-left:1.2em}nav a{color:#8b1a1a;text-decoration:none}
.wrap{margin-left:15em}main{padding:1em 2em;max-width:1200px}
section{background:#fff;border:1px solid #e3e3e3;border-radius:4px;padding:.5em 1.2em 1em;
margin:1em 0}
h2{border-bottom:2px solid #8b1a1a;padding-bottom:.2em}h3{margin-top:1.2em}
table{border-collapse:collapse;margin:.5em 0;font-size:.85em}
th,td{border:1px solid #ddd;padding:.25em .6em;text-align:left;vertical-align:top}
th{background:#f3eded}.nw{white-space:nowrap}table.kv td:first-child{font-weight:bold;background:#faf7f7}
figure{margin:1em 0}figure img{max-width:100%;height:auto;border:1px solid #eee}
figcaption{font-size:.85em;color:#444;margin-top:.3em}
.notice{background:#fff6d6;border-left:4px solid #e0b000;padding:.4em .8em}
.warn{color:#a33;font-weight:bold}.ok{color:#2a7a2a;font-weight:bold}
tr.check td{color:#555}table.targets td:nth-child(2){overflow-wrap:anywhere;min-width:9em}code{font-size:.95em;background:#f4f4f4;padding:0 .2em}
@media print{nav{display:none}.wrap{margin-left:0}}
"""


@dataclass
class Report:
    """The page: title, kind, sections, notes."""

    title: str
    kind: str
    sections: list
    notes: list
    subtitle: str = ""


def build_report(folders: list, args, default, default_note) -> Report:
    """Every section and figure of the report, in memory."""
    notes = []
    cjk = configure_fonts()
    if not cjk:
        notes.append("No CJK font is installed (Debian: fonts-noto-cjk): Chinese labels in the "
                     "figures may show as boxes.")
    sections = []
    multi = len(folders) > 1
    runs = [f for f in folders if f.kind == "run"]
    if multi and len(runs) >= 2:
        sections += side_by_side_sections(runs, default, default_note)
    cals = [f for f in folders if f.kind == "calibrate"]
    if multi and len(cals) >= 2:
        sections += calibrate_side_by_side(cals)
    builders = {"run": run_sections, "sweep": sweep_sections, "compare": compare_sections,
                "calibrate": calibrate_sections}
    for i, f in enumerate(folders):
        pre = f"f{i + 1}-" if multi else ""
        own = builders[f.kind](f, args, default, default_note, pre)
        if multi:
            own[0].title = f"{esc(f.label)}: " + own[0].title.split(": ", 1)[-1] \
                if f.kind != "run" else own[0].title
            for s in own[1:]:
                s.title = f"{s.title} ({esc(f.label)})"
        sections += own
        for name in f.skipped:
            notes.append(f"{f.label}: {name} is missing, so the figures that need it are left "
                         "out (--skip-missing).")
        if f.kind == "run" and run_replicates(f) < 2:
            notes.append(f"{f.label}: one replicate, so no confidence interval or band is shown.")
        if f.kind == "sweep" and f.has("runs.csv"):
            bad = int((f.tables["runs.csv"]["status"] != "ok").sum())
            if bad:
                notes.append(f"{f.label}: {bad} run(s) failed or timed out; their points' "
                             "statistics use the runs that finished (see Failed runs).")
        if f.kind == "calibrate":
            notes += calibrate_notes(f)
    kinds = sorted({f.kind for f in folders})
    kind = kinds[0] if len(kinds) == 1 and not multi else "multi"
    names = {"run": "run", "sweep": "sweep", "compare": "comparison", "calibrate": "calibration"}
    title = (f"gridgov {names[kind]} report: {folders[0].label}" if kind != "multi"
             else "gridgov report: " + ", ".join(f.label for f in folders))
    return Report(title=title, kind=kind, sections=sections, notes=notes)


def page_html(rep: Report, version: str) -> str:
    """The whole HTML document (figures embedded as base64 PNG)."""
    toc = ['<nav id="toc"><h2>Contents</h2><ol>']
    for s in rep.sections:
        toc.append(f'<li><a href="#{s.sec_id}">{s.title}</a>')
        if s.figures:
            toc.append("<ol>" + "".join(f'<li><a href="#{f.fig_id}">{esc(f.title)}</a></li>'
                                        for f in s.figures) + "</ol>")
        toc.append("</li>")
    if rep.notes:
        toc.append('<li><a href="#notes">Notes</a></li>')
    toc.append("</ol></nav>")
    body = []
    for s in rep.sections:
        body.append(f'<section id="{s.sec_id}"><h2>{s.title}</h2>{s.body}')
        for f in s.figures:
            b64 = base64.b64encode(f.png).decode("ascii")
            attrs = "".join(f' {k}="{esc(v)}"' for k, v in f.attrs.items())
            body.append(f'<figure id="{f.fig_id}"><h3>{esc(f.title)}</h3>'
                        f'<img src="data:image/png;base64,{b64}" alt="{esc(f.title)}" '
                        f'data-figure="{esc(f.fig_id)}"{attrs}>'
                        f"<figcaption>{f.caption}</figcaption></figure>")
        body.append("</section>")
    if rep.notes:
        body.append('<section id="notes"><h2>Notes</h2><ul>'
                    + "".join(f"<li>{esc(n)}</li>" for n in rep.notes) + "</ul></section>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            "<link rel=\"icon\" href=\"data:,\">"
            f"<title>{esc(rep.title)}</title><style>{CSS}</style></head>"
            f"<body data-report-kind=\"{esc(rep.kind)}\">" + "".join(toc)
            + f'<div class="wrap"><header><h1>{esc(rep.title)}</h1>'
            f"<p>Written by gridgov report (gridgov {esc(version)}). Figures are embedded; "
            "the same PNG files lie in the folder beside this page.</p></header>"
            "<main>" + "".join(body) + "</main></div></body></html>\n")


def write_file(path: str, data: bytes) -> None:
    """Write bytes to ``path`` atomically (temporary file in the same folder, then rename)."""
    fd, tmp = pr.open_temp(path)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def figures_dir(out: str) -> str:
    """The folder of PNG files beside the report: ``<name>_figures``."""
    return os.path.splitext(out)[0] + "_figures"


def write_report(rep: Report, out: str, version: str) -> list:
    """Write the PNG files, then the HTML file; return the PNG paths."""
    text = page_html(rep, version).encode("utf-8")
    parent = os.path.dirname(os.path.abspath(out))
    os.makedirs(parent, exist_ok=True)
    fdir = figures_dir(out)
    os.makedirs(fdir, exist_ok=True)
    paths = []
    for s in rep.sections:
        for f in s.figures:
            p = os.path.join(fdir, f.fig_id + ".png")
            write_file(p, f.png)
            paths.append(p)
    write_file(out, text)
    return paths


def report_version(folders: list) -> str:
    """The gridgov version the results were written by (first one found)."""
    for f in folders:
        v = f.spec.get("gridgov_version")
        if v:
            return str(v)
    return "unknown"


def build_parser() -> argparse.ArgumentParser:
    """The command line."""
    p = argparse.ArgumentParser(
        prog=PROG, description="Write one self-contained HTML report for gridgov result folders "
        "(a run, a sweep, a comparison, a calibration, or several side by side).")
    p.add_argument("dirs", nargs="+", metavar="DIR",
                   help="result folders (gridgov run, sweep, compare or calibrate output)")
    p.add_argument("--out", help="HTML file (default: DIR/report.html; required with several "
                   "folders); the PNG files go into <name>_figures/ beside it")
    p.add_argument("--objective", default="complaints_per_1000hh_month",
                   help="sweep objective: METRIC, min:METRIC or max:METRIC (default: lowest "
                   "complaints_per_1000hh_month)")
    p.add_argument("--worst", type=int, default=3, help="worst grids labelled (default 3)")
    p.add_argument("--top", type=int, default=10, help="best sweep points listed (default 10)")
    p.add_argument("--skip-missing", action="store_true",
                   help="make the report without expected files that are missing")
    p.add_argument("--default-scenario", metavar="FILE",
                   help="resolved default scenario to compare against ('-': standard input)")
    return p


def main(argv=None) -> int:
    """Run the report; return the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:
        return 0 if e.code == 0 else 2
    try:
        if args.worst < 0 or args.top < 1:
            raise InputError("--worst must be >= 0 and --top >= 1")
        if len(args.dirs) > 1 and not args.out:
            raise InputError("several folders: name the report with --out FILE.html")
        out = args.out or os.path.join(args.dirs[0], "report.html")
        labels = pr.unique_labels(args.dirs)
        folders = [load_folder(d, lab, args.skip_missing) for d, lab in zip(args.dirs, labels)]
        for f in folders:
            if f.kind == "sweep":
                parse_objective(args.objective)
        default, default_note = load_default_scenario(args.default_scenario)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", category=UserWarning)  # tight_layout remarks
            warnings.filterwarnings("always", message=".*missing from current font.*")
            rep = build_report(folders, args, default, default_note)
    except InputError as e:
        print(f"{PROG}: error: {e}", file=sys.stderr)
        return 2
    except Exception:  # noqa: BLE001  (anything else is a failure, exit 1)
        print(f"{PROG}: failure while drawing the report:\n{traceback.format_exc()}",
              file=sys.stderr)
        return 1
    try:
        paths = write_report(rep, out, report_version(folders))
    except OSError as e:
        print(f"{PROG}: failure: cannot write the report {out}: {e}", file=sys.stderr)
        return 1
    for n in rep.notes:
        print(f"{PROG}: note: {n}", file=sys.stderr)
    print(f"{PROG}: wrote {out} ({len(paths)} figure(s), also in {figures_dir(out)}/)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
