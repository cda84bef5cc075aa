//! The built binary on fixture repositories: output, exit codes, and every awkward input.

use assert_cmd::Command;
use fcto_testkit::{ALICE, BOB, CAROL, DAY, DEPENDABOT, Fixture, START};
use serde_json::Value;
use std::path::Path;

fn fcto() -> Command {
    let mut c = Command::cargo_bin("fcto").expect("binary");
    c.env("FCTO_NOW", "2024-06-01")
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS");
    c
}

fn assess_json(path: &Path, extra: &[&str]) -> Value {
    let out = fcto()
        .arg("assess")
        .arg(path)
        .args(["--format", "json"])
        .args(extra)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

fn fails_with(args: &[&str], needle: &str) {
    let out = fcto().args(args).output().expect("run");
    assert_eq!(
        out.status.code(),
        Some(2),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(needle), "{args:?}: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one-line error: {err}");
}

/// A small product: a TypeScript web app by Alice and Bob, a Python API mostly by Carol who
/// stopped in January, a dependabot bump.
fn product() -> Fixture {
    let mut f = Fixture::new();
    f.write("README.md", "# Shop\n\nA shop.\n");
    f.write("web/package.json", r#"{"name":"web","private":true,"scripts":{"dev":"next dev"},"dependencies":{"next":"14.1.0","react":"18.2.0"}}"#);
    f.write("web/src/app.ts", "export const x = 1;\n".repeat(40));
    f.write("api/requirements.txt", "django>=4.2\n");
    f.write("api/app.py", "x = 1\n".repeat(30));
    f.commit(ALICE, "initial");
    for i in 0..6 {
        f.write("api/app.py", format!("{}y = {i}\n", "x = 1\n".repeat(30)));
        f.commit(CAROL, &format!("api change {i}"));
    }
    f.set_clock(START + 120 * DAY);
    for i in 0..8 {
        let who = if i % 3 == 0 { BOB } else { ALICE };
        f.write(
            "web/src/app.ts",
            format!(
                "{}export const y{i} = {i};\n",
                "export const x = 1;\n".repeat(40)
            ),
        );
        f.commit(who, &format!("web change {i}"));
    }
    f.write("web/package-lock.json", "{}\n");
    f.commit(DEPENDABOT, "Bump next from 14.1.0 to 14.1.1");
    f.git(&["tag", "v1.0.0"]);
    f
}

#[test]
fn assess_json_has_the_documented_fields_and_true_numbers() {
    let f = product();
    let r = assess_json(f.path(), &[]);
    assert_eq!(r["schema_version"], 1);
    assert_eq!(r["tool"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(r["repository"]["head"], f.head());
    assert!(r["repository"]["rev"].is_null());
    assert_eq!(r["history"]["commits"], 16);
    assert_eq!(r["history"]["authors"], 3, "dependabot is not a person");
    assert_eq!(r["history"]["shallow"], false);
    let langs = r["inventory"]["languages"].as_array().unwrap();
    let ts = langs
        .iter()
        .find(|l| l["name"] == "TypeScript")
        .expect("TypeScript");
    assert_eq!(ts["code"], 41);
    assert_eq!(ts["files"], 1);
    let py = langs
        .iter()
        .find(|l| l["name"] == "Python")
        .expect("Python");
    assert_eq!(py["code"], 31);
    assert!(r["team"]["truck_factor"].as_u64().unwrap() >= 1);
    assert!(r["hotspots"][0]["path"].is_string());
    let rules: Vec<&str> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(
        rules.contains(&"DEL013"),
        "the requirements file is unpinned: {rules:?}"
    );
    assert!(rules.contains(&"DOC001"), "the README is thin: {rules:?}");
    assert!(r["scores"]["team"].is_number());
    assert!(r["actions"].as_array().unwrap().len() <= 5);
    assert!(
        r["summary"].as_str().unwrap().contains("MVP"),
        "{}",
        r["summary"]
    );
}

#[test]
fn output_file_format_follows_the_extension() {
    let f = product();
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("report.md");
    fcto()
        .arg("assess")
        .arg(f.path())
        .arg("-o")
        .arg(&md)
        .assert()
        .success();
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(text.starts_with('#'), "{text}");
    let json = dir.path().join("report.json");
    fcto()
        .arg("assess")
        .arg(f.path())
        .arg("-o")
        .arg(&json)
        .assert()
        .success();
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(v["schema_version"], 1);
    fails_with(
        &[
            "assess",
            f.path().to_str().unwrap(),
            "-o",
            dir.path().join("r.txt").to_str().unwrap(),
        ],
        "cannot tell the format",
    );
    // fcto never writes into the repository it reads.
    let status = f.git(&["status", "--porcelain", "--ignored"]);
    assert_eq!(status, "", "the repository was modified");
}

#[test]
fn terminal_output_has_no_colour_when_piped() {
    let f = product();
    let out = fcto()
        .arg("assess")
        .arg(f.path())
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('\u{1b}'), "colour codes in piped output");
    assert!(text.contains("TypeScript"), "{text}");
}

#[test]
fn select_and_ignore() {
    let f = product();
    let r = assess_json(f.path(), &["--select", "team"]);
    assert!(
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["area"] == "team")
    );
    assert!(
        r["scores"].get("delivery").is_none(),
        "delivery was not assessed"
    );
    let r = assess_json(f.path(), &["--ignore", "DEL013,thin-readme"]);
    assert!(
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["rule"] != "DEL013" && x["rule"] != "DOC001")
    );
    fails_with(
        &["assess", f.path().to_str().unwrap(), "--select", "NOPE42"],
        "matches no rule",
    );
}

#[test]
fn rev_assesses_the_past() {
    let f = product();
    let first = f
        .git(&["rev-list", "--max-parents=0", "HEAD"])
        .trim()
        .to_string();
    let r = assess_json(f.path(), &["--rev", &first]);
    assert_eq!(r["repository"]["head"], first);
    assert_eq!(r["history"]["commits"], 1);
    let r = assess_json(f.path(), &["--rev", "v1.0.0"]);
    assert_eq!(r["repository"]["head"], f.head());
    // A date: the last commit before 2024-01-04 is the third (one a day from 2024-01-01).
    let r = assess_json(f.path(), &["--rev", "2024-01-04"]);
    assert_eq!(r["history"]["commits"], 3);
    fails_with(
        &["assess", f.path().to_str().unwrap(), "--rev", "no-such-tag"],
        "is not a commit, tag, branch or date",
    );
    fails_with(
        &["assess", f.path().to_str().unwrap(), "--rev", "2001-01-01"],
        "before the first commit",
    );
}

#[test]
fn bad_input_is_a_one_line_error_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope");
    fails_with(&["assess", missing.to_str().unwrap()], "does not exist");
    let file = dir.path().join("file.txt");
    std::fs::write(&file, "x").unwrap();
    fails_with(
        &["assess", file.to_str().unwrap()],
        "is a file, not a directory",
    );

    let repo = product();
    std::fs::write(
        repo.path().join("fcto.toml"),
        "[company]\nstage = \"seed\"\nbudget = 3\n",
    )
    .unwrap();
    fails_with(&["assess", repo.path().to_str().unwrap()], "fcto.toml:2");
    fails_with(&["explain", "XYZ123"], "no rule is called");
}

#[test]
fn unreadable_directory_is_a_clear_error() {
    // Root reads a mode-000 directory, so as root use a directory the kernel refuses to list.
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    let target = {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
        if std::fs::read_dir(&locked).is_err() {
            locked.clone()
        } else if std::fs::read_dir("/proc/1/map_files").is_err()
            && Path::new("/proc/1/map_files").is_dir()
        {
            Path::new("/proc/1/map_files").to_path_buf()
        } else {
            // No unreadable directory can be made here (root, no /proc restriction).
            return;
        }
    };
    fails_with(&["assess", target.to_str().unwrap()], "cannot read");
}

#[test]
fn a_plain_directory_gets_an_inventory_only_assessment() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.py"), "print('hi')\n").unwrap();
    let r = assess_json(dir.path(), &[]);
    assert_eq!(r["repository"]["kind"], "directory");
    assert_eq!(r["history"]["available"], false);
    assert!(r["team"]["truck_factor"].is_null());
    assert_eq!(r["inventory"]["languages"][0]["name"], "Python");
    let notes = r["notes"].to_string();
    assert!(notes.contains("not a git repository"), "{notes}");
}

#[test]
fn awkward_repositories_are_assessed_without_a_panic() {
    // No commits at all.
    let empty = Fixture::new();
    let r = assess_json(empty.path(), &[]);
    assert_eq!(r["history"]["available"], false);
    assert!(r["notes"].to_string().contains("no commits"));

    // Commits but an empty tree.
    let mut hollow = Fixture::new();
    hollow.commit(ALICE, "nothing yet");
    let r = assess_json(hollow.path(), &[]);
    assert_eq!(r["history"]["commits"], 1);
    assert_eq!(r["inventory"]["files"], 0);

    let f = product();
    // Bare: the files come from the commit's tree.
    let (_b, bare) = f.bare_clone();
    let r = assess_json(&bare, &[]);
    assert_eq!(r["repository"]["kind"], "bare");
    assert_eq!(r["history"]["commits"], 16);
    let ts = r["inventory"]["languages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["name"] == "TypeScript")
        .cloned()
        .unwrap();
    assert_eq!(ts["code"], 41);

    // Shallow clone: said in the report.
    let (_s, shallow) = f.shallow_clone(3);
    let r = assess_json(&shallow, &[]);
    assert_eq!(r["history"]["shallow"], true);
    assert_eq!(r["history"]["commits"], 3);
    assert!(r["notes"].to_string().contains("shallow clone"));

    // Detached HEAD.
    let mut d = product();
    let first = d
        .git(&["rev-list", "--max-parents=0", "HEAD"])
        .trim()
        .to_string();
    d.git(&["checkout", "-q", "--detach", &first]);
    let r = assess_json(d.path(), &[]);
    assert_eq!(r["repository"]["head"], first);
    assert!(r["repository"]["branch"].is_null());
    d.git(&["checkout", "-q", "main"]);
    let _ = &mut d;
}

#[test]
fn submodules_symlink_loops_and_invalid_utf8() {
    use std::os::unix::ffi::OsStrExt;
    let mut f = Fixture::new();
    f.write("src/main.rs", "fn main() {}\n");
    f.write("bad.rs", b"fn x() {}\n// \xff\xfe not utf-8\n".as_slice());
    std::fs::write(
        f.path().join(std::ffi::OsStr::from_bytes(b"caf\xe9.py")),
        "x = 1\n",
    )
    .unwrap();
    std::os::unix::fs::symlink("loop_b", f.path().join("loop_a")).unwrap();
    std::os::unix::fs::symlink("loop_a", f.path().join("loop_b")).unwrap();
    std::os::unix::fs::symlink(".", f.path().join("self")).unwrap();
    f.commit(ALICE, "files");
    let head = f.head();
    f.git(&[
        "update-index",
        "--add",
        "--cacheinfo",
        &format!("160000,{head},vendor/lib"),
    ]);
    f.write(
        ".gitmodules",
        "[submodule \"vendor/lib\"]\n\tpath = vendor/lib\n\turl = https://example.com/lib.git\n",
    );
    f.git(&["add", ".gitmodules"]);
    f.git_as(
        ALICE,
        START + 10 * DAY,
        &["commit", "-q", "-m", "submodule"],
    );
    let r = assess_json(f.path(), &[]);
    assert_eq!(r["history"]["commits"], 2);
    assert!(
        r["notes"].to_string().contains("submodule"),
        "{}",
        r["notes"]
    );
    let langs = r["inventory"]["languages"].to_string();
    assert!(
        langs.contains("Rust") && langs.contains("Python"),
        "{langs}"
    );
}

#[test]
fn a_200_mb_file_is_counted_not_parsed() {
    let mut f = Fixture::new();
    f.write("src/a.py", "x = 1\n");
    f.commit(ALICE, "code");
    let big = std::fs::File::create(f.path().join("dump.sql")).unwrap();
    big.set_len(200 * 1024 * 1024).unwrap();
    drop(big);
    let r = assess_json(f.path(), &["--no-history"]);
    let excluded = r["inventory"]["excluded"].as_array().unwrap();
    let dump = excluded
        .iter()
        .find(|x| x["path"] == "dump.sql")
        .expect("listed");
    assert_eq!(dump["reason"], "large", "{dump}");
}

#[test]
fn rules_and_explain() {
    let out = fcto().arg("rules").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("TEAM001") && text.contains("low-truck-factor"),
        "{text}"
    );
    let out = fcto().args(["rules", "--format", "json"]).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v.as_array().unwrap().len() >= 14);
    let out = fcto().args(["explain", "TEAM-01"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for section in ["What it checks", "Why it matters", "How to fix", "Options"] {
        assert!(text.contains(section), "{text}");
    }
}

#[test]
fn init_writes_a_context_that_assess_reads() {
    let f = product();
    let path = f.path().join("fcto.toml");
    fcto()
        .args([
            "init",
            "--yes",
            "--stage",
            "growth",
            "--markets",
            "EU,US",
            "--engineers",
            "4",
            "--agency",
            "true",
            "-o",
        ])
        .arg(&path)
        .assert()
        .success();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("stage = \"growth\""), "{text}");
    let r = assess_json(f.path(), &[]);
    assert_eq!(r["context"]["stage"], "growth");
    assert_eq!(r["context"]["engineers"], 4);
    // It does not overwrite without --force.
    fcto()
        .args(["init", "--yes", "-o"])
        .arg(&path)
        .assert()
        .code(2);
    // Answers on stdin when asked.
    let other = f.path().join("asked.toml");
    fcto()
        .args(["init", "-o"])
        .arg(&other)
        .write_stdin("scale\nEU\n3\nno\n")
        .assert()
        .success();
    let asked = std::fs::read_to_string(&other).unwrap();
    assert!(
        asked.contains("stage = \"scale\"")
            && asked.contains("engineers = 3")
            && asked.contains("uses-agency = false"),
        "{asked}"
    );
}

/// A repository with two code files whose functions' numbers are known.
fn functions_fixture() -> Fixture {
    let mut f = Fixture::new();
    f.write(
        "src/pay.py",
        "class Checkout:\n\
         \x20   def total(self, items, vip):\n\
         \x20       t = 0\n\
         \x20       for i in items:\n\
         \x20           if i.price > 10 and vip:\n\
         \x20               t += i.price\n\
         \x20       return t\n\
         \n\
         def helper(x):\n\
         \x20   return x\n",
    );
    f.write(
        "web/app.ts",
        "export function render(a: number, b?: string): string {\n  return a > 1 ? 'x' : 'y';\n}\n",
    );
    f.write(
        "node_modules/lib/index.js",
        "function vendored() { if (a) {} }\n",
    );
    f.commit(ALICE, "code");
    f
}

#[test]
fn functions_lists_every_function_with_its_numbers() {
    let f = functions_fixture();
    let out = fcto()
        .arg("functions")
        .arg(f.path())
        .args(["--format", "json"])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let rows = rows.as_array().expect("an array");
    let names: Vec<&str> = rows.iter().map(|r| r["name"].as_str().unwrap()).collect();
    // Sorted by path and line; vendored code is not listed.
    assert_eq!(names, vec!["Checkout.total", "helper", "render"]);
    let total = &rows[0];
    assert_eq!(total["path"], "src/pay.py");
    assert_eq!(total["start_line"], 2);
    assert_eq!(total["end_line"], 7);
    assert_eq!(total["code_lines"], 6);
    assert_eq!(total["parameters"], 3);
    // for, if, and: 1 + 3; cognitive: for 1, if 2 (nested), and 1.
    assert_eq!(total["cyclomatic"], 4);
    assert_eq!(total["cognitive"], 4);
    assert_eq!(total["nesting"], 2);
    let render = &rows[2];
    assert_eq!(render["path"], "web/app.ts");
    // The optional parameter's `?` is not a decision; the ternary's is.
    assert_eq!(render["cyclomatic"], 2);
    assert_eq!(render["parameters"], 2);
}

#[test]
fn functions_sort_filter_scope_and_csv() {
    let f = functions_fixture();
    let out = fcto()
        .arg("functions")
        .arg(f.path().join("src"))
        .args([
            "--format",
            "csv",
            "--sort",
            "cyclomatic",
            "--min-cyclomatic",
            "2",
        ])
        .output()
        .expect("run");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "path,language,name,start_line,end_line,code_lines,parameters,cyclomatic,cognitive,nesting"
    );
    // Only the folder asked for, paths still relative to the repository root.
    assert_eq!(
        lines[1..],
        ["src/pay.py,Python,Checkout.total,2,7,6,3,4,4,2"]
    );
    let out = fcto()
        .arg("functions")
        .arg(f.path())
        .args(["--sort", "name", "--limit", "1"])
        .output()
        .expect("run");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Checkout.total"), "{text}");
    assert!(text.contains("1 function(s)"), "{text}");
    fails_with(&["functions", "/no/such/place"], "cannot be read");
    // An unknown sort key is clap's usage error, with the possible values.
    let out = fcto()
        .args(["functions", f.path().to_str().unwrap(), "--sort", "colour"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("possible values: path, name"));
}

#[test]
fn a_selected_rule_gets_the_history_it_uses_unless_turned_off() {
    let mut f = Fixture::new();
    f.write(
        "tests/test_cart.py",
        "import pytest\n\n\n@pytest.mark.skip(reason=\"broken\")\ndef test_add():\n    assert True\n",
    );
    f.commit_at(ALICE, "skip a test", START + 10 * DAY);
    f.write(
        "tests/test_cart.py",
        "import pytest\n\n\n@pytest.mark.skip(reason=\"broken\")\ndef test_add():\n    assert True\n\n\ndef test_remove():\n    assert True\n",
    );
    f.commit_at(BOB, "another test", START + 100 * DAY);
    let message = |extra: &[&str]| {
        let mut args = vec!["--select", "QUA013"];
        args.extend_from_slice(extra);
        let r = assess_json(f.path(), &args);
        r["findings"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    // QUA013 only uses the history: selected alone, it is still read (142 days before
    // FCTO_NOW); with --no-history the rule runs without the date.
    assert_eq!(
        message(&[]),
        "1 disabled test (skip 1); the oldest has been skipped for 4 months"
    );
    assert_eq!(message(&["--no-history"]), "1 disabled test (skip 1)");
}

#[test]
fn sarif_carries_rules_help_locations_and_stable_fingerprints_and_never_a_secret() {
    // made-up tokens with a valid GitHub checksum
    let kept = "ghs_JXVuLkSIc47WQAmL9xVQ2zg4mZaouq416qWT"; // gitleaks:allow
    let removed = "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"; // gitleaks:allow
    let mut f = Fixture::new();
    f.write("app.py", "print('hi')\n");
    f.write("config.py", format!("TOKEN = '{removed}'\n"));
    f.commit(ALICE, "start");
    f.write("config.py", "TOKEN = os.environ['TOKEN']\n");
    f.write("deploy/ci.env", format!("INSTALL_TOKEN={kept}\n"));
    f.commit(BOB, "ci");
    let sarif = |dir: &Path| {
        let out = fcto()
            .arg("assess")
            .arg(dir)
            .args(["--select", "SEC001,SEC002,SEC003", "--format", "sarif"])
            .output()
            .expect("run");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("UTF-8")
    };
    let text = sarif(f.path());
    assert!(
        !text.contains(kept) && !text.contains(removed),
        "a secret in the SARIF"
    );
    let log: Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "fcto");
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["SEC001", "SEC002", "SEC003"]);
    let help = run["tool"]["driver"]["rules"][0]["help"]["text"]
        .as_str()
        .unwrap();
    assert!(help.contains("How to fix:"), "{help}");
    let results = run["results"].as_array().unwrap();
    // the token in ci.env (SEC001), the one gone from config.py (SEC002), ci.env itself (SEC003)
    assert_eq!(results.len(), 3, "{results:?}");
    let code = results.iter().find(|r| r["ruleId"] == "SEC001").unwrap();
    assert_eq!(code["level"], "error");
    assert_eq!(code["ruleIndex"], 0);
    let location = &code["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "deploy/ci.env");
    assert_eq!(location["region"]["startLine"], 1);
    let history = results.iter().find(|r| r["ruleId"] == "SEC002").unwrap();
    assert_eq!(
        history["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "config.py"
    );
    // the same problems keep their fingerprints after unrelated commits
    let fingerprints = |log: &Value| -> Vec<String> {
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                r["partialFingerprints"]["fcto/v1"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    let before = fingerprints(&log);
    f.write("README.md", "# Readme\n");
    f.commit(CAROL, "docs");
    let after = fingerprints(&serde_json::from_str(&sarif(f.path())).unwrap());
    assert_eq!(before, after);

    // the history scan needs no other history fact, and --no-history turns it off
    let alone = assess_json(f.path(), &["--select", "SEC002"]);
    assert_eq!(alone["rules_run"], serde_json::json!(["SEC002"]));
    assert_eq!(alone["findings"].as_array().unwrap().len(), 1);
    let off = assess_json(f.path(), &["--select", "SEC002", "--no-history"]);
    assert_eq!(off["rules_run"], serde_json::json!([]));
    assert!(off["findings"].as_array().unwrap().is_empty());
}

#[test]
fn accepted_findings_leave_the_findings_and_are_counted_apart() {
    // made-up tokens with a valid GitHub checksum
    let inline = "ghs_JXVuLkSIc47WQAmL9xVQ2zg4mZaouq416qWT"; // gitleaks:allow
    let baselined = "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"; // gitleaks:allow
    let open = "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"; // gitleaks:allow
    let mut f = Fixture::new();
    f.write("ci.env", format!("A={inline}  # gitleaks:allow\n"));
    f.write("fixtures/recorded.yml", format!("token: {baselined}\n"));
    f.write("app/settings.py", format!("TOKEN = '{open}'\n"));
    f.commit(ALICE, "start");
    let first = assess_json(f.path(), &["--select", "SEC001"]);
    let findings = first["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 2, "{findings:?}");
    assert_eq!(first["accepted"].as_array().unwrap().len(), 1);
    assert_eq!(first["accepted"][0]["how"], "inline");
    assert_eq!(
        first["accepted"][0]["reason"],
        "accepted on its line (`gitleaks:allow`)"
    );
    let recorded = findings
        .iter()
        .find(|x| x["evidence"][0]["path"] == "fixtures/recorded.yml")
        .unwrap();
    let fingerprint = recorded["fingerprint"].as_str().unwrap();

    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("baseline.toml");
    std::fs::write(
        &baseline,
        format!(
            "[[accepted]]\nfingerprint = \"{fingerprint}\"\nrule = \"SEC001\"\nreason = \"sandbox token in a recorded test\"\n\n\
             [[accepted]]\nfingerprint = \"0000000000000000\"\nreason = \"fixed long ago\"\n"
        ),
    )
    .unwrap();
    let b = baseline.to_str().unwrap();
    let second = assess_json(f.path(), &["--select", "SEC001", "--baseline", b]);
    let findings = second["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["evidence"][0]["path"], "app/settings.py");
    let accepted = second["accepted"].as_array().unwrap();
    assert_eq!(accepted.len(), 2);
    let by_baseline = accepted.iter().find(|a| a["how"] == "baseline").unwrap();
    assert_eq!(by_baseline["reason"], "sandbox token in a recorded test");
    assert!(
        second["summary"]
            .as_str()
            .unwrap()
            .contains("2 findings the team accepted")
    );
    let notes = second["notes"].to_string();
    assert!(
        notes.contains("no longer match any finding (0000000000000000)"),
        "{notes}"
    );

    // SARIF keeps them, suppressed with the reason
    let out = fcto()
        .arg("assess")
        .arg(f.path())
        .args(["--select", "SEC001", "--baseline", b, "--format", "sarif"])
        .output()
        .unwrap();
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    assert_eq!(
        results
            .iter()
            .filter(|r| r.get("suppressions").is_some())
            .count(),
        2
    );

    // a baseline written from a run accepts everything that run found
    let written = dir.path().join("written.toml");
    let w = written.to_str().unwrap();
    assess_json(
        f.path(),
        &["--select", "SEC001", "--baseline", b, "--write-baseline", w],
    );
    let text = std::fs::read_to_string(&written).unwrap();
    // the reason given is kept; the finding that stood gets one to replace
    assert!(
        text.contains("reason = \"sandbox token in a recorded test\""),
        "{text}"
    );
    assert_eq!(text.matches("[[accepted]]").count(), 2, "{text}");
    assert!(text.contains("replace with the real reason"), "{text}");
    let third = assess_json(f.path(), &["--select", "SEC001", "--baseline", w]);
    assert!(
        third["findings"].as_array().unwrap().is_empty(),
        "{}",
        third["findings"]
    );

    // a broken baseline is a one-line error with exit 2
    std::fs::write(&baseline, "[[accepted]]\nfingerprint = \"x\"\n").unwrap();
    fails_with(
        &["assess", f.path().to_str().unwrap(), "--baseline", b],
        "is not valid",
    );
    fails_with(
        &[
            "assess",
            f.path().to_str().unwrap(),
            "--baseline",
            "/no/such/file",
        ],
        "does not exist",
    );
}

#[test]
fn a_gitleaks_config_adds_the_teams_own_secret_rules() {
    let mut f = Fixture::new();
    f.write("app.env", "ACME_TOKEN=acme_q8w7e6r5t4y3u2i1o0p9a8s7\n"); // gitleaks:allow
    f.commit(ALICE, "start");
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("gitleaks.toml");
    std::fs::write(
        &config,
        "[[rules]]\nid = \"acme-token\"\ndescription = \"ACME internal token\"\nregex = '''acme_[a-z0-9]{24}'''\nkeywords = [\"acme_\"]\n",
    )
    .unwrap();
    let c = config.to_str().unwrap();
    // without it, only the generic rule sees a possible secret
    let without = assess_json(f.path(), &["--select", "SEC001"]);
    assert_eq!(without["findings"][0]["severity"], "medium");
    assert!(
        without["findings"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("A possible secret")
    );
    let with = assess_json(f.path(), &["--select", "SEC001", "--gitleaks-config", c]);
    let findings = with["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert!(
        findings[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("ACME internal token `acme…a8s7"),
        "{}",
        findings[0]["message"]
    );
    std::fs::write(
        &config,
        "[[rules]]\nid = \"broken\"\nregex = '''(unclosed'''\n",
    )
    .unwrap();
    fails_with(
        &["assess", f.path().to_str().unwrap(), "--gitleaks-config", c],
        "gitleaks config is not valid",
    );
}
