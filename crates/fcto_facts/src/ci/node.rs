//! A YAML value of any shape with the line each part starts on, for the keys whose shape varies
//! (`on:`, `permissions:`, `runs-on:`, GitLab jobs and includes).

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// A YAML node. Scalars are kept as text (`true`, `0`, `main`); `null` and `~` are `Null`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Null,
    Scalar(String),
    /// Items with the line each starts on.
    Seq(Vec<Item>),
    /// Entries in document order: (key, line of the key, value).
    Map(Vec<(String, u32, Item)>),
}

/// A node and where it is: its first line and, for scalars, its bytes in the source.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Item {
    pub node: Node,
    pub line: u32,
    pub bytes: Option<(usize, usize)>,
}

impl From<Spanned<Node>> for Item {
    fn from(s: Spanned<Node>) -> Item {
        let span = s.defined.span();
        let bytes = span
            .byte_offset()
            .zip(span.byte_len())
            .map(|(o, l)| (o as usize, l as usize));
        Item {
            node: s.value,
            line: s.defined.line() as u32,
            bytes,
        }
    }
}

impl Node {
    /// The text of a scalar.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The value of `key` in a map.
    pub fn get(&self, key: &str) -> Option<&Item> {
        match self {
            Node::Map(entries) => entries.iter().find(|(k, _, _)| k == key).map(|(_, _, v)| v),
            _ => None,
        }
    }

    /// A scalar or a list of scalars as strings (anything else gives nothing).
    pub fn strings(&self) -> Vec<String> {
        match self {
            Node::Scalar(s) => vec![s.clone()],
            Node::Seq(items) => items
                .iter()
                .filter_map(|i| i.node.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The entries of a map whose values are scalars, as (key, text).
    pub fn scalar_entries(&self) -> Vec<(String, String)> {
        match self {
            Node::Map(entries) => entries
                .iter()
                .filter_map(|(k, _, v)| match &v.node {
                    Node::Scalar(s) => Some((k.clone(), s.clone())),
                    Node::Null => Some((k.clone(), String::new())),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
        Ok(Node::Scalar(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Node>>()? {
            items.push(item.into());
        }
        Ok(Node::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<Node>>()? {
            let line = key.referenced.line() as u32;
            let key = match key.value {
                Node::Scalar(s) => s,
                // null and complex keys do not occur in CI files; keep the entry unnamed
                _ => String::new(),
            };
            let value: Spanned<Node> = map.next_value()?;
            entries.push((key, line, value.into()));
        }
        Ok(Node::Map(entries))
    }
}

/// Parses `text` into a node tree, with a plain-sentence error.
#[cfg(test)]
pub(crate) fn parse(path: &str, text: &str) -> Result<Item, String> {
    serde_saphyr::from_str::<Spanned<Node>>(text)
        .map(Item::from)
        .map_err(|e| yaml_error(path, &e))
}

/// "`ci.yml` is not valid YAML (line 3: …)", the first line of the parser's message.
pub(crate) fn yaml_error(path: &str, e: &serde_saphyr::Error) -> String {
    let first = e.to_string();
    let first = first.lines().next().unwrap_or("").trim();
    format!("`{path}` could not be read as YAML ({first})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_keep_lines_order_and_scalars_as_text() {
        let item = parse(
            "x.yml",
            "b: 1\na:\n  - x\n  - {k: true}\nc:\nd: &d\n  e: f\ng:\n  <<: *d\n",
        )
        .unwrap();
        let Node::Map(entries) = &item.node else {
            panic!("a map")
        };
        let keys: Vec<(&str, u32)> = entries.iter().map(|(k, l, _)| (k.as_str(), *l)).collect();
        assert_eq!(keys, [("b", 1), ("a", 2), ("c", 5), ("d", 6), ("g", 8)]);
        assert_eq!(item.node.get("b").unwrap().node, Node::Scalar("1".into()));
        let Node::Seq(a) = &item.node.get("a").unwrap().node else {
            panic!("a list")
        };
        assert_eq!(a[0].line, 3);
        assert_eq!(a[1].line, 4);
        assert_eq!(a[1].node.get("k").unwrap().node.as_str(), Some("true"));
        assert_eq!(item.node.get("c").unwrap().node, Node::Null);
        // merge keys are applied
        let g = &item.node.get("g").unwrap().node;
        assert_eq!(g.get("e").unwrap().node.as_str(), Some("f"));
    }

    #[test]
    fn broken_yaml_is_an_error_sentence() {
        let e = parse("ci.yml", "a: [1, 2\nb: c: d\n").unwrap_err();
        assert!(e.starts_with("`ci.yml` could not be read as YAML ("), "{e}");
    }
}
