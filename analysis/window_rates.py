#!/usr/bin/python3
"""Rates of daily counts over windows of days, per replicate, with paired 95% intervals.

Usage::

    /usr/bin/python3 analysis/window_rates.py RESULT_DIR --windows 60:365,1095:1460
        [--columns complaints_repair,complaints_property_service] [--against OTHER_RESULT_DIR]

RESULT_DIR is a folder written by ``gridgov run``. For every window [a, b) of simulated days
the script sums the chosen columns of ``timeseries.csv`` (default: the property complaints,
``complaints_repair`` + ``complaints_property_service``) per replicate and divides by the
district's households (``summary.csv``) and by the window's months (days / (365 / 12)): a rate
per 1,000 households a month. It prints, per window, the mean over replicates with its 95%
Student-t interval; then the change from the first window to the last, paired by replicate
(mean difference with its interval, and the relative change of the means).

With ``--against OTHER_RESULT_DIR`` (the same seed and replicates, e.g. the same scenario
without its interventions) it also prints, per window, the paired difference RESULT_DIR minus
OTHER_RESULT_DIR: on common random numbers replicate k of both folders saw the same issues.

Exit status: 0 on success, 2 on a missing file, column or replicate, or a bad argument.
"""
import argparse
import math
import sys

import pandas as pd

# Two-sided 95% Student-t quantiles t(0.975, df) for df = 1..30; beyond, a series in 1/df.
_T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
         2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042]


def t975(df):
    if df <= 0:
        return math.nan
    if df <= len(_T975):
        return _T975[df - 1]
    z = 1.959964
    return z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)


def mean_ci(values):
    """Mean and 95% t interval of a list of numbers (interval NaN for fewer than two)."""
    n = len(values)
    m = sum(values) / n
    if n < 2:
        return m, math.nan, math.nan
    sd = math.sqrt(sum((v - m) ** 2 for v in values) / (n - 1))
    h = t975(n - 1) * sd / math.sqrt(n)
    return m, m - h, m + h


def fail(msg):
    print(f"window_rates.py: {msg}", file=sys.stderr)
    sys.exit(2)


def window_rates(folder, windows, columns):
    """{replicate: [rate per window]} for one result folder."""
    try:
        ts = pd.read_csv(f"{folder}/timeseries.csv")
        summary = pd.read_csv(f"{folder}/summary.csv")
    except (OSError, pd.errors.ParserError) as e:
        fail(f"{folder}: {e}")
    for c in columns + ["replicate", "day"]:
        if c not in ts.columns:
            fail(f"{folder}/timeseries.csv has no column '{c}'")
    households = dict(zip(summary["replicate"], summary["households"]))
    ts = ts.assign(_sum=ts[columns].sum(axis=1))
    rates = {}
    for rep, group in ts.groupby("replicate"):
        if rep not in households:
            fail(f"{folder}: replicate {rep} is not in summary.csv")
        row = []
        for a, b in windows:
            if group["day"].max() < b - 1:
                fail(f"{folder}: window {a}:{b} ends after the horizon (last day {group['day'].max()})")
            total = group.loc[(group["day"] >= a) & (group["day"] < b), "_sum"].sum()
            row.append(total / households[rep] * 1000.0 / ((b - a) / (365.0 / 12.0)))
        rates[rep] = row
    return rates


def fmt(m, lo, hi):
    return f"{m:.3f} [{lo:.3f}, {hi:.3f}]"


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("folder")
    p.add_argument("--windows", required=True, help="a:b,c:d,... windows of days [a, b)")
    p.add_argument("--columns", default="complaints_repair,complaints_property_service")
    p.add_argument("--against", default=None)
    args = p.parse_args()
    try:
        windows = [tuple(int(x) for x in w.split(":")) for w in args.windows.split(",")]
    except ValueError:
        fail(f"bad --windows '{args.windows}'")
    if not windows or any(len(w) != 2 or w[0] < 0 or w[1] <= w[0] for w in windows):
        fail(f"bad --windows '{args.windows}'")
    columns = args.columns.split(",")

    rates = window_rates(args.folder, windows, columns)
    reps = sorted(rates)
    print(f"{args.folder}: {'+'.join(columns)} per 1,000 households a month, {len(reps)} replicate(s), mean [95% CI]")
    for i, (a, b) in enumerate(windows):
        print(f"  days {a}-{b - 1}: {fmt(*mean_ci([rates[r][i] for r in reps]))}")
    if len(windows) > 1:
        first = [rates[r][0] for r in reps]
        last = [rates[r][-1] for r in reps]
        m, lo, hi = mean_ci([y - x for x, y in zip(first, last)])
        rel = m / (sum(first) / len(first)) if sum(first) else math.nan
        print(f"  change, last window - first (paired): {fmt(m, lo, hi)} ({rel:+.1%})")
    if args.against:
        other = window_rates(args.against, windows, columns)
        if sorted(other) != reps:
            fail(f"{args.against} has other replicates than {args.folder}")
        print(f"against {args.against} (paired by replicate): difference [95% CI] (relative)")
        for i, (a, b) in enumerate(windows):
            base = [other[r][i] for r in reps]
            m, lo, hi = mean_ci([rates[r][i] - other[r][i] for r in reps])
            rel = m / (sum(base) / len(base)) if sum(base) else math.nan
            print(f"  days {a}-{b - 1}: {fmt(m, lo, hi)} ({rel:+.1%})")


if __name__ == "__main__":
    main()
