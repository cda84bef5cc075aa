//! Known-vulnerable dependencies end to end: `fcto db update` from a local mirror (a test HTTP
//! server, never the network), `fcto assess` with the downloaded data, with `--osv-db`, and
//! without any data.

use assert_cmd::Command;
use fcto_testkit::{ALICE, Fixture};
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::{Arc, Mutex};

fn fcto(db_dir: &Path) -> Command {
    let mut c = Command::cargo_bin("fcto").expect("binary");
    c.env("FCTO_NOW", "2024-06-01")
        .env("NO_COLOR", "1")
        .env("FCTO_DB_DIR", db_dir)
        .env_remove("XDG_CACHE_HOME");
    c
}

const PACKAGE_LOCK: &str = r#"{
  "name": "shop",
  "version": "1.0.0",
  "lockfileVersion": 3,
  "requires": true,
  "packages": {
    "": {
      "name": "shop",
      "version": "1.0.0",
      "dependencies": {
        "lodash": "^4.17.20"
      },
      "devDependencies": {
        "minimist": "1.2.0"
      }
    },
    "node_modules/lodash": {
      "version": "4.17.20",
      "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.20.tgz",
      "integrity": "sha512-PlhdFcillOINfeV7Ni6oF1TAEayyZBoZ8bcshTHqOYJYlrqzRK5hagpagky5o4HfCzzd1TRkXPMFq6cKk9rGmA=="
    },
    "node_modules/minimist": {
      "version": "1.2.0",
      "resolved": "https://registry.npmjs.org/minimist/-/minimist-1.2.0.tgz",
      "integrity": "sha512-7Wl+Jz+IGWuSdgsQEJ4JunV0si/iMhg42MnQQG6h1R6TNeVenp4U9x5CC5v/gYqz/fENLQITAWXidNtVL0NNbw==",
      "dev": true
    }
  }
}
"#;

fn record(id: &str, ecosystem: &str, name: &str, events: &str, severity: &str) -> String {
    format!(
        r#"{{"schema_version":"1.6.0","id":"{id}","modified":"2024-03-01T10:00:00Z","published":"2021-02-15T00:00:00Z",
        "aliases":["CVE-2021-0001"],"summary":"{name} is vulnerable","details":"details",
        "affected":[{{"package":{{"ecosystem":"{ecosystem}","name":"{name}"}},"ranges":[{{"type":"ECOSYSTEM","events":[{events}]}}]}}],
        "references":[{{"type":"ADVISORY","url":"https://github.com/advisories/{id}"}}],
        "database_specific":{{"severity":"{severity}"}}}}"#
    )
}

fn zip_of(records: &[String]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        for (i, r) in records.iter().enumerate() {
            zip.start_file(
                format!("R-{i}.json"),
                zip::write::SimpleFileOptions::default(),
            )
            .unwrap();
            zip.write_all(r.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
    }
    out.into_inner()
}

/// A mirror of OSV's bucket on a local port: serves `/<ecosystem>/all.zip` for the zips given
/// and 404 for anything else; records every path asked for.
fn mirror(files: Vec<(&'static str, Vec<u8>)>) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let asked = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&asked);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            // Skip the headers.
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
            }
            let path = request.split_whitespace().nth(1).unwrap_or("").to_string();
            log.lock().unwrap().push(path.clone());
            let body = files
                .iter()
                .find(|(p, _)| *p == path)
                .map(|(_, b)| b.clone());
            let head = match &body {
                Some(b) => format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/zip\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    b.len()
                ),
                None => "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .to_string(),
            };
            let _ = stream.write_all(head.as_bytes());
            if let Some(b) = body {
                let _ = stream.write_all(&b);
            }
            let _ = stream.flush();
            let mut rest = Vec::new();
            let _ = reader.read_to_end(&mut rest);
        }
    });
    (url, asked)
}

fn project() -> Fixture {
    let mut f = Fixture::new();
    f.write("package-lock.json", PACKAGE_LOCK)
        .write("package.json", r#"{"name":"shop","dependencies":{"lodash":"^4.17.20"},"devDependencies":{"minimist":"1.2.0"}}"#)
        .write("api/requirements.txt", "flask==0.12.2\nrequests==2.31.0\n");
    f.commit(ALICE, "shop");
    f
}

fn findings(report: &Value, rule: &str) -> Vec<Value> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .cloned()
        .collect()
}

#[test]
fn db_update_downloads_the_lockfiles_ecosystems_and_assess_uses_them() {
    let repo = project();
    let npm = zip_of(&[
        record(
            "GHSA-35jh-r3h4-6jhm",
            "npm",
            "lodash",
            r#"{"introduced":"0"},{"fixed":"4.17.21"}"#,
            "HIGH",
        ),
        record(
            "GHSA-vh95-rmgr-6w4m",
            "npm",
            "minimist",
            r#"{"introduced":"0"},{"fixed":"0.2.1"},{"introduced":"1.0.0"},{"fixed":"1.2.3"}"#,
            "MODERATE",
        ),
        record(
            "GHSA-0000-0000-0001",
            "npm",
            "express",
            r#"{"introduced":"0"},{"fixed":"4.19.2"}"#,
            "LOW",
        ),
    ]);
    let pypi = zip_of(&[record(
        "PYSEC-2018-66",
        "PyPI",
        "Flask",
        r#"{"introduced":"0"},{"fixed":"0.12.3"}"#,
        "HIGH",
    )]);
    let (url, asked) = mirror(vec![("/npm/all.zip", npm), ("/PyPI/all.zip", pypi)]);
    let db = tempfile::tempdir().unwrap();

    let out = fcto(db.path())
        .args(["db", "update"])
        .arg(repo.path())
        .args(["--source", &url])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("npm advisories: 3 records"), "{stderr}");
    assert!(stderr.contains("PyPI advisories: 1 records"), "{stderr}");
    let mut paths = asked.lock().unwrap().clone();
    paths.sort();
    assert_eq!(
        paths,
        vec!["/PyPI/all.zip", "/npm/all.zip"],
        "only the ecosystems found"
    );
    assert!(db.path().join("npm.zip").is_file());
    assert!(!db.path().join("npm.zip.part").exists());

    let out = fcto(db.path())
        .arg("assess")
        .arg(repo.path())
        .args(["--select", "SEC005", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let found = findings(&report, "SEC005");
    let messages: Vec<&str> = found
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(found.len(), 3, "{messages:#?}");
    let lodash = found
        .iter()
        .find(|f| f["message"].as_str().unwrap().contains("`lodash` 4.17.20"))
        .unwrap();
    assert_eq!(lodash["severity"], "high");
    assert!(
        lodash["message"]
            .as_str()
            .unwrap()
            .contains("GHSA-35jh-r3h4-6jhm")
    );
    assert!(
        lodash["message"]
            .as_str()
            .unwrap()
            .ends_with("fixed in 4.17.21")
    );
    assert_eq!(lodash["evidence"][0]["path"], "package-lock.json");
    // A moderate advisory in a development-only package ranks low.
    let minimist = found
        .iter()
        .find(|f| f["message"].as_str().unwrap().contains("`minimist` 1.2.0"))
        .unwrap();
    assert_eq!(minimist["severity"], "low");
    let flask = found
        .iter()
        .find(|f| f["message"].as_str().unwrap().contains("`flask` 0.12.2"))
        .unwrap();
    assert!(flask["message"].as_str().unwrap().contains("PYSEC-2018-66"));
    assert_eq!(flask["evidence"][0]["path"], "api/requirements.txt");
    let notes = report["notes"].to_string();
    assert!(
        notes.contains("Vulnerability data: 4 OSV records"),
        "{notes}"
    );

    // The project accepts the lodash advisory in its osv-scanner.toml: counted apart, with
    // the reason.
    let mut accepted_repo = project();
    accepted_repo.write(
        "osv-scanner.toml",
        "[[IgnoredVulns]]\nid = \"CVE-2021-0001\"\nreason = \"lodash is only used by the build\"\n",
    );
    accepted_repo.commit(ALICE, "accept");
    let out = fcto(db.path())
        .arg("assess")
        .arg(accepted_repo.path())
        .args(["--select", "SEC005", "--format", "json"])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        findings(&report, "SEC005").len(),
        0,
        "every record shares the alias CVE-2021-0001"
    );
    let accepted = report["accepted"].as_array().unwrap();
    assert_eq!(accepted.len(), 3, "{accepted:#?}");
    assert_eq!(accepted[0]["how"], "osv-scanner.toml");
    assert_eq!(accepted[0]["reason"], "lodash is only used by the build");

    // The same data given as a file: a zip for one ecosystem, the others reported missing.
    let out = fcto(Path::new("/nonexistent"))
        .arg("assess")
        .arg(repo.path())
        .args(["--select", "SEC005", "--format", "json", "--osv-db"])
        .arg(db.path().join("npm.zip"))
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(findings(&report, "SEC005").len(), 2);
    assert!(
        report["notes"]
            .to_string()
            .contains("has no records for PyPI")
    );
}

#[test]
fn without_advisory_data_the_report_says_so() {
    let repo = project();
    let empty = tempfile::tempdir().unwrap();
    let out = fcto(empty.path())
        .arg("assess")
        .arg(repo.path())
        .args(["--select", "SEC005", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(findings(&report, "SEC005").is_empty());
    let notes = report["notes"].to_string();
    assert!(
        notes.contains(
            "The 4 locked packages were not checked for known vulnerabilities: no vulnerability \
             data was available, because none has been downloaded"
        ),
        "{notes}"
    );
    assert!(notes.contains("Run `fcto db update PATH` once"), "{notes}");
}

#[test]
fn db_update_and_osv_db_errors_are_clear() {
    let db = tempfile::tempdir().unwrap();
    let empty = Fixture::new();
    let fails = |args: &[&str], needle: &str| {
        let out = fcto(db.path()).args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
    };
    let path = empty.path().to_str().unwrap();
    fails(
        &["db", "update", path],
        "no lockfile with packages was found",
    );
    fails(
        &["db", "update", "--ecosystem", "cobol"],
        "`cobol` is not an ecosystem fcto reads",
    );
    fails(
        &["assess", path, "--osv-db", "/no/such/osv"],
        "does not exist",
    );

    // A failed download keeps the data already there.
    let (url, _) = mirror(vec![]);
    std::fs::write(
        db.path().join("npm.zip"),
        zip_of(&[record("GHSA-1", "npm", "x", r#"{"introduced":"0"}"#, "LOW")]),
    )
    .unwrap();
    let before = std::fs::read(db.path().join("npm.zip")).unwrap();
    fails(
        &["db", "update", "--ecosystem", "npm", "--source", &url],
        "downloading the npm advisories",
    );
    assert_eq!(std::fs::read(db.path().join("npm.zip")).unwrap(), before);
}
