//! Dockerfiles read into instructions with their line numbers, grouped into build stages, as
//! Docker's `BuildKit` frontend reads them: parser directives (`# syntax`, `# escape`), line
//! continuations, comments inside continuations, heredocs (`<<EOF`) and `ARG`s before the first
//! `FROM` used in image names.

/// A parsed Dockerfile.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dockerfile {
    /// Every instruction, in order.
    pub instructions: Vec<Instruction>,
    /// The build stages, one per `FROM`, in order; the last is the image built by default.
    pub stages: Vec<Stage>,
    /// `ARG`s declared before the first `FROM`: (name, default).
    pub global_args: Vec<(String, Option<String>)>,
    /// The escape character (`\` unless an `# escape=` directive says otherwise).
    pub escape: char,
    /// The `# syntax=` directive's value.
    pub syntax: Option<String>,
}

/// One instruction: its keyword upper-cased and its arguments with continuations joined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction {
    /// 1-based line of the keyword.
    pub line: u32,
    /// 1-based line the instruction ends on (its last continuation or heredoc line).
    pub end_line: u32,
    /// `FROM`, `RUN`, `COPY`... upper-cased.
    pub keyword: String,
    /// The text after the keyword, continuation lines joined with a space, trimmed.
    pub args: String,
    /// Bodies of the heredocs the instruction opens (`RUN <<EOF`), in order.
    pub heredocs: Vec<String>,
}

/// A build stage: a `FROM` and the instructions up to the next one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    /// The base image as written (`node:${NODE_VERSION}-alpine`).
    pub image: String,
    /// The base image with the global `ARG` defaults substituted (`node:20-alpine`); still
    /// holds a `$` when a variable has no default.
    pub resolved_image: String,
    /// The `AS name`, lower-cased as `BuildKit` compares stage names.
    pub name: Option<String>,
    /// The `--platform=` flag, if any.
    pub platform: Option<String>,
    /// 1-based line of the `FROM`.
    pub line: u32,
    /// Indexes into `Dockerfile::instructions` of the stage's instructions (the `FROM`
    /// excluded).
    pub instructions: std::ops::Range<usize>,
}

/// An image reference split into its parts: `registry/name:tag@digest`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef<'a> {
    /// Everything before the tag and digest (registry and path included).
    pub name: &'a str,
    pub tag: Option<&'a str>,
    /// `sha256:…`.
    pub digest: Option<&'a str>,
}

/// Splits an image reference; the tag is the part after the last `:` that follows the last
/// `/` (a registry's `host:port` is not a tag).
pub fn image_ref(image: &str) -> ImageRef<'_> {
    let (rest, digest) = match image.split_once('@') {
        Some((r, d)) => (r, Some(d)),
        None => (image, None),
    };
    let slash = rest.rfind('/').map_or(0, |i| i + 1);
    match rest[slash..].rfind(':') {
        Some(i) => ImageRef {
            name: &rest[..slash + i],
            tag: Some(&rest[slash + i + 1..]),
            digest,
        },
        None => ImageRef {
            name: rest,
            tag: None,
            digest,
        },
    }
}

impl Dockerfile {
    /// The instructions of a stage.
    pub fn stage_instructions(&self, stage: &Stage) -> &[Instruction] {
        &self.instructions[stage.instructions.clone()]
    }

    /// The index of the stage an image name refers to, when it names an earlier stage
    /// (`FROM build`): stage names are case-insensitive, and a stage may also be referred to by
    /// its number.
    pub fn stage_named(&self, image: &str, before: usize) -> Option<usize> {
        let lower = image.to_ascii_lowercase();
        self.stages[..before.min(self.stages.len())]
            .iter()
            .position(|s| s.name.as_deref() == Some(lower.as_str()))
            .or_else(|| lower.parse::<usize>().ok().filter(|&n| n < before))
    }
}

/// Reads a Dockerfile. Unknown instructions are kept as they are; text before the first `FROM`
/// other than `ARG` and comments is kept too (`BuildKit` would reject it, a reader need not).
pub fn parse(text: &str) -> Dockerfile {
    let lines: Vec<&str> = text.lines().collect();
    let (escape, syntax, first) = directives(&lines);
    let mut file = Dockerfile {
        escape,
        syntax,
        ..Dockerfile::default()
    };
    let mut i = first;
    while i < lines.len() {
        let line = lines[i].trim_start();
        if line.is_empty() || line.starts_with('#') {
            i += 1;
            continue;
        }
        let start = i;
        let mut joined = String::new();
        loop {
            let current = lines[i].trim_end();
            let (body, continued) = match current.strip_suffix(escape) {
                Some(b) => (b, true),
                None => (current, false),
            };
            if !joined.is_empty() {
                joined.push(' ');
            }
            joined.push_str(body.trim());
            i += 1;
            if !continued {
                break;
            }
            // Comment and empty lines inside a continuation are dropped.
            while i < lines.len() && {
                let t = lines[i].trim_start();
                t.is_empty() || t.starts_with('#')
            } {
                i += 1;
            }
            if i >= lines.len() {
                break;
            }
        }
        let (keyword, args) = match joined.split_once(char::is_whitespace) {
            Some((k, a)) => (k.to_ascii_uppercase(), a.trim().to_string()),
            None => (joined.to_ascii_uppercase(), String::new()),
        };
        let mut heredocs = Vec::new();
        if matches!(keyword.as_str(), "RUN" | "COPY" | "ADD") {
            for (delimiter, strip_tabs) in heredoc_delimiters(&args) {
                let mut body = String::new();
                while i < lines.len() {
                    let raw = lines[i];
                    i += 1;
                    let candidate = if strip_tabs {
                        raw.trim_start_matches('\t')
                    } else {
                        raw
                    };
                    if candidate.trim_end() == delimiter {
                        break;
                    }
                    body.push_str(candidate);
                    body.push('\n');
                }
                heredocs.push(body);
            }
        }
        file.instructions.push(Instruction {
            line: start as u32 + 1,
            end_line: i as u32,
            keyword,
            args,
            heredocs,
        });
    }
    file.build_stages();
    file
}

/// Reads the parser directives at the top: `# escape=` and `# syntax=`. They end at the first
/// line that is not a directive (an empty line, another comment, an instruction). Returns the
/// escape character, the syntax and the index of the first line after them.
fn directives(lines: &[&str]) -> (char, Option<String>, usize) {
    let mut escape = '\\';
    let mut syntax = None;
    let mut i = 0;
    while i < lines.len() {
        let Some(comment) = lines[i].trim().strip_prefix('#') else {
            break;
        };
        let Some((key, value)) = comment.split_once('=') else {
            break;
        };
        let key = key.trim().to_ascii_lowercase();
        let value = value.trim();
        match key.as_str() {
            "escape" if value == "`" => escape = '`',
            "escape" if value == "\\" => escape = '\\',
            "syntax" => syntax = Some(value.to_string()),
            "check" => {}
            _ => break,
        }
        i += 1;
    }
    (escape, syntax, i)
}

/// The heredocs an instruction opens: `<<EOF`, `<<-EOF` (leading tabs stripped), `<<"EOF"`,
/// `<<'EOF'`. `<<<` (a here-string) and `<< EOF` with a space are not heredocs.
fn heredoc_delimiters(args: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let bytes = args.as_bytes();
    let mut i = 0;
    while let Some(p) = args[i..].find("<<") {
        let at = i + p;
        i = at + 2;
        if bytes.get(i) == Some(&b'<') || (at > 0 && bytes[at - 1] == b'<') {
            i += 1;
            continue;
        }
        let strip = bytes.get(i) == Some(&b'-');
        if strip {
            i += 1;
        }
        let quote = bytes.get(i).copied().filter(|c| *c == b'"' || *c == b'\'');
        if quote.is_some() {
            i += 1;
        }
        let word: String = args[i..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if word.is_empty() {
            continue;
        }
        i += word.len();
        if quote.is_some() && bytes.get(i).copied() == quote {
            i += 1;
        }
        out.push((word, strip));
    }
    out
}

impl Dockerfile {
    fn build_stages(&mut self) {
        let mut current: Option<Stage> = None;
        for (index, ins) in self.instructions.iter().enumerate() {
            if ins.keyword == "ARG" && current.is_none() && self.stages.is_empty() {
                for (name, value) in arg_definitions(&ins.args) {
                    let value = value.map(|v| substitute(&v, &self.global_args));
                    self.global_args.push((name, value));
                }
            }
            if ins.keyword != "FROM" {
                continue;
            }
            if let Some(mut s) = current.take() {
                s.instructions.end = index;
                self.stages.push(s);
            }
            let mut platform = None;
            let mut words = ins.args.split_whitespace().peekable();
            while let Some(flag) = words.next_if(|w| w.starts_with("--")) {
                if let Some(p) = flag.strip_prefix("--platform=") {
                    platform = Some(p.to_string());
                }
            }
            let image = words.next().unwrap_or_default().to_string();
            let name = match (words.next(), words.next()) {
                (Some(r#as), Some(n)) if r#as.eq_ignore_ascii_case("as") => {
                    Some(n.to_ascii_lowercase())
                }
                _ => None,
            };
            let resolved_image = substitute(&image, &self.global_args);
            current = Some(Stage {
                image,
                resolved_image,
                name,
                platform,
                line: ins.line,
                instructions: index + 1..index + 1,
            });
        }
        if let Some(mut s) = current {
            s.instructions.end = self.instructions.len();
            self.stages.push(s);
        }
    }
}

/// The variables an `ARG` declares: `ARG A`, `ARG A=1 B="two"`.
pub fn arg_definitions(args: &str) -> Vec<(String, Option<String>)> {
    shell_words(args)
        .into_iter()
        .map(|w| match w.split_once('=') {
            Some((n, v)) => (n.to_string(), Some(v.to_string())),
            None => (w, None),
        })
        .collect()
}

/// The variables an `ENV` sets: `ENV A=1 B="two words"`, or the legacy `ENV A value with
/// spaces`.
pub fn env_definitions(args: &str) -> Vec<(String, String)> {
    let words = shell_words(args);
    match words.first() {
        Some(first) if !first.contains('=') => {
            let value = args
                .trim()
                .split_once(char::is_whitespace)
                .map(|(_, v)| unquote(v.trim()))
                .unwrap_or_default();
            vec![(first.clone(), value)]
        }
        _ => words
            .into_iter()
            .filter_map(|w| {
                w.split_once('=')
                    .map(|(n, v)| (n.to_string(), v.to_string()))
            })
            .collect(),
    }
}

fn unquote(s: &str) -> String {
    shell_words(s).join(" ")
}

/// Splits on whitespace outside quotes and removes the quotes (`a="b c"` → `a=b c`).
pub fn shell_words(s: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut in_word = false;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some('"'), '\\') => {
                if let Some(n) = chars.next() {
                    word.push(n);
                }
            }
            (Some(_), c) => word.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (None, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

/// Replaces `$NAME`, `${NAME}`, `${NAME:-default}` with the arguments' defaults; unknown
/// variables stay as written.
pub fn substitute(s: &str, args: &[(String, Option<String>)]) -> String {
    let lookup = |name: &str| {
        args.iter()
            .rev()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.clone())
    };
    let mut out = String::new();
    let mut rest = s;
    while let Some(p) = rest.find('$') {
        out.push_str(&rest[..p]);
        rest = &rest[p + 1..];
        if let Some(inner) = rest.strip_prefix('{') {
            let Some(close) = inner.find('}') else {
                out.push('$');
                continue;
            };
            let expr = &inner[..close];
            let (name, fallback) = match expr.split_once(":-") {
                Some((n, d)) => (n, Some(d)),
                None => (expr, None),
            };
            if let Some(v) = lookup(name).or_else(|| fallback.map(str::to_string)) {
                out.push_str(&v);
            } else {
                out.push_str("${");
                out.push_str(expr);
                out.push('}');
            }
            rest = &inner[close + 1..];
        } else {
            let len = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            match lookup(&rest[..len]) {
                Some(v) if len > 0 => out.push_str(&v),
                _ => {
                    out.push('$');
                    out.push_str(&rest[..len]);
                }
            }
            rest = &rest[len..];
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const MULTI_STAGE: &str = r#"# syntax=docker/dockerfile:1.7
ARG NODE_VERSION=20
ARG BASE=node:${NODE_VERSION}-alpine

FROM ${BASE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci \
    # only production dependencies
    --omit=dev \
    && npm cache clean --force

FROM --platform=$BUILDPLATFORM golang:1.22@sha256:0123abcd AS Build
RUN <<EOF
set -e
go build -o /out/app ./cmd/app
EOF
COPY <<-CONF /etc/app.conf
	listen = 8080
	CONF

FROM gcr.io/distroless/static:nonroot
COPY --from=build /out/app /app
USER nonroot
ENTRYPOINT ["/app"]
"#;

    #[test]
    fn stages_instructions_and_lines() {
        let d = parse(MULTI_STAGE);
        assert_eq!(d.syntax.as_deref(), Some("docker/dockerfile:1.7"));
        assert_eq!(d.escape, '\\');
        assert_eq!(d.stages.len(), 3);
        let deps = &d.stages[0];
        assert_eq!(deps.image, "${BASE}");
        assert_eq!(deps.resolved_image, "node:20-alpine");
        assert_eq!(deps.name.as_deref(), Some("deps"));
        assert_eq!(deps.line, 5);
        let build = &d.stages[1];
        assert_eq!(build.name.as_deref(), Some("build"));
        assert_eq!(build.platform.as_deref(), Some("$BUILDPLATFORM"));
        assert_eq!(build.line, 13);
        let run = &d.stage_instructions(&d.stages[0])[2];
        assert_eq!(run.keyword, "RUN");
        assert_eq!(run.line, 8);
        assert_eq!(run.end_line, 11);
        assert_eq!(
            run.args, "npm ci --omit=dev && npm cache clean --force",
            "the comment inside the continuation is dropped"
        );
        let heredoc = &d.stage_instructions(build)[0];
        assert_eq!(heredoc.heredocs.len(), 1);
        assert!(heredoc.heredocs[0].contains("go build -o /out/app"));
        let conf = &d.stage_instructions(build)[1];
        assert_eq!(conf.keyword, "COPY");
        assert_eq!(conf.line, 18);
        assert_eq!(conf.heredocs, vec!["listen = 8080\n".to_string()]);
        let last = d.stages.last().unwrap();
        assert_eq!(last.line, 22);
        let user = &d.stage_instructions(last)[1];
        assert_eq!(
            (user.keyword.as_str(), user.args.as_str()),
            ("USER", "nonroot")
        );
        assert_eq!(d.stage_named("Build", 2), Some(1));
        assert_eq!(d.stage_named("build", 1), None, "only earlier stages");
        assert_eq!(d.stage_named("0", 2), Some(0));
    }

    #[test]
    fn escape_directive_changes_the_continuation_character() {
        let text =
            "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir `\n  c:\\\n";
        let d = parse(text);
        assert_eq!(d.escape, '`');
        assert_eq!(d.instructions[1].args, "dir c:\\");
        assert_eq!(d.instructions[1].end_line, 4);
        // A directive after an instruction is a comment.
        let d = parse("FROM x\n# escape=`\nRUN a `\nRUN b\n");
        assert_eq!(d.escape, '\\');
        assert_eq!(d.instructions.len(), 3);
    }

    #[test]
    fn image_references() {
        assert_eq!(
            image_ref("localhost:5000/team/api:1.2@sha256:abc"),
            ImageRef {
                name: "localhost:5000/team/api",
                tag: Some("1.2"),
                digest: Some("sha256:abc")
            }
        );
        assert_eq!(image_ref("localhost:5000/api").tag, None);
        assert_eq!(image_ref("node").tag, None);
        assert_eq!(image_ref("node:latest").tag, Some("latest"));
        assert_eq!(image_ref("python@sha256:ff").digest, Some("sha256:ff"));
    }

    #[test]
    fn env_and_arg_forms() {
        assert_eq!(
            env_definitions(r#"A=1 B="two words" C=$HOME"#),
            vec![
                ("A".into(), "1".into()),
                ("B".into(), "two words".into()),
                ("C".into(), "$HOME".into())
            ]
        );
        assert_eq!(
            env_definitions("DB_PASSWORD s3cr3t value"),
            vec![("DB_PASSWORD".into(), "s3cr3t value".into())]
        );
        assert_eq!(
            arg_definitions("TOKEN VERSION=1.0"),
            vec![
                ("TOKEN".into(), None),
                ("VERSION".into(), Some("1.0".into()))
            ]
        );
        assert_eq!(
            substitute("${A:-x}/$B/${C}", &[("B".into(), Some("b".into()))]),
            "x/b/${C}"
        );
    }

    #[test]
    fn malformed_input_does_not_panic() {
        for text in [
            "",
            "\\",
            "RUN <<",
            "RUN <<EOF\nno end",
            "FROM",
            "FROM a AS",
            "ENV",
            "# escape=x\nFROM a",
            "RUN a \\",
            "ENV A=\"unterminated",
            "FROM ${",
        ] {
            let _ = parse(text);
        }
        assert_eq!(parse("RUN a \\").instructions[0].args, "a");
    }
}
