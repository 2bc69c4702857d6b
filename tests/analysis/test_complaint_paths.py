"""Tests of analysis/complaint_paths.py on tiny synthetic result folders.

Run with::

    /usr/bin/python3 -m unittest discover -s tests/analysis -p 'test_complaint_paths.py'

The folder holds summary.csv and issues.csv (only the columns the script reads), with complaints
chosen so that every printed rate can be worked out by hand.
"""

import subprocess
import tempfile
import unittest
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "analysis" / "complaint_paths.py"
HEADER = "replicate,type,nature,reported_via,handled_by,complaints,t_raised_h"


def write_folder(folder, rows, replicates=2):
    """1,000 households a replicate; every row is repeated in each replicate."""
    folder.mkdir()
    (folder / "summary.csv").write_text("replicate,households\n" + "".join(f"{r},1000\n" for r in range(replicates)))
    lines = [HEADER]
    for r in range(replicates):
        lines += [f"{r},{row}" for row in rows]
    (folder / "issues.csv").write_text("\n".join(lines) + "\n")


def run(*args):
    return subprocess.run(["/usr/bin/python3", str(SCRIPT), *map(str, args)], capture_output=True, text=True)


class ComplaintPathsTest(unittest.TestCase):
    def test_paths_rates_and_shares(self):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            write_folder(tmp / "a", [
                "repair,ordinary,grid_worker,property_firm,0,0.0",  # first issue: the span starts at 0
                # Year 1 (hours 0-8759): 48 complaints, 12 months of 1,000 households.
                "repair,ordinary,hotline,grid_worker,12,100.0",     # straight to 12345, whatever handled it
                "repair,collective,hotline,,0,150.0",               # no complaint: not counted
                "property_service,collective,building_lead,,6,200.0",
                "repair,escalate,grid_worker,department,6,300.0",
                "property_service,ordinary,party_member,property_firm,24,400.0",
                "environment,ordinary,grid_worker,grid_worker,99,500.0",  # another type: left out
                # Year 2: 12 complaints, all straight to 12345.
                "repair,collective,hotline,,12,9000.0",
                "repair,ordinary,,,0,17519.0",                      # last issue: the span ends here
            ])
            r = run(tmp / "a")
            self.assertEqual(r.returncode, 0, r.stderr)
            out = r.stdout.splitlines()
            y1 = out.index(next(x for x in out if x.strip().startswith("year 1:")))
            self.assertEqual(out[y1].split(), ["year", "1:", "4.000"])
            self.assertEqual(out[y1 + 1].split(), ["handler:property_firm", "2.000", "50.0%"])
            self.assertIn(["hotline_direct", "1.000", "25.0%"], [x.split() for x in out[y1 + 1:y1 + 5]])
            self.assertIn(["collective", "0.500", "12.5%"], [x.split() for x in out[y1 + 1:y1 + 5]])
            self.assertIn(["escalated", "0.500", "12.5%"], [x.split() for x in out[y1 + 1:y1 + 5]])
            y2 = out.index(next(x for x in out if x.strip().startswith("year 2:")))
            # 12 complaints over 8,759 of 8,760 hours.
            self.assertAlmostEqual(float(out[y2].split()[2]), 12 / (8759 / 8760 * 12), places=3)
            self.assertEqual(out[y2 + 1].split()[0], "hotline_direct")
            self.assertEqual(out[y2 + 1].split()[2], "100.0%")
            # Only the environment issue with --types environment.
            r = run(tmp / "a", "--types", "environment")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("handler:grid_worker", r.stdout)
            self.assertNotIn("hotline_direct", r.stdout)

    def test_bad_input(self):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            (tmp / "run").mkdir()
            (tmp / "run" / "summary.csv").write_text("replicate,households\n0,1000\n")
            r = run(tmp / "run")
            self.assertEqual(r.returncode, 2)
            self.assertIn("issue_log", r.stderr)
            write_folder(tmp / "a", ["repair,ordinary,hotline,,1,1.0"])
            self.assertEqual(run(tmp / "a", "--types", "nope").returncode, 2)
            self.assertEqual(run(tmp / "a", "--types", ",").returncode, 2)


if __name__ == "__main__":
    unittest.main()
