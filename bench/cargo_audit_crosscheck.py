#!/usr/bin/env python3
"""Cross-check of fcto's SEC005 (vulnerable dependencies) against cargo-audit.

Both tools read the same Cargo.lock and the same advisory data: cargo-audit reads the
RustSec advisory-db repository (its TOML/Markdown advisories) and fcto reads that repository's
OSV export (the `osv` branch, generated from the same commit by rustsec-admin). The script
compares the (crate, version, advisory id) triples each reports, separately for
vulnerabilities and for the informational notices (unmaintained, unsound), and exits non-zero on
any difference.

    git clone advisory-db /tmp/advisory-db                  # main branch
    git -C /tmp/advisory-db archive osv crates | tar -x -C /tmp/rustsec-osv
    python3 bench/cargo_audit_crosscheck.py --fcto target/release/fcto \
        --cargo-audit cargo-audit --advisory-db /tmp/advisory-db --osv /tmp/rustsec-osv \
        --project /path/with/Cargo.lock [--project ...]
"""
import argparse
import json
import re
import subprocess
import sys

ID = re.compile(r"^(RUSTSEC-\d{4}-\d{4}|GHSA-[a-z0-9-]+|CVE-\d+-\d+)\b")


def cargo_audit(binary, db, project):
    out = subprocess.run(
        [binary, "audit", "--db", db, "--no-fetch", "--stale", "--json",
         "--file", f"{project}/Cargo.lock"],
        capture_output=True, text=True)
    if not out.stdout.strip():
        sys.exit(f"cargo-audit failed: {out.stderr}")
    report = json.loads(out.stdout)
    vulns = {(v["package"]["name"], v["package"]["version"], v["advisory"]["id"])
             for v in report["vulnerabilities"]["list"]}
    notices = set()
    for kind, items in (report.get("warnings") or {}).items():
        if kind not in ("unmaintained", "unsound", "notice"):
            continue  # yanked crates are not advisories
        for w in items:
            if w.get("advisory"):
                notices.add((w["package"]["name"], w["package"]["version"], w["advisory"]["id"]))
    return vulns, notices


def fcto(binary, osv, project):
    out = subprocess.run(
        [binary, "assess", project, "--select", "SEC005", "--no-history",
         "--osv-db", osv, "--format", "json"],
        capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"fcto failed: {out.stderr}")
    report = json.loads(out.stdout)
    vulns, notices = set(), set()
    for f in report["findings"]:
        if f["rule"] != "SEC005":
            continue
        notes = [e.get("note") or "" for e in f["evidence"]]
        m = re.match(r"^(\S+) (\S+) locked here", notes[0])
        name, version = m.group(1), m.group(2)
        for n in notes[1:]:
            i = ID.match(n)
            if not i:
                continue
            kind = n[len(i.group(1)) + 2:].split(")")[0].split(",")[0]
            target = notices if kind in ("unmaintained", "unsound", "notice") else vulns
            target.add((name, version, i.group(1)))
    return vulns, notices


def compare(label, audit, ours):
    both, only_audit, only_fcto = audit & ours, audit - ours, ours - audit
    print(f"{label}: cargo-audit {len(audit)}, fcto {len(ours)}, both {len(both)}, "
          f"only cargo-audit {len(only_audit)}, only fcto {len(only_fcto)}")
    for t in sorted(only_audit):
        print("  only cargo-audit:", *t)
    for t in sorted(only_fcto):
        print("  only fcto:       ", *t)
    return not only_audit and not only_fcto


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--fcto", required=True)
    p.add_argument("--cargo-audit", required=True)
    p.add_argument("--advisory-db", required=True)
    p.add_argument("--osv", required=True)
    p.add_argument("--project", action="append", required=True)
    a = p.parse_args()
    same = True
    for project in a.project:
        print(f"== {project}")
        av, an = cargo_audit(a.cargo_audit, a.advisory_db, project)
        fv, fn = fcto(a.fcto, a.osv, project)
        same &= compare("vulnerabilities", av, fv)
        same &= compare("notices (unmaintained, unsound)", an, fn)
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
