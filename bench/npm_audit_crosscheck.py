#!/usr/bin/env python3
"""Check that fcto's vulnerable-dependency rule (SEC005) finds what `npm audit` finds, on the same
package-lock.json and the same advisory records.

    cargo build --release -p fcto
    bench/npm_audit_crosscheck.py --fcto target/release/fcto --osv DIR --project DIR

DIR for --osv is a folder (or zip) of OSV records, e.g. GitHub advisory-database files
(`GHSA-....json`); --project is a folder with a package.json and a package-lock.json.

`npm audit` asks its registry for advisories with `POST /-/npm/v1/security/advisories/bulk`. The
script serves that endpoint itself, on 127.0.0.1, from the same OSV records fcto reads: for each
record (withdrawn ones left out, as fcto does) and each npm package it names, one advisory whose
`vulnerable_versions` is the record's ranges written as an npm range (`>=introduced <fixed`,
`introduced: "0"` without a lower bound, `last_affected` as `<=`, several intervals and exact
`versions` joined with ` || `). Every other request (packuments, which npm audit reads to work out
vulnerable versions and fixes) is passed on to https://registry.npmjs.org.

npm audit reports per package name: `vulnerabilities.<name>.via[]` holds the advisories (with the
record id as the last part of `url`) and `nodes` the lockfile locations of that name it flagged.
Each (location's version, advisory) pair is kept when npm's own semver (the copy inside the npm
that runs, with npm audit's options `includePrerelease` and `loose`) puts the version in the
advisory's `range`, so a name installed at several versions is split the way npm decided. fcto's
JSON report has one SEC005 finding per package version, its advisories as evidence notes that
start with the record id.

Prints one row per (package, version, advisory) either tool reports, then the totals, and exits 1
when the tools disagree (2 when a tool could not be run).
"""
import argparse
import gzip
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import urllib.error
import urllib.request
import zipfile

UPSTREAM = "https://registry.npmjs.org"
BULK_PATH = "/-/npm/v1/security/advisories/bulk"
SEVERITIES = {"LOW": "low", "MODERATE": "moderate", "MEDIUM": "moderate", "HIGH": "high", "CRITICAL": "critical"}


# --- OSV records to npm advisories -------------------------------------------------------------

def read_records(source):
    """The OSV records of a folder (searched recursively) or a zip, as parsed JSON objects."""
    texts = []
    if os.path.isfile(source) and source.endswith(".zip"):
        with zipfile.ZipFile(source) as archive:
            texts = [archive.read(n) for n in sorted(archive.namelist()) if n.endswith(".json")]
    elif os.path.isfile(source):
        with open(source, "rb") as f:
            texts = [f.read()]
    else:
        for root, dirs, files in os.walk(source):
            dirs[:] = sorted(d for d in dirs if d != ".git")
            for name in sorted(files):
                if name.endswith(".json"):
                    with open(os.path.join(root, name), "rb") as f:
                        texts.append(f.read())
    records = []
    for text in texts:
        try:
            record = json.loads(text)
        except ValueError:
            continue
        if isinstance(record, dict) and "id" in record:
            records.append(record)
    return records


def interval_ranges(events):
    """npm ranges for one OSV range's events, walked in order as OSV's evaluation does."""
    out = []
    start = None
    for event in events:
        if "introduced" in event:
            start = event["introduced"]
        elif "fixed" in event or "last_affected" in event:
            if start is None:
                continue
            upper = f"<{event['fixed']}" if "fixed" in event else f"<={event['last_affected']}"
            out.append(upper if start == "0" else f">={start} {upper}")
            start = None
    if start is not None:
        out.append("*" if start == "0" else f">={start}")
    return out


def npm_range(affected_entries):
    """One npm range for every affected entry of a package in a record."""
    parts = []
    for affected in affected_entries:
        for r in affected.get("ranges", []):
            if r.get("type") in ("SEMVER", "ECOSYSTEM"):
                parts.extend(interval_ranges(r.get("events", [])))
        parts.extend(affected.get("versions", []))
    unique = list(dict.fromkeys(parts))
    return " || ".join(unique) if unique else "<0.0.0-0"


def cvss_vector(record):
    for s in record.get("severity", []):
        if s.get("type") == "CVSS_V3":
            return s.get("score")
    return None


def bulk_advisories(records):
    """Advisories by package name, in the bulk endpoint's format."""
    by_name = {}
    next_id = 1_000_001
    for record in sorted(records, key=lambda r: r["id"]):
        if record.get("withdrawn"):
            continue
        entries = {}
        for affected in record.get("affected", []):
            package = affected.get("package") or {}
            if package.get("ecosystem") == "npm" and package.get("name"):
                entries.setdefault(package["name"], []).append(affected)
        specific = record.get("database_specific") or {}
        severity = SEVERITIES.get(str(specific.get("severity", "")).upper(), "moderate")
        rid = record["id"]
        url = (f"https://github.com/advisories/{rid}" if rid.startswith("GHSA-")
               else f"https://osv.dev/vulnerability/{rid}")
        for name, affected_entries in entries.items():
            by_name.setdefault(name, []).append({
                "id": next_id,
                "url": url,
                "title": record.get("summary") or rid,
                "severity": severity,
                "vulnerable_versions": npm_range(affected_entries),
                "cwe": specific.get("cwe_ids", []),
                "cvss": {"score": 0, "vectorString": cvss_vector(record)},
            })
            next_id += 1
    return by_name


# --- the local registry ------------------------------------------------------------------------

def make_handler(advisories, log):
    class Registry(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *args):
            log.append(fmt % args)

        def send_json(self, code, payload):
            body = json.dumps(payload).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            if self.path.split("?")[0] != BULK_PATH:
                self.send_json(404, {"error": "not found"})
                return
            if self.headers.get("Content-Encoding", "").lower() == "gzip" or body[:2] == b"\x1f\x8b":
                body = gzip.decompress(body)
            try:
                asked = json.loads(body or b"{}")
            except ValueError:
                self.send_json(400, {"error": "request body is not JSON"})
                return
            self.send_json(200, {name: advisories[name] for name in asked if name in advisories})

        def do_GET(self):
            headers = {"Accept": self.headers.get("Accept", "application/json"),
                       "User-Agent": self.headers.get("User-Agent", "npm-audit-crosscheck")}
            request = urllib.request.Request(UPSTREAM + self.path, headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    status, body = response.status, response.read()
                    content_type = response.headers.get("Content-Type", "application/json")
            except urllib.error.HTTPError as e:
                status, body = e.code, e.read()
                content_type = e.headers.get("Content-Type", "application/json")
            except (urllib.error.URLError, TimeoutError) as e:
                status, body, content_type = 502, json.dumps({"error": str(e)}).encode(), "application/json"
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Registry


def start_registry(advisories, log):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), make_handler(advisories, log))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# --- npm audit ---------------------------------------------------------------------------------

def lockfile_versions(lock):
    """Version of each lockfile location (`node_modules/...`)."""
    return {loc: entry.get("version") for loc, entry in lock.get("packages", {}).items()
            if loc and isinstance(entry, dict)}


def npm_semver_satisfies(pairs):
    """npm's semver (the copy inside the running npm) on (version, range) pairs."""
    if not pairs:
        return []
    root = subprocess.run(["npm", "root", "-g"], capture_output=True, text=True, check=True).stdout.strip()
    semver = os.path.join(root, "npm", "node_modules", "semver")
    script = ("const s=require(process.argv[1]);let d='';process.stdin.on('data',c=>d+=c);"
              "process.stdin.on('end',()=>{const o={includePrerelease:true,loose:true};"
              "console.log(JSON.stringify(JSON.parse(d).map(([v,r])=>s.satisfies(v,r,o))))})")
    out = subprocess.run(["node", "-e", script, semver], input=json.dumps(pairs),
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def run_npm_audit(project, registry, work):
    audit_dir = os.path.join(work, "npm")
    os.makedirs(audit_dir)
    for name in ("package.json", "package-lock.json"):
        shutil.copy(os.path.join(project, name), audit_dir)
    userconfig = os.path.join(work, "npmrc")
    open(userconfig, "w").close()
    env = {k: v for k, v in os.environ.items()
           if not k.lower().startswith("npm_config_") and k not in ("NODE_ENV",)}
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    command = ["npm", "audit", "--json", "--audit=true", "--registry", registry,
               "--userconfig", userconfig, "--cache", os.path.join(work, "npm-cache")]
    done = subprocess.run(command, cwd=audit_dir, env=env, capture_output=True, text=True)
    try:
        report = json.loads(done.stdout)
    except ValueError:
        raise SystemExit(f"npm audit gave no JSON (exit {done.returncode}):\n{done.stderr[-2000:]}")
    if "error" in report:
        raise SystemExit(f"npm audit failed: {json.dumps(report['error'])[:2000]}")
    return report


def npm_triples(report, lock, warnings):
    """(name, version, advisory id) for each advisory npm audit applies to an installed version.
    Warns about a flagged version that no advisory's range holds (npm marks some pre-releases
    next to vulnerable versions as vulnerable too) unless a dependency's vulnerability explains it."""
    versions = lockfile_versions(lock)
    candidates = []
    explained_by_dependency = set()
    for name, vuln in report.get("vulnerabilities", {}).items():
        installed = sorted({versions[n] for n in vuln.get("nodes", []) if versions.get(n)})
        if any(isinstance(via, str) for via in vuln.get("via", [])):
            explained_by_dependency.add(name)
        for version in installed:
            candidates.append((name, version, None, None))
        for via in vuln.get("via", []):
            if not isinstance(via, dict) or not via.get("url"):
                continue  # a string: a dependency's vulnerability, reported under that name
            rid = via["url"].rstrip("/").rsplit("/", 1)[-1]
            for version in installed:
                candidates.append((via.get("name", name), version, rid, via.get("range", "*")))
    advisories = [c for c in candidates if c[2]]
    verdicts = npm_semver_satisfies([[v, r] for _, v, _, r in advisories])
    triples = {(n, v, rid) for (n, v, rid, _), ok in zip(advisories, verdicts) if ok}
    for name, version, rid, _ in candidates:
        held = any(t[0] == name and t[1] == version for t in triples)
        if rid is None and not held and name not in explained_by_dependency:
            warnings.append(f"npm audit flags {name} {version} but none of its advisories' ranges holds it")
    return triples


def fcto_problems(node):
    """fcto's notes about versions it could not compare with a record."""
    if isinstance(node, str):
        return [node] if "could not be compared" in node else []
    values = node.values() if isinstance(node, dict) else node if isinstance(node, list) else []
    return [p for v in values for p in fcto_problems(v)]


# --- fcto --------------------------------------------------------------------------------------

def run_fcto(fcto, project, osv, work):
    out = os.path.join(work, "fcto.json")
    command = [fcto, "assess", project, "--select", "SEC005", "--osv-db", osv,
               "--no-history", "--format", "json", "--output", out]
    done = subprocess.run(command, capture_output=True, text=True)
    if not os.path.exists(out):
        raise SystemExit(f"fcto wrote no report (exit {done.returncode}):\n{done.stderr[-2000:]}")
    with open(out) as f:
        return json.load(f)


def findings_of(node, rule):
    """Every finding object of `rule` anywhere in the report."""
    if isinstance(node, dict):
        if node.get("rule") == rule and "message" in node:
            yield node
        for value in node.values():
            yield from findings_of(value, rule)
    elif isinstance(node, list):
        for value in node:
            yield from findings_of(value, rule)


FINDING_HEAD = re.compile(r"^`([^`]+)` (\S+) \(npm,")
ADVISORY_NOTE = re.compile(r"^([A-Z][A-Z0-9]*-[\w-]+) \(")
COUNT = re.compile(r" has (\d+) known vulnerabilities")


def fcto_triples(report, warnings):
    triples = set()
    for finding in findings_of(report, "SEC005"):
        head = FINDING_HEAD.match(finding["message"])
        if not head:
            continue
        name, version = head.groups()
        ids = [m.group(1) for e in finding.get("evidence", [])
               if (m := ADVISORY_NOTE.match(e.get("note") or ""))]
        count = COUNT.search(finding["message"])
        if count and int(count.group(1)) > len(ids):
            warnings.append(f"fcto lists {len(ids)} of the {count.group(1)} advisories of {name} {version}")
        triples.update((name, version, rid) for rid in ids)
    return triples


# --- main --------------------------------------------------------------------------------------

def version_key(version):
    core, _, pre = version.partition("-")
    numbers = [int(x) if x.isdigit() else 0 for x in core.split(".")]
    return numbers, pre == "", pre


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fcto", required=True, help="the fcto binary")
    parser.add_argument("--osv", required=True, help="folder or zip of OSV records")
    parser.add_argument("--project", required=True, help="folder with package.json and package-lock.json")
    parser.add_argument("--keep", help="keep npm's and fcto's raw reports in this folder")
    args = parser.parse_args()

    records = read_records(args.osv)
    advisories = bulk_advisories(records)
    with open(os.path.join(args.project, "package-lock.json")) as f:
        lock = json.load(f)
    log = []
    server = start_registry(advisories, log)
    registry = f"http://127.0.0.1:{server.server_address[1]}/"
    with tempfile.TemporaryDirectory(prefix="npm-audit-crosscheck-") as work:
        try:
            npm_report = run_npm_audit(args.project, registry, work)
        finally:
            server.shutdown()
        fcto_report = run_fcto(args.fcto, os.path.abspath(args.project), os.path.abspath(args.osv), work)
        if args.keep:
            os.makedirs(args.keep, exist_ok=True)
            for name, data in (("npm-audit.json", npm_report), ("fcto.json", fcto_report),
                               ("bulk-advisories.json", advisories)):
                with open(os.path.join(args.keep, name), "w") as f:
                    json.dump(data, f, indent=2)

    warnings = []
    npm = npm_triples(npm_report, lock, warnings)
    fcto = fcto_triples(fcto_report, warnings)
    warnings.extend(f"fcto: {p}" for p in dict.fromkeys(fcto_problems(fcto_report)))
    rows = sorted(npm | fcto, key=lambda t: (t[0], version_key(t[1]), t[2]))
    names = {p.get("name") or loc.rsplit("node_modules/", 1)[-1]
             for loc, p in lock.get("packages", {}).items() if loc}
    print(f"{len(records)} OSV records, {sum(len(v) for v in advisories.values())} npm advisories "
          f"over {len(advisories)} package names; lockfile: {len(lock.get('packages', {})) - 1} "
          f"installed locations, {len(names)} package names")
    print()
    width = max([len(r[0]) for r in rows] + [7])
    vwidth = max([len(r[1]) for r in rows] + [7])
    print(f"{'package':<{width}}  {'version':<{vwidth}}  {'advisory':<19}  npm   fcto")
    for name, version, rid in rows:
        in_npm, in_fcto = (name, version, rid) in npm, (name, version, rid) in fcto
        mark = "" if in_npm == in_fcto else "   <-- differs"
        print(f"{name:<{width}}  {version:<{vwidth}}  {rid:<19}  {'yes' if in_npm else 'no':<4}  "
              f"{'yes' if in_fcto else 'no':<4}{mark}")
    both, only_npm, only_fcto = len(npm & fcto), len(npm - fcto), len(fcto - npm)
    print()
    print(f"both: {both}   only npm audit: {only_npm}   only fcto: {only_fcto}")
    print(f"package versions flagged: npm audit {len({t[:2] for t in npm})}, fcto {len({t[:2] for t in fcto})}")
    for w in warnings:
        print(f"warning: {w}")
    return 1 if only_npm or only_fcto else 0


if __name__ == "__main__":
    sys.exit(main())
