//! Facts and derived facts → the model's summaries that the report reads.

use fcto_facts::Facts;
use fcto_facts::analysis::code_health::{Band, FileHealth, Smell, SmellKind, weighted_score};
use fcto_facts::analysis::is_programming_language;
use fcto_facts::analysis::team::{knowledge_islands, orphaned_share};
use fcto_model::{
    ClonePairSummary, CodeHealthSummary, ComponentHealth, Contributor, Evidence, ExcludedFile,
    FileHealthSummary, HistorySummary, Hotspot, InventorySummary, KnowledgeIsland, LanguageSummary,
    OrphanedCode, StackItem, StackSummary, TagSummary, TeamSummary, TrendPoint,
};
use fcto_rules::Analysis;
use std::collections::BTreeMap;

/// RFC 3339 (UTC) from seconds since the epoch.
pub fn rfc3339(time: i64) -> String {
    jiff::Timestamp::from_second(time)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

fn month(time: i64) -> String {
    rfc3339(time).get(..7).unwrap_or_default().to_string()
}

pub fn inventory(facts: &Facts) -> InventorySummary {
    let inv = &facts.inventory;
    let mut langs: BTreeMap<&str, LanguageSummary> = BTreeMap::new();
    let mut excluded = Vec::new();
    let mut excluded_counts: BTreeMap<String, u64> = BTreeMap::new();
    let mut other = 0;
    for f in &inv.files {
        if let Some(x) = &f.exclusion {
            *excluded_counts.entry(x.reason().to_string()).or_default() += 1;
            excluded.push(ExcludedFile {
                path: f.path.clone(),
                reason: x.reason().to_string(),
                detail: x.detail(),
                bytes: f.bytes,
            });
        }
        let Some(lang) = f.language.as_deref() else {
            other += 1;
            continue;
        };
        if f.hidden {
            continue;
        }
        let e = langs.entry(lang).or_insert_with(|| LanguageSummary {
            name: lang.to_string(),
            programming: is_programming_language(lang),
            ..LanguageSummary::default()
        });
        if f.exclusion.is_some() {
            e.excluded_files += 1;
            e.excluded_code += f.stats.code;
        } else {
            e.files += 1;
            e.code += f.stats.code;
            e.comments += f.stats.comments;
            e.blanks += f.stats.blanks;
        }
    }
    let total: u64 = langs.values().map(|l| l.code).sum();
    let mut languages: Vec<LanguageSummary> = langs.into_values().collect();
    for l in &mut languages {
        l.share = if total > 0 {
            l.code as f64 / total as f64
        } else {
            0.0
        };
    }
    languages.sort_by(|a, b| b.code.cmp(&a.code).then(a.name.cmp(&b.name)));
    InventorySummary {
        files: inv.files.len() as u64,
        code: total,
        comments: languages.iter().map(|l| l.comments).sum(),
        blanks: languages.iter().map(|l| l.blanks).sum(),
        languages,
        other_files: other,
        excluded,
        excluded_counts,
    }
}

pub fn stack(facts: &Facts) -> StackSummary {
    let items = facts
        .stack
        .technologies
        .iter()
        .map(|t| StackItem {
            kind: t.kind.clone(),
            name: t.name.clone(),
            version: t.version.clone(),
            via: t.via.clone(),
            evidence: t
                .declared_in
                .iter()
                .map(|(p, l)| Evidence {
                    path: Some(p.clone()),
                    line: *l,
                    ..Evidence::default()
                })
                .collect(),
        })
        .collect();
    StackSummary {
        items,
        packages: facts.stack.packages.clone(),
    }
}

pub fn history(facts: &Facts) -> HistorySummary {
    let Some(h) = &facts.history else {
        return HistorySummary {
            available: false,
            unavailable_reason: facts.history_unavailable.clone(),
            shallow: facts.repo.shallow,
            ..HistorySummary::default()
        };
    };
    let bots: Vec<String> = {
        let mut v: Vec<String> = h
            .people
            .iter()
            .filter(|p| p.bot)
            .map(|p| p.name.clone())
            .collect();
        v.sort();
        v.dedup();
        v
    };
    let humans: std::collections::HashSet<usize> = h
        .commits
        .iter()
        .filter(|c| !h.is_bot_commit(c) && !c.is_merge())
        .map(|c| c.author)
        .collect();
    let mut per_month: BTreeMap<String, u64> = BTreeMap::new();
    for c in h
        .commits
        .iter()
        .filter(|c| !c.is_merge() && !h.is_bot_commit(c))
    {
        *per_month.entry(month(c.author_time)).or_default() += 1;
    }
    let first = h.commits.iter().map(|c| c.author_time).min();
    let last = h.commits.iter().map(|c| c.author_time).max();
    let mut tags: Vec<TagSummary> = h
        .tags
        .iter()
        .map(|t| TagSummary {
            name: t.name.clone(),
            commit: t.commit.clone(),
            date: Some(rfc3339(t.time)),
        })
        .collect();
    tags.sort_by(|a, b| b.date.cmp(&a.date).then(a.name.cmp(&b.name)));
    HistorySummary {
        available: true,
        unavailable_reason: None,
        commits: h.commits.len() as u64,
        human_commits: h.commits.iter().filter(|c| !h.is_bot_commit(c)).count() as u64,
        merges: h.commits.iter().filter(|c| c.is_merge()).count() as u64,
        authors: humans.len() as u64,
        bot_commits: h.commits.iter().filter(|c| h.is_bot_commit(c)).count() as u64,
        bots,
        mass_commits: h.commits.iter().filter(|c| c.mass).count() as u64,
        shallow: h.shallow || facts.repo.shallow,
        first_commit_date: first.map(rfc3339),
        last_commit_date: last.map(rfc3339),
        tags,
        commits_per_month: per_month.into_iter().collect(),
    }
}

pub fn team(analysis: &Analysis<'_>) -> TeamSummary {
    let (Some(team), Some(h)) = (&analysis.team, analysis.history()) else {
        return TeamSummary::default();
    };
    let contributor = |id: usize| -> Contributor {
        let p = h.person(id);
        let a = team.activity(id);
        Contributor {
            name: p.name.clone(),
            email: p.email.clone(),
            commits: a.map_or(0, |a| a.commits),
            lines_added: a.map_or(0, |a| a.lines_added),
            lines_removed: a.map_or(0, |a| a.lines_removed),
            first_commit: a.map(|a| rfc3339(a.first_commit)),
            last_commit: a.map(|a| rfc3339(a.last_commit)),
            active_90_days: a.is_some_and(|a| a.active_90_days),
            active_12_months: a.is_some_and(|a| a.active_12_months),
            gone: a.is_none_or(|a| a.gone),
            authored_files: a.map_or(0, |a| a.authored_files),
        }
    };
    let total: u64 = team.files.iter().map(|f| f.code).sum();
    let mut islands: Vec<KnowledgeIsland> = knowledge_islands(team, &analysis.team_options)
        .map(|(f, owner, share)| KnowledgeIsland {
            path: f.path.clone(),
            owner: h.person(owner).name.clone(),
            share,
            code: f.code,
            changes: f.changes,
        })
        .collect();
    islands.sort_by(|a, b| {
        (b.code * b.changes)
            .cmp(&(a.code * a.changes))
            .then(a.path.cmp(&b.path))
    });
    let island_code: u64 = islands.iter().map(|i| i.code).sum();
    let mut orphaned: Vec<OrphanedCode> = team
        .files
        .iter()
        .filter_map(|f| {
            let (owner, share) = f.main_author?;
            team.is_gone(owner).then(|| OrphanedCode {
                path: f.path.clone(),
                owner: h.person(owner).name.clone(),
                owner_last_commit: team.activity(owner).map(|a| rfc3339(a.last_commit)),
                share,
                code: f.code,
            })
        })
        .collect();
    orphaned.sort_by(|a, b| b.code.cmp(&a.code).then(a.path.cmp(&b.path)));
    let knowledge_island_files = islands.len() as u64;
    let orphaned_files = orphaned.len() as u64;
    islands.truncate(50);
    orphaned.truncate(50);
    TeamSummary {
        truck_factor: Some(team.truck_factor),
        truck_factor_authors: team
            .truck_factor_people
            .iter()
            .map(|p| contributor(*p))
            .collect(),
        effective_truck_factor: Some(team.effective_truck_factor),
        truck_factor_files: team.files.len() as u64,
        contributors_total: team.people.len() as u64,
        active_90_days: team.people.iter().filter(|p| p.active_90_days).count() as u64,
        active_12_months: team.people.iter().filter(|p| p.active_12_months).count() as u64,
        contributors: team.people.iter().map(|p| contributor(p.person)).collect(),
        knowledge_island_share: if total > 0 {
            island_code as f64 / total as f64
        } else {
            0.0
        },
        knowledge_island_files,
        knowledge_islands: islands,
        orphaned_share: orphaned_share(team),
        orphaned_files,
        orphaned,
    }
}

pub fn hotspots(analysis: &Analysis<'_>, limit: usize) -> Vec<Hotspot> {
    // Files changed once in the window are not where work concentrates.
    analysis
        .hotspots
        .iter()
        .filter(|h| h.changes >= 2)
        .take(limit)
        .map(|h| Hotspot {
            path: h.path.clone(),
            changes: h.changes,
            code: analysis
                .facts
                .inventory
                .file(&h.path)
                .map_or(0, |f| f.stats.code),
            score: (h.score * 1000.0).round() / 1000.0,
            authors: h.authors,
            lines_changed: h.lines_changed,
            measure: analysis.hotspot_measure.clone(),
            measure_value: h.measure,
            code_health: analysis.health.get(&h.path).map(|f| f.score),
            trend: analysis
                .trends
                .get(&h.path)
                .map(|points| {
                    points
                        .iter()
                        .map(|p| TrendPoint {
                            date: rfc3339(p.time).get(..10).unwrap_or_default().to_string(),
                            complexity: p.complexity,
                        })
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect()
}

/// A smell in words: "complex method `parse` (cyclomatic 23)".
pub fn smell_text(s: &Smell) -> String {
    let name = s.function.as_deref().unwrap_or_default();
    let v = s.value;
    match s.kind {
        SmellKind::BrainMethod => {
            format!("brain method `{name}` (large and complex: cyclomatic {v})")
        }
        SmellKind::ComplexMethod => format!("complex method `{name}` (cyclomatic {v})"),
        SmellKind::LargeMethod => format!("large method `{name}` ({v} code lines)"),
        SmellKind::DeepNesting => format!("deep nesting in `{name}` ({v} levels)"),
        SmellKind::BumpyRoad => format!("bumpy road in `{name}` ({v} nested blocks)"),
        SmellKind::ComplexConditional => {
            format!("complex conditional in `{name}` ({v} logical operators)")
        }
        SmellKind::ManyParameters => format!("many parameters in `{name}` ({v})"),
        SmellKind::LargeFile => format!(
            "large file ({} code lines)",
            fcto_rules::components::thousands(v as u64)
        ),
        SmellKind::Duplication => format!("duplicated code ({v}% of its lines)"),
        SmellKind::LowCohesion => {
            format!("low cohesion in `{name}` ({v} unrelated groups of methods)")
        }
    }
}

pub fn code_health(analysis: &Analysis<'_>) -> CodeHealthSummary {
    let facts = analysis.facts;
    let health = &analysis.health;
    let score = analysis.code_health_of(|_| true);
    let mut by_component: BTreeMap<String, Vec<&FileHealth>> = BTreeMap::new();
    for h in health.values() {
        by_component
            .entry(fcto_rules::components::component_of(facts, &h.path))
            .or_default()
            .push(h);
    }
    let mut components: Vec<ComponentHealth> = by_component
        .into_iter()
        .filter_map(|(component, files)| {
            Some(ComponentHealth {
                component,
                score: weighted_score(files.iter().copied())?,
                code: files.iter().map(|f| f.code_lines).sum(),
                files: files.len() as u64,
            })
        })
        .collect();
    components.sort_by(|a, b| a.score.total_cmp(&b.score).then(b.code.cmp(&a.code)));
    let mut files: Vec<_> = health.values().collect();
    files.sort_by(|a, b| {
        a.score
            .total_cmp(&b.score)
            .then(b.code_lines.cmp(&a.code_lines))
            .then(a.path.cmp(&b.path))
    });
    let files = files
        .into_iter()
        .take(20)
        .map(|h| FileHealthSummary {
            path: h.path.clone(),
            score: h.score,
            band: Band::of(h.score).as_str().to_string(),
            code: h.code_lines,
            smells: h.smells.iter().take(5).map(smell_text).collect(),
        })
        .collect();
    let parsed: Vec<_> = facts
        .inventory
        .syntax
        .iter()
        .filter(|(p, _)| health.contains_key(p.as_str()))
        .map(|(_, s)| s)
        .collect();
    let dup = &analysis.duplication;
    CodeHealthSummary {
        assessed: facts.syntax_read,
        score,
        band: score.map(|s| Band::of(s).as_str().to_string()),
        hotspot_score: analysis.hotspot_code_health(),
        files_parsed: parsed.len() as u64,
        functions: parsed.iter().map(|s| s.functions.len() as u64).sum(),
        files_with_parse_errors: parsed.iter().filter(|s| s.parse_errors > 0).count() as u64,
        complex_functions: parsed
            .iter()
            .flat_map(|s| &s.functions)
            .filter(|f| f.cyclomatic >= analysis.health_options.complex_method)
            .count() as u64,
        duplication: (dup.density() * 1000.0).round() / 1000.0,
        duplicated_lines: dup.duplicated_lines(),
        components,
        files,
        clones: dup
            .pairs
            .iter()
            .take(20)
            .map(|p| ClonePairSummary {
                first: format!(
                    "{}:{}-{}",
                    p.first.path, p.first.start_line, p.first.end_line
                ),
                second: format!(
                    "{}:{}-{}",
                    p.second.path, p.second.start_line, p.second.end_line
                ),
                lines: u64::from(p.first.end_line - p.first.start_line + 1),
                tokens: p.tokens as u64,
            })
            .collect(),
    }
}
