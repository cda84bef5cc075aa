#!/usr/bin/env python3
"""Writes a zip of synthetic OSV records shaped like OSV's per-ecosystem exports, to time
`fcto assess --select SEC005 --osv-db` on a database of realistic size (npm's export holds about
200,000 records, most of them malicious-package reports). Deterministic for a given seed.

    python3 bench/gen_osv.py OUT.zip --records 200000 --ecosystem crates.io --names-from Cargo.lock
"""
import argparse
import json
import random
import re
import zipfile


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--records", type=int, default=200_000)
    p.add_argument("--ecosystem", default="crates.io")
    p.add_argument("--names-from", help="a Cargo.lock whose package names some records name")
    p.add_argument("--seed", type=int, default=7)
    a = p.parse_args()
    rng = random.Random(a.seed)
    real = []
    if a.names_from:
        real = sorted(set(re.findall(r'^name = "([^"]+)"', open(a.names_from).read(), re.M)))
    filler = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 12
    with zipfile.ZipFile(a.out, "w", zipfile.ZIP_DEFLATED) as z:
        for i in range(a.records):
            # One record in fifty names a package of the lockfile; the rest other packages.
            name = rng.choice(real) if real and i % 50 == 0 else f"pkg-{rng.randrange(60_000)}"
            major = rng.randrange(5)
            record = {
                "schema_version": "1.6.0",
                "id": f"GHSA-{i:04x}-{rng.randrange(16**4):04x}-{rng.randrange(16**4):04x}",
                "modified": f"2026-0{1 + i % 9}-1{i % 10}T00:00:00Z",
                "published": "2024-01-01T00:00:00Z",
                "aliases": [f"CVE-2024-{10000 + i}"],
                "summary": f"Synthetic advisory {i} for {name}",
                "details": filler,
                "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
                "affected": [{
                    "package": {"ecosystem": a.ecosystem, "name": name},
                    "ranges": [{"type": "SEMVER", "events": [
                        {"introduced": f"{major}.0.0"}, {"fixed": f"{major}.{rng.randrange(30)}.{rng.randrange(10)}"}]}],
                }],
                "references": [{"type": "ADVISORY", "url": f"https://example.invalid/{i}"}],
                "database_specific": {"severity": "HIGH"},
            }
            z.writestr(f"{record['id']}.json", json.dumps(record, indent=2))


if __name__ == "__main__":
    main()
