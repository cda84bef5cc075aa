"""Checks that an `fcto assess --format json` report parses and has the documented fields."""
import json
import sys

report = json.load(open(sys.argv[1]))


def need(obj, path):
    cur = obj
    for part in path.split("."):
        if part.endswith("[]"):
            key = part[:-2]
            assert key in cur, f"missing {path}: no {key}"
            assert isinstance(cur[key], list), f"{key} is not a list"
            if not cur[key]:
                return  # an empty list has no elements to check
            cur = cur[key][0]
        else:
            assert isinstance(cur, dict) and part in cur, f"missing {path}: no {part}"
            cur = cur[part]


for path in [
    "schema_version", "tool.version", "repository.path", "repository.head", "repository.rev",
    "inventory.languages[].name", "inventory.languages[].files", "inventory.languages[].code",
    "inventory.languages[].comments", "inventory.languages[].blanks",
    "history.commits", "history.authors", "history.shallow",
    "team.truck_factor", "team.truck_factor_authors",
    "hotspots", "findings[].rule", "findings[].name", "findings[].area", "findings[].severity",
    "findings[].message", "findings[].evidence", "findings[].fingerprint",
    "scores", "actions", "summary",
]:
    need(report, path)
for f in report["findings"]:
    for e in f["evidence"]:
        for k in ("path", "line", "commit"):
            assert k in e, f"evidence without {k}: {e}"
for h in report["hotspots"]:
    for k in ("path", "changes", "code", "score"):
        assert k in h, f"hotspot without {k}"
assert report["schema_version"] == 1
assert report["history"]["available"], "fcto's own repository has history"
assert report["history"]["commits"] > 0
assert isinstance(report["team"]["truck_factor"], int)
assert all(isinstance(v, (int, float)) for v in report["scores"].values())
assert report["inventory"]["languages"][0]["name"] == "Rust", report["inventory"]["languages"][:2]
print(f"report ok: {len(report['findings'])} findings, {report['history']['commits']} commits, "
      f"languages {[l['name'] for l in report['inventory']['languages'][:3]]}")
