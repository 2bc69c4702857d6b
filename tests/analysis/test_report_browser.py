#!/usr/bin/python3
"""Report pages opened in a real browser: headless Chromium driven by Selenium (Debian packages
chromium, chromium-driver, python3-selenium).

Run with Debian's interpreter, from the source folder::

    /usr/bin/python3 -m unittest discover -s tests/analysis -p test_report_browser.py

Each kind of report (run, one replicate, sweep, sweep with failed runs, Morris sweep,
comparison, calibration, calibration with one replicate, several folders side by side) is made from folders that the real gridgov executable
wrote (see report_fixtures.py), opened from a file:// URL, and checked: no SEVERE console
entry, every <img> decoded by the browser (naturalWidth > 0, the PNG's own width) and not
blank, no sideways scrolling, the map's marks equal to the rows of buildings.csv, every in-page link target present
(and following one scrolls to it), nothing loaded from outside the page.
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

import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report_fixtures as fx  # noqa: E402

import report  # noqa: E402

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

#: Every image: its figure id, natural size, completeness and its data URI.
IMAGES_JS = """
return Array.from(document.images).map(i => ({
  id: i.dataset.figure || '', complete: i.complete, w: i.naturalWidth, h: i.naturalHeight,
  src: i.getAttribute('src')}));
"""
#: Every in-page link and whether its target exists.
LINKS_JS = """
return Array.from(document.querySelectorAll('a[href]')).map(a => {
  const h = a.getAttribute('href');
  return {href: h, internal: h.startsWith('#'),
          exists: h.startsWith('#') && document.getElementById(decodeURIComponent(h.slice(1))) !== null};
});
"""
#: What the page loaded over the network or from files (data: URIs are not listed).
RESOURCES_JS = "return performance.getEntriesByType('resource').map(e => e.name);"


def start_browser():
    """A headless Chromium with the browser log captured."""
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--window-size=1400,1000", "--disable-extensions", "--no-first-run"):
        opts.add_argument(a)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=opts)


def png_std(data_uri: str) -> tuple:
    """(width, standard deviation of the RGB values) of an embedded PNG."""
    import matplotlib.image as mpimg
    prefix = "data:image/png;base64,"
    assert data_uri.startswith(prefix), data_uri[:40]
    pixels = mpimg.imread(io.BytesIO(base64.b64decode(data_uri[len(prefix):])), format="png")
    return pixels.shape[1], float(pixels[..., :3].std())


class BrowserTest(unittest.TestCase):
    """One browser for the class; each test opens one report."""

    @classmethod
    def setUpClass(cls):
        cls.out = tempfile.mkdtemp(dir=fx.tmp_root(), prefix="browser_")
        cls.driver = start_browser()

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        shutil.rmtree(cls.out, ignore_errors=True)

    def make(self, dirs: list, name: str, *extra: str) -> str:
        """Write a report with report.py; return its path."""
        path = os.path.join(self.out, name)
        err = io.StringIO()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            rc = report.main([*dirs, "--out", path, *extra])
        self.assertEqual(rc, 0, err.getvalue())
        return path

    def open(self, path: str):
        """Load a page from a file:// URL (draining earlier log entries first)."""
        self.driver.get_log("browser")
        self.driver.get("file://" + os.path.abspath(path))
        self.assertEqual(self.driver.execute_script("return document.readyState"), "complete")

    def check_page(self, path: str) -> dict:
        """The checks every report page must pass; return {figure id: image info}."""
        self.open(path)
        severe = [e for e in self.driver.get_log("browser") if e.get("level") == "SEVERE"]
        self.assertEqual(severe, [], "console errors")
        images = self.driver.execute_script(IMAGES_JS)
        self.assertGreater(len(images), 0)
        out = {}
        for img in images:
            self.assertTrue(img["complete"], img["id"])
            self.assertGreater(img["w"], 0, f"{img['id']} did not decode")
            width, std = png_std(img["src"])
            self.assertEqual(img["w"], width, img["id"])
            self.assertGreater(std, 0.02, f"{img['id']} is blank")
            out[img["id"]] = img
        links = self.driver.execute_script(LINKS_JS)
        self.assertGreater(len(links), 3)
        for link in links:
            self.assertTrue(link["internal"], f"link out of the page: {link['href']}")
            self.assertTrue(link["exists"], f"no target for {link['href']}")
        self.assertEqual(self.driver.execute_script(RESOURCES_JS), [], "loaded from outside")
        self.assertFalse(self.driver.execute_script(
            "return document.documentElement.scrollWidth > window.innerWidth"),
            "the page scrolls sideways")
        # Following a table-of-contents link brings its target into view: to the top of the
        # window, or as far as the page scrolls.
        toc = self.driver.find_elements(By.CSS_SELECTOR, "#toc a")
        link = toc[len(toc) // 2]
        target = link.get_attribute("href").split("#", 1)[1]
        self.driver.execute_script("window.scrollTo(0, 0)")
        link.click()
        self.assertEqual(self.driver.execute_script("return location.hash"), "#" + target)
        top, inner, y, ymax = self.driver.execute_script(
            "return [document.getElementById(arguments[0]).getBoundingClientRect().top,"
            " window.innerHeight, window.scrollY,"
            " document.documentElement.scrollHeight - window.innerHeight]", target)
        self.assertGreater(y, 0, f"following #{target} did not scroll")
        self.assertTrue(-5 < top < inner, f"#{target} not in view (top {top})")
        self.assertTrue(abs(top) < 5 or abs(y - ymax) < 2, f"#{target} not scrolled to (top {top})")
        return out

    def attr(self, fig_id: str, name: str) -> str:
        """An attribute of a figure's <img> as the browser sees it."""
        el = self.driver.find_element(By.CSS_SELECTOR, f'img[data-figure="{fig_id}"]')
        return el.get_attribute(name)

    def test_checks_catch_a_broken_page(self):
        """The checks fail on a page with a script error, a broken image and a dead link."""
        bad = os.path.join(self.out, "bad.html")
        with open(bad, "w", encoding="utf-8") as f:
            f.write('<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="icon" '
                    'href="data:,"></head><body><nav id="toc"><a href="#a">a</a><a href="#b">b'
                    '</a><a href="#c">c</a><a href="#gone">gone</a></nav><p id="a">a</p>'
                    '<p id="b">b</p><p id="c">c</p><img src="data:image/png;base64,AAAA" '
                    'data-figure="x"><script>undefined_function();</script></body></html>')
        self.open(bad)
        self.assertTrue([e for e in self.driver.get_log("browser") if e["level"] == "SEVERE"])
        images = self.driver.execute_script(IMAGES_JS)
        self.assertEqual(images[0]["w"], 0)
        self.assertFalse(all(x["exists"] for x in self.driver.execute_script(LINKS_JS)))
        with self.assertRaises(AssertionError):
            self.check_page(bad)

    def test_run_report(self):
        """Run: daily series, grids and a map with one mark per building and panel."""
        imgs = self.check_page(self.make([fx.fixture("run")], "run.html"))
        self.assertEqual(set(imgs), {"fig-timeseries", "fig-grids", "fig-map"})
        b = pd.read_csv(os.path.join(fx.fixture("run"), "buildings.csv"))
        self.assertEqual(self.attr("fig-map", "data-marks"), ",".join([str(len(b))] * 3))
        self.assertEqual(int(self.attr("fig-map", "data-stations")), int(b["station"].sum()))
        body = self.driver.find_element(By.TAG_NAME, "body").text
        self.assertIn(fx.CHINESE_LABEL, body)
        # The map is drawn in the page at a readable size.
        shown = self.driver.execute_script(
            "return document.querySelector('img[data-figure=\"fig-map\"]').clientWidth")
        self.assertGreater(shown, 400)

    def test_one_replicate_report(self):
        """One replicate: the page says there is no interval."""
        self.check_page(self.make([fx.fixture("run1")], "run1.html"))
        notice = self.driver.find_element(By.ID, "one-replicate")
        self.assertTrue(notice.is_displayed())
        self.assertIn("no confidence interval", notice.text)
        self.assertEqual(self.attr("fig-timeseries", "data-banded"), "0")

    def test_sweep_report(self):
        """Sweep: response curves, heatmap, daily bands; the best point first."""
        imgs = self.check_page(self.make([fx.fixture("sweep")], "sweep.html"))
        self.assertTrue({"fig-response", "fig-heatmap-0", "fig-point-timeseries"} <= set(imgs))
        p = pd.read_csv(os.path.join(fx.fixture("sweep"), "points.csv"))
        best = p[p["metric"] == "complaints_per_1000hh_month"].sort_values(["mean", "point_id"])
        first = self.driver.find_element(By.CSS_SELECTOR, "tr[data-point]")
        self.assertEqual(int(first.get_attribute("data-point")), int(best["point_id"].iloc[0]))

    def test_failed_sweep_report(self):
        """Sweep with failed runs: every error listed, the failed point not ranked."""
        self.check_page(self.make([fx.fixture("failed")], "failed.html"))
        errors = pd.read_csv(os.path.join(fx.fixture("failed"), "errors.csv"))
        rows = self.driver.find_elements(By.CSS_SELECTOR, "#failures tbody tr")
        self.assertEqual(len(rows), len(errors))
        self.assertIn("0", self.driver.find_element(By.ID, "unranked").text)

    def test_morris_report(self):
        """Morris sweep: sensitivity bars."""
        imgs = self.check_page(self.make([fx.fixture("morris")], "morris.html"))
        self.assertIn("fig-sensitivity", imgs)

    def test_compare_report(self):
        """Comparison: forest plot and daily differences; a Chinese scenario name shown."""
        imgs = self.check_page(self.make([fx.fixture("compare")], "compare.html"))
        self.assertEqual(set(imgs), {"fig-forest", "fig-diff-timeseries"})
        c = pd.read_csv(os.path.join(fx.fixture("compare"), "compare.csv"))
        self.assertEqual(len(self.driver.find_elements(By.CSS_SELECTOR, "tr[data-diff]")), len(c))
        self.assertIn(fx.CHINESE_SCENARIO, self.driver.find_element(By.TAG_NAME, "body").text)

    def test_calibrate_report(self):
        """Calibration: targets, trace, sensitivity and attribution; the verdicts listed."""
        imgs = self.check_page(self.make([fx.fixture("calibrate")], "calibrate.html"))
        self.assertEqual(set(imgs), {"fig-targets", "fig-trace", "fig-sensitivity",
                                     "fig-attribution"})
        t = pd.read_csv(os.path.join(fx.fixture("calibrate"), "targets.csv"))
        self.assertEqual(len(self.driver.find_elements(By.CSS_SELECTOR, "tr[data-role]")), len(t))
        items = self.driver.find_elements(By.CSS_SELECTOR, "#verdict ~ ul li[data-verdict]")
        self.assertEqual([i.get_attribute("data-verdict") for i in items],
                         ["at-bound", "no-mover", "check"])
        self.assertTrue(all(i.is_displayed() for i in items))
        self.assertIn(fx.CHINESE_SCENARIO, self.driver.find_element(By.TAG_NAME, "body").text)

    def test_calibrate_one_replicate_report(self):
        """Calibration with one replicate and no attribution: the notice, three figures."""
        imgs = self.check_page(self.make([fx.fixture("calibrate1")], "calibrate1.html"))
        self.assertEqual(set(imgs), {"fig-targets", "fig-trace", "fig-sensitivity"})
        notice = self.driver.find_element(By.ID, "one-replicate")
        self.assertTrue(notice.is_displayed())
        self.assertIn("no confidence interval", notice.text)
        self.assertEqual(self.attr("fig-targets", "data-intervals"), "0")

    def test_side_by_side_report(self):
        """Several folders: side-by-side figures and each folder's own, all ids distinct."""
        imgs = self.check_page(self.make([fx.fixture("run"), fx.fixture("run1"),
                                          fx.fixture("compare")], "multi.html"))
        self.assertTrue({"side-fig-metrics", "side-fig-timeseries", "f1-fig-map", "f2-fig-map",
                         "f3-fig-forest"} <= set(imgs))
        self.assert_unique_ids()

    def test_calibrations_side_by_side_report(self):
        """Two calibrations and a sweep: the calibrations together, then each folder's own."""
        imgs = self.check_page(self.make([fx.fixture("calibrate"), fx.fixture("calibrate1"),
                                          fx.fixture("sweep")], "cal-multi.html"))
        self.assertTrue({"cal-side-fig-targets", "f1-fig-trace", "f1-fig-attribution",
                         "f2-fig-trace", "f3-fig-response"} <= set(imgs))
        self.assertTrue(self.driver.find_element(By.ID, "cal-side").is_displayed())
        self.assert_unique_ids()

    def assert_unique_ids(self):
        """No id is used twice in the page."""
        dup = self.driver.execute_script(
            "const ids = Array.from(document.querySelectorAll('[id]')).map(e => e.id);"
            "return ids.filter((x, i) => ids.indexOf(x) !== i);")
        self.assertEqual(dup, [])


if __name__ == "__main__":
    unittest.main()
