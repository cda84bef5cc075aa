#!/usr/bin/env python3
"""Agreement of `fcto functions` with lizard (https://github.com/terryyin/lizard) on real
repositories: for every function either tool finds in the files fcto parses, do both find it
with the same first and last line, and do they give it the same cyclomatic complexity?

    pip install lizard==1.24.0
    bench/lizard_agreement.py [--fcto target/release/fcto] [--show 10] REPO [REPO...]

Per language it prints: functions found by either tool, the share whose boundaries agree,
and the share whose boundaries and cyclomatic complexity both agree. `--count lizard` makes
fcto count decisions exactly as lizard does where fcto deliberately differs (docs/code-health.md).
With --show N it prints N examples of each kind of disagreement, for diagnosis.
"""
import argparse
import collections
import csv
import io
import json
import os
import subprocess
import sys
import tempfile

# lizard's CSV has no header: NLOC, CCN, tokens, PARAM, length, location, file, function,
# long_name, start, end.
LIZARD_FIELDS = ["nloc", "ccn", "tokens", "params", "length", "location", "file", "name",
                 "long_name", "start", "end"]


def fcto_functions(fcto, repo, counting):
    out = subprocess.run([fcto, "functions", repo, "--format", "json", "--count", counting], check=True,
                         capture_output=True, text=True).stdout
    files = subprocess.run([fcto, "functions", repo, "--parsed-files"], check=True,
                           capture_output=True, text=True).stdout.split("\n")
    return json.loads(out), [f for f in files if f]


def lizard_functions(repo, files):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
        for f in files:
            listing.write(os.path.join(repo, f) + "\n")
        name = listing.name
    try:
        # One process per core: lizard's own -t is slower than that on two cores.
        out = subprocess.run(["lizard", "--csv", "-t", str(os.cpu_count() or 1), "-f", name],
                             capture_output=True, text=True).stdout
    finally:
        os.unlink(name)
    rows = []
    for rec in csv.reader(io.StringIO(out)):
        if len(rec) != len(LIZARD_FIELDS):
            continue
        r = dict(zip(LIZARD_FIELDS, rec))
        if not r["ccn"].isdigit():
            continue
        rows.append({
            "path": os.path.relpath(r["file"], repo),
            "name": r["name"],
            "start_line": int(r["start"]),
            "end_line": int(r["end"]),
            "cyclomatic": int(r["ccn"]),
        })
    return rows


def compare(repos, fcto, show, counting):
    totals = collections.defaultdict(lambda: collections.Counter())
    examples = collections.defaultdict(list)
    for repo in repos:
        ours, files = fcto_functions(fcto, repo, counting)
        language_of = {}
        for f in ours:
            language_of[f["path"]] = f["language"]
        theirs = lizard_functions(repo, files)
        by_file = collections.defaultdict(lambda: ([], []))
        for f in ours:
            by_file[f["path"]][0].append(f)
        for f in theirs:
            by_file[f["path"]][1].append(f)
        for path, (a, b) in by_file.items():
            language = language_of.get(path) or ext_language(path)
            t = totals[language]
            b_by_lines = {(f["start_line"], f["end_line"]): f for f in b}
            a_by_lines = {(f["start_line"], f["end_line"]): f for f in a}
            for key, f in a_by_lines.items():
                t["functions"] += 1
                g = b_by_lines.get(key)
                if g is None:
                    t["only_fcto"] += 1
                    examples[(language, "only fcto")].append(f"{repo}/{path}:{key[0]}-{key[1]} {f['name']}")
                    continue
                t["boundaries"] += 1
                if g["cyclomatic"] == f["cyclomatic"]:
                    t["both"] += 1
                else:
                    examples[(language, "cyclomatic")].append(
                        f"{repo}/{path}:{key[0]}-{key[1]} {f['name']}: fcto {f['cyclomatic']}, lizard {g['cyclomatic']}")
            for key, g in b_by_lines.items():
                if key not in a_by_lines:
                    t["functions"] += 1
                    t["only_lizard"] += 1
                    examples[(language, "only lizard")].append(f"{repo}/{path}:{key[0]}-{key[1]} {g['name']}")
    print(f"{'language':<12} {'functions':>9} {'same lines':>10} {'+ same CCN':>10} {'only fcto':>9} {'only lizard':>11}")
    all_t = collections.Counter()
    for language in sorted(totals):
        t = totals[language]
        all_t.update(t)
        n = t["functions"] or 1
        print(f"{language:<12} {t['functions']:>9} {100*t['boundaries']/n:>9.1f}% {100*t['both']/n:>9.1f}% "
              f"{t['only_fcto']:>9} {t['only_lizard']:>11}")
    n = all_t["functions"] or 1
    print(f"{'all':<12} {all_t['functions']:>9} {100*all_t['boundaries']/n:>9.1f}% {100*all_t['both']/n:>9.1f}% "
          f"{all_t['only_fcto']:>9} {all_t['only_lizard']:>11}")
    if show:
        for (language, kind), items in sorted(examples.items()):
            print(f"\n{language}, {kind} ({len(items)}):")
            for item in items[:show]:
                print("  " + item)


def ext_language(path):
    return os.path.splitext(path)[1].lstrip(".") or "?"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--fcto", default=os.path.join(os.path.dirname(__file__), "..", "target", "release", "fcto"))
    p.add_argument("--show", type=int, default=0, help="examples of each disagreement to print")
    p.add_argument("--count", default="fcto", choices=["fcto", "lizard"],
                   help="fcto's definition of cyclomatic complexity, or lizard's exact tokens")
    p.add_argument("repos", nargs="+")
    args = p.parse_args()
    compare(args.repos, args.fcto, args.show, args.count)


if __name__ == "__main__":
    sys.exit(main())
