//! Terraform and `OpenTofu` files (`*.tf`, `*.tofu`) read with the HCL reader: their resources
//! and data sources, and IAM policy statements wherever they are written (`jsonencode({...})`,
//! JSON strings and heredocs, `aws_iam_policy_document` data sources).

use super::hcl::{self, Block, Body, Expr, ParseError};

/// A `resource` or `data` block.
#[derive(Debug, Clone, Copy)]
pub struct Resource<'a> {
    /// `aws_s3_bucket`.
    pub kind: &'a str,
    /// The local name (`uploads`).
    pub name: &'a str,
    pub body: &'a Body,
    /// 1-based line of the block.
    pub line: u32,
}

impl Resource<'_> {
    /// `aws_s3_bucket.uploads`.
    pub fn address(&self) -> String {
        format!("{}.{}", self.kind, self.name)
    }
}

/// Reads a Terraform file.
pub fn parse(text: &str) -> Result<Body, ParseError> {
    hcl::parse(text)
}

/// The blocks of a kind (`resource`, `data`) with two labels.
pub fn blocks<'a>(body: &'a Body, kind: &'a str) -> impl Iterator<Item = Resource<'a>> + 'a {
    body.blocks
        .iter()
        .filter(move |b| b.kind == kind)
        .filter_map(|b: &Block| match b.labels.as_slice() {
            [kind, name, ..] => Some(Resource {
                kind,
                name,
                body: &b.body,
                line: b.line,
            }),
            _ => None,
        })
}

/// The `resource` blocks of a file.
pub fn resources(body: &Body) -> impl Iterator<Item = Resource<'_>> {
    blocks(body, "resource")
}

/// One statement of an IAM policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// `Allow` unless written otherwise.
    pub effect: String,
    pub actions: Vec<String>,
    pub resources: Vec<String>,
    /// Whether `NotAction`/`NotResource` is used instead (so `*` means something else).
    pub negated: bool,
    /// 1-based line of the statement (or of the policy when only that is known).
    pub line: u32,
}

/// The statements of a policy attribute's value: `jsonencode({...})`, a JSON string or
/// heredoc. `line` is the attribute's line; statements of a JSON text are placed there.
pub fn policy_statements(value: &Expr, line: u32) -> Vec<Statement> {
    match value {
        Expr::Call(name, args) if name == "jsonencode" => args
            .first()
            .map_or_else(Vec::new, |a| object_statements(a, line)),
        Expr::Str(text) => json_statements(text, line),
        _ => Vec::new(),
    }
}

fn object_statements(policy: &Expr, line: u32) -> Vec<Statement> {
    let list = match policy.field("Statement") {
        Some(Expr::List(items)) => items.iter().collect::<Vec<_>>(),
        Some(single @ Expr::Object(_)) => vec![single],
        _ => return Vec::new(),
    };
    list.into_iter()
        .filter_map(|s| {
            let Expr::Object(entries) = s else {
                return None;
            };
            let first_line = entries.first().map_or(line, |e| e.2);
            let field = |k: &str| s.field(k).map(Expr::strings).unwrap_or_default();
            Some(Statement {
                effect: field("Effect")
                    .first()
                    .map_or("Allow".into(), ToString::to_string),
                actions: strings(&field("Action")),
                resources: strings(&field("Resource")),
                negated: s.field("NotAction").is_some() || s.field("NotResource").is_some(),
                line: first_line,
            })
        })
        .collect()
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(ToString::to_string).collect()
}

/// Statements of a JSON policy text. Templates (`${...}`) outside strings make it invalid
/// JSON; such a text gives no statements.
fn json_statements(text: &str, line: u32) -> Vec<Statement> {
    let Ok(json) = serde_json::from_str::<serde_json::Value>(text.trim()) else {
        return Vec::new();
    };
    let list = match json.get("Statement") {
        Some(serde_json::Value::Array(items)) => items.iter().collect::<Vec<_>>(),
        Some(single @ serde_json::Value::Object(_)) => vec![single],
        _ => return Vec::new(),
    };
    let values = |v: Option<&serde_json::Value>| -> Vec<String> {
        match v {
            Some(serde_json::Value::String(s)) => vec![s.clone()],
            Some(serde_json::Value::Array(a)) => a
                .iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        }
    };
    list.into_iter()
        .map(|s| Statement {
            effect: s
                .get("Effect")
                .and_then(|e| e.as_str())
                .unwrap_or("Allow")
                .to_string(),
            actions: values(s.get("Action")),
            resources: values(s.get("Resource")),
            negated: s.get("NotAction").is_some() || s.get("NotResource").is_some(),
            line,
        })
        .collect()
}

/// The statements of an `aws_iam_policy_document` data source's `statement` blocks.
pub fn document_statements(body: &Body) -> Vec<Statement> {
    body.blocks_of("statement")
        .map(|s| {
            let list = |k: &str| {
                s.body
                    .get(k)
                    .map(|e| strings(&e.strings()))
                    .unwrap_or_default()
            };
            Statement {
                effect: s
                    .body
                    .get("effect")
                    .and_then(Expr::as_str)
                    .unwrap_or("Allow")
                    .to_string(),
                actions: list("actions"),
                resources: list("resources"),
                negated: s.body.get("not_actions").is_some()
                    || s.body.get("not_resources").is_some(),
                line: s.line,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICIES: &str = r#"resource "aws_iam_policy" "inline" {
  name   = "admin"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["*"]
        Resource = "*"
      },
      {
        Effect    = "Allow"
        NotAction = "iam:*"
        Resource  = "*"
      }
    ]
  })
}

resource "aws_iam_role_policy" "heredoc" {
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}
}
EOF
}

data "aws_iam_policy_document" "doc" {
  statement {
    actions   = ["*"]
    resources = ["*"]
  }
  statement {
    effect    = "Deny"
    actions   = ["s3:DeleteBucket"]
    resources = ["*"]
  }
}
"#;

    #[test]
    fn policies_in_every_form() {
        let body = parse(POLICIES).unwrap();
        let found: Vec<Resource> = resources(&body).collect();
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].address(), "aws_iam_policy.inline");
        let attr = found[0].body.attr("policy").unwrap();
        let statements = policy_statements(&attr.value, attr.line);
        assert_eq!(statements.len(), 2);
        assert_eq!(statements[0].actions, vec!["*"]);
        assert_eq!(statements[0].resources, vec!["*"]);
        assert_eq!(statements[0].line, 7);
        assert!(!statements[0].negated);
        assert!(statements[1].negated);

        let attr = found[1].body.attr("policy").unwrap();
        let statements = policy_statements(&attr.value, attr.line);
        assert_eq!(statements.len(), 1);
        assert_eq!(statements[0].actions, vec!["s3:GetObject"]);
        assert_eq!(statements[0].line, 21);

        let data: Vec<Resource> = blocks(&body, "data").collect();
        assert_eq!(data[0].kind, "aws_iam_policy_document");
        let statements = document_statements(data[0].body);
        assert_eq!(statements.len(), 2);
        assert_eq!(statements[0].effect, "Allow");
        assert_eq!(statements[0].line, 30);
        assert_eq!(statements[1].effect, "Deny");
    }
}
