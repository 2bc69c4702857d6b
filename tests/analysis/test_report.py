#!/usr/bin/python3
"""Tests of analysis/report.py and `gridgov report` without a browser.

Run with Debian's interpreter (pandas, matplotlib, PyYAML), from the source folder::

    /usr/bin/python3 -m unittest discover -s tests/analysis -p test_report.py

The result folders come from the real gridgov executable on tiny scenarios (see
report_fixtures.py); the compare folder is written by hand. Each test reads the HTML page
with html.parser and checks it against the CSV files it was made from.
"""

from __future__ import annotations

import base64
import contextlib
import io
import os
import shutil
import sys
import tempfile
import unittest
import warnings
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report_fixtures as fx  # noqa: E402

import report  # noqa: E402  (analysis/report.py, put on sys.path by report_fixtures)


class Page(HTMLParser):
    """The parts of a report page the tests look at."""

    def __init__(self, text: str):
        super().__init__()
        self.ids: set = set()
        self.links: list = []
        self.imgs: list = []
        self.rows: list = []  # attrs of <tr> with data-* attributes
        self.external: list = []
        self.body_attrs: dict = {}
        self.text_parts: list = []
        self._in = []
        self.feed(text)
        self.text = " ".join(self.text_parts)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag == "img":
            self.imgs.append(a)
        if tag == "tr" and any(k.startswith("data-") for k in a):
            self.rows.append(a)
        if tag == "body":
            self.body_attrs = a
        for k in ("src", "href"):
            v = a.get(k, "")
            if v and not (v.startswith("data:") or v.startswith("#")):
                self.external.append(v)
        if tag in ("script", "style"):
            self._in.append(tag)

    def handle_endtag(self, tag):
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data):
        if not self._in:
            self.text_parts.append(data)

    def img(self, fig_id: str) -> dict:
        """The <img> of a figure."""
        found = [i for i in self.imgs if i.get("data-figure") == fig_id]
        if len(found) != 1:
            raise AssertionError(f"{len(found)} images {fig_id}; have "
                                 f"{[i.get('data-figure') for i in self.imgs]}")
        return found[0]


def run_report(argv: list) -> tuple:
    """Run report.main(argv) in-process; return (status, stdout, stderr, warning texts)."""
    out, err = io.StringIO(), io.StringIO()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            rc = report.main(argv)
    return rc, out.getvalue(), err.getvalue(), [str(w.message) for w in caught]


def png_pixels(data: bytes) -> np.ndarray:
    """Decode PNG bytes into an array (height x width x channels)."""
    import matplotlib.image as mpimg
    return mpimg.imread(io.BytesIO(data), format="png")


def data_uri_png(img: dict) -> bytes:
    """The PNG bytes of an embedded <img>."""
    src = img["src"]
    prefix = "data:image/png;base64,"
    if not src.startswith(prefix):
        raise AssertionError(f"not an embedded PNG: {src[:40]}")
    return base64.b64decode(src[len(prefix):])


class ReportTestCase(unittest.TestCase):
    """A fresh output folder per test."""

    def setUp(self):
        self.out_dir = tempfile.mkdtemp(dir=fx.tmp_root(), prefix="out_")

    def tearDown(self):
        shutil.rmtree(self.out_dir, ignore_errors=True)

    def make(self, dirs: list, *extra: str, name: str = "report.html") -> tuple:
        """Make a report of ``dirs`` into the test's folder; return (Page, path, stderr)."""
        out = os.path.join(self.out_dir, name)
        rc, _, err, warn = run_report([*dirs, "--out", out, *extra])
        self.assertEqual(rc, 0, err)
        missing_glyphs = [w for w in warn if "missing from current font" in w]
        self.assertEqual(missing_glyphs, [], "glyphs drawn as boxes")
        return Page(Path(out).read_text(encoding="utf-8")), out, err

    def assert_self_contained(self, page: Page, out: str):
        """Every link is in-page and resolves; images are embedded, decodable and not blank."""
        self.assertEqual(page.external, [], "the page refers to files or the network")
        self.assertGreater(len(page.links), 3)
        for href in page.links:
            self.assertTrue(href.startswith("#"), href)
            self.assertIn(href[1:], page.ids, f"link {href} has no target")
        self.assertGreater(len(page.imgs), 0)
        fdir = report.figures_dir(out)
        for img in page.imgs:
            png = data_uri_png(img)
            pixels = png_pixels(png)
            self.assertGreater(pixels.shape[0], 100)
            self.assertGreater(float(pixels[..., :3].std()), 0.02, img["data-figure"])
            with open(os.path.join(fdir, img["data-figure"] + ".png"), "rb") as f:
                self.assertEqual(f.read(), png, "the PNG beside the page differs")
        leftovers = [n for n in os.listdir(os.path.dirname(out)) if n.endswith(".tmp")]
        self.assertEqual(leftovers, [])


class RunReportTest(ReportTestCase):
    """Run folders."""

    def test_headline_numbers_are_summary_ci(self):
        """The headline table holds summary_ci.csv's means and intervals, exactly."""
        page, out, _ = self.make([fx.fixture("run")])
        self.assert_self_contained(page, out)
        self.assertEqual(page.body_attrs.get("data-report-kind"), "run")
        ci = pd.read_csv(os.path.join(fx.fixture("run"), "summary_ci.csv")).set_index("metric")
        rows = [r for r in page.rows if "data-metric" in r]
        self.assertGreaterEqual(len(rows), 8)
        for r in rows:
            m = r["data-metric"]
            self.assertEqual(float(r["data-mean"]), ci.loc[m, "mean"], m)
            self.assertEqual(float(r["data-ci-low"]), ci.loc[m, "ci_low"], m)
            self.assertEqual(float(r["data-ci-high"]), ci.loc[m, "ci_high"], m)
            self.assertLess(ci.loc[m, "ci_low"], ci.loc[m, "ci_high"] + 1e-12)
        self.assertIn("complaints_per_1000hh_month", {r["data-metric"] for r in rows})

    def test_scenario_brief_and_default_differences(self):
        """Seed, version, the Chinese intervention and exactly the settings that differ."""
        page, _, _ = self.make([fx.fixture("run")])
        self.assertIn("424242", page.text)
        self.assertIn("0.1.0", page.text)
        self.assertIn(fx.CHINESE_LABEL, page.text)
        differ = {r["data-setting"] for r in page.rows if "data-setting" in r}
        # small.yaml changes these from the default scenario (and the fixture the days) ...
        for key in ("simulation.seed", "simulation.days", "simulation.warmup_days",
                    "geography.communities", "firms.count", "interventions"):
            self.assertIn(key, differ)
        # ... and leaves these as they are.
        for key in ("party.members_per_household", "party.visits_per_month",
                    "grid.patrols_per_day", "hotline.enabled"):
            self.assertNotIn(key, differ)

    def test_map_has_one_mark_per_building(self):
        """Every panel of the map plots each row of buildings.csv once; stations counted."""
        page, _, _ = self.make([fx.fixture("run")])
        b = pd.read_csv(os.path.join(fx.fixture("run"), "buildings.csv"))
        img = page.img("fig-map")
        marks = [int(x) for x in img["data-marks"].split(",")]
        self.assertEqual(marks, [len(b)] * 3)
        self.assertEqual(int(img["data-stations"]), int(b["station"].sum()))
        self.assertGreater(int(b["station"].sum()), 0)
        # small.yaml's grids of 4 buildings split into 3 micro-grids each: every one is outlined.
        self.assertEqual(int(img["data-microgrids"]), 3 * b["grid"].nunique())
        self.assertEqual(int(img["data-microgrids"]), b["microgrid"].nunique())
        # The worst grids by complaints are labelled.
        g = pd.read_csv(os.path.join(fx.fixture("run"), "grids_ci.csv"))
        c = g[g["metric"] == "complaints_per_1000hh_month"].sort_values("mean", ascending=False)
        panels = img["data-labelled"].split(";")
        self.assertEqual(len(panels), 3)
        self.assertEqual([int(x) for x in panels[0].split(",")], list(c["grid"].head(3)))

    def test_timeseries_marks_interventions_and_bands(self):
        """Three replicates give bands; the one intervention is drawn."""
        page, _, _ = self.make([fx.fixture("run")])
        img = page.img("fig-timeseries")
        self.assertEqual(img["data-banded"], "1")
        self.assertEqual(img["data-interventions"], "1")
        page.img("fig-grids")

    def test_one_replicate_says_there_is_no_interval(self):
        """One replicate: a notice, 'no interval' cells and no bands."""
        page, out, _ = self.make([fx.fixture("run1")])
        self.assert_self_contained(page, out)
        self.assertIn("one-replicate", page.ids)
        self.assertIn("there is no confidence interval", page.text)
        rows = [r for r in page.rows if "data-metric" in r]
        self.assertTrue(rows)
        for r in rows:
            self.assertEqual(r["data-ci-low"], "NA")
        self.assertIn("no interval", page.text)
        self.assertEqual(page.img("fig-timeseries")["data-banded"], "0")

    def test_default_out_is_report_html_in_the_folder(self):
        """Without --out: DIR/report.html and DIR/report_figures/."""
        d = fx.copy_of("run", "run_default_out")
        rc, stdout, err, _ = run_report([d])
        self.assertEqual(rc, 0, err)
        self.assertTrue(os.path.isfile(os.path.join(d, "report.html")))
        pngs = sorted(os.listdir(os.path.join(d, "report_figures")))
        self.assertEqual(pngs, ["fig-grids.png", "fig-map.png", "fig-timeseries.png"])
        self.assertIn("report.html", stdout)


class SweepReportTest(ReportTestCase):
    """Sweep folders."""

    def test_best_points_follow_the_objective(self):
        """The best-points table is points.csv's objective, sorted; max: reverses it."""
        page, out, _ = self.make([fx.fixture("sweep")])
        self.assert_self_contained(page, out)
        p = pd.read_csv(os.path.join(fx.fixture("sweep"), "points.csv"))
        obj = p[p["metric"] == "complaints_per_1000hh_month"].sort_values(["mean", "point_id"])
        rows = [r for r in page.rows if "data-point" in r]
        self.assertEqual([int(r["data-point"]) for r in rows], list(obj["point_id"]))
        self.assertEqual([float(r["data-mean"]) for r in rows], list(obj["mean"]))
        for fig in ("fig-response", "fig-heatmap-0", "fig-point-timeseries"):
            page.img(fig)
        self.assertEqual(int(page.img("fig-response")["data-panels"]), 8)

        page, _, _ = self.make([fx.fixture("sweep")], "--objective", "max:resolved_share",
                               name="max.html")
        res = p[p["metric"] == "resolved_share"].sort_values(["mean", "point_id"],
                                                            ascending=[False, True])
        rows = [r for r in page.rows if "data-point" in r]
        self.assertEqual([int(r["data-point"]) for r in rows], list(res["point_id"]))

    def test_failed_runs_are_listed_and_not_ranked(self):
        """Point 0 failed entirely (not ranked), point 1 partly (flagged); errors listed."""
        page, out, err = self.make([fx.fixture("failed")])
        self.assert_self_contained(page, out)
        rows = [r for r in page.rows if "data-point" in r]
        self.assertNotIn(0, [int(r["data-point"]) for r in rows])
        self.assertEqual(len(rows), 3)
        self.assertIn("unranked", page.ids)
        self.assertIn("2/3 runs ok", page.text)
        errors = pd.read_csv(os.path.join(fx.fixture("failed"), "errors.csv"))
        self.assertEqual(len(errors), 4)
        self.assertEqual(page.text.count("injected fault"), len(errors))
        self.assertIn("4 run(s) failed", err)

    def test_sensitivity_bars_with_and_without_intervals(self):
        """Morris indices are drawn; interval columns, when present, give error bars."""
        # gridgov sweep writes bootstrap intervals (ci_low, ci_high) into sensitivity.csv.
        page, out, _ = self.make([fx.fixture("morris")])
        self.assert_self_contained(page, out)
        self.assertEqual(page.img("fig-sensitivity")["data-intervals"], "1")
        # A sensitivity.csv without them (an older gridgov) still gives bars, without error bars.
        d = fx.copy_of("morris", "morris_no_ci")
        s = pd.read_csv(os.path.join(d, "sensitivity.csv"))
        s = s.drop(columns=[c for c in ("ci_low", "ci_high") if c in s.columns])
        s.to_csv(os.path.join(d, "sensitivity.csv"), index=False, na_rep="NA")
        page, _, _ = self.make([d], name="no_ci.html")
        self.assertEqual(page.img("fig-sensitivity")["data-intervals"], "0")
        self.assertIn("no interval columns", page.text)

    def test_unknown_objective_exits_2(self):
        """An objective that is no metric of points.csv is bad input."""
        rc, _, err, _ = run_report([fx.fixture("sweep"), "--out",
                                    os.path.join(self.out_dir, "x.html"), "--objective", "nope"])
        self.assertEqual(rc, 2)
        self.assertIn("nope", err)
        self.assertEqual(os.listdir(self.out_dir), [])


class CompareReportTest(ReportTestCase):
    """Compare folders."""

    def test_forest_and_table(self):
        """Every row of compare.csv is in the table; the forest plots those with a baseline."""
        page, out, _ = self.make([fx.fixture("compare")])
        self.assert_self_contained(page, out)
        self.assertEqual(page.body_attrs.get("data-report-kind"), "compare")
        c = pd.read_csv(os.path.join(fx.fixture("compare"), "compare.csv"))
        rows = [r for r in page.rows if "data-diff" in r]
        self.assertEqual(len(rows), len(c))
        got = {(r["data-scenario"], r["data-metric"]): float(r["data-diff"]) for r in rows}
        for _, r in c.iterrows():
            self.assertEqual(got[(r["scenario"], r["metric"])], r["diff"])
        self.assertEqual(int(page.img("fig-forest")["data-marks"]),
                         int((c["mean_baseline"] != 0).sum()))
        page.img("fig-diff-timeseries")
        self.assertIn(fx.CHINESE_SCENARIO, page.text)


class CalibrateReportTest(ReportTestCase):
    """Calibration folders (written by gridgov calibrate in report_fixtures)."""

    def read(self, name: str, fixture: str = "calibrate") -> pd.DataFrame:
        """A CSV file of a calibration fixture."""
        return pd.read_csv(os.path.join(fx.fixture(fixture), name), na_values=["NA"],
                           keep_default_na=False)

    def test_targets_start_and_fitted_are_the_csv_files(self):
        """Each target's row holds targets.csv's numbers and trace.csv's start; checks apart."""
        page, out, _ = self.make([fx.fixture("calibrate")])
        self.assert_self_contained(page, out)
        self.assertEqual(page.body_attrs.get("data-report-kind"), "calibrate")
        t = self.read("targets.csv").set_index("target")
        rows = {r["data-target"]: r for r in page.rows if "data-target" in r and "data-role" in r}
        self.assertEqual(set(rows), set(t.index))
        for name, r in rows.items():
            self.assertEqual(float(r["data-observed"]), t.loc[name, "observed"], name)
            self.assertEqual(float(r["data-start"]), t.loc[name, "start_mean"], name)
            self.assertEqual(float(r["data-fitted"]), t.loc[name, "fitted_mean"], name)
            self.assertEqual(float(r["data-ci-low"]), t.loc[name, "fitted_ci_low"], name)
            self.assertEqual(float(r["data-ci-high"]), t.loc[name, "fitted_ci_high"], name)
            self.assertEqual(int(r["data-reached"]), int(t.loc[name, "reached"]), name)
            self.assertEqual(r["data-role"], "check" if t.loc[name, "weight"] == 0 else "fitted")
        # Half-widths: the tolerance, or 1.96 se.
        self.assertEqual(float(rows["raised"]["data-half"]), 10.0)
        self.assertAlmostEqual(float(rows["workers"]["data-half"]), 1.96 * 5)
        # The start interval is evaluation 0's, from trace.csv.
        first = self.read("trace.csv").iloc[0]
        self.assertIn(f"[{report.fmt_sig(first['hotline_ci_low'])}, "
                      f"{report.fmt_sig(first['hotline_ci_high'])}]", page.text)
        self.assertIn("checks", page.ids)
        self.assertIn("1 of 3 fitted target(s) reached", page.text)
        self.assertIn(fx.CHINESE_SCENARIO + " 12345", page.text)  # a source in Chinese

    def test_verdicts_are_report_md(self):
        """At a bound, no parameter moves it, and a check that differs: report.md's sentences."""
        page, _, _ = self.make([fx.fixture("calibrate")])
        verdict = {r["data-target"]: r["data-verdict"] for r in page.rows if "data-role" in r}
        self.assertEqual(verdict, {"raised": "at-bound", "hotline": "", "workers": "no-mover",
                                   "complaint_rate": "check"})
        md = Path(fx.fixture("calibrate"), "report.md").read_text(encoding="utf-8")
        squeezed = "".join(page.text.split())
        bullets = [line[2:].replace("**", "") for line in md.splitlines()
                   if line.startswith("- **")]
        self.assertEqual(len(bullets), 3)
        for b in bullets:
            self.assertIn("".join(b.split()), squeezed)
        self.assertIn("a parameter sits at a bound", page.text)
        p = self.read("parameters.csv").fillna("")
        prow = {r["data-parameter"]: r for r in page.rows if "data-parameter" in r}
        self.assertEqual({k: v["data-at-bound"] for k, v in prow.items()},
                         dict(zip(p["parameter"], p["at_bound"])))
        self.assertEqual(prow["issues.repair.rate_per_household_year"]["data-at-bound"], "upper")

    def test_figures(self):
        """fig-targets (checks, symlog), fig-trace (every evaluation, the best), sensitivity,
        attribution (two mechanisms, NA shares counted)."""
        page, _, _ = self.make([fx.fixture("calibrate")])
        imgs = {i["data-figure"]: i for i in page.imgs}
        self.assertEqual(set(imgs), {"fig-targets", "fig-trace", "fig-sensitivity",
                                     "fig-attribution"})
        self.assertEqual(imgs["fig-targets"]["data-targets"], "4")
        self.assertEqual(imgs["fig-targets"]["data-checks"], "1")
        self.assertEqual(imgs["fig-targets"]["data-scale"], "symlog")  # raised is ~766 away
        self.assertEqual(imgs["fig-targets"]["data-intervals"], "1")
        tr = self.read("trace.csv")
        self.assertEqual(int(imgs["fig-trace"]["data-evaluations"]), len(tr))
        self.assertEqual(int(imgs["fig-trace"]["data-search"]), int((tr["phase"] == "search").sum()))
        self.assertEqual(int(imgs["fig-trace"]["data-search"]), 10)
        md = Path(fx.fixture("calibrate"), "report.md").read_text(encoding="utf-8")
        self.assertIn(f"the best is evaluation {imgs['fig-trace']['data-best']} ", md)
        self.assertEqual(imgs["fig-trace"]["data-parameters"], "2")
        self.assertEqual(imgs["fig-sensitivity"]["data-targets"], "4")
        self.assertEqual(imgs["fig-sensitivity"]["data-parameters"], "2")
        a = self.read("attribution.csv")
        self.assertEqual(imgs["fig-attribution"]["data-mechanisms"], "2")  # "all" is the 1 line
        self.assertEqual(int(imgs["fig-attribution"]["data-na"]),
                         int(a[a["mechanism"] != "all"]["share"].isna().sum()))
        mech = [r for r in page.rows if "data-mechanism" in r]
        self.assertEqual(len(mech), len(a))
        self.assertIn("mechanisms", page.ids)

    def test_one_replicate_no_attribution_and_a_compromise(self):
        """One replicate: a notice, no intervals; no attribution: no section; a compromise."""
        page, out, err = self.make([fx.fixture("calibrate1")])
        self.assert_self_contained(page, out)
        self.assertIn("one-replicate", page.ids)
        self.assertIn("there is no confidence interval", page.text)
        self.assertIn("no interval", page.text)
        self.assertIn("one replicate per evaluation", err)
        imgs = {i["data-figure"]: i for i in page.imgs}
        self.assertEqual(set(imgs), {"fig-targets", "fig-trace", "fig-sensitivity"})
        self.assertEqual(imgs["fig-targets"]["data-intervals"], "0")
        self.assertNotIn("mechanisms", page.ids)
        self.assertNotIn("checks", page.ids)
        verdict = {r["data-target"]: r["data-verdict"] for r in page.rows if "data-role" in r}
        self.assertEqual(verdict, {"raised_low": "compromise", "raised_high": "compromise"})

    def test_no_sensitivity_rows_and_an_evaluation_without_a_value(self):
        """sensitivity.csv with its header only: no figure, a note. A search evaluation whose
        target had no value (objective 1e30) is drawn apart and noted."""
        d = fx.copy_of("calibrate", "cal_edges")
        s = Path(d, "sensitivity.csv")
        s.write_text(s.read_text().splitlines()[0] + "\n")
        tr = pd.read_csv(os.path.join(d, "trace.csv"), dtype=str, keep_default_na=False)
        tr.loc[3, "objective"] = "1e+30"  # evaluation 3 is not the best
        tr.to_csv(os.path.join(d, "trace.csv"), index=False)
        page, out, err = self.make([d])
        self.assert_self_contained(page, out)
        self.assertNotIn("fig-sensitivity", [i["data-figure"] for i in page.imgs])
        self.assertIn("sensitivity.step 0", err)
        self.assertIn("1 evaluation(s) left a target without a value", page.text)
        self.assertIn("had a target without a value", page.text)


class SideBySideTest(ReportTestCase):
    """Several folders."""

    def test_two_runs_and_a_sweep(self):
        """Runs side by side, then each folder's own sections with distinct ids."""
        page, out, _ = self.make([fx.fixture("run"), fx.fixture("run1"), fx.fixture("sweep")],
                                 name="all.html")
        self.assert_self_contained(page, out)
        self.assertEqual(page.body_attrs.get("data-report-kind"), "multi")
        for i in ("side", "f1-scenario", "f2-scenario", "f3-scenario", "f3-headline"):
            self.assertIn(i, page.ids)
        page.img("side-fig-metrics")
        page.img("f1-fig-map")
        page.img("f3-fig-response")
        self.assertIn("simulation.replicates", page.text)  # differs between the two runs

    def test_calibrations_side_by_side(self):
        """Two calibrations and a run: the calibrations' targets and parameters together, then
        each folder's own sections."""
        page, out, _ = self.make([fx.fixture("calibrate"), fx.fixture("calibrate1"),
                                  fx.fixture("run")], name="cal.html")
        self.assert_self_contained(page, out)
        self.assertEqual(page.body_attrs.get("data-report-kind"), "multi")
        for i in ("cal-side", "cal-side-parameters", "f1-scenario", "f1-headline", "f2-headline",
                  "f2-one-replicate", "f3-scenario"):
            self.assertIn(i, page.ids)
        self.assertNotIn("side", page.ids)  # one run: nothing to put beside it
        self.assertEqual(page.img("cal-side-fig-targets")["data-series"], "2")
        for fig in ("f1-fig-trace", "f1-fig-attribution", "f2-fig-trace", "f3-fig-map"):
            page.img(fig)
        self.assertIn("— (not free)", page.text)  # the hotline weight is free only in the first

    def test_several_folders_need_out(self):
        """Several folders without --out is bad input."""
        rc, _, err, _ = run_report([fx.fixture("run"), fx.fixture("run1")])
        self.assertEqual(rc, 2)
        self.assertIn("--out", err)


class BadInputTest(ReportTestCase):
    """Exit 2 with a message, and nothing written."""

    def assert_refused(self, argv: list, *needles: str):
        out = os.path.join(self.out_dir, "sub", "r.html")
        rc, _, err, _ = run_report([*argv, "--out", out])
        self.assertEqual(rc, 2, err)
        for n in needles:
            self.assertIn(n, err)
        self.assertFalse(os.path.exists(os.path.join(self.out_dir, "sub")), "something was written")
        return err

    def test_missing_expected_file(self):
        """No buildings.csv: exit 2 naming it and --skip-missing, which then leaves the map out."""
        d = fx.copy_of("run", "no_buildings")
        os.remove(os.path.join(d, "buildings.csv"))
        self.assert_refused([d], "buildings.csv", "--skip-missing")
        page, out, err = self.make([d], "--skip-missing")
        self.assertNotIn("fig-map", [i["data-figure"] for i in page.imgs])
        self.assertIn("buildings.csv is missing", page.text)
        self.assertIn("buildings.csv", err)

    def test_missing_required_file(self):
        """No grids_ci.csv cannot be skipped."""
        d = fx.copy_of("run", "no_grids_ci")
        os.remove(os.path.join(d, "grids_ci.csv"))
        self.assert_refused([d], "grids_ci.csv")
        rc, _, _, _ = run_report([d, "--skip-missing", "--out", os.path.join(self.out_dir, "x.html")])
        self.assertEqual(rc, 2)

    def test_incomplete_run_folder(self):
        """A run folder without scenario.resolved.yaml (written last) is incomplete."""
        d = fx.copy_of("run", "incomplete")
        os.remove(os.path.join(d, "scenario.resolved.yaml"))
        self.assert_refused([d], "scenario.resolved.yaml", "did not finish")

    def test_not_a_result_folder(self):
        """An empty folder and a missing one are refused."""
        empty = tempfile.mkdtemp(dir=fx.tmp_root())
        self.assert_refused([empty], "holds no gridgov results")
        self.assert_refused([os.path.join(empty, "nope")], "no such folder")

    def test_unfinished_calibration(self):
        """No targets.csv (written last): unfinished, with the evaluations so far and --resume."""
        d = fx.copy_of("calibrate", "cal_unfinished")
        os.remove(os.path.join(d, "targets.csv"))
        trace = Path(d, "trace.csv")
        lines = trace.read_text().splitlines(keepends=True)
        trace.write_text("".join(lines[:6]) + lines[6][:20])  # five rows and a torn one
        self.assert_refused([d], "unfinished", "targets.csv", "5 evaluation(s) so far",
                            "--resume", "calib.yaml")
        # A calibration killed before its first evaluation: only the resolved file.
        for n in os.listdir(d):
            if n != "calibration.resolved.yaml":
                os.remove(os.path.join(d, n))
        self.assert_refused([d], "unfinished", "0 evaluation(s) so far")

    def test_calibration_missing_files(self):
        """attribution.csv (the calibration holds mechanisms off) and report.md are expected:
        exit 2, or with --skip-missing a page without the figure and the verdicts."""
        d = fx.copy_of("calibrate", "cal_no_attr")
        os.remove(os.path.join(d, "attribution.csv"))
        os.remove(os.path.join(d, "report.md"))
        self.assert_refused([d], "attribution.csv", "report.md", "--skip-missing")
        page, _, _ = self.make([d], "--skip-missing")
        self.assertNotIn("fig-attribution", [i["data-figure"] for i in page.imgs])
        self.assertIn("attribution.csv is missing", page.text)
        self.assertIn("report.md is missing", page.text)
        d = fx.copy_of("calibrate", "cal_no_trace")
        os.remove(os.path.join(d, "trace.csv"))
        self.assert_refused([d], "trace.csv")

    def test_files_from_different_calibrations(self):
        """targets.csv whose fitted means are not the best evaluation's is refused."""
        d = fx.copy_of("calibrate", "cal_mixed")
        t = pd.read_csv(os.path.join(d, "targets.csv"), dtype=str, keep_default_na=False)
        t.loc[0, "fitted_mean"] = "1"
        t.to_csv(os.path.join(d, "targets.csv"), index=False)
        self.assert_refused([d], "different calibrations")

    def test_non_numeric_cell(self):
        """A non-numeric value names the file and the column."""
        d = fx.copy_of("sweep", "bad_points")
        p = os.path.join(d, "points.csv")
        text = Path(p).read_text().splitlines()
        fields = text[1].split(",")
        fields[text[0].split(",").index("mean")] = "lots"
        text[1] = ",".join(fields)
        Path(p).write_text("\n".join(text) + "\n")
        self.assert_refused([d], "points.csv", "non-numeric")

    def test_unwritable_output_exits_1(self):
        """An output path under a file is a failure (1), and no temporary file is left."""
        blocker = os.path.join(self.out_dir, "file")
        Path(blocker).write_text("x")
        rc, _, err, _ = run_report([fx.fixture("run"), "--out", os.path.join(blocker, "r.html")])
        self.assertEqual(rc, 1)
        self.assertIn("cannot write", err)
        self.assertEqual(os.listdir(self.out_dir), ["file"])


class GridgovReportCommandTest(ReportTestCase):
    """The `gridgov report` subcommand."""

    def test_subcommand_writes_the_report_with_the_builtin_default(self):
        """gridgov report passes the built-in default scenario and the exit status through."""
        out = os.path.join(self.out_dir, "cli.html")
        p = fx.gridgov("report", fx.fixture("run"), "--out", out, "--worst", "2")
        self.assertEqual(p.returncode, 0, p.stderr)
        page = Page(Path(out).read_text(encoding="utf-8"))
        self.assertIn("gridgov's built-in default scenario", page.text)
        for panel in page.img("fig-map")["data-labelled"].split(";"):
            self.assertEqual(len(panel.split(",")), 2)
        p = fx.gridgov("report", os.path.join(self.out_dir, "nope"))
        self.assertEqual(p.returncode, 2)
        self.assertIn("no such folder", p.stderr)
        p = fx.gridgov("report", fx.fixture("run"), fx.fixture("run1"))
        self.assertEqual(p.returncode, 2)
        self.assertIn("--out", p.stderr)

    def test_subcommand_on_a_calibration(self):
        """gridgov report on a calibration folder; an unfinished one exits 2."""
        out = os.path.join(self.out_dir, "cal.html")
        p = fx.gridgov("report", fx.fixture("calibrate1"), "--out", out)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("gridgov calibration report", Path(out).read_text(encoding="utf-8"))
        d = fx.copy_of("calibrate1", "cal_cli_unfinished")
        os.remove(os.path.join(d, "targets.csv"))
        p = fx.gridgov("report", d)
        self.assertEqual(p.returncode, 2)
        self.assertIn("unfinished", p.stderr)
        self.assertFalse(os.path.exists(os.path.join(d, "report.html")))


class UnitTest(unittest.TestCase):
    """Helpers."""

    def test_setting_differences(self):
        """Nested paths, 2 == 2.0, distributions as one value, lists compared whole."""
        a = {"a": {"b": 2, "c": {"dist": "fixed", "value": 3}}, "l": [1], "gridgov_version": "x"}
        b = {"a": {"b": 2.0, "c": {"dist": "fixed", "value": 4}}, "l": [], "gridgov_version": "y"}
        d = report.setting_differences(a, b)
        self.assertEqual([p for p, _, _ in d], ["a.c", "l"])

    def test_padded_hull_contains_every_point(self):
        """The grid outline encloses its buildings, also for one or two buildings."""
        from matplotlib.path import Path as MPath
        for pts in ([(0, 0)], [(0, 0), (1, 0)], [(0, 0), (2, 1), (1, 3), (1, 1)]):
            a = np.array(pts, dtype=float)
            hull = report.padded_hull(a[:, 0], a[:, 1], 0.3)
            self.assertGreaterEqual(len(hull), 4)
            self.assertTrue(MPath(hull).contains_points(a).all(), pts)

    def test_parse_calibration_report(self):
        """Stop reason, reached count and each verdict's kind from report.md's text."""
        text = ("The search ran 9 evaluation(s) and stopped because the evaluation budget was "
                "spent; the best is evaluation 4 (objective 1, start 2).\n\n## Verdict\n\n"
                "1 of 4 target(s) reached.\n\n"
                "- **a is not reached**: fitted 1. No setting within the bounds reaches it: x.\n"
                "- **b is not reached**: fitted 2. No free parameter moves it near the point.\n"
                "- **c is not reached**: fitted 3. ... pull the other way (a compromise), or ...\n"
                "- **d (a check, not fitted) differs from its source**: the model gives 4.\n"
                "\n## Which mechanisms carry the targets\n\n- **e is not reached**: no\n")
        r = report.parse_calibration_report(text)
        self.assertEqual(r["stop"], "the evaluation budget was spent")
        self.assertEqual(r["reached"], (1, 4))
        self.assertEqual({k: v[0] for k, v in r["verdicts"].items()},
                         {"a": "at-bound", "b": "no-mover", "c": "compromise", "d": "check"})
        self.assertEqual(report.parse_calibration_report("")["verdicts"], {})

    def test_objective(self):
        """Direction from the metric, or explicit."""
        self.assertEqual(report.parse_objective("complaints_per_1000hh_month"),
                         ("complaints_per_1000hh_month", True))
        self.assertEqual(report.parse_objective("resolved_share"), ("resolved_share", False))
        self.assertEqual(report.parse_objective("min:resolved_share"), ("resolved_share", True))
        with self.assertRaises(report.InputError):
            report.parse_objective("best:x")

    def test_cjk_font_found_with_a_stale_font_cache(self):
        """A font cache made before fonts-noto-cjk was installed: the files are added."""
        from matplotlib import font_manager
        fm = font_manager.fontManager
        saved = list(fm.ttflist)
        fm.ttflist = [f for f in saved if "CJK" not in f.name]
        try:
            self.assertTrue(report.configure_fonts())
        finally:
            fm.ttflist = saved
            font_manager.findfont.cache_clear() if hasattr(font_manager.findfont, "cache_clear") else None

    def test_cjk_font_is_configured(self):
        """A CJK font is installed and in matplotlib's fallback list."""
        fams = report.configure_fonts()
        self.assertTrue(fams, "no CJK font: install fonts-noto-cjk (scripts/setup.sh)")
        import matplotlib.pyplot as plt
        self.assertIn(fams[0], plt.rcParams["font.family"])
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fig, ax = plt.subplots()
            ax.set_title(fx.CHINESE_LABEL)
            fig.canvas.draw()
            plt.close(fig)
        self.assertEqual([str(w.message) for w in caught
                          if "missing from current font" in str(w.message)], [])


if __name__ == "__main__":
    unittest.main()
