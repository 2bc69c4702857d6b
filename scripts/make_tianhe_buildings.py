#!/usr/bin/env python3
"""Generate scenarios/tianhe_buildings.csv: the Tianhe subdistrict after seeds/001_4c7fc85168f3dea2.txt.

"1+16+45+N": 16 communities and 45 grids; one governance building lead per 60 households with
970 leads, i.e. about 970 x 60 = 58,200 households, laid out as 970 buildings of 60 households.
13 communities get 3 grids and 3 get 2 (45 in all); buildings are dealt to grids 21 or 22 each.
Communities sit on a 4 x 4 block layout; inside a community the grids stand side by side and each
grid's buildings fill a small lattice with unit spacing, so a link radius of 1.0 joins 4-neighbours.
Deterministic: run it again and the file is identical. Standard library only.
"""
import csv
import math
import os
import sys

COMMUNITIES = 16
GRIDS = 45
BUILDINGS = 970
HOUSEHOLDS_PER_BUILDING = 60


def main(path):
    grids_per_community = [3] * 13 + [2] * 3
    assert sum(grids_per_community) == GRIDS
    base, extra = divmod(BUILDINGS, GRIDS)
    buildings_per_grid = [base + (1 if g < extra else 0) for g in range(GRIDS)]
    rows = []
    g = 0
    bid = 0
    for c, ngrids in enumerate(grids_per_community):
        cx, cy = (c % 4) * 40, (c // 4) * 20
        for local in range(ngrids):
            n = buildings_per_grid[g]
            cols = math.ceil(math.sqrt(n))
            for i in range(n):
                x = cx + local * (cols + 0) + i % cols
                y = cy + i // cols
                rows.append([f"b{bid:04d}", f"community{c + 1:02d}", f"grid{local + 1}", x, y, HOUSEHOLDS_PER_BUILDING])
                bid += 1
            g += 1
    tmp = path + ".tmp"
    with open(tmp, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "community", "grid", "x", "y", "households"])
        w.writerows(rows)
    os.replace(tmp, path)
    print(f"{path}: {len(rows)} buildings, {sum(r[5] for r in rows)} households")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "scenarios", "tianhe_buildings.csv"))
