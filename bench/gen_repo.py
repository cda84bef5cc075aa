"""Writes a deterministic git repository with many commits, for the benchmark.

Usage: python3 bench/gen_repo.py DIR [COMMITS]

The history has 12 authors, 400 source files in 8 components (Python, TypeScript, Go, Rust),
files that grow and shrink, renames, and a merge every 50 commits, fed to `git fast-import`.
"""
import os
import random
import subprocess
import sys

target = sys.argv[1]
commits = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
rng = random.Random(20261122)
os.makedirs(target, exist_ok=True)
subprocess.run(["git", "init", "-q", "-b", "main", target], check=True)

authors = [(f"Dev {i}", f"dev{i}@{'acme.io' if i < 8 else 'agency.dev'}") for i in range(12)]
exts = {"api": "py", "web": "ts", "worker": "go", "core": "rs", "admin": "ts", "billing": "py", "auth": "go", "cli": "rs"}
comment = {"py": "#", "ts": "//", "go": "//", "rs": "//"}
files = {}
for comp, ext in exts.items():
    for i in range(50):
        files[f"{comp}/module_{i}.{ext}"] = [f"{comment[ext]} {comp} module {i}"]


def line(ext, n):
    if ext == "py":
        return f"def f_{n}(x):\n    return x + {n}"
    if ext == "rs":
        return f"fn f_{n}(x: i64) -> i64 {{ x + {n} }}"
    if ext == "go":
        return f"func F{n}(x int) int {{ return x + {n} }}"
    return f"export function f{n}(x: number): number {{ return x + {n}; }}"


def blob(data):
    b = data.encode()
    return f"data {len(b)}\n".encode() + b + b"\n"


out = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=target, stdin=subprocess.PIPE)
w = out.stdin
t = 1_600_000_000
mark = 0
hot = [p for p in files if p.endswith("_1.py") or p.endswith("_2.ts") or p.endswith("_3.go")]
for c in range(commits):
    t += rng.randint(600, 9000)
    name, email = authors[rng.randrange(len(authors))]
    mark += 1
    touched = rng.sample(hot, 1) if rng.random() < 0.4 else []
    touched += rng.sample(list(files), rng.randint(1, 3))
    parts = []
    for p in sorted(set(touched)):  # sorted: set order varies between runs
        ext = p.rsplit(".", 1)[1]
        body = files[p]
        if rng.random() < 0.7 or len(body) < 5:
            for _ in range(rng.randint(1, 12)):
                body.append(line(ext, rng.randint(0, 10**6)))
        else:
            for _ in range(rng.randint(1, min(6, len(body) - 1))):
                body.pop(rng.randint(1, len(body) - 1))
        parts.append(f"M 100644 inline {p}\n".encode() + blob("\n".join(body) + "\n"))
    if c % 997 == 500:
        old = rng.choice(list(files))
        new = old.replace("module_", "renamed_module_")
        if new not in files:
            files[new] = files.pop(old)
            hot = [new if h == old else h for h in hot]
            parts.append(f"R {old} {new}\n".encode())
    msg = f"change {c}"
    header = (f"commit refs/heads/main\nmark :{mark}\n"
              f"author {name} <{email}> {t} +0000\ncommitter {name} <{email}> {t} +0000\n").encode()
    w.write(header + blob(msg) + (f"from :{mark - 1}\n".encode() if mark > 1 else b"") + b"".join(parts) + b"\n")
    if c > 0 and c % 2000 == 0:
        w.write(f"tag v{c // 2000}.0.0\nfrom :{mark}\ntagger {name} <{email}> {t} +0000\n".encode() + blob("release"))
w.close()
if out.wait() != 0:
    sys.exit("git fast-import failed")
subprocess.run(["git", "checkout", "-q", "main"], cwd=target, check=True)
print(f"{target}: {commits} commits")
