#!/usr/bin/env python3
"""Compare fcto's clone detection with jscpd (https://github.com/kucherenko/jscpd) on the same
files of real repositories.

    npm install -g jscpd@4.3.0
    cargo build --release -p fcto_rules --example clones
    bench/jscpd_comparison.py [--show N] REPO [REPO...]

fcto compares the production files of the repository (tests, examples, generated and vendored
files left out); the same files are copied to a scratch directory and given to jscpd with the
same thresholds (50 tokens, 10 lines) and no size limits. For each repository it prints:

- each tool's duplicated lines (fcto's code lines inside a copy: comments and blank lines do not
  count, nor Rust tests inside production files) over the code lines of those files, and the
  lines both tools call duplicated;
- fcto's copies jscpd does not report, split into copies whose two fragments are the same text
  once layout is ignored ("exact") and copies that differ in names, literals or comments
  ("renamed": fcto normalises identifiers and literals, jscpd compares them as written);
- jscpd's copies fcto does not report, split by the reason: in Rust tests inside a production
  file, which fcto leaves out ("inline tests"), fewer than 10 code lines ("short": fcto counts a
  copy's code lines, jscpd its span, comments included), fewer than 8 kinds of token on its lines
  ("few kinds": imports, lists of macro calls, data tables, which fcto leaves out on purpose),
  fewer than 60 tokens on the copy's lines in
  fcto's count ("few tokens": jscpd's tokenizer splits more finely, and its copy can start and
  end inside a line, so a 50-token copy for jscpd can be under 50 for fcto), and the rest
  ("other", read them with --show).

A copy counts as found by the other tool when at least half of each of its two fragments' code
lines are duplicated lines of that tool. With --show N, N examples of each kind.
Reads files from the working tree (a bare repository is read at HEAD with `git show`).
"""
import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def fcto_clones(binary, repo):
    out = subprocess.run([binary, repo], check=True, capture_output=True, text=True).stdout
    files, pairs, tests, code = {}, [], collections.defaultdict(set), {}
    for line in out.splitlines():
        f = line.split("\t")
        if f[0] == "file":
            files[f[1]] = (int(f[2]), int(f[3]))
        elif f[0] == "code":
            code[f[1]] = {int(n.split(":")[0]): n.split(":")[1].split(".") for n in f[2].split(",") if n}
        elif f[0] == "test":
            tests[f[1]] |= set(range(int(f[2]), int(f[3]) + 1))
        elif f[0] == "pair":
            pairs.append(((f[1], int(f[2]), int(f[3])), (f[4], int(f[5]), int(f[6])), int(f[7])))
    for path, lines in tests.items():
        code[path] = {n: t for n, t in code.get(path, {}).items() if n not in lines}
    return files, pairs, tests, code


def read_text(repo, path):
    full = os.path.join(repo, path)
    if os.path.isfile(full):
        with open(full, encoding="utf-8", errors="replace") as fh:
            return fh.read()
    return subprocess.run(["git", "-C", repo, "show", f"HEAD:{path}"], check=True,
                          capture_output=True, text=True, errors="replace").stdout


def jscpd_clones(texts):
    scratch = tempfile.mkdtemp(prefix="jscpd-")
    try:
        src = os.path.join(scratch, "src")
        for path, text in texts.items():
            dest = os.path.join(src, path)
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            with open(dest, "w", encoding="utf-8") as fh:
                fh.write(text)
        report = os.path.join(scratch, "report")
        subprocess.run(["jscpd", "--min-tokens", "50", "--min-lines", "10", "--max-lines", "10000000",
                        "--max-size", "1000mb", "--reporters", "json", "--output", report, "--silent",
                        "--absolute", src], capture_output=True, text=True)
        with open(os.path.join(report, "jscpd-report.json")) as fh:
            data = json.load(fh)
        pairs = []
        for d in data.get("duplicates", []):
            a, b = d["firstFile"], d["secondFile"]
            # jscpd 4.3 sometimes ends the second fragment before its start, or hundreds of
            # lines after it; the copy then spans as many lines as the first fragment.
            span = a["end"] - a["start"]
            b_end = b["end"]
            if not span / 2 <= b_end - b["start"] <= span * 2 + 2:
                b_end = b["start"] + span
            pairs.append(((os.path.relpath(a["name"], src), a["start"], a["end"]),
                          (os.path.relpath(b["name"], src), b["start"], b_end), d.get("tokens", 0)))
        return pairs, data.get("statistics", {}).get("total", {})
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def coded(code, path, start, end):
    """The lines from start to end that hold code, as fcto counts them."""
    rows = code.get(path, {})
    return {n for n in range(start, end + 1) if n in rows}


def tokens(code, path, start, end):
    """fcto's token kinds on the lines from start to end."""
    rows = code.get(path, {})
    return [k for n in range(start, end + 1) for k in rows.get(n, [])]


def covered(pairs, code):
    dup = collections.defaultdict(set)
    for a, b, _ in pairs:
        for path, s, e in (a, b):
            dup[path] |= coded(code, path, s, e)
    return dup


def found_in(pair, dup, code):
    for path, s, e in pair[:2]:
        own = coded(code, path, s, e)
        if not own or len(own & dup.get(path, set())) * 2 < len(own):
            return False
    return True


def squeeze(lines, s, e):
    return re.sub(r"\s+", "", "".join(lines[s - 1:e]))


def show(title, pairs, n):
    if n and pairs:
        print(f"    {title}:")
        for a, b, t in pairs[:n]:
            print(f"      {a[0]}:{a[1]}-{a[2]}  {b[0]}:{b[1]}-{b[2]}  ({t} tokens)")


def compare(repo, binary, n):
    files, fcto_pairs, tests, code_rows = fcto_clones(binary, repo)
    texts = {p: read_text(repo, p) for p in files}
    lines_of = {p: t.split("\n") for p, t in texts.items()}
    jscpd_pairs, stats = jscpd_clones(texts)
    code = sum(c for c, _ in files.values())
    fcto_dup, jscpd_dup = covered(fcto_pairs, code_rows), covered(jscpd_pairs, code_rows)
    count = lambda d: sum(len(v) for v in d.values())
    both = sum(len(fcto_dup[p] & jscpd_dup.get(p, set())) for p in fcto_dup)
    name = os.path.basename(os.path.abspath(repo))
    official = sum(d for _, d in files.values()) / code if code else 0
    print(f"== {name}: {len(files)} production files, {code} code lines")
    print(f"  fcto : {len(fcto_pairs):5d} copies, {count(fcto_dup):6d} duplicated lines, "
          f"{count(fcto_dup) / max(code, 1):6.1%} (fcto's own figure, code lines only: {official:.1%})")
    print(f"  jscpd: {len(jscpd_pairs):5d} copies, {count(jscpd_dup):6d} duplicated lines, "
          f"{count(jscpd_dup) / max(code, 1):6.1%} (jscpd's own figure: {stats.get('percentage', 0)}%)")
    print(f"  both : {both:6d} lines; of jscpd's duplicated lines fcto has {both / max(count(jscpd_dup), 1):.1%}")

    only_fcto = [p for p in fcto_pairs if not found_in(p, jscpd_dup, code_rows)]
    exact = [p for p in only_fcto if squeeze(lines_of[p[0][0]], *p[0][1:]) == squeeze(lines_of[p[1][0]], *p[1][1:])]
    renamed = [p for p in only_fcto if p not in exact]
    print(f"  fcto's copies jscpd does not report: {len(only_fcto)} "
          f"(renamed: {len(renamed)}, exact: {len(exact)})")
    show("renamed", renamed, n)
    show("exact", exact, n)

    only_jscpd = [p for p in jscpd_pairs if not found_in(p, fcto_dup, code_rows)]
    reasons = collections.defaultdict(list)
    for p in only_jscpd:
        if any(set(range(s, e + 1)) & tests.get(path, set()) for path, s, e in p[:2]):
            reasons["inline tests"].append(p)
        elif min(len(coded(code_rows, path, s, e)) for path, s, e in p[:2]) < 10:
            reasons["short"].append(p)
        elif min(len(set(tokens(code_rows, path, s, e))) for path, s, e in p[:2]) < 8:
            reasons["few kinds"].append(p)
        elif min(len(tokens(code_rows, path, s, e)) for path, s, e in p[:2]) < 60:
            reasons["few tokens"].append(p)
        else:
            reasons["other"].append(p)
    print(f"  jscpd's copies fcto does not report: {len(only_jscpd)} "
          + ", ".join(f"{k}: {len(v)}" for k, v in sorted(reasons.items())))
    for k, v in sorted(reasons.items()):
        show(k, v, n)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--clones", default=os.path.join(ROOT, "target", "release", "examples", "clones"))
    p.add_argument("--show", type=int, default=0)
    p.add_argument("repos", nargs="+")
    args = p.parse_args()
    if not shutil.which("jscpd"):
        sys.exit("jscpd is not installed: npm install -g jscpd@4.3.0")
    for repo in args.repos:
        compare(repo, args.clones, args.show)


if __name__ == "__main__":
    main()
