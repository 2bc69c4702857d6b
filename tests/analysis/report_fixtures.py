"""Result folders for the report tests, made by the real gridgov executable on tiny scenarios.

The executable is ``$GRIDGOV_BINARY`` (ctest sets it) or ``build/release/gridgov``. Every folder
is made once per test process, lazily, under one temporary folder removed at exit:

``run``       tests/data/small.yaml for 60 days, 3 replicates, its intervention labelled in Chinese
``run1``      the same with one replicate
``sweep``     tests/data/sweeps/factorial.yaml (2 x 2 points x 3 replicates, daily bands)
``failed``    the same sweep with injected failures: every run of point 0 and one of point 1
``morris``    tests/data/sweeps/morris.yaml (sensitivity.csv with mu_star and sigma)
``compare``   a hand-written compare folder (compare.csv, compare_timeseries.csv)
``calibrate`` a calibration of a 2,880-household lattice (120 days, 3 replicates, 10 search
              evaluations, two parameters, two mechanisms held off): one target reached, one out
              of reach with its parameter at a bound, one no parameter moves, a check (weight 0)
``calibrate1`` one replicate, one parameter, no attribution: two targets on the same metric
              that pull apart (a compromise)
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "analysis" / "report.py"
sys.path.insert(0, str(ROOT / "analysis"))

#: The intervention label of the ``run`` fixture (Chinese: the glyphs must render).
CHINESE_LABEL = "增加党员走访"
#: A compare scenario named in Chinese.
CHINESE_SCENARIO = "红色物业"


def binary() -> str:
    """The gridgov executable; fails loudly when it has not been built."""
    path = os.environ.get("GRIDGOV_BINARY") or str(ROOT / "build" / "release" / "gridgov")
    if not os.access(path, os.X_OK):
        raise RuntimeError(f"no gridgov executable at {path}: build it first "
                           "(cmake --build --preset release --target gridgov) or set GRIDGOV_BINARY")
    return path


def gridgov(*args: str, env: dict | None = None, cwd: str | None = None):
    """Run gridgov; return the CompletedProcess (not checked)."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    exe = binary()
    if "GRIDGOV_SWEEP_FAULT" in (env or {}):
        # Faults are injected only by the test-only executor gridgov_faulty, built beside gridgov.
        exe = os.environ.get("GRIDGOV_FAULTY_BINARY") or str(Path(exe).with_name("gridgov_faulty"))
    return subprocess.run([exe, *args], capture_output=True, text=True, timeout=120,
                          env=full_env, cwd=cwd, check=False)


def gridgov_ok(*args: str, env: dict | None = None) -> None:
    """Run gridgov and raise with its stderr unless it exits 0."""
    p = gridgov(*args, env=env)
    if p.returncode != 0:
        raise RuntimeError(f"gridgov {' '.join(args)} exited {p.returncode}:\n{p.stderr}")


_ROOT_TMP: str | None = None
_MADE: dict = {}


def tmp_root() -> str:
    """The process-wide temporary folder (removed at exit)."""
    global _ROOT_TMP
    if _ROOT_TMP is None:
        _ROOT_TMP = tempfile.mkdtemp(prefix="gridgov_report_test_")
        atexit.register(shutil.rmtree, _ROOT_TMP, True)
    return _ROOT_TMP


def chinese_scenario() -> str:
    """small.yaml for 60 days with its intervention labelled in Chinese; return its path."""
    text = (ROOT / "tests" / "data" / "small.yaml").read_text(encoding="utf-8")
    assert "label: more member visits" in text, "tests/data/small.yaml changed: update the fixture"
    text = text.replace("label: more member visits", f"label: {CHINESE_LABEL}")
    text = text.replace("days: 120", "days: 60").replace("day: 60", "day: 30")
    path = os.path.join(tmp_root(), "small_zh.yaml")
    Path(path).write_text(text, encoding="utf-8")
    return path


#: The base scenario of the calibration fixtures: a few milliseconds a run.
CALIBRATION_BASE = (
    "simulation: {seed: 7, days: 120, warmup_days: 0, replicates: 2}\n"
    "geography: {communities: 4, grids_per_community: 3, buildings_per_grid: 6, "
    "households_per_building: 40}\n")

#: The ``calibrate`` fixture's calibration file.
CALIBRATION = f"""base: base.yaml
replicates: 3
optimiser: {{algorithm: bobyqa, evaluations: 10, stop_when_reached: false}}
parameters:
  issues.repair.rate_per_household_year: {{min: 0.2, max: 0.6}}
  households.channels.hotline: {{min: 0.005, max: 0.2, scale: log, start: 0.02}}
targets:
  - {{name: raised, metric: issues_raised, observed: 9000, tolerance: 10, source: out of reach}}
  - {{name: hotline, metric: reported_via_hotline_share, observed: 0.05, tolerance: 0.01,
      source: "{CHINESE_SCENARIO} 12345"}}
  - {{name: workers, metric: grid_workers, observed: 1000, se: 5}}
  - {{name: complaint_rate, metric: [complaints_repair, complaints_property_service],
      per: 1000_residents_month, observed: 5, tolerance: 0.5, weight: 0, source: a check}}
attribution:
  - {{name: visits, hold: {{party.visits_per_month: 0}}}}
  - {{name: hotline_off, hold: {{households.channels.hotline: 0}}}}
"""

#: The ``calibrate1`` fixture's calibration file.
CALIBRATION1 = """base: base.yaml
replicates: 1
optimiser: {algorithm: bobyqa, evaluations: 8}
parameters:
  issues.repair.rate_per_household_year: {min: 0.2, max: 0.6}
targets:
  - {name: raised_low, metric: issues_raised, observed: 1100, tolerance: 10}
  - {name: raised_high, metric: issues_raised, observed: 1250, tolerance: 10}
"""


def calibrate(text: str, out: str) -> None:
    """Run gridgov calibrate on ``text`` (next to the base scenario) into ``out``."""
    folder = tempfile.mkdtemp(dir=tmp_root(), prefix="calib_")
    Path(folder, "base.yaml").write_text(CALIBRATION_BASE, encoding="utf-8")
    Path(folder, "calib.yaml").write_text(text, encoding="utf-8")
    gridgov_ok("calibrate", os.path.join(folder, "calib.yaml"), "--out", out, "--quiet",
               "--threads", "2")


def write_compare(folder: str) -> str:
    """A compare folder as `gridgov compare` writes it: two alternatives, six metrics."""
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(3)
    metrics = [("resolved_share", "share", 0.93), ("complaints_per_1000hh_month",
               "1/(1000 households month)", 30.0), ("found_proactively_share", "share", 0.25),
               ("time_to_resolve_median_h", "hours", 40.0), ("satisfaction_mean", "0..1", 0.70),
               ("whistles", "cases", 0.0)]
    rows = []
    for k, scen in enumerate(["more_visits", CHINESE_SCENARIO]):
        for m, unit, base in metrics:
            diff = (0.0 if base == 0 else base * (0.1 if k == 0 else -0.05) * (1 if m != "complaints_per_1000hh_month" else -2))
            half = abs(diff) * 0.4 + (0.001 if base else 0.0)
            rows.append({"seed": 424242, "baseline": "baseline", "scenario": scen, "metric": m,
                         "unit": unit, "replicates": 5, "mean_baseline": base,
                         "mean": base + diff, "diff": diff, "diff_ci_low": diff - half,
                         "diff_ci_high": diff + half,
                         "rel_change": diff / base if base else float("nan"),
                         "unpaired_ci_low": diff - 3 * half, "unpaired_ci_high": diff + 3 * half,
                         "variance_ratio": 0.2})
    pd.DataFrame(rows).to_csv(os.path.join(folder, "compare.csv"), index=False, na_rep="NA")
    ts = []
    for scen in ["more_visits", CHINESE_SCENARIO]:
        for d in range(40):
            for m in ("issues_open", "complaints"):
                v = float(rng.normal(-0.5 if scen == "more_visits" else 0.3, 0.4))
                ts.append({"seed": 424242, "baseline": "baseline", "scenario": scen, "day": d,
                           "metric": m, "diff_mean": v, "diff_ci_low": v - 0.6,
                           "diff_ci_high": v + 0.6})
    pd.DataFrame(ts).to_csv(os.path.join(folder, "compare_timeseries.csv"), index=False)
    return folder


def fixture(name: str) -> str:
    """The path of a fixture folder (made on first use); treat it as read-only."""
    if name in _MADE:
        return _MADE[name]
    out = os.path.join(tmp_root(), name)
    sweeps = str(ROOT / "tests" / "data" / "sweeps")
    if name == "run":
        gridgov_ok("run", chinese_scenario(), "--out", out, "--quiet", "--threads", "2")
    elif name == "run1":
        gridgov_ok("run", chinese_scenario(), "--out", out, "--quiet", "--replicates", "1")
    elif name == "sweep":
        gridgov_ok("sweep", os.path.join(sweeps, "factorial.yaml"), "--out", out, "--quiet",
                   "--threads", "2")
    elif name == "failed":
        gridgov_ok("sweep", os.path.join(sweeps, "factorial.yaml"), "--out", out, "--quiet",
                   "--threads", "2",
                   env={"GRIDGOV_SWEEP_FAULT": "throw:0,throw:1,throw:2,throw:4"})
    elif name == "morris":
        gridgov_ok("sweep", os.path.join(sweeps, "morris.yaml"), "--out", out, "--quiet",
                   "--threads", "2")
    elif name == "compare":
        write_compare(out)
    elif name == "calibrate":
        calibrate(CALIBRATION, out)
    elif name == "calibrate1":
        calibrate(CALIBRATION1, out)
    else:
        raise KeyError(name)
    _MADE[name] = out
    return out


def copy_of(name: str, dest_name: str) -> str:
    """A fresh writable copy of a fixture folder (for tests that change files)."""
    dest = os.path.join(tempfile.mkdtemp(dir=tmp_root()), dest_name)
    shutil.copytree(fixture(name), dest,
                    ignore=shutil.ignore_patterns("report.html", "report_figures", "sweep.lock",
                                                  "calibrate.lock"))
    return dest
