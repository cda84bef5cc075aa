//! `--select` and `--ignore`: rules by code (`TEAM001`), prefix (`TEAM`, `TEAM00`), area
//! (`team`) or name (`low-truck-factor`).

use crate::registry::rules;
use fcto_model::{Area, RuleMeta};

#[derive(Debug)]
pub struct SelectionError(pub String);

impl std::error::Error for SelectionError {}

impl std::fmt::Display for SelectionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Which rules run.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    select: Vec<String>,
    ignore: Vec<String>,
}

impl Selection {
    /// Every rule.
    pub fn all() -> Selection {
        Selection::default()
    }

    /// Validates each word against the registry; an unknown word is an error naming it.
    pub fn new(select: &[String], ignore: &[String]) -> Result<Selection, SelectionError> {
        let split = |words: &[String]| -> Vec<String> {
            words
                .iter()
                .flat_map(|w| w.split(','))
                .map(|w| w.trim().to_string())
                .filter(|w| !w.is_empty())
                .collect()
        };
        let select = split(select);
        let ignore = split(ignore);
        for word in select.iter().chain(&ignore) {
            if !rules().iter().any(|r| matches(word, &r.meta)) {
                return Err(SelectionError(format!(
                    "`{word}` matches no rule; use a rule code (TEAM001), a prefix (TEAM), an area \
                     ({}) or a rule name; `fcto rules` lists them",
                    Area::WORDS.join(", ")
                )));
            }
        }
        Ok(Selection { select, ignore })
    }

    pub fn includes(&self, meta: &RuleMeta) -> bool {
        let selected = self.select.is_empty() || self.select.iter().any(|w| matches(w, meta));
        selected && !self.ignore.iter().any(|w| matches(w, meta))
    }
}

fn matches(word: &str, meta: &RuleMeta) -> bool {
    let upper = word.to_ascii_uppercase().replace('-', "");
    if meta.code.eq_ignore_ascii_case(word) || meta.name.eq_ignore_ascii_case(word) {
        return true;
    }
    if meta.area.as_str().eq_ignore_ascii_case(word) {
        return true;
    }
    // A prefix of the code: `TEAM`, `TEAM00`; also the catalogue form `TEAM-01`.
    !upper.is_empty()
        && upper
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
        && (meta.code.starts_with(&upper) || meta.catalogue_id().replace('-', "") == upper)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::find_rule;

    #[test]
    fn words_select_by_code_prefix_area_and_name() {
        let tf = find_rule("TEAM001").unwrap().meta;
        let readme = find_rule("DOC001").unwrap().meta;
        let s = Selection::new(&["team".into()], &[]).unwrap();
        assert!(s.includes(&tf) && !s.includes(&readme));
        let s = Selection::new(
            &["TEAM".into(), "DOC001".into()],
            &["low-truck-factor".into()],
        )
        .unwrap();
        assert!(!s.includes(&tf) && s.includes(&readme));
        let s = Selection::new(&["team-01".into()], &[]).unwrap();
        assert!(s.includes(&tf));
        assert!(Selection::new(&["NOPE9".into()], &[]).is_err());
    }
}
