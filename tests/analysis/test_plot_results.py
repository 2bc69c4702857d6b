"""Tests of analysis/plot_results.py on small synthetic gridgov result folders.

Run with::

    /usr/bin/python3 -m unittest discover -s tests/analysis -p 'test_*.py'

Each test writes a tiny result folder (the real file and column names of ``gridgov run``,
synthetic values) into a temporary directory, runs the script's ``main`` and checks the
figures, ``report.md`` and the exit status.
"""

import contextlib
import importlib.util
import io
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "analysis" / "plot_results.py"


def load_module():
    """Import analysis/plot_results.py by path (it is a script, not a package module)."""
    spec = importlib.util.spec_from_file_location("plot_results", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up while it loads
    spec.loader.exec_module(module)
    return module


pr = load_module()

# The column names gridgov run writes (see dictionary.csv of a real result folder).
SUMMARY_COLUMNS = (
    "replicate,seed,households,party_members,central_members,building_leads,grid_workers,"
    "issues_raised,issues_resolved,issues_open,resolved_share,resolved_within_deadline_share,"
    "time_to_resolve_mean_h,time_to_resolve_median_h,time_to_resolve_p90_h,time_to_known_mean_h,"
    "grid_wait_mean_h,grid_wait_share,complaints,complaints_per_1000hh_month,"
    "complained_issue_share,direct_hotline_share,found_proactively_share,"
    "found_by_member_visit_share,found_by_lead_walk_share,found_by_patrol_share,"
    "found_by_grid_visit_share,reported_via_building_lead_share,reported_via_party_member_share,"
    "reported_via_grid_worker_share,reported_via_property_firm_share,reported_via_hotline_share,"
    "resolved_by_member_mediation_share,resolved_by_lead_mediation_share,"
    "resolved_by_grid_worker_share,resolved_by_property_firm_share,resolved_by_member_order_share,"
    "resolved_by_department_share,resolved_by_linkage_share,resolved_by_deliberation_share,"
    "satisfaction_mean,satisfied_share,grid_worker_utilisation,firm_staff_utilisation,"
    "department_utilisation,member_time_use,whistles,deliberation_settled,reopened,"
    "forced_dispatches,hotline_contacts,firms_blacklisted,firms_redlisted,firms_replaced,events"
).split(",")
TIMESERIES_COLUMNS = ("replicate,seed,day,issues_raised,issues_resolved,complaints,"
                      "found_proactively,issues_open,grid_queue,satisfaction_mean").split(",")
GRIDS_COLUMNS = ("replicate,seed,grid,community,firm,households,issues_raised,issues_resolved,"
                 "resolved_share,time_to_resolve_mean_h,complaints,complaints_per_1000hh_month,"
                 "found_proactively_share,grid_worker_utilisation").split(",")
CI_COLUMNS = ["n", "mean", "sd", "ci_low", "ci_high", "median", "p10", "p90"]

KEY = ["resolved_share", "resolved_within_deadline_share", "time_to_resolve_median_h",
       "complaints_per_1000hh_month", "found_proactively_share", "satisfaction_mean"]

# Student t quantiles t_{0.975, n-1} for the replicate counts used here.
T975 = {2: 12.706204736174705, 3: 4.302652729911275, 4: 3.182446305284263}

SEED = 20260101
N_GRIDS = 4
N_DAYS = 12
WORST_GRID = 2  # lowest resolved share and most complaints in the synthetic data


def ci_rows(values):
    """Return the statistic columns of a ``*_ci.csv`` row for a list of replicate values."""
    v = np.asarray(values, dtype=float)
    n = len(v)
    mean = float(v.mean())
    if n > 1:
        sd = float(v.std(ddof=1))
        half = T975[n] * sd / math.sqrt(n)
        lo, hi = mean - half, mean + half
    else:
        sd = lo = hi = float("nan")
    return {"n": n, "mean": mean, "sd": sd, "ci_low": lo, "ci_high": hi,
            "median": float(np.median(v)), "p10": float(np.percentile(v, 10)),
            "p90": float(np.percentile(v, 90))}


def write_csv(df, path):
    """Write ``df`` the way gridgov does (NaN as NA, no index)."""
    df.to_csv(path, index=False, na_rep="NA")


def make_result(folder, replicates=3, shift=0.0):
    """Write a synthetic result folder; ``shift`` changes the values (another scenario)."""
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(7 + int(shift * 100))

    # summary.csv: plausible values per column, varied by replicate.
    rows = []
    for r in range(replicates):
        row = {}
        for j, c in enumerate(SUMMARY_COLUMNS):
            if c == "replicate":
                row[c] = r
            elif c == "seed":
                row[c] = SEED
            elif c.endswith("_share") or c.endswith("utilisation") or c in (
                    "satisfaction_mean", "member_time_use"):
                row[c] = float(np.clip(0.5 + 0.1 * shift + 0.03 * r + 0.01 * rng.random()
                                       + 0.002 * j, 0, 1))
            elif c.endswith("_h"):
                row[c] = 20.0 + 5.0 * r + 10.0 * shift + rng.random()
            elif c == "complaints_per_1000hh_month":
                row[c] = 40.0 + 3.0 * r - 10.0 * shift + rng.random()
            else:
                row[c] = int(100 + 10 * r + j)
        rows.append(row)
    summary = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    write_csv(summary, os.path.join(folder, "summary.csv"))
    ci = [dict(seed=SEED, metric=c, **ci_rows(summary[c])) for c in SUMMARY_COLUMNS[2:]]
    write_csv(pd.DataFrame(ci, columns=["seed", "metric"] + CI_COLUMNS),
              os.path.join(folder, "summary_ci.csv"))

    # timeseries.csv / timeseries_ci.csv
    rows = []
    for r in range(replicates):
        for d in range(N_DAYS):
            rows.append({"replicate": r, "seed": SEED, "day": d, "issues_raised": 10 + r + d % 3,
                         "issues_resolved": 8 + r, "complaints": (d + r) % 4,
                         "found_proactively": 2 + r, "issues_open": 20 + d + 2 * r,
                         "grid_queue": r, "satisfaction_mean": 0.7 + 0.001 * d * (r + 1)
                         + 0.05 * shift})
    ts = pd.DataFrame(rows, columns=TIMESERIES_COLUMNS)
    write_csv(ts, os.path.join(folder, "timeseries.csv"))
    ci = []
    for d in range(N_DAYS):
        one = ts[ts["day"] == d]
        for c in TIMESERIES_COLUMNS[3:]:
            ci.append(dict(seed=SEED, day=d, metric=c, **ci_rows(one[c])))
    write_csv(pd.DataFrame(ci, columns=["seed", "day", "metric"] + CI_COLUMNS),
              os.path.join(folder, "timeseries_ci.csv"))

    # grids.csv / grids_ci.csv: grid WORST_GRID resolves least and draws most complaints.
    rows = []
    for r in range(replicates):
        for g in range(N_GRIDS):
            bad = g == WORST_GRID
            raised = 100 + 5 * g + r
            resolved = raised - (30 if bad else 2 + g) - r
            rows.append({"replicate": r, "seed": SEED, "grid": g, "community": g // 2,
                         "firm": g, "households": 240, "issues_raised": raised,
                         "issues_resolved": resolved, "resolved_share": resolved / raised,
                         "time_to_resolve_mean_h": 50.0 + g + r, "complaints": 30 + g + r,
                         "complaints_per_1000hh_month": (90.0 if bad else 30.0 + g) + r,
                         "found_proactively_share": 0.2 + 0.01 * g,
                         "grid_worker_utilisation": 0.1 + 0.01 * r})
    grids = pd.DataFrame(rows, columns=GRIDS_COLUMNS)
    write_csv(grids, os.path.join(folder, "grids.csv"))
    ci = []
    for g in range(N_GRIDS):
        one = grids[grids["grid"] == g]
        for c in GRIDS_COLUMNS[5:]:
            ci.append(dict(seed=SEED, grid=g, community=g // 2, metric=c, **ci_rows(one[c])))
    write_csv(pd.DataFrame(ci, columns=["seed", "grid", "community", "metric"] + CI_COLUMNS),
              os.path.join(folder, "grids_ci.csv"))

    with open(os.path.join(folder, "scenario.resolved.yaml"), "w", encoding="utf-8") as f:
        f.write("simulation:\n  seed: 20260101\n  days: 12\n  warmup_days: 3\n  replicates: 3\n")
    return folder


def run_main(argv):
    """Run ``plot_results.main(argv)``; return (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = pr.main(argv)
    return rc, out.getvalue(), err.getvalue()


def report_metric_cells(report_text):
    """Return {metric: (n, 'mean [lo, hi]' cell)} from the key-metrics table of report.md."""
    section = report_text.split("## Key metrics", 1)[1].split("\n## ", 1)[0]
    cells = {}
    for line in section.splitlines():
        m = re.match(r"\| `(\w+)` \([^)]*\) \| [^|]* \| (\d+) \| ([^|]+) \|$", line)
        if m:
            cells[m.group(1)] = (int(m.group(2)), m.group(3).strip())
    return cells


def parse_mean_ci(cell):
    """Parse ``'0.5123 [0.5, 0.52]'`` into three floats (NaN for a missing CI)."""
    m = re.match(r"^(\S+) \[(?:(\S+), (\S+)|CI n/a)\]$", cell)
    if not m:
        raise AssertionError(f"unexpected cell {cell!r}")
    vals = [m.group(1), m.group(2), m.group(3)]
    return [float(v) if v is not None else float("nan") for v in vals]


def tolerance(text):
    """Half a unit in the last printed decimal of ``text`` (plus a little slack)."""
    decimals = len(text.split(".", 1)[1]) if "." in text else 0
    return 0.5 * 10 ** (-decimals) + 1e-12


class PlotResultsTest(unittest.TestCase):
    """End-to-end tests of plot_results.main on synthetic result folders."""

    def setUp(self):
        """Create a fresh temporary folder holding one synthetic result folder."""
        self.tmp = tempfile.mkdtemp(prefix="gridgov_plot_test_")
        self.result = make_result(os.path.join(self.tmp, "baseline"))
        self.out = os.path.join(self.tmp, "out")

    def tearDown(self):
        """Remove the temporary folder."""
        shutil.rmtree(self.tmp, ignore_errors=True)

    def assert_nonempty_png(self, path):
        """Assert that ``path`` is a non-empty PNG file."""
        self.assertTrue(os.path.isfile(path), path)
        self.assertGreater(os.path.getsize(path), 1000, path)
        with open(path, "rb") as f:
            self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n", path)

    def test_writes_figures_and_report(self):
        """main writes the three figures and a non-empty report.md, and no temp files."""
        rc, stdout, stderr = run_main([self.result, "--out", self.out])
        self.assertEqual(rc, 0, stderr)
        for name in ("timeseries.png", "grids.png", "headline.png"):
            self.assert_nonempty_png(os.path.join(self.out, name))
            self.assertIn(name, stdout)
        report = os.path.join(self.out, "report.md")
        self.assertGreater(os.path.getsize(report), 0)
        text = Path(report).read_text(encoding="utf-8")
        for name in ("timeseries.png", "grids.png", "headline.png"):
            self.assertIn(f"]({name})", text)
        self.assertNotIn("compare.png", text)
        self.assertFalse(os.path.exists(os.path.join(self.out, "compare.png")))
        leftovers = [f for f in os.listdir(self.out) if f.endswith(".tmp")]
        self.assertEqual(leftovers, [])

    def test_report_numbers_match_csv_means(self):
        """The key-metric table shows the replicate means and CIs of the CSV files."""
        rc, _, stderr = run_main([self.result, "--out", self.out])
        self.assertEqual(rc, 0, stderr)
        text = Path(self.out, "report.md").read_text(encoding="utf-8")
        cells = report_metric_cells(text)
        self.assertEqual(sorted(cells), sorted(KEY))
        summary = pd.read_csv(os.path.join(self.result, "summary.csv"))
        ci = pd.read_csv(os.path.join(self.result, "summary_ci.csv")).set_index("metric")
        for metric in KEY:
            n, cell = cells[metric]
            self.assertEqual(n, len(summary))
            texts = re.match(r"^(\S+) \[(\S+), (\S+)\]$", cell).groups()
            mean, lo, hi = parse_mean_ci(cell)
            self.assertAlmostEqual(mean, summary[metric].mean(), delta=tolerance(texts[0]),
                                   msg=metric)
            self.assertAlmostEqual(mean, ci.loc[metric, "mean"], delta=tolerance(texts[0]))
            self.assertAlmostEqual(lo, ci.loc[metric, "ci_low"], delta=tolerance(texts[1]))
            self.assertAlmostEqual(hi, ci.loc[metric, "ci_high"], delta=tolerance(texts[2]))

    def test_worst_grid_is_reported(self):
        """The worst synthetic grid heads both worst-grid tables of the report."""
        rc, _, stderr = run_main([self.result, "--out", self.out, "--worst", "1"])
        self.assertEqual(rc, 0, stderr)
        text = Path(self.out, "report.md").read_text(encoding="utf-8")
        section = text.split("## Worst grids", 1)[1]
        rows = re.findall(r"^\| (\d+) \| (\d+) \| ", section, re.MULTILINE)
        self.assertEqual(rows, [(str(WORST_GRID), str(WORST_GRID // 2))] * 2)

    def test_default_out_is_plots_subfolder(self):
        """Without --out the files go to RESULT_DIR/plots."""
        rc, _, stderr = run_main([self.result])
        self.assertEqual(rc, 0, stderr)
        plots = os.path.join(self.result, "plots")
        self.assert_nonempty_png(os.path.join(plots, "headline.png"))
        self.assertGreater(os.path.getsize(os.path.join(plots, "report.md")), 0)

    def test_missing_file_exits_2(self):
        """A missing input file gives exit status 2 and names the file."""
        os.remove(os.path.join(self.result, "timeseries_ci.csv"))
        rc, _, stderr = run_main([self.result, "--out", self.out])
        self.assertEqual(rc, 2)
        self.assertIn("timeseries_ci.csv", stderr)
        self.assertFalse(os.path.exists(os.path.join(self.out, "report.md")))

    def test_missing_column_exits_2(self):
        """A missing required column gives exit status 2 and names the column."""
        path = os.path.join(self.result, "grids_ci.csv")
        pd.read_csv(path).drop(columns=["ci_high"]).to_csv(path, index=False)
        rc, _, stderr = run_main([self.result, "--out", self.out])
        self.assertEqual(rc, 2)
        self.assertIn("ci_high", stderr)
        self.assertIn("grids_ci.csv", stderr)

    def test_missing_metric_exits_2(self):
        """A key metric without a row in summary_ci.csv gives exit status 2."""
        path = os.path.join(self.result, "summary_ci.csv")
        df = pd.read_csv(path)
        df[df["metric"] != "satisfaction_mean"].to_csv(path, index=False)
        rc, _, stderr = run_main([self.result, "--out", self.out])
        self.assertEqual(rc, 2)
        self.assertIn("satisfaction_mean", stderr)

    def test_missing_result_folder_exits_2(self):
        """A result folder that does not exist gives exit status 2."""
        rc, _, stderr = run_main([os.path.join(self.tmp, "nope"), "--out", self.out])
        self.assertEqual(rc, 2)
        self.assertIn("nope", stderr)

    def test_command_line_exit_status(self):
        """Run as a program, a missing file gives exit status 2 and a message on stderr."""
        os.remove(os.path.join(self.result, "summary.csv"))
        proc = subprocess.run([sys.executable, str(SCRIPT), self.result, "--out", self.out],
                              capture_output=True, text=True, timeout=120)
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertIn("summary.csv", proc.stderr)

    def test_compare(self):
        """--compare adds the comparison figures and a table with every scenario's means."""
        other = make_result(os.path.join(self.tmp, "more_members"), shift=1.0)
        rc, stdout, stderr = run_main([self.result, "--out", self.out, "--compare", other])
        self.assertEqual(rc, 0, stderr)
        self.assert_nonempty_png(os.path.join(self.out, "compare.png"))
        self.assert_nonempty_png(os.path.join(self.out, "compare_timeseries.png"))
        text = Path(self.out, "report.md").read_text(encoding="utf-8")
        self.assertIn("](compare.png)", text)
        section = text.split("## Scenario comparison", 1)[1]
        header = next(line for line in section.splitlines() if line.startswith("| metric |"))
        self.assertEqual(header, "| metric | baseline | more_members |")
        for metric in KEY:
            line = next(line for line in section.splitlines()
                        if line.startswith(f"| `{metric}` |"))
            cells = [c.strip() for c in line.strip("|").split("|")][1:]
            self.assertEqual(len(cells), 2)
            for folder, cell in zip((self.result, other), cells):
                mean = parse_mean_ci(cell)[0]
                expected = pd.read_csv(os.path.join(folder, "summary.csv"))[metric].mean()
                self.assertAlmostEqual(mean, expected, delta=tolerance(cell.split()[0]),
                                       msg=f"{metric} in {folder}")

    def test_compare_missing_file_exits_2(self):
        """A compared folder that lacks a file also gives exit status 2."""
        other = make_result(os.path.join(self.tmp, "other"), shift=0.5)
        os.remove(os.path.join(other, "grids.csv"))
        rc, _, stderr = run_main([self.result, "--out", self.out, "--compare", other])
        self.assertEqual(rc, 2)
        self.assertIn("grids.csv", stderr)

    def test_single_replicate_has_no_ci(self):
        """With one replicate the CI columns are NA; the script still plots and reports."""
        single = make_result(os.path.join(self.tmp, "single"), replicates=1)
        rc, _, stderr = run_main([single, "--out", self.out])
        self.assertEqual(rc, 0, stderr)
        cells = report_metric_cells(Path(self.out, "report.md").read_text(encoding="utf-8"))
        self.assertEqual(len(cells), len(KEY))
        for n, cell in cells.values():
            self.assertEqual(n, 1)
            self.assertTrue(cell.endswith("[CI n/a]"), cell)

    def test_unique_labels(self):
        """Folders with the same name are told apart by their parent folders."""
        self.assertEqual(pr.unique_labels(["/a/run", "/b/run2"]), ["run", "run2"])
        self.assertEqual(pr.unique_labels(["/a/run", "/b/run"]), ["a/run", "b/run"])
        self.assertEqual(pr.unique_labels(["/a/run", "/a/run"]), ["a/run #1", "a/run #2"])


if __name__ == "__main__":
    unittest.main()
