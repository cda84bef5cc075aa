#!/usr/bin/env python3
"""Recall and precision of fcto's secret scanner and of detect-secrets on the same generated,
labelled corpus (fcto_testkit::secret_corpus).

    pip install detect-secrets            # or DETECT_SECRETS=/path/to/detect-secrets
    python3 bench/secret_corpus.py [--out DIR] [--seed N]

Steps: the `secret_corpus` example writes the corpus as a git repository, its labels, and
fcto's findings unmasked (the secrets are generated; none is real). detect-secrets scans the
checked-out tree (`scan --all-files`); it has no history mode, so for the history every file
version a commit adds or changes (on any ref) is written out under `versions/COMMIT/PATH` and
scanned once, as fcto's history scan reads every blob once.

Matching. Tree, both tools alike: a finding is keyed by (path, line); it is a true positive when
a planted secret starts on that line (a PEM block: any of its lines, or the line before it, the
YAML key a block scalar hangs on), else a false positive (on a decoy, or on nothing planted).
History: fcto's findings carry the secret, matched by value as the Rust test does;
detect-secrets' carry only a hash, so they are matched by (path, line) in the file version they
were found in, the label's value having to be on that line. Recall is over unique planted
secrets; precision over unique findings (fcto: by value; detect-secrets: by path, line and
line text). Allowed findings (`gitleaks:allow`) are not counted.
"""

import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw).stdout


def detect_secrets_cmd():
    exe = os.environ.get("DETECT_SECRETS") or shutil.which("detect-secrets")
    if not exe:
        sys.exit("detect-secrets not found: pip install detect-secrets (or set DETECT_SECRETS)")
    return exe


def ds_scan(exe, directory):
    out = run([exe, "scan", "--all-files", "--exclude-files", r"(^|/)\.git/"], cwd=directory)
    results = json.loads(out)["results"]
    findings = []
    for path, items in results.items():
        for it in items:
            findings.append((path, it["line_number"], it["type"]))
    return findings


def overlaps(finding, value):
    return (
        finding == value
        or (len(value) >= 8 and value in finding)
        or (len(finding) >= 8 and finding in value)
    )


def spans(label):
    """Lines a finding may be reported on for this label."""
    n = label["value"].count("\n") + 1
    first = label["line"] - 1 if n > 1 else label["line"]
    return range(first, label["line"] + n)


class Score:
    def __init__(self):
        self.findings = 0
        self.tp = 0
        self.found = set()
        self.fp = collections.defaultdict(list)

    def add(self, matched_secrets, decoy_kinds, example):
        self.findings += 1
        if matched_secrets:
            self.tp += 1
            self.found.update(matched_secrets)
        else:
            kind = decoy_kinds[0] if decoy_kinds else "(not planted)"
            self.fp[kind].append(example)

    def precision(self):
        return self.tp / self.findings if self.findings else 1.0


def line_index(labels):
    index = collections.defaultdict(list)
    for i, l in enumerate(labels):
        for line in spans(l):
            index[(l["path"], line)].append(i)
    return index


def score_tree_by_line(findings, labels, head):
    """findings: iterable of (path, line, example); labels restricted to `head` indices."""
    index = line_index([labels[i] for i in head])
    head = list(head)
    s = Score()
    for (path, line), example in dedupe_lines(findings).items():
        here = [head[j] for j in index.get((path, line), [])]
        secrets = [labels[i]["value"] for i in here if labels[i]["is_secret"]]
        decoys = [labels[i]["kind"] for i in here if not labels[i]["is_secret"]]
        s.add(secrets, decoys, f"{path}:{line} {example}")
    return s


def dedupe_lines(findings):
    out = {}
    for path, line, example in findings:
        out.setdefault((path, line), example)
    return out


def score_by_value(findings, labels):
    """findings: (secret, rule, path, line); labels: all."""
    s = Score()
    seen = set()
    for secret, rule, path, line in findings:
        if secret in seen:
            continue
        seen.add(secret)
        secrets = [l["value"] for l in labels if l["is_secret"] and overlaps(secret, l["value"])]
        decoys = [l for l in labels if not l["is_secret"] and overlaps(secret, l["value"])]
        decoys.sort(key=lambda l: (not (l["path"] == path and l["line"] == line), l["value"] != secret))
        s.add(secrets, [l["kind"] for l in decoys], f"[{rule}] {secret[:50]}")
    return s


def report(tool, title, score, wanted, labels):
    found = sum(1 for v in wanted if v in score.found)
    print(
        f"{tool:15} {title:8} recall {100 * found / len(wanted):5.1f}% ({found}/{len(wanted)})  "
        f"precision {100 * score.precision():5.1f}% ({score.tp}/{score.findings})"
    )
    return found / len(wanted), score.precision()


def details(tool, score, wanted, labels):
    missed = collections.defaultdict(list)
    for l in labels:
        if l["is_secret"] and l["value"] in wanted and l["value"] not in score.found:
            missed[l["kind"]].append(l)
    for kind, ls in sorted(missed.items()):
        l = ls[0]
        print(f"  {tool}: missed {kind} x{len(ls)}, e.g. {l['path']}:{l['line']} {l['value'].splitlines()[0][:50]}")
    for kind, ex in sorted(score.fp.items()):
        print(f"  {tool}: false positive on {kind} x{len(ex)}, e.g. {ex[0][:110]}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", help="work directory (default: a temporary one)")
    ap.add_argument("--seed", type=int)
    ap.add_argument("--details", action="store_true", help="list misses and false positives")
    args = ap.parse_args()
    exe = detect_secrets_cmd()
    work = args.out or tempfile.mkdtemp(prefix="fcto-secret-corpus-")
    if os.path.exists(os.path.join(work, "repo")):
        shutil.rmtree(os.path.join(work, "repo"))
    os.makedirs(work, exist_ok=True)
    repo = os.path.join(work, "repo")
    cmd = ["cargo", "run", "--release", "-q", "-p", "fcto_facts", "--example", "secret_corpus", "--",
           repo, "--labels", os.path.join(work, "labels.json"), "--findings", os.path.join(work, "fcto.json")]
    if args.seed is not None:
        cmd += ["--seed", str(args.seed)]
    print(run(cmd, cwd=ROOT).strip())

    labels = json.load(open(os.path.join(work, "labels.json")))
    fcto = json.load(open(os.path.join(work, "fcto.json")))
    head = [i for i, l in enumerate(labels) if l["in_head"]]
    head_secrets = {labels[i]["value"] for i in head if labels[i]["is_secret"]}
    all_secrets = {l["value"] for l in labels if l["is_secret"]}
    kinds = {l["kind"] for l in labels if l["is_secret"]}
    print(
        f"corpus: {len(all_secrets)} secrets of {len(kinds)} kinds ({len(head_secrets)} in HEAD, "
        f"{len(all_secrets - head_secrets)} only in history), "
        f"{sum(1 for l in labels if not l['is_secret'])} decoys"
    )

    # --- tree
    fcto_tree = [f for f in fcto["tree"] if not f["allowed"]]
    fcto_tree_line = score_tree_by_line(((f["path"], f["line"], f"[{f['rule']}] {f['secret'][:40]}") for f in fcto_tree), labels, head)
    fcto_tree_value = Score()
    for f in fcto_tree:
        here = [labels[i] for i in head if labels[i]["path"] == f["path"]]
        secrets = [l["value"] for l in here if l["is_secret"] and overlaps(f["secret"], l["value"])]
        decoys = [l["kind"] for l in here if not l["is_secret"] and overlaps(f["secret"], l["value"])]
        fcto_tree_value.add(secrets, decoys, f"[{f['rule']}] {f['secret'][:40]}")
    ds_tree_findings = ds_scan(exe, repo)
    ds_tree = score_tree_by_line(((p, n, t) for p, n, t in ds_tree_findings), labels, head)

    # --- history: every file version added or changed by a commit on any ref
    versions = os.path.join(work, "versions")
    if os.path.exists(versions):
        shutil.rmtree(versions)
    commits = run(["git", "rev-list", "--all"], cwd=repo).split()
    for c in commits:
        changed = run(["git", "diff-tree", "--no-commit-id", "-r", "--root", "--diff-filter=AM", "--name-only", c], cwd=repo).split("\n")
        for path in filter(None, changed):
            blob = subprocess.run(["git", "show", f"{c}:{path}"], cwd=repo, check=True, capture_output=True).stdout
            target = os.path.join(versions, c[:12], path)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as fh:
                fh.write(blob)
    ds_hist_raw = ds_scan(exe, versions)
    ds_hist = Score()
    seen = set()
    for vpath, line, typ in ds_hist_raw:
        commit, path = vpath.split("/", 1)
        with open(os.path.join(versions, vpath), encoding="utf-8", errors="replace") as fh:
            lines = fh.read().split("\n")
        text = lines[line - 1] if line - 1 < len(lines) else ""
        key = (path, line, text)
        if key in seen:
            continue
        seen.add(key)
        near = "\n".join(lines[max(0, line - 1): line + 1])
        here = [l for l in labels if l["path"] == path and line in spans(l)
                and l["value"].splitlines()[0].strip() in near]
        ds_hist.add([l["value"] for l in here if l["is_secret"]],
                    [l["kind"] for l in here if not l["is_secret"]], f"{path}:{line} ({typ})")
    fcto_hist = score_by_value(((f["secret"], f["rule"], f["path"], f["line"]) for f in fcto["history"]), labels)

    print()
    print("tool            scope")
    report("fcto", "tree", fcto_tree_line, head_secrets, labels)
    report("detect-secrets", "tree", ds_tree, head_secrets, labels)
    report("fcto", "history", fcto_hist, all_secrets, labels)
    report("detect-secrets", "history", ds_hist, all_secrets, labels)
    print(
        f"(fcto tree matched by value instead of by line: recall "
        f"{100 * sum(1 for v in head_secrets if v in fcto_tree_value.found) / len(head_secrets):.1f}%, "
        f"precision {100 * fcto_tree_value.precision():.1f}%)"
    )
    low = sum(1 for f in fcto["history"] if f["test_mode"] or f["severity"] == "low")
    print(f"(fcto history findings reported as low severity or test mode: {low} of {len(fcto['history'])})")

    print()
    print(f"{'kind':28} {'planted':>7} {'fcto':>5} {'d-s':>5}   (history: found / planted)")
    per = collections.defaultdict(lambda: [0, 0, 0])
    for v in all_secrets:
        kind = next(l["kind"] for l in labels if l["value"] == v and l["is_secret"])
        per[kind][0] += 1
        per[kind][1] += v in fcto_hist.found
        per[kind][2] += v in ds_hist.found
    for kind, (n, a, b) in sorted(per.items()):
        print(f"{kind:28} {n:7} {a:5} {b:5}")
    fp_kinds = collections.Counter()
    print()
    print(f"{'false positives on':28} {'fcto':>5} {'d-s':>5}   (history)")
    for kind in sorted(set(fcto_hist.fp) | set(ds_hist.fp)):
        print(f"{kind:28} {len(fcto_hist.fp.get(kind, [])):5} {len(ds_hist.fp.get(kind, [])):5}")
        fp_kinds[kind] += 1
    if args.details:
        print()
        details("fcto", fcto_hist, all_secrets, labels)
        details("detect-secrets", ds_hist, all_secrets, labels)
    print(f"\nwork directory: {work}")


if __name__ == "__main__":
    main()
