//! `fcto db update`: downloads OSV's advisory exports for the ecosystems a repository uses, the
//! only network access fcto makes. `fcto assess` reads them from the same folder, or from
//! `--osv-db PATH` for air-gapped use.

use crate::args::DbUpdateArgs;
use crate::assess::UsageError;
use crate::output;
use anyhow::{Context, Result};
use fcto_facts::deps::Ecosystem;
use fcto_facts::{CollectOptions, collect};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Where OSV publishes one zip of all records per ecosystem.
pub const OSV_SOURCE: &str = "https://osv-vulnerabilities.storage.googleapis.com";

/// The folder of downloaded advisory data: `$FCTO_DB_DIR`, else `$XDG_CACHE_HOME/fcto/osv`,
/// else `~/.cache/fcto/osv`.
pub fn default_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("FCTO_DB_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(cache.join("fcto").join("osv"))
}

/// The advisory data `fcto assess` uses: `--osv-db` when given (it must exist), else the
/// downloaded folder when it holds data; `Err` with the reason for the report otherwise.
pub fn advisory_source(given: Option<&Path>) -> Result<Result<PathBuf, String>> {
    if let Some(path) = given {
        if !path.exists() {
            return Err(anyhow::Error::new(UsageError(format!(
                "the advisory data `{}` does not exist; give a folder or zip of OSV records, or \
                 run `fcto db update` and leave --osv-db out",
                path.display()
            ))));
        }
        return Ok(Ok(path.to_path_buf()));
    }
    let Some(dir) = default_dir() else {
        return Ok(Err(
            "no home folder to keep it in; give --osv-db PATH".to_string()
        ));
    };
    let has_data = std::fs::read_dir(&dir).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.path().extension().is_some_and(|x| x == "zip"))
    });
    Ok(if has_data {
        Ok(dir)
    } else {
        Err(format!(
            "none has been downloaded to {}. Run `fcto db update PATH` once to download the \
             advisories of the repository's ecosystems, or give --osv-db with a folder or zip of \
             OSV records",
            dir.display()
        ))
    })
}

pub fn update(args: &DbUpdateArgs) -> Result<()> {
    let usage = |m: String| anyhow::Error::new(UsageError(m));
    let ecosystems = if args.all {
        Ecosystem::ALL.to_vec()
    } else if !args.ecosystem.is_empty() {
        args.ecosystem
            .iter()
            .map(|name| {
                Ecosystem::ALL
                    .into_iter()
                    .find(|e| e.osv_name().eq_ignore_ascii_case(name))
                    .ok_or_else(|| {
                        usage(format!(
                            "`{name}` is not an ecosystem fcto reads; use one of {}",
                            Ecosystem::ALL.map(Ecosystem::osv_name).join(", ")
                        ))
                    })
            })
            .collect::<Result<Vec<_>>>()?
    } else {
        let facts = collect(
            &args.path,
            &CollectOptions {
                dependencies: true,
                ..CollectOptions::default()
            },
        )
        .map_err(|e| usage(e.to_string()))?;
        let found: Vec<Ecosystem> = facts
            .dependencies
            .map(|d| d.ecosystems().into_iter().collect())
            .unwrap_or_default();
        if found.is_empty() {
            return Err(usage(format!(
                "no lockfile with packages was found in `{}`; give the repository's path, or \
                 --ecosystem NAME, or --all",
                args.path.display()
            )));
        }
        found
    };
    let dir = match &args.db_dir {
        Some(d) => d.clone(),
        None => default_dir().ok_or_else(|| {
            usage("no home folder to keep the data in; give --db-dir DIR".to_string())
        })?,
    };
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("creating the advisory folder {}", dir.display()))?;
    let source = args.source.trim_end_matches('/');
    for ecosystem in ecosystems {
        let url = format!("{source}/{}/all.zip", ecosystem.osv_name());
        output::status(&format!("fcto: downloading {url}"));
        let (bytes, records) = download(&url, &dir, ecosystem)
            .with_context(|| format!("downloading the {} advisories", ecosystem.osv_name()))?;
        output::status(&format!(
            "fcto: {} advisories: {records} records ({:.1} MB)",
            ecosystem.osv_name(),
            bytes as f64 / 1e6
        ));
    }
    output::status(&format!("fcto: advisory data is in {}", dir.display()));
    Ok(())
}

/// Downloads one zip next to its final name, checks it is a zip of records, then moves it in
/// place, so an interrupted download never replaces good data. Returns its size and entries.
fn download(url: &str, dir: &Path, ecosystem: Ecosystem) -> Result<(u64, usize)> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_connect(Some(Duration::from_secs(30)))
        .timeout_per_read(Some(Duration::from_secs(60)))
        .build()
        .into();
    let response = agent.get(url).call().map_err(|e| anyhow::anyhow!("{e}"))?;
    let target = dir.join(format!("{}.zip", ecosystem.osv_name()));
    let partial = dir.join(format!("{}.zip.part", ecosystem.osv_name()));
    let mut reader = response.into_body().into_reader();
    let mut file = std::fs::File::create(&partial)
        .with_context(|| format!("creating {}", partial.display()))?;
    let mut buf = vec![0u8; 1 << 16];
    let mut bytes = 0u64;
    loop {
        let n = reader.read(&mut buf).context("reading the download")?;
        if n == 0 {
            break;
        }
        file.write_all(&buf[..n])
            .with_context(|| format!("writing {}", partial.display()))?;
        bytes += n as u64;
    }
    file.sync_all().ok();
    drop(file);
    let records = std::fs::File::open(&partial)
        .ok()
        .and_then(|f| zip::ZipArchive::new(f).ok())
        .map(|z| z.len());
    let Some(records) = records.filter(|n| *n > 0) else {
        std::fs::remove_file(&partial).ok();
        anyhow::bail!("{url} did not return a zip of OSV records ({bytes} bytes)");
    };
    std::fs::rename(&partial, &target)
        .with_context(|| format!("moving the download to {}", target.display()))?;
    Ok((bytes, records))
}
