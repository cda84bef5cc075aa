#!/usr/bin/env bash
# Benchmark: fcto assess against `git log --numstat --no-renames` and tokei on the same repository,
# and on a generated repository of 20,000 commits; `fcto functions` (parsing and complexity)
# against lizard on the same files; the secret scan of the whole history against reading every
# object with git. Prints medians, ratios, throughput and peak memory.
#
#   bench/run.sh [REPO ...]        (default: the generated repository only)
#
# Whole-process timings with hyperfine (Debian package); peak memory with /usr/bin/time -v.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

need() { command -v "$1" >/dev/null 2>&1; }
if ! need hyperfine || ! [ -x /usr/bin/time ]; then
  apt-get update -qq && apt-get install -y -qq hyperfine time >/dev/null
fi
if ! need tokei || ! tokei --version | grep -q '15\.'; then
  cargo install tokei --version 15.0.0 --locked -q
fi
if ! need lizard || ! lizard --version | grep -q '^1\.24\.0'; then
  pip install -q lizard==1.24.0
fi
cargo build --release -q -p fcto
cargo build --release -q -p fcto_facts --example syntax_speed
cargo build --release -q -p fcto_facts --example secret_scan
fcto="$root/target/release/fcto"

work="${BENCH_DIR:-$(mktemp -d)}"
gen="$work/generated-20k"
if [ ! -d "$gen/.git" ]; then
  python3 bench/gen_repo.py "$gen" 20000 >/dev/null
fi

runs="${BENCH_RUNS:-5}"
for repo in "$gen" "$@"; do
  repo="$(cd "$repo" && pwd)"
  name="$(basename "$repo")"
  if ! git -C "$repo" log --numstat --no-renames -1 >/dev/null 2>&1 \
     || ! git -C "$repo" log --numstat --no-renames >/dev/null 2>&1; then
    echo "== $name: skipped, \`git log --numstat\` fails here (a partial clone misses file versions)"
    continue
  fi
  echo "== $name ($(git -C "$repo" rev-list --count HEAD) commits, $(git -C "$repo" ls-files | wc -l) files)"
  hyperfine -N --warmup 1 --runs "$runs" --export-json "$work/$name.json" \
    -n git-numstat "git -C $repo log --numstat --no-renames" \
    -n fcto-assess "$fcto assess $repo --format json -o /dev/null" \
    -n tokei "tokei $repo" \
    -n fcto-inventory "$fcto assess $repo --no-history --select ARC001 --format json -o /dev/null" \
    >/dev/null
  python3 - "$work/$name.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
med = {k: v["median"] for k, v in r.items()}
for k, v in med.items():
    print(f"  {k:15s} median {v:7.3f} s")
print(f"  ratio assess / git log --numstat --no-renames: {med['fcto-assess'] / med['git-numstat']:.2f}  (target <= 1.5)")
print(f"  ratio inventory / tokei:                      {med['fcto-inventory'] / med['tokei']:.2f}  (target <= 2)")
PY
  peak=$( { /usr/bin/time -v "$fcto" assess "$repo" --format json -o /dev/null; } 2>&1 | awk -F': ' '/Maximum resident/ {print $2}')
  echo "  peak memory of fcto assess: $((peak / 1024)) MB  (target < 1024 MB)"
done

# Functions and complexity: fcto against lizard on the files fcto parses (real repositories only).
for repo in "$@"; do
  repo="$(cd "$repo" && pwd)"
  name="$(basename "$repo")"
  list="$work/$name.parsed"
  "$fcto" functions "$repo" --parsed-files | sed "s|^|$repo/|" > "$list"
  files=$(wc -l < "$list")
  if [ "$files" -eq 0 ]; then
    echo "== $name: no files fcto parses"
    continue
  fi
  bytes=$(tr '\n' '\0' < "$list" | du -cb --files0-from=- | tail -1 | cut -f1)
  echo "== $name: functions of $files files ($((bytes / 1024)) KiB)"
  hyperfine -N --warmup 1 --runs "$runs" --export-json "$work/$name-functions.json" \
    -n fcto-functions "$fcto functions $repo --format json" \
    -n lizard "lizard --csv -t 2 -f $list" \
    >/dev/null
  cpu=$( { /usr/bin/time -f '%U %S' "$fcto" functions "$repo" --format json >/dev/null; } 2>&1 | tail -1)
  python3 - "$work/$name-functions.json" "$bytes" "$cpu" <<'PY'
import json, sys
r = {x["command"]: x["median"] for x in json.load(open(sys.argv[1]))["results"]}
size = int(sys.argv[2])
user, system = (float(x) for x in sys.argv[3].split())
print(f"  fcto-functions  median {r['fcto-functions']:7.3f} s")
print(f"  lizard (2 jobs) median {r['lizard']:7.3f} s")
print(f"  lizard / fcto: {r['lizard'] / r['fcto-functions']:.1f}x  (target >= 10)")
print(f"  parse and metrics: {size / (user + system) / 1e6:.1f} MB/s per core of CPU time (target >= 10)")
PY
  # The same files in one thread, read into memory first: tree-sitter's parse alone is the floor.
  "$root/target/release/examples/syntax_speed" "$repo" 3 | tail -2 | sed 's/^/  one thread: /'
done

# Secrets: every blob reachable from any ref scanned once (tree diffs of every commit included),
# against `git cat-file --batch-all-objects --batch`, which only reads every object once.
for repo in "$gen" "$@"; do
  repo="$(cd "$repo" && pwd)"
  name="$(basename "$repo")"
  scan="$root/target/release/examples/secret_scan"
  summary="$("$scan" "$repo" | head -1)"
  echo "== $name: secrets in the history ($summary)"
  hyperfine -N --warmup 1 --runs "$runs" --export-json "$work/$name-secrets.json" \
    -n fcto-secrets "$scan $repo" \
    -n git-cat-all "git -C $repo cat-file --batch-all-objects --batch" \
    >/dev/null
  python3 - "$work/$name-secrets.json" "$summary" <<'PY'
import json, re, sys
r = {x["command"]: x["median"] for x in json.load(open(sys.argv[1]))["results"]}
commits = int(re.match(r"(\d+) commits", sys.argv[2]).group(1))
mb = float(re.search(r"\(([0-9.]+) MB", sys.argv[2]).group(1))
print(f"  fcto-secrets    median {r['fcto-secrets']:7.3f} s  ({commits} commits; target < 30 s for 20,000)")
print(f"  git-cat-all     median {r['git-cat-all']:7.3f} s")
print(f"  ratio secrets / git cat-file --batch-all-objects: {r['fcto-secrets'] / r['git-cat-all']:.2f}")
print(f"  blob text scanned: {mb / r['fcto-secrets']:.0f} MB/s on this machine's cores (target >= 100 on two)")
PY
done

# Vulnerable dependencies: this repository's Cargo.lock matched against a synthetic OSV export of
# npm's size (200,000 records, 300 MB of JSON in a 120 MB zip; bench/gen_osv.py), against
# decompressing the same zip with `unzip -p`, which is the floor for reading it.
osv="$work/osv-200k.zip"
[ -f "$osv" ] || python3 "$root/bench/gen_osv.py" "$osv" --records 200000 --names-from "$root/Cargo.lock"
need unzip || { apt-get update -qq && apt-get install -y -qq unzip >/dev/null; }
echo "== fcto: SEC005 on its own Cargo.lock against 200,000 OSV records"
hyperfine -N --warmup 1 --runs "$runs" --export-json "$work/osv.json" \
  -n fcto-sec005 "$root/target/release/fcto assess $root --no-history --select SEC005 --osv-db $osv --format json" \
  -n unzip-all "unzip -p $osv" \
  >/dev/null
python3 - "$work/osv.json" <<'PY'
import json, sys
r = {x["command"]: x["median"] for x in json.load(open(sys.argv[1]))["results"]}
print(f"  fcto-sec005     median {r['fcto-sec005']:7.3f} s  (whole assess: inventory, lockfiles, matching)")
print(f"  unzip-all       median {r['unzip-all']:7.3f} s")
print(f"  ratio fcto / unzip -p: {r['fcto-sec005'] / r['unzip-all']:.2f}")
PY
/usr/bin/time -v "$root/target/release/fcto" assess "$root" --no-history --select SEC005 --osv-db "$osv" --format json 2>&1 >/dev/null \
  | awk '/Maximum resident/ {printf "  peak memory: %.0f MB\n", $6 / 1024}'
