//! What the compose and Kubernetes readers share: a scalar that takes any YAML scalar as text,
//! the split of a stream into documents, and serde-saphyr's options.

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A value with the place it came from (`value`, `referenced.line()`).
pub type Spanned<T> = serde_saphyr::Spanned<T>;

/// Any YAML scalar read as text (`true`, `5432`, `"0.0.0.0"`), so that a field written as a
/// number in one file and as a string in another reads the same. A sequence or a mapping
/// where a scalar was expected reads as empty rather than failing the whole document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Scalar(pub String);

impl Scalar {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `true` in YAML 1.2 and the `yes`/`on` of YAML 1.1, in any case.
    pub fn is_true(&self) -> bool {
        matches!(
            self.0.trim().to_ascii_lowercase().as_str(),
            "true" | "yes" | "on" | "1"
        )
    }

    /// `false` in YAML 1.2 and the `no`/`off` of YAML 1.1, in any case.
    pub fn is_false(&self) -> bool {
        matches!(
            self.0.trim().to_ascii_lowercase().as_str(),
            "false" | "no" | "off" | "0"
        )
    }
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Scalar, D::Error> {
        deserializer.deserialize_any(ScalarVisitor)
    }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a scalar")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
        Ok(Scalar(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
        Ok(Scalar(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
        Ok(Scalar(v.to_string()))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Scalar, E> {
        Ok(Scalar(v.to_string()))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Scalar, E> {
        Ok(Scalar(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
        Ok(Scalar(v.to_string()))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
        Ok(Scalar(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Scalar, E> {
        Ok(Scalar(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Scalar, E> {
        Ok(Scalar::default())
    }
    fn visit_none<E: de::Error>(self) -> Result<Scalar, E> {
        Ok(Scalar::default())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Scalar, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Scalar::default())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Scalar::default())
    }
}

/// A list that also accepts a single value or nothing (`cap_add: ALL`, `ports:` left empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct List<T>(pub Vec<T>);

impl<T> Default for List<T> {
    fn default() -> Self {
        List(Vec::new())
    }
}

impl<T> std::ops::Deref for List<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.0
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<List<T>, D::Error> {
        // Not an untagged enum: serde buffers those, and the items would lose their spans.
        deserializer.deserialize_any(ListVisitor(std::marker::PhantomData))
    }
}

struct ListVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
    type Value = List<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list or a single value")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<List<T>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<T>()? {
            items.push(item);
        }
        Ok(List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<List<T>, A::Error> {
        T::deserialize(de::value::MapAccessDeserializer::new(map)).map(|v| List(vec![v]))
    }
    fn visit_unit<E: de::Error>(self) -> Result<List<T>, E> {
        Ok(List(Vec::new()))
    }
    fn visit_none<E: de::Error>(self) -> Result<List<T>, E> {
        Ok(List(Vec::new()))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<List<T>, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<List<T>, E> {
        T::deserialize(de::IntoDeserializer::into_deserializer(v)).map(|v| List(vec![v]))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<List<T>, E> {
        self.visit_str(&v)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<List<T>, E> {
        self.visit_string(v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<List<T>, E> {
        self.visit_string(v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<List<T>, E> {
        self.visit_string(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<List<T>, E> {
        self.visit_string(v.to_string())
    }
}

/// serde-saphyr's defaults, except that a repeated key keeps its last value (as most YAML
/// readers do) instead of failing the document.
pub(crate) fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::LastWins,
    }
}

/// The documents of a YAML stream (split at `---` lines), each padded with empty lines so that
/// the lines serde-saphyr reports are lines of the whole file. Documents holding only
/// comments are left out. A YAML error in one document does not stop the others being read.
pub(crate) fn documents(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut current: Vec<&str> = Vec::new();
    let mut flush = |start: usize, lines: &mut Vec<&str>| {
        let has_content = lines.iter().any(|l| {
            let t = l.trim();
            !t.is_empty() && !t.starts_with('#') && t != "---" && t != "..."
        });
        if has_content {
            let mut doc = "\n".repeat(start);
            for l in lines.iter() {
                doc.push_str(l);
                doc.push('\n');
            }
            out.push(doc);
        }
        lines.clear();
    };
    for (i, line) in text.lines().enumerate() {
        let marker = line.starts_with("---")
            && line[3..]
                .chars()
                .next()
                .is_none_or(|c| c.is_whitespace() || c == '#');
        if marker || line.starts_with("...") && line[3..].trim().is_empty() {
            flush(start, &mut current);
            start = i;
            // `--- {a: 1}` keeps the content after the marker.
            current.push(if marker { line } else { "" });
            continue;
        }
        current.push(line);
    }
    flush(start, &mut current);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct Doc {
        #[serde(default)]
        a: Option<Spanned<Scalar>>,
        #[serde(default)]
        b: List<Scalar>,
    }

    #[test]
    fn documents_keep_file_lines() {
        let text = "# header\na: 1\n---\n# only a comment\n---\nb: x\na: \"two\"\n...\n";
        let docs = documents(text);
        assert_eq!(docs.len(), 2);
        let first: Doc = serde_saphyr::from_str_with_options(&docs[0], options()).unwrap();
        assert_eq!(first.a.as_ref().unwrap().value.as_str(), "1");
        assert_eq!(first.a.unwrap().referenced.line(), 2);
        let second: Doc = serde_saphyr::from_str_with_options(&docs[1], options()).unwrap();
        assert_eq!(
            second.b.0,
            vec![Scalar("x".into())],
            "a single value is a list"
        );
        let a = second.a.unwrap();
        assert_eq!((a.value.as_str(), a.referenced.line()), ("two", 7));
    }

    #[test]
    fn scalars_of_every_kind_read_as_text() {
        let d: Doc =
            serde_saphyr::from_str_with_options("a: true\nb: [1, 2.5, null, {x: 1}]\n", options())
                .unwrap();
        assert!(d.a.unwrap().value.is_true());
        let b: Vec<&str> = d.b.iter().map(Scalar::as_str).collect();
        assert_eq!(b, vec!["1", "2.5", "", ""]);
        assert!(Scalar("False".into()).is_false());
    }
}
