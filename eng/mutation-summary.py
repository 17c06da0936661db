#!/usr/bin/env python3
"""Score per domain folder from a Stryker.NET JSON report (mutation-report.json).

    python3 eng/mutation-summary.py StrykerOutput/<run>/reports/mutation-report.json [--seconds N] [--targets FILE]

Score = killed + timeout over killed + timeout + survived + no coverage (Stryker's own formula);
compile errors and ignored mutants do not count.

With --targets FILE (lines "Folder score", e.g. "Slots 90"; # starts a comment), exits 1 when a folder
that has tested mutants in the report scores below its target, or has no target in the file.
"""
import json
import sys
from collections import Counter, OrderedDict

FOLDERS = ["Stores", "Slots", "Plans", "Impact", "Providers", "Services"]
COLUMNS = ["Killed", "Survived", "NoCoverage", "Timeout", "CompileError", "Ignored"]


def folder_of(path):
    parts = path.replace("\\", "/").split("/")
    for name in FOLDERS:
        if name in parts:
            return name
    return "other"


def score(c):
    detected = c["Killed"] + c["Timeout"]
    valid = detected + c["Survived"] + c["NoCoverage"]
    return (100.0 * detected / valid) if valid else None


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if argv else 2
    with open(argv[0], encoding="utf-8") as f:
        report = json.load(f)
    seconds = None
    if "--seconds" in argv:
        seconds = int(argv[argv.index("--seconds") + 1])
    targets = None
    if "--targets" in argv:
        targets = read_targets(argv[argv.index("--targets") + 1])
    per = OrderedDict()
    total = Counter()
    for path, data in report["files"].items():
        name = folder_of(path)
        c = per.setdefault(name, Counter())
        for m in data["mutants"]:
            c[m["status"]] += 1
            total[m["status"]] += 1
    print("| folder | score | killed | survived | no coverage | timeout | compile error | ignored |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name in FOLDERS + ["other"]:
        if name not in per:
            continue
        c = per[name]
        s = score(c)
        if s is None:
            continue  # nothing of this folder was tested in this run (not mutated, or only compile errors and ignored)
        print(f"| {name} | {'n/a' if s is None else f'{s:.1f}%'} | " + " | ".join(str(c[k]) for k in COLUMNS) + " |")
    s = score(total)
    print(f"| **all** | {'n/a' if s is None else f'{s:.1f}%'} | " + " | ".join(str(total[k]) for k in COLUMNS) + " |")
    if seconds is not None:
        print(f"run time: {seconds // 60} min {seconds % 60} s")
    if targets is None:
        return 0
    failures = 0
    for name, c in per.items():
        s = score(c)
        if s is None:
            continue
        if name not in targets:
            print(f"mutation target: {name} has tested mutants but no target in the targets file", file=sys.stderr)
            failures += 1
        elif s < targets[name]:
            print(f"mutation target: {name} scores {s:.1f}%, below its target of {targets[name]:g}%", file=sys.stderr)
            failures += 1
        else:
            print(f"mutation target: {name} {s:.1f}% meets {targets[name]:g}%")
    return 1 if failures else 0


def read_targets(path):
    targets = {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            if len(parts) != 2 or parts[0] not in FOLDERS:
                raise SystemExit(f"{path}:{number}: expected 'Folder score' with a folder of {FOLDERS}, got '{line}'")
            targets[parts[0]] = float(parts[1])
    return targets


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
