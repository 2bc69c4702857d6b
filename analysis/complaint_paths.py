#!/usr/bin/python3
"""Where complaints come from: 12345 complaints split by the path their issue took, per year.

Usage::

    /usr/bin/python3 analysis/complaint_paths.py RESULT_DIR [--types repair,property_service]

RESULT_DIR is a folder written by ``gridgov run`` with ``simulation.issue_log: true`` (it reads
``issues.csv`` and ``summary.csv``). Every complaint in ``issues.csv`` belongs to one issue, and
each issue took one path:

- ``hotline_direct``: the resident went straight to 12345 (``reported_via`` is ``hotline``);
- ``collective``: a collective issue, listed for the deliberation meeting (``nature``);
- ``escalated``: beyond the community's powers, whistled to a district department (``nature``);
- ``handler:NAME``: an ordinary issue with that last handler (property_firm, grid_worker, ...),
  whose resident ran out of patience; ``unknown`` when it was never reported or found.

For each year of simulated time (counted by when the issue arose, so a complaint about an issue
raised late in a year is counted in that year) the script prints the complaints of the chosen
issue types (default: property issues, repair and property_service) per 1,000 households a
month, as the mean over replicates, split by path, with each path's share. That says which part
of the complaints a policy on one path (a firm measure, a faster meeting, more department
servers) can move at all.

Exit status: 0 on success, 2 on a missing file or column or a bad argument.
"""
import argparse
import sys

import pandas as pd

HOURS_PER_YEAR = 8760.0
MONTHS_PER_YEAR = 12.0


def fail(msg):
    print(f"complaint_paths.py: {msg}", file=sys.stderr)
    sys.exit(2)


def path_of(df):
    """The path of each issue (a Series of words), as the module docstring defines them."""
    path = "handler:" + df["handled_by"].fillna("").astype(str)
    path = path.where(df["handled_by"].notna() & (df["handled_by"].astype(str) != ""), "unknown")
    path = path.where(df["nature"] != "escalate", "escalated")
    path = path.where(df["nature"] != "collective", "collective")
    return path.where(df["reported_via"] != "hotline", "hotline_direct")


def complaint_paths(folder, types):
    """DataFrame (year, path, complaints per 1,000 households a month, share of the year's)."""
    try:
        issues = pd.read_csv(f"{folder}/issues.csv")
        summary = pd.read_csv(f"{folder}/summary.csv")
    except FileNotFoundError as e:
        fail(f"{folder}: {e.filename} is missing (issues.csv needs simulation.issue_log: true)")
    except (OSError, pd.errors.ParserError) as e:
        fail(f"{folder}: {e}")
    need = ["replicate", "type", "nature", "reported_via", "handled_by", "complaints", "t_raised_h"]
    for c in need:
        if c not in issues.columns:
            fail(f"{folder}/issues.csv has no column '{c}'")
    for c in ("replicate", "households"):
        if c not in summary.columns:
            fail(f"{folder}/summary.csv has no column '{c}'")
    unknown = sorted(set(types) - set(issues["type"].unique()))
    if unknown:
        fail(f"{folder}/issues.csv has no issues of type {', '.join(unknown)}")
    households = float(summary["households"].mean())
    replicates = summary["replicate"].nunique()
    df = issues[issues["type"].isin(types) & (issues["complaints"] > 0)].copy()
    df["year"] = (df["t_raised_h"] // HOURS_PER_YEAR).astype(int) + 1
    df["path"] = path_of(df)
    table = df.groupby(["year", "path"])["complaints"].sum().reset_index()
    # The last year may be partial (issues raised up to the horizon, after the warm-up in the first).
    first_h = issues.groupby("replicate")["t_raised_h"].min().mean()
    last_h = issues.groupby("replicate")["t_raised_h"].max().mean()
    def months(year):
        lo = max((year - 1) * HOURS_PER_YEAR, first_h)
        hi = min(year * HOURS_PER_YEAR, last_h)
        return max(hi - lo, 0.0) / HOURS_PER_YEAR * MONTHS_PER_YEAR
    table["per_1000_households_month"] = [
        c / replicates / months(y) * 1000.0 / households if months(y) > 0 else float("nan")
        for c, y in zip(table["complaints"], table["year"])]
    table["share"] = table["complaints"] / table.groupby("year")["complaints"].transform("sum")
    return table


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("folder")
    p.add_argument("--types", default="repair,property_service")
    args = p.parse_args()
    types = [t for t in args.types.split(",") if t]
    if not types:
        fail(f"bad --types '{args.types}'")
    table = complaint_paths(args.folder, types)
    print(f"{args.folder}: complaints about {'+'.join(types)} issues per 1,000 households a month "
          f"(mean over replicates), by path, by the year the issue arose")
    for year, group in table.groupby("year"):
        total = group["per_1000_households_month"].sum()
        print(f"  year {year}: {total:.3f}")
        for _, row in group.sort_values("complaints", ascending=False).iterrows():
            print(f"    {row['path']:<24} {row['per_1000_households_month']:8.3f}  {row['share']:6.1%}")


if __name__ == "__main__":
    main()
