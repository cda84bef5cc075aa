//! Code health: a score from 1 to 10 per file, from the smells of its functions and of the
//! file itself, in the spirit of CodeScene's Code Health (metrics.md §2.2) but with fcto's own,
//! published formula (docs/code-health.md) so a reviewer can recompute every score:
//!
//! * each function smell has a weight that grows with how far the function is past the
//!   threshold (capped), and the file's function penalty `P` (the sum) costs
//!   `6 × (1 − e^(−P/4))` points: one bad function hurts, many cannot take more than 6;
//! * a large file costs up to 2 points, duplication up to 2 points, a class doing several
//!   unrelated jobs (LCOM4) up to 1.5 points;
//! * the score is 10 minus all that, never below 1. Bands: 9-10 healthy, 4-8.9 warning,
//!   below 4 alert.

use super::clones::FileDuplication;
use crate::syntax::{FileSyntax, Function};

/// Thresholds of the smells; a function at or over a threshold has the smell.
#[derive(Debug, Clone)]
pub struct HealthOptions {
    /// Cyclomatic complexity of a complex method.
    pub complex_method: u32,
    /// Code lines of a large method.
    pub large_method: u32,
    /// Nesting depth of deeply nested code.
    pub deep_nesting: u32,
    /// Parameters of a function with too many.
    pub many_parameters: u32,
    /// Top-level control structures nesting two levels or more ("bumpy road").
    pub bumpy_road: u32,
    /// Logical operators in one condition.
    pub complex_conditional: u32,
    /// Code lines of a large file.
    pub large_file: u64,
    /// Share of duplicated lines that starts to cost.
    pub duplication: f64,
    /// Methods a class needs before its cohesion is judged.
    pub cohesion_methods: u32,
}

impl Default for HealthOptions {
    fn default() -> Self {
        HealthOptions {
            complex_method: 10,
            large_method: 70,
            deep_nesting: 4,
            many_parameters: 5,
            bumpy_road: 2,
            complex_conditional: 3,
            large_file: 1000,
            duplication: 0.05,
            cohesion_methods: 4,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SmellKind {
    /// Large and complex at once: the function the file's behaviour gathers in.
    BrainMethod,
    ComplexMethod,
    LargeMethod,
    DeepNesting,
    BumpyRoad,
    ComplexConditional,
    ManyParameters,
    LargeFile,
    Duplication,
    /// A class whose methods fall into unrelated groups (LCOM4 ≥ 2).
    LowCohesion,
}

impl SmellKind {
    pub fn label(self) -> &'static str {
        match self {
            SmellKind::BrainMethod => "brain method",
            SmellKind::ComplexMethod => "complex method",
            SmellKind::LargeMethod => "large method",
            SmellKind::DeepNesting => "deep nesting",
            SmellKind::BumpyRoad => "bumpy road",
            SmellKind::ComplexConditional => "complex conditional",
            SmellKind::ManyParameters => "many parameters",
            SmellKind::LargeFile => "large file",
            SmellKind::Duplication => "duplicated code",
            SmellKind::LowCohesion => "low cohesion",
        }
    }
}

/// One smell: where, how bad, and what it cost.
#[derive(Debug, Clone, PartialEq)]
pub struct Smell {
    pub kind: SmellKind,
    /// The function, for function smells.
    pub function: Option<String>,
    pub line: u32,
    /// The measured value (complexity, lines, depth, percent duplicated...).
    pub value: f64,
    pub threshold: f64,
    /// Its weight in the file's function penalty, or the points it took off for file smells.
    pub weight: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FileHealth {
    pub path: String,
    /// 1.0-10.0, one decimal.
    pub score: f64,
    pub code_lines: u64,
    /// Worst first.
    pub smells: Vec<Smell>,
}

/// The score's band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Band {
    Healthy,
    Warning,
    Alert,
}

impl Band {
    pub fn of(score: f64) -> Band {
        if score >= 9.0 {
            Band::Healthy
        } else if score >= 4.0 {
            Band::Warning
        } else {
            Band::Alert
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Band::Healthy => "healthy",
            Band::Warning => "warning",
            Band::Alert => "alert",
        }
    }
}

/// Most points the functions of one file can take off.
const FUNCTION_POINTS: f64 = 6.0;
/// The penalty at which the functions have taken off 63% of `FUNCTION_POINTS`.
const FUNCTION_SCALE: f64 = 4.0;

fn ratio(value: f64, threshold: f64, cap: f64) -> f64 {
    (value / threshold).min(cap)
}

/// The smells of one function.
pub fn function_smells(f: &Function, o: &HealthOptions) -> Vec<Smell> {
    let mut smells = Vec::new();
    let mut add = |kind, value: u32, threshold: u32, weight: f64| {
        smells.push(Smell {
            kind,
            function: Some(f.name.clone()),
            line: f.start_line,
            value: f64::from(value),
            threshold: f64::from(threshold),
            weight,
        });
    };
    let complex = f.cyclomatic >= o.complex_method;
    let large = f.code_lines >= o.large_method;
    if complex && large {
        add(SmellKind::BrainMethod, f.cyclomatic, o.complex_method, 1.0);
    }
    if complex {
        let w = 0.6 * ratio(f64::from(f.cyclomatic), f64::from(o.complex_method), 3.0);
        add(SmellKind::ComplexMethod, f.cyclomatic, o.complex_method, w);
    }
    if large {
        let w = 0.4 * ratio(f64::from(f.code_lines), f64::from(o.large_method), 3.0);
        add(SmellKind::LargeMethod, f.code_lines, o.large_method, w);
    }
    if f.nesting >= o.deep_nesting {
        let w = 0.5 * ratio(f64::from(f.nesting), f64::from(o.deep_nesting), 2.0);
        add(SmellKind::DeepNesting, f.nesting, o.deep_nesting, w);
    }
    if f.nested_chunks >= o.bumpy_road {
        let w = 0.4 * ratio(f64::from(f.nested_chunks), f64::from(o.bumpy_road), 3.0);
        add(SmellKind::BumpyRoad, f.nested_chunks, o.bumpy_road, w);
    }
    if f.condition_operators >= o.complex_conditional {
        let w = 0.2
            * ratio(
                f64::from(f.condition_operators),
                f64::from(o.complex_conditional),
                2.0,
            );
        add(
            SmellKind::ComplexConditional,
            f.condition_operators,
            o.complex_conditional,
            w,
        );
    }
    if f.parameters >= o.many_parameters {
        let w = 0.25 * ratio(f64::from(f.parameters), f64::from(o.many_parameters), 2.0);
        add(
            SmellKind::ManyParameters,
            f.parameters,
            o.many_parameters,
            w,
        );
    }
    smells
}

/// The health of one file. `code_lines` is the inventory's count; `duplication` the file's
/// clone coverage, when clones were looked for.
pub fn file_health(
    path: &str,
    code_lines: u64,
    syntax: &FileSyntax,
    duplication: Option<&FileDuplication>,
    o: &HealthOptions,
) -> FileHealth {
    let mut smells: Vec<Smell> = syntax
        .functions
        .iter()
        .flat_map(|f| function_smells(f, o))
        .collect();
    let penalty: f64 = smells.iter().map(|s| s.weight).sum();
    let mut lost = FUNCTION_POINTS * (1.0 - (-penalty / FUNCTION_SCALE).exp());
    if code_lines >= o.large_file {
        let w = ratio(code_lines as f64, o.large_file as f64, 2.0);
        lost += w;
        smells.push(Smell {
            kind: SmellKind::LargeFile,
            function: None,
            line: 1,
            value: code_lines as f64,
            threshold: o.large_file as f64,
            weight: w,
        });
    }
    if let Some(d) = duplication
        && d.density() >= o.duplication
    {
        let w = (10.0 * d.density()).min(2.0);
        lost += w;
        smells.push(Smell {
            kind: SmellKind::Duplication,
            function: None,
            line: 1,
            value: (d.density() * 1000.0).round() / 10.0,
            threshold: o.duplication * 100.0,
            weight: w,
        });
    }
    // The least cohesive class of the file: each unrelated group past the first costs half a
    // point, at most 1.5. Not in tests: a test class groups independent tests by design.
    if let Some(class) = syntax
        .classes
        .iter()
        .filter(|_| !super::test_code::is_test_path(path))
        .filter(|c| c.methods >= o.cohesion_methods && c.lcom4 >= 2)
        .max_by_key(|c| (c.lcom4, std::cmp::Reverse(c.line)))
    {
        let w = (0.5 * f64::from(class.lcom4 - 1)).min(1.5);
        lost += w;
        smells.push(Smell {
            kind: SmellKind::LowCohesion,
            function: Some(class.name.clone()),
            line: class.line,
            value: f64::from(class.lcom4),
            threshold: 2.0,
            weight: w,
        });
    }
    smells.sort_by(|a, b| {
        b.weight
            .total_cmp(&a.weight)
            .then_with(|| a.line.cmp(&b.line))
    });
    let score = ((10.0 - lost).clamp(1.0, 10.0) * 10.0).round() / 10.0;
    FileHealth {
        path: path.to_string(),
        score,
        code_lines,
        smells,
    }
}

/// The code-line-weighted average score of `files`; `None` when they hold no code.
pub fn weighted_score<'a>(files: impl IntoIterator<Item = &'a FileHealth>) -> Option<f64> {
    let (sum, lines) = files.into_iter().fold((0.0, 0u64), |(s, l), f| {
        (s + f.score * f.code_lines as f64, l + f.code_lines)
    });
    (lines > 0).then(|| (sum / lines as f64 * 10.0).round() / 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn function(name: &str, cyclomatic: u32, code_lines: u32, nesting: u32) -> Function {
        Function {
            name: name.to_string(),
            start_line: 1,
            end_line: code_lines.max(1),
            code_lines,
            parameters: 1,
            cyclomatic,
            cognitive: 0,
            nesting,
            condition_operators: 0,
            nested_chunks: 0,
        }
    }

    fn file(functions: Vec<Function>) -> FileSyntax {
        FileSyntax {
            functions,
            ..FileSyntax::default()
        }
    }

    #[test]
    fn simple_code_is_healthy() {
        let h = file_health(
            "a.rs",
            200,
            &file(vec![function("a", 3, 20, 1), function("b", 9, 69, 3)]),
            None,
            &HealthOptions::default(),
        );
        assert!((h.score - 10.0).abs() < f64::EPSILON, "{h:?}");
        assert!(h.smells.is_empty());
        assert_eq!(Band::of(h.score), Band::Healthy);
    }

    #[test]
    fn one_complex_function_costs_the_documented_points() {
        // cyclomatic 20 = 2 × threshold: weight 0.6 × 2 = 1.2; 6 × (1 − e^(−0.3)) = 1.555
        let h = file_health(
            "a.rs",
            100,
            &file(vec![function("a", 20, 40, 2)]),
            None,
            &HealthOptions::default(),
        );
        assert!((h.score - 8.4).abs() < 1e-9, "{}", h.score);
        assert_eq!(h.smells.len(), 1);
        assert_eq!(h.smells[0].kind, SmellKind::ComplexMethod);
        assert_eq!(Band::of(h.score), Band::Warning);
    }

    #[test]
    fn a_tangled_large_duplicated_file_is_in_alert() {
        let functions = (0..8)
            .map(|i| function(&format!("f{i}"), 25, 150, 6))
            .collect();
        let dup = FileDuplication {
            code_lines: 3000,
            duplicated_lines: 900,
        };
        let h = file_health(
            "big.rs",
            3000,
            &file(functions),
            Some(&dup),
            &HealthOptions::default(),
        );
        assert!(h.score < 4.0, "{}", h.score);
        assert!((h.score - 1.0).abs() < 1e-9, "{}", h.score);
        assert_eq!(Band::of(h.score), Band::Alert);
        assert_eq!(h.smells[0].kind, SmellKind::LargeFile);
        assert!(h.smells.iter().any(|s| s.kind == SmellKind::BrainMethod));
        assert!(h.smells.iter().any(|s| s.kind == SmellKind::Duplication));
    }

    #[test]
    fn scores_are_weighted_by_code_lines() {
        let a = FileHealth {
            path: "a".into(),
            score: 10.0,
            code_lines: 300,
            smells: vec![],
        };
        let b = FileHealth {
            path: "b".into(),
            score: 2.0,
            code_lines: 100,
            smells: vec![],
        };
        assert_eq!(weighted_score([&a, &b]), Some(8.0));
        assert_eq!(weighted_score([]), None);
    }

    #[test]
    fn a_class_doing_unrelated_jobs_loses_points() {
        let o = HealthOptions::default();
        let text = "class Report:\n    def load(self):\n        return self.path\n\n    def parse(self):\n        return self.load()\n\n    def send(self):\n        return self.client\n\n    def retry(self):\n        return self.send() or self.client\n";
        let syntax = crate::syntax::analyse("Python", text).unwrap();
        let h = file_health("report.py", 12, &syntax, None, &o);
        assert!((h.score - 9.5).abs() < 1e-9, "{}", h.score);
        assert_eq!(h.smells.len(), 1);
        assert_eq!(h.smells[0].kind, SmellKind::LowCohesion);
        assert!((h.smells[0].value - 2.0).abs() < 1e-9);
        // Three methods are too few to judge.
        let small =
            crate::syntax::analyse("Python", &text[..text.find("    def retry").unwrap()]).unwrap();
        let score = file_health("report.py", 9, &small, None, &o).score;
        assert!((score - 10.0).abs() < 1e-9, "{score}");
    }
}
