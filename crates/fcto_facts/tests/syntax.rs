//! The language tables against annotated fixtures: every function in
//! `tests/fixtures/syntax/*` is preceded by an `expect:` comment giving its name and the
//! metrics it must have; each decision point carries a comment saying what it adds.
//! Expectations are in the order of the functions' start lines, one per function.

use fcto_facts::syntax::{self, Function};
use std::path::Path;

fn language_of(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
    {
        "rs" => "Rust",
        "py" => "Python",
        "js" => "JavaScript",
        "jsx" => "JSX",
        "ts" => "TypeScript",
        "tsx" => "TSX",
        "go" => "Go",
        "java" => "Java",
        "rb" => "Ruby",
        "php" => "PHP",
        "c" => "C",
        "h" => "C Header",
        "cpp" => "C++",
        "hpp" => "C++ Header",
        "cs" => "C#",
        "kt" => "Kotlin",
        "swift" => "Swift",
        other => panic!("no language for fixture extension `{other}`"),
    }
}

/// `expect: name=Foo.bar cyclomatic=3 cognitive=2 nesting=1 parameters=2 lines=4-10 code=6`
fn expectations(text: &str) -> Vec<(usize, Vec<(String, String)>)> {
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let at = line.find("expect:")?;
            let pairs = line[at + "expect:".len()..]
                .split_whitespace()
                .filter_map(|kv| kv.split_once('='))
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            Some((i + 1, pairs))
        })
        .collect()
}

fn value(f: &Function, key: &str) -> String {
    match key {
        "name" => f.name.clone(),
        "cyclomatic" => f.cyclomatic.to_string(),
        "cognitive" => f.cognitive.to_string(),
        "nesting" => f.nesting.to_string(),
        "parameters" => f.parameters.to_string(),
        "lines" => format!("{}-{}", f.start_line, f.end_line),
        "code" => f.code_lines.to_string(),
        "conditions" => f.condition_operators.to_string(),
        "chunks" => f.nested_chunks.to_string(),
        other => panic!("unknown expectation key `{other}`"),
    }
}

/// The files of `tests/fixtures/DIR`, sorted.
fn fixture_files(dir: &str) -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

#[test]
fn tables_compile_against_their_grammars() {
    syntax::check_tables().unwrap();
}

#[test]
fn fixtures_match_their_annotations() {
    let files = fixture_files("syntax");
    let mut failures = Vec::new();
    let mut checked = 0;
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let language = language_of(&path);
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let parsed = syntax::analyse(language, &text)
            .unwrap_or_else(|| panic!("{name}: {language} is not supported"));
        if !text.contains("parse-errors-expected") && parsed.parse_errors > 0 {
            failures.push(format!(
                "{name}: {} parse error(s), first at line {:?}",
                parsed.parse_errors, parsed.first_error_line
            ));
        }
        let expected = expectations(&text);
        if expected.len() != parsed.functions.len() {
            let found: Vec<String> = parsed
                .functions
                .iter()
                .map(|f| format!("{}@{}", f.name, f.start_line))
                .collect();
            failures.push(format!(
                "{name}: {} expectations but {} functions: {}",
                expected.len(),
                parsed.functions.len(),
                found.join(", ")
            ));
            continue;
        }
        for ((line, pairs), f) in expected.iter().zip(&parsed.functions) {
            for (key, want) in pairs {
                let got = value(f, key);
                if &got != want {
                    failures.push(format!(
                        "{name}:{line}: {} {key} is {got}, expected {want}",
                        f.name
                    ));
                }
            }
            checked += 1;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked > 0, "no fixture function was checked");
}

#[test]
fn every_language_of_the_issue_has_a_table() {
    for language in [
        "Rust",
        "Python",
        "JavaScript",
        "JSX",
        "TypeScript",
        "TSX",
        "Go",
        "Ruby",
        "PHP",
        "Swift",
        "Java",
        "C#",
        "Kotlin",
        "C",
        "C Header",
        "C++",
        "C++ Header",
    ] {
        assert!(syntax::supports(language), "{language}");
    }
}

#[test]
fn parse_errors_stay_local() {
    let text = "fn good(a: u8) -> u8 { if a > 1 { 2 } else { 3 } }\n\
                fn broken( { let = ; }\n\
                fn also_good() -> u8 { 1 }\n";
    let parsed = syntax::analyse("Rust", text).unwrap();
    assert!(parsed.parse_errors > 0);
    assert_eq!(parsed.first_error_line, Some(2));
    let good = parsed.functions.iter().find(|f| f.name == "good").unwrap();
    assert_eq!(good.cyclomatic, 2);
    assert!(parsed.functions.iter().any(|f| f.name == "also_good"));
}

#[test]
fn unsupported_languages_are_not_parsed() {
    assert!(syntax::analyse("Markdown", "# title").is_none());
    assert!(!syntax::supports("YAML"));
}

/// The markers of `tests/fixtures/markers/*`: a comment `want: KIND NAME` (several may follow
/// each other) announces a marker on the next line that is not a `want:` line; every marker
/// found must be announced, and every announced one found. Decoys carry no `want:`.
#[test]
fn marker_fixtures_match_their_annotations() {
    let files = fixture_files("markers");
    let mut failures = Vec::new();
    let mut checked = 0;
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let parsed = syntax::analyse(language_of(&path), &text).unwrap();
        if parsed.parse_errors > 0 {
            failures.push(format!(
                "{name}: parse error at line {:?}",
                parsed.first_error_line
            ));
        }
        let mut wanted = std::collections::BTreeSet::new();
        let mut pending = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if let Some(at) = line.find("want:") {
                let rest = line[at + "want:".len()..].trim();
                let rest = rest.trim_end_matches("*/").trim_end_matches("-->").trim();
                let (kind, marker) = rest.split_once(' ').unwrap_or((rest, ""));
                pending.push((kind.to_string(), marker.trim().to_string()));
            } else {
                for (kind, marker) in pending.drain(..) {
                    wanted.insert((i as u32 + 1, kind, marker));
                }
            }
        }
        let found: std::collections::BTreeSet<_> = parsed
            .markers
            .iter()
            .map(|m| (m.line, m.kind.as_str().to_string(), m.name.to_string()))
            .collect();
        for missing in wanted.difference(&found) {
            failures.push(format!(
                "{name}:{}: missing {} {}",
                missing.0, missing.1, missing.2
            ));
        }
        for extra in found.difference(&wanted) {
            failures.push(format!(
                "{name}:{}: unexpected {} {}",
                extra.0, extra.1, extra.2
            ));
        }
        checked += wanted.len();
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked > 0, "no marker was checked");
}

/// `(name, methods, lcom4)` of each class.
fn cohesion(language: &str, text: &str) -> Vec<(String, u32, u32)> {
    syntax::analyse(language, text)
        .unwrap()
        .classes
        .into_iter()
        .map(|c| (c.name, c.methods, c.lcom4))
        .collect()
}

#[test]
fn cohesion_counts_the_groups_of_methods_sharing_members() {
    // Two jobs in one class: {load, parse} share `self.path` and `parse` calls `load`;
    // {send, retry} share `self.client`. `__init__` touches everything and is left out, so is
    // `helper`, which names no member and is never called. `Tidy` is one job.
    let python = r"
class Report:
    def __init__(self, path, client):
        self.path = path
        self.client = client

    def load(self):
        return open(self.path).read()

    def parse(self):
        return self.load().split()

    def send(self, body):
        return self.client.post(body)

    def retry(self, body):
        for _ in range(3):
            if self.client.post(body):
                return True

    @staticmethod
    def helper(x):
        return x + 1


class Tidy:
    def a(self):
        return self.x

    def b(self):
        return self.x + self.a()
";
    assert_eq!(
        cohesion("Python", python),
        vec![("Report".to_string(), 4, 2), ("Tidy".to_string(), 2, 1)]
    );

    // Rust: the impl blocks of one type count together; `new` has no `self`.
    let rust = r"
struct Cache { map: Vec<u8>, hits: u32, log: String }

impl Cache {
    fn new() -> Self { Cache { map: Vec::new(), hits: 0, log: String::new() } }
    fn get(&mut self) -> u8 { self.hits += 1; self.map[0] }
    fn clear(&mut self) { self.map.clear(); }
}

impl Cache {
    fn note(&mut self, s: &str) { self.log.push_str(s); }
}
";
    assert_eq!(cohesion("Rust", rust), vec![("Cache".to_string(), 3, 2)]);

    // JavaScript: {load, parse} share `this.#path`, `parse` calls `load`; {send, onRetry}
    // share `this.client` (`onRetry` is a field holding an arrow function, and `this` inside
    // the arrow in `send` is still the object); the constructor and the static `create` are
    // left out. `Tidy` joins through its getter `size`.
    let javascript = r"
class Report {
  #path;
  constructor(path, client) { this.#path = path; this.client = client; }
  load() { return readFileSync(this.#path, 'utf8'); }
  parse() { return this.load().split(' '); }
  send(body) { return [1, 2].map(() => this.client.post(body)); }
  onRetry = (body) => { this.client.post(body); };
  static create() { return new Report('a', null); }
}

class Tidy {
  get size() { return this.items.length; }
  isEmpty() { return this.size === 0; }
}
";
    assert_eq!(
        cohesion("JavaScript", javascript),
        vec![("Report".to_string(), 4, 2), ("Tidy".to_string(), 2, 1)]
    );

    // TypeScript: constructor parameter properties are members like any other.
    let typescript = r"
export abstract class Store {
  constructor(private readonly db: Db, private readonly log: Logger) {}
  find(id: string): Row { return this.db.get(id); }
  save(row: Row): void { this.db.put(row); }
  warn(text: string): void { this.log.warn(text); }
  error(text: string): void { this.log.error(text); }
}
";
    assert_eq!(
        cohesion("TypeScript", typescript),
        vec![("Store".to_string(), 4, 2)]
    );
    assert_eq!(
        cohesion("TSX", typescript),
        vec![("Store".to_string(), 4, 2)]
    );
}

#[test]
fn counting_as_lizard_reads_an_empty_closure_as_an_or_and_a_wildcard_closure_as_nothing() {
    let text =
        "fn run() {\n    let a = f(|| 1);\n    let b = g(|_| 2);\n    let c = h(|x, _| x);\n}\n";
    let cyclomatic = |counting| {
        let parsed = syntax::analyse_counting("Rust", text, counting).unwrap();
        assert_eq!(parsed.functions.len(), 1);
        parsed.functions[0].cyclomatic
    };
    assert_eq!(cyclomatic(syntax::Counting::Fcto), 1);
    // lizard counts the `||` of the empty parameter list, and nothing in `|_|` or `|x, _|`
    assert_eq!(cyclomatic(syntax::Counting::Lizard), 2);
}
