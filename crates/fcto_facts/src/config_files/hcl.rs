//! A small reader of HCL, the syntax of Terraform and `OpenTofu` files: blocks with labels
//! (`resource "aws_s3_bucket" "logs" { ... }`), nested blocks, attributes, strings with their
//! `${...}` templates kept as written, heredocs, numbers, booleans, lists, objects, function
//! calls (`jsonencode({...})`) and comments (`#`, `//`, `/* */`), all with line numbers.
//! Expressions it does not model (references, operators, conditionals, `for` expressions) are
//! kept as their source text.

use std::fmt;

/// The contents of a file or of a block.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Body {
    pub attributes: Vec<Attribute>,
    pub blocks: Vec<Block>,
}

/// `name = value`.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    pub name: String,
    pub value: Expr,
    /// 1-based line of the name.
    pub line: u32,
}

/// `kind "label" "label" { body }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub kind: String,
    pub labels: Vec<String>,
    pub body: Body,
    /// 1-based line of the kind.
    pub line: u32,
}

/// An expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A quoted string or a heredoc, escapes decoded, `${...}` kept as written.
    Str(String),
    /// A number as written.
    Number(String),
    Bool(bool),
    Null,
    List(Vec<Expr>),
    /// `{ key = value, ... }`, with each entry's line.
    Object(Vec<(String, Expr, u32)>),
    /// `name(args)`.
    Call(String, Vec<Expr>),
    /// Anything else, as written: `var.name`, `a ? b : c`, `[for x in y : x]`.
    Raw(String),
}

/// Why a text could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub line: u32,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ParseError {}

impl Body {
    /// The attribute named `name`.
    pub fn attr(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name == name)
    }

    /// The attribute's value.
    pub fn get(&self, name: &str) -> Option<&Expr> {
        self.attr(name).map(|a| &a.value)
    }

    /// The nested blocks of a kind (`ingress`, `rule`...).
    pub fn blocks_of<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a Block> + 'a {
        self.blocks.iter().filter(move |b| b.kind == kind)
    }
}

impl Expr {
    /// The string, when the expression is a literal string without templates.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Expr::Str(s) => Some(s),
            _ => None,
        }
    }

    /// A literal `true`, or the string `"true"`.
    pub fn is_true(&self) -> bool {
        matches!(self, Expr::Bool(true)) || self.as_str() == Some("true")
    }

    /// A literal `false`, or the string `"false"`.
    pub fn is_false(&self) -> bool {
        matches!(self, Expr::Bool(false)) || self.as_str() == Some("false")
    }

    /// A number (literal or quoted) as an integer.
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Expr::Number(n) | Expr::Str(n) => n.trim().parse().ok(),
            _ => None,
        }
    }

    /// The literal strings of a string or a list (one level deep).
    pub fn strings(&self) -> Vec<&str> {
        match self {
            Expr::Str(s) => vec![s.as_str()],
            Expr::List(items) => items.iter().filter_map(Expr::as_str).collect(),
            _ => Vec::new(),
        }
    }

    /// The value of an object's key.
    pub fn field(&self, key: &str) -> Option<&Expr> {
        match self {
            Expr::Object(entries) => entries.iter().find(|(k, _, _)| k == key).map(|e| &e.1),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Newline,
    Ident(String),
    Number(String),
    Str(String),
    Heredoc(String),
    Punct(&'static str),
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    line: u32,
    start: usize,
    end: usize,
}

const PUNCTS: &[&str] = &[
    "...", "==", "!=", "<=", ">=", "&&", "||", "=>", "::", "{", "}", "[", "]", "(", ")", "=", ",",
    ":", ".", "?", "!", "<", ">", "+", "-", "*", "/", "%", "&", "|",
];

/// Splits HCL text into tokens. Comments are dropped (a line comment keeps its newline).
fn lex(text: &str) -> Result<Vec<Token>, ParseError> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut line = 1u32;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        let start_line = line;
        match c {
            b'\n' => {
                out.push(Token {
                    tok: Tok::Newline,
                    line,
                    start,
                    end: i + 1,
                });
                line += 1;
                i += 1;
            }
            b' ' | b'\t' | b'\r' => i += 1,
            b'#' => i = skip_to_eol(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'/') => i = skip_to_eol(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let Some(end) = text[i + 2..].find("*/") else {
                    return Err(error(line, "a /* comment is not closed"));
                };
                line += count_lines(&text[i..i + 2 + end]);
                i += end + 4;
            }
            b'"' => {
                let (value, end, lines) = string_literal(text, i).ok_or_else(|| {
                    error(line, "a string is not closed before the end of its line")
                })?;
                line += lines;
                out.push(Token {
                    tok: Tok::Str(value),
                    line: start_line,
                    start,
                    end,
                });
                i = end;
            }
            b'<' if text[i..].starts_with("<<") && heredoc_start(&text[i..]).is_some() => {
                let (marker, indent, header_len) =
                    heredoc_start(&text[i..]).ok_or_else(|| error(line, "a heredoc"))?;
                let (value, end, lines) = heredoc(text, i + header_len, &marker, indent)
                    .ok_or_else(|| error(line, &format!("heredoc <<{marker} is not closed")))?;
                line += lines;
                out.push(Token {
                    tok: Tok::Heredoc(value),
                    line: start_line,
                    start,
                    end,
                });
                i = end;
            }
            c if c.is_ascii_digit() => {
                let end = i + text[i..]
                    .find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '.'))
                    .unwrap_or(text.len() - i);
                out.push(Token {
                    tok: Tok::Number(text[i..end].to_string()),
                    line,
                    start,
                    end,
                });
                i = end;
            }
            c if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 => {
                let end = i + text[i..]
                    .find(|ch: char| !(ch.is_alphanumeric() || ch == '_' || ch == '-'))
                    .unwrap_or(text.len() - i);
                let end = end.max(i + text[i..].chars().next().map_or(1, char::len_utf8));
                out.push(Token {
                    tok: Tok::Ident(text[i..end].to_string()),
                    line,
                    start,
                    end,
                });
                i = end;
            }
            _ => {
                let Some(p) = PUNCTS.iter().find(|p| text[i..].starts_with(**p)) else {
                    return Err(error(
                        line,
                        &format!("unexpected character `{}`", char::from(c)),
                    ));
                };
                out.push(Token {
                    tok: Tok::Punct(p),
                    line,
                    start,
                    end: i + p.len(),
                });
                i += p.len();
            }
        }
    }
    Ok(out)
}

fn error(line: u32, message: &str) -> ParseError {
    ParseError {
        line,
        message: message.to_string(),
    }
}

fn skip_to_eol(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |p| from + p)
}

fn count_lines(s: &str) -> u32 {
    s.bytes().filter(|&b| b == b'\n').count() as u32
}

/// A quoted string starting at `at` (the `"`): its decoded value, the index after its closing
/// quote and the newlines inside `${ }` it spans. Templates are kept as written; quotes inside
/// `${ }` do not end the string.
fn string_literal(text: &str, at: usize) -> Option<(String, usize, u32)> {
    let bytes = text.as_bytes();
    let mut value = String::new();
    let mut i = at + 1;
    let mut depth = 0usize;
    let mut lines = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if depth == 0 {
            match c {
                b'"' => return Some((value, i + 1, lines)),
                b'\n' => return None,
                b'\\' => {
                    let (decoded, len) = match bytes.get(i + 1) {
                        Some(b'n') => ("\n", 2),
                        Some(b't') => ("\t", 2),
                        Some(b'r') => ("\r", 2),
                        Some(b'"') => ("\"", 2),
                        Some(b'\\') => ("\\", 2),
                        _ => ("\\", 1),
                    };
                    value.push_str(decoded);
                    i += len;
                    continue;
                }
                b'$' | b'%' if bytes.get(i + 1) == Some(&b'{') => {
                    depth = 1;
                    value.push_str(&text[i..i + 2]);
                    i += 2;
                    continue;
                }
                _ => {}
            }
        } else {
            match c {
                b'{' => depth += 1,
                b'}' => depth -= 1,
                b'\n' => lines += 1,
                b'"' => {
                    // a string inside the template: copied as written
                    let (_, end, inner_lines) = string_literal(text, i)?;
                    value.push_str(&text[i..end]);
                    lines += inner_lines;
                    i = end;
                    continue;
                }
                _ => {}
            }
        }
        let ch = text[i..].chars().next()?;
        value.push(ch);
        i += ch.len_utf8();
    }
    None
}

/// `<<EOF` or `<<-EOF` followed by the end of the line: (marker, indented, header length
/// including the newline).
fn heredoc_start(s: &str) -> Option<(String, bool, usize)> {
    let rest = s.strip_prefix("<<")?;
    let (indent, rest) = match rest.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let marker: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if marker.is_empty() {
        return None;
    }
    let after = &rest[marker.len()..];
    let eol = after.find('\n')?;
    if !after[..eol].trim().is_empty() {
        return None;
    }
    let header = s.len() - after.len() + eol + 1;
    Some((marker, indent, header))
}

/// The body of a heredoc starting at `from` (the line after the header) up to the line that
/// holds only `marker`: (value, index after the marker, lines spanned, header's newline
/// included). `<<-` removes the indentation the lines share.
fn heredoc(text: &str, from: usize, marker: &str, indent: bool) -> Option<(String, usize, u32)> {
    let mut lines = Vec::new();
    let mut at = from;
    loop {
        let rest = text.get(at..)?;
        if rest.is_empty() {
            return None;
        }
        let eol = rest.find('\n').unwrap_or(rest.len());
        let line = &rest[..eol];
        if line.trim() == marker {
            let spanned = lines.len() as u32 + 1;
            let body = if indent { dedent(&lines) } else { join(&lines) };
            return Some((body, at + line.trim_end().len(), spanned));
        }
        lines.push(line);
        at += eol + 1;
        if eol == rest.len() {
            return None;
        }
    }
}

fn join(lines: &[&str]) -> String {
    let mut out = String::new();
    for l in lines {
        out.push_str(l);
        out.push('\n');
    }
    out
}

fn dedent(lines: &[&str]) -> String {
    let common = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out = String::new();
    for l in lines {
        out.push_str(l.get(common..).unwrap_or("").trim_end_matches('\r'));
        out.push('\n');
    }
    out
}

/// Reads an HCL file into its body.
pub fn parse(text: &str) -> Result<Body, ParseError> {
    let tokens = lex(text)?;
    let mut p = Parser {
        text,
        tokens,
        at: 0,
    };
    let body = p.body(false)?;
    Ok(body)
}

struct Parser<'a> {
    text: &'a str,
    tokens: Vec<Token>,
    at: usize,
}

/// Where an expression ends.
#[derive(Clone, Copy, PartialEq)]
enum Context {
    /// An attribute of a body: at the end of the line or of the block.
    Body,
    /// A list item: at `,` or `]`.
    List,
    /// An object value: at the end of the line, `,` or `}`.
    Object,
    /// A function argument: at `,` or `)`.
    Call,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.at).map(|t| &t.tok)
    }

    fn peek_at(&self, n: usize) -> Option<&Tok> {
        self.tokens.get(self.at + n).map(|t| &t.tok)
    }

    fn line(&self) -> u32 {
        self.tokens
            .get(self.at)
            .or(self.tokens.last())
            .map_or(1, |t| t.line)
    }

    fn skip_newlines(&mut self) {
        while self.peek() == Some(&Tok::Newline) {
            self.at += 1;
        }
    }

    fn eat(&mut self, p: &str) -> bool {
        if matches!(self.peek(), Some(Tok::Punct(q)) if *q == p) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    /// Attributes and blocks up to `}` (when `nested`) or the end of the text.
    fn body(&mut self, nested: bool) -> Result<Body, ParseError> {
        let mut body = Body::default();
        loop {
            self.skip_newlines();
            let line = self.line();
            match self.peek().cloned() {
                None if nested => return Err(error(line, "a block is not closed with `}`")),
                None => return Ok(body),
                Some(Tok::Punct("}")) if nested => {
                    self.at += 1;
                    return Ok(body);
                }
                Some(Tok::Ident(name)) => {
                    self.at += 1;
                    if self.eat("=") || self.eat(":") {
                        let value = self.expr(Context::Body);
                        body.attributes.push(Attribute { name, value, line });
                    } else {
                        body.blocks.push(self.block(name, line)?);
                    }
                }
                Some(_) => {
                    return Err(error(
                        line,
                        "expected an attribute or a block, found something else",
                    ));
                }
            }
        }
    }

    fn block(&mut self, kind: String, line: u32) -> Result<Block, ParseError> {
        let mut labels = Vec::new();
        loop {
            match self.peek().cloned() {
                Some(Tok::Str(s) | Tok::Ident(s)) => {
                    labels.push(s);
                    self.at += 1;
                }
                Some(Tok::Punct("{")) => {
                    self.at += 1;
                    let body = self.body(true)?;
                    return Ok(Block {
                        kind,
                        labels,
                        body,
                        line,
                    });
                }
                _ => {
                    return Err(error(
                        self.line(),
                        &format!("expected `=` or a block's `{{` after `{kind}`"),
                    ));
                }
            }
        }
    }

    fn is_end(&self, context: Context) -> bool {
        let mut next = self.peek();
        if matches!(context, Context::List | Context::Call) {
            // newlines do not separate items here: look past them
            let mut n = 0;
            while next == Some(&Tok::Newline) {
                n += 1;
                next = self.peek_at(n);
            }
        }
        match next {
            None => true,
            Some(Tok::Newline) => matches!(context, Context::Body | Context::Object),
            Some(Tok::Punct(p)) => match context {
                Context::Body => *p == "}",
                Context::List => matches!(*p, "," | "]"),
                Context::Object => matches!(*p, "," | "}"),
                Context::Call => matches!(*p, "," | ")"),
            },
            _ => false,
        }
    }

    /// An expression; never fails: what it cannot model is kept as text up to where the
    /// expression ends.
    fn expr(&mut self, context: Context) -> Expr {
        let start = self.at;
        let value = self.primary();
        if self.is_end(context) {
            return value;
        }
        // An operator, index, attribute access or conditional follows: keep the source text.
        let mut depth = 0usize;
        while let Some(tok) = self.peek() {
            match tok {
                Tok::Punct("(" | "[" | "{") => depth += 1,
                Tok::Punct(")" | "]" | "}") if depth > 0 => depth -= 1,
                _ if depth == 0 && self.is_end(context) => break,
                _ => {}
            }
            self.at += 1;
        }
        self.raw_from(start)
    }

    fn raw_from(&self, start: usize) -> Expr {
        let (Some(first), Some(last)) = (
            self.tokens.get(start),
            self.tokens.get(self.at.saturating_sub(1)),
        ) else {
            return Expr::Raw(String::new());
        };
        if self.at <= start {
            return Expr::Raw(String::new());
        }
        Expr::Raw(self.text[first.start..last.end].trim().to_string())
    }

    fn primary(&mut self) -> Expr {
        let start = self.at;
        let Some(tok) = self.peek().cloned() else {
            return Expr::Raw(String::new());
        };
        self.at += 1;
        match tok {
            Tok::Str(s) | Tok::Heredoc(s) => Expr::Str(s),
            Tok::Number(n) => Expr::Number(n),
            Tok::Ident(name) => match name.as_str() {
                "true" => Expr::Bool(true),
                "false" => Expr::Bool(false),
                "null" => Expr::Null,
                _ if self.peek() == Some(&Tok::Punct("(")) => {
                    self.at += 1;
                    let args = self.items(Context::Call, ")");
                    Expr::Call(name, args)
                }
                _ => Expr::Raw(name),
            },
            Tok::Punct("-") if matches!(self.peek(), Some(Tok::Number(_))) => {
                let Some(Tok::Number(n)) = self.peek().cloned() else {
                    return Expr::Raw("-".into());
                };
                self.at += 1;
                Expr::Number(format!("-{n}"))
            }
            Tok::Punct("[") if !self.starts_for() => Expr::List(self.items(Context::List, "]")),
            Tok::Punct("{") if !self.starts_for() => self.object(),
            Tok::Punct(open @ ("[" | "{" | "(")) => {
                self.skip_balanced(open);
                self.raw_from(start)
            }
            Tok::Newline | Tok::Punct(_) => {
                self.at -= 1;
                Expr::Raw(String::new())
            }
        }
    }

    fn starts_for(&self) -> bool {
        let mut n = 0;
        while self.peek_at(n) == Some(&Tok::Newline) {
            n += 1;
        }
        matches!(self.peek_at(n), Some(Tok::Ident(s)) if s == "for")
    }

    /// Skips to the bracket closing the one just read.
    fn skip_balanced(&mut self, open: &str) {
        let close = match open {
            "[" => "]",
            "{" => "}",
            _ => ")",
        };
        let mut depth = 1usize;
        while let Some(tok) = self.peek().cloned() {
            self.at += 1;
            match tok {
                Tok::Punct(p) if p == open => depth += 1,
                Tok::Punct(p) if p == close => {
                    depth -= 1;
                    if depth == 0 {
                        return;
                    }
                }
                _ => {}
            }
        }
    }

    /// Comma-separated items up to `close` (already past the opening bracket).
    fn items(&mut self, context: Context, close: &'static str) -> Vec<Expr> {
        let mut items = Vec::new();
        loop {
            self.skip_newlines();
            if self.eat(close) || self.peek().is_none() {
                return items;
            }
            let before = self.at;
            items.push(self.expr(context));
            self.skip_newlines();
            if self.eat(",") || self.eat("...") {
                continue;
            }
            if self.eat(close) {
                return items;
            }
            if self.at == before {
                // nothing consumed: step over the stray token
                self.at += 1;
            }
        }
    }

    /// An object's entries up to `}` (already past the `{`).
    fn object(&mut self) -> Expr {
        let mut entries = Vec::new();
        loop {
            self.skip_newlines();
            if self.eat("}") || self.peek().is_none() {
                return Expr::Object(entries);
            }
            let line = self.line();
            let start = self.at;
            let key = match self.primary() {
                Expr::Str(s) | Expr::Raw(s) | Expr::Number(s) => s,
                Expr::Bool(b) => b.to_string(),
                _ => self.text[self.tokens[start].start..self.tokens[start].end].to_string(),
            };
            if self.eat("=") || self.eat(":") {
                let value = self.expr(Context::Object);
                entries.push((key, value, line));
            } else if self.at == start {
                self.at += 1;
            }
            self.eat(",");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAIN_TF: &str = r#"# S3 bucket for uploads
terraform {
  required_version = ">= 1.5"
}

/* a block comment
   spanning lines */
resource "aws_s3_bucket" "uploads" {
  bucket = "acme-${var.env}-uploads" // trailing comment
  acl    = "public-read"
  tags = {
    Name        = "uploads"
    "team:name" = "core"
  }
}

resource "aws_security_group" "db" {
  name = "db"
  ingress {
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0",
      "10.0.0.0/8"]
  }
  egress { from_port = 0
    to_port = 0 }
}

resource "aws_iam_policy" "admin" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "*"
      Resource = "*"
    }]
  })
  description = var.enabled ? "on" : "off"
  count       = length(var.names) > 0 ? 1 : 0
  names       = [for n in var.names : upper(n)]
  inline      = <<-EOT
    {
      "Action": "s3:*"
    }
  EOT
  after_heredoc = -1
}
"#;

    #[test]
    fn blocks_attributes_and_lines() {
        let body = parse(MAIN_TF).unwrap();
        assert_eq!(body.blocks.len(), 4);
        let bucket = &body.blocks[1];
        assert_eq!(bucket.kind, "resource");
        assert_eq!(bucket.labels, vec!["aws_s3_bucket", "uploads"]);
        assert_eq!(bucket.line, 8);
        let acl = bucket.body.attr("acl").unwrap();
        assert_eq!((acl.value.as_str(), acl.line), (Some("public-read"), 10));
        assert_eq!(
            bucket.body.get("bucket").unwrap().as_str(),
            Some("acme-${var.env}-uploads")
        );
        let tags = bucket.body.get("tags").unwrap();
        assert_eq!(tags.field("team:name").unwrap().as_str(), Some("core"));

        let sg = &body.blocks[2];
        let ingress = sg.body.blocks_of("ingress").next().unwrap();
        assert_eq!(ingress.line, 19);
        assert_eq!(ingress.body.get("from_port").unwrap().as_int(), Some(5432));
        let cidrs = ingress.body.attr("cidr_blocks").unwrap();
        assert_eq!(cidrs.value.strings(), vec!["0.0.0.0/0", "10.0.0.0/8"]);
        assert_eq!(cidrs.line, 23);
        let egress = sg.body.blocks_of("egress").next().unwrap();
        assert_eq!(egress.body.get("to_port").unwrap().as_int(), Some(0));

        let policy = &body.blocks[3].body;
        let Expr::Call(name, args) = policy.get("policy").unwrap() else {
            panic!("a call")
        };
        assert_eq!(name, "jsonencode");
        let statement = args[0].field("Statement").unwrap();
        let Expr::List(statements) = statement else {
            panic!("a list")
        };
        assert_eq!(statements[0].field("Action").unwrap().as_str(), Some("*"));
        assert_eq!(
            policy.get("description").unwrap(),
            &Expr::Raw("var.enabled ? \"on\" : \"off\"".into())
        );
        assert!(matches!(policy.get("count").unwrap(), Expr::Raw(r) if r.starts_with("length(")));
        assert_eq!(
            policy.get("names").unwrap(),
            &Expr::Raw("[for n in var.names : upper(n)]".into())
        );
        let inline = policy.attr("inline").unwrap();
        assert_eq!(
            inline.value.as_str(),
            Some("{\n  \"Action\": \"s3:*\"\n}\n")
        );
        let after = policy.attr("after_heredoc").unwrap();
        assert_eq!((after.value.as_int(), after.line), (Some(-1), 47));
    }

    #[test]
    fn strings_with_templates_and_escapes() {
        let body = parse(
            "a = \"x ${join(\",\", [\"p\", \"q\"])} \\\"y\\\"\"\nb = \"%{ if true }z%{ endif }\"\n",
        )
        .unwrap();
        assert_eq!(
            body.get("a").unwrap().as_str(),
            Some("x ${join(\",\", [\"p\", \"q\"])} \"y\"")
        );
        assert_eq!(body.attr("b").unwrap().line, 2);
    }

    #[test]
    fn malformed_text_is_an_error_with_a_line() {
        let e = parse("resource \"a\" \"b\" {\n  x = 1\n").unwrap_err();
        assert!(e.message.contains("not closed"), "{e}");
        let e = parse("a = \"open\nb = 1\n").unwrap_err();
        assert_eq!(e.line, 1);
        assert!(parse("x = <<EOF\nno end\n").is_err());
        assert!(parse("/* open").is_err());
        assert!(parse("} stray").is_err());
        for text in [
            "a = ",
            "a = [",
            "a = {",
            "a = f(",
            "a = [1,,]",
            "b { c = [for",
            "= 1",
        ] {
            let _ = parse(text);
        }
        assert_eq!(
            parse("a = [1,,2]")
                .unwrap()
                .get("a")
                .unwrap()
                .strings()
                .len(),
            0
        );
    }
}
