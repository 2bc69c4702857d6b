"""Tests of analysis/window_rates.py on tiny synthetic result folders.

Run with::

    /usr/bin/python3 -m unittest discover -s tests/analysis -p 'test_window_rates.py'

Each test writes summary.csv and timeseries.csv (only the columns the script reads) with
counts chosen so that every printed rate can be worked out by hand.
"""

import subprocess
import tempfile
import unittest
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "analysis" / "window_rates.py"


def write_folder(folder, per_day):
    """A result folder of 1,000 households a replicate; per_day[r](day) = property complaints a day."""
    folder.mkdir()
    (folder / "summary.csv").write_text(
        "replicate,households\n" + "".join(f"{r},1000\n" for r in range(len(per_day))))
    rows = ["replicate,day,complaints_repair,complaints_property_service,complaints"]
    for r, f in enumerate(per_day):
        for day in range(730):
            n = f(day)
            rows.append(f"{r},{day},{n},{n},{2 * n}")
    (folder / "timeseries.csv").write_text("\n".join(rows) + "\n")


def run(*args):
    return subprocess.run(["/usr/bin/python3", str(SCRIPT), *map(str, args)], capture_output=True, text=True)


class WindowRatesTest(unittest.TestCase):
    def test_rates_change_and_paired_difference(self):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            # Year 1: 2 complaints a day in replicate 0, 4 in replicate 1 (counted twice: repair and
            # property); year 2 half of that. 365 days = 12 months of 1,000 households.
            write_folder(tmp / "a", [lambda d: 1 if d < 365 else 0.5, lambda d: 2 if d < 365 else 1])
            write_folder(tmp / "b", [lambda d: 1, lambda d: 2])
            r = run(tmp / "a", "--windows", "0:365,365:730", "--against", tmp / "b")
            self.assertEqual(r.returncode, 0, r.stderr)
            # Replicate 0: 730 complaints a year / 1 (thousand households) / 12 months = 60.833;
            # replicate 1: 121.667; their mean 91.250.
            self.assertIn("days 0-364: 91.250 [", r.stdout)
            self.assertIn("days 365-729: 45.625 [", r.stdout)
            self.assertIn("(-50.0%)", r.stdout)
            lines = r.stdout.splitlines()
            against = lines[lines.index(next(x for x in lines if x.startswith("against"))) + 1:]
            self.assertTrue(against[0].strip().startswith("days 0-364: 0.000 [0.000, 0.000] (+0.0%)"), against[0])
            self.assertIn("(-50.0%)", against[1])

    def test_other_columns_and_bad_input(self):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            write_folder(tmp / "a", [lambda d: 1, lambda d: 1])
            r = run(tmp / "a", "--windows", "0:365", "--columns", "complaints")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("days 0-364: 60.833 [60.833, 60.833]", r.stdout)
            self.assertEqual(run(tmp / "a", "--windows", "0:900").returncode, 2)  # past the horizon
            self.assertEqual(run(tmp / "a", "--windows", "5:5").returncode, 2)
            self.assertEqual(run(tmp / "a", "--windows", "0:10", "--columns", "nope").returncode, 2)
            self.assertEqual(run(tmp / "missing", "--windows", "0:10").returncode, 2)


if __name__ == "__main__":
    unittest.main()
