#!/usr/bin/env python3
"""Validates a SARIF file written by `fcto assess --format sarif` against the official SARIF
2.1.0 JSON schema (OASIS), and checks what fcto promises beyond it: every result has a rule
with help and a `partialFingerprints` entry, and fingerprints are unique.

    check_sarif.py SCHEMA.json REPORT.sarif
"""
import json
import sys

import jsonschema


def main(schema_path, report_path):
    schema = json.load(open(schema_path, encoding="utf-8"))
    report = json.load(open(report_path, encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(report), key=lambda e: list(e.path))
    for e in errors[:20]:
        print(f"{report_path}: {'/'.join(map(str, e.path))}: {e.message}")
    if errors:
        return 1
    problems = []
    for run in report["runs"]:
        rules = run["tool"]["driver"].get("rules", [])
        ids = [r["id"] for r in rules]
        for r in rules:
            if not r.get("help", {}).get("text"):
                problems.append(f"rule {r['id']} has no help")
        seen = set()
        for res in run["results"]:
            if res["ruleId"] not in ids:
                problems.append(f"result of {res['ruleId']} has no rule in the driver")
            elif ids[res["ruleIndex"]] != res["ruleId"]:
                problems.append(f"result of {res['ruleId']} points at rule {ids[res['ruleIndex']]}")
            fp = res.get("partialFingerprints", {}).get("fcto/v1")
            if not fp:
                problems.append(f"result of {res['ruleId']} has no fingerprint")
            elif fp in seen:
                problems.append(f"fingerprint {fp} is not unique")
            seen.add(fp)
    for p in problems:
        print(f"{report_path}: {p}")
    if problems:
        return 1
    print(f"{report_path}: valid SARIF 2.1.0, {sum(len(r['results']) for r in report['runs'])} result(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
