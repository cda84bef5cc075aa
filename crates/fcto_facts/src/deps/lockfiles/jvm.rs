//! Maven and Gradle: `gradle.lockfile` (resolved versions per configuration) and the versions a
//! `pom.xml` declares (with `${property}` references resolved). No XML crate: a small scanner
//! builds the element tree, skipping comments, processing instructions and the doctype, and
//! reading CDATA as text.

use std::collections::HashMap;

use super::ReadFile;
use super::common::{Lines, dedupe, find_unquoted};
use crate::deps::{Ecosystem, Package, Relation};

pub(super) fn parse_gradle(
    path: &str,
    text: &str,
    _read: ReadFile<'_>,
) -> Result<Vec<Package>, String> {
    let mut packages = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((coordinates, configurations)) = line.split_once('=') else {
            return Err(format!(
                "{path} line {}: expected `group:artifact:version=configurations`",
                index + 1
            ));
        };
        if coordinates == "empty" {
            continue;
        }
        let mut parts = coordinates.split(':');
        let (Some(group), Some(artifact), Some(version)) =
            (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let configurations: Vec<&str> = configurations.split(',').map(str::trim).collect();
        packages.push(Package {
            ecosystem: Ecosystem::Maven,
            name: format!("{group}:{artifact}"),
            version: version.to_string(),
            relation: Relation::Unknown,
            dev: configurations.iter().all(|c| is_test_configuration(c)),
            file: path.to_string(),
            line: Some(index as u32 + 1),
        });
    }
    Ok(dedupe(packages))
}

/// `testCompileClasspath`, `debugUnitTestRuntimeClasspath`, `androidTestImplementation`,
/// `integrationTestRuntimeClasspath`...
fn is_test_configuration(name: &str) -> bool {
    !name.is_empty() && (name.starts_with("test") || name.contains("Test"))
}

pub(super) fn parse_pom(
    path: &str,
    text: &str,
    _read: ReadFile<'_>,
) -> Result<Vec<Package>, String> {
    let project = parse_xml(text).map_err(|e| format!("{path} is not well-formed XML: {e}"))?;
    if project.name != "project" {
        return Err(format!(
            "{path} is not a Maven POM: its root element is <{}>",
            project.name
        ));
    }
    let properties = properties(&project);
    let own_group = properties.get("project.groupId").cloned();
    let own_version = properties.get("project.version").cloned();
    let lines = Lines::new(text);
    let mut packages = Vec::new();
    for dependency in dependency_elements(&project) {
        let field = |name: &str| {
            dependency
                .child_text(name)
                .and_then(|v| resolve(v, &properties))
        };
        let (Some(group), Some(artifact), Some(version)) =
            (field("groupId"), field("artifactId"), field("version"))
        else {
            continue;
        };
        let Some(version) = exact_version(&version) else {
            continue;
        };
        let scope = field("scope").unwrap_or_default();
        let sibling_module =
            Some(&group) == own_group.as_ref() && Some(&version) == own_version.as_ref();
        if scope == "system" || sibling_module {
            continue;
        }
        packages.push(Package {
            ecosystem: Ecosystem::Maven,
            name: format!("{group}:{artifact}"),
            version,
            relation: Relation::Direct,
            dev: scope == "test",
            file: path.to_string(),
            line: Some(lines.at(dependency.start)),
        });
    }
    Ok(dedupe(packages))
}

/// The `<dependency>` elements of the project, its dependency management and its profiles;
/// not those of plugins, which are build tools rather than packages of the project.
fn dependency_elements(project: &Element) -> Vec<&Element> {
    let mut holders = vec![project];
    holders.extend(
        project
            .children_named("profiles")
            .flat_map(|p| p.children_named("profile")),
    );
    let mut out = Vec::new();
    for holder in holders {
        let lists = holder.children_named("dependencies").chain(
            holder
                .children_named("dependencyManagement")
                .flat_map(|m| m.children_named("dependencies")),
        );
        out.extend(lists.flat_map(|l| l.children_named("dependency")));
    }
    out.sort_by_key(|e| e.start);
    out
}

/// `<properties>` plus the built-in `project.*` ones.
fn properties(project: &Element) -> HashMap<String, String> {
    let mut out: HashMap<String, String> = project
        .children_named("properties")
        .flat_map(|p| &p.children)
        .map(|e| (e.name.clone(), e.text.trim().to_string()))
        .collect();
    let parent = project.children_named("parent").next();
    let parent_text = |name: &str| parent.and_then(|p| p.child_text(name)).map(str::to_string);
    let version = project
        .child_text("version")
        .map(str::to_string)
        .or_else(|| parent_text("version"));
    let group = project
        .child_text("groupId")
        .map(str::to_string)
        .or_else(|| parent_text("groupId"));
    let builtin = [
        ("project.version", version.clone()),
        ("pom.version", version.clone()),
        ("version", version),
        ("project.groupId", group.clone()),
        ("pom.groupId", group),
        (
            "project.artifactId",
            project.child_text("artifactId").map(str::to_string),
        ),
        ("project.parent.version", parent_text("version")),
        ("parent.version", parent_text("version")),
        ("project.parent.groupId", parent_text("groupId")),
    ];
    for (key, value) in builtin {
        if let Some(value) = value {
            out.entry(key.to_string()).or_insert(value);
        }
    }
    out
}

/// The value with every `${name}` replaced; `None` when one cannot be resolved.
fn resolve(value: &str, properties: &HashMap<String, String>) -> Option<String> {
    let mut value = value.trim().to_string();
    // Properties may refer to properties; a cycle stops at the limit.
    for _ in 0..10 {
        let Some(start) = value.find("${") else {
            return Some(value);
        };
        let end = start + value[start..].find('}')?;
        let replacement = properties.get(&value[start + 2..end])?;
        value.replace_range(start..=end, replacement);
    }
    None
}

/// A literal version or a one-element range `[1.2.3]`; other ranges are not resolved versions.
fn exact_version(version: &str) -> Option<String> {
    if let Some(inner) = version.strip_prefix('[').and_then(|v| v.strip_suffix(']'))
        && !inner.contains(',')
    {
        return Some(inner.trim().to_string());
    }
    let ranged = version.contains([',', '[', ']', '(', ')']);
    (!version.is_empty() && !ranged).then(|| version.to_string())
}

/// An XML element: local name, start offset, child elements and text content.
#[derive(Default)]
struct Element {
    name: String,
    start: usize,
    children: Vec<Element>,
    text: String,
}

impl Element {
    fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    fn child_text(&self, name: &str) -> Option<&str> {
        self.children
            .iter()
            .find(|c| c.name == name)
            .map(|c| c.text.trim())
    }
}

/// Reads the element tree of an XML document.
fn parse_xml(text: &str) -> Result<Element, String> {
    let lines = Lines::new(text);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        let Some(lt) = rest.find('<') else {
            append_text(&mut stack, rest);
            break;
        };
        append_text(&mut stack, &rest[..lt]);
        at += lt;
        let rest = &text[at..];
        let line = lines.at(at);
        let unterminated = |what: &str| format!("unterminated {what} at line {line}");
        if let Some(body) = rest.strip_prefix("<!--") {
            at += 4 + body.find("-->").ok_or_else(|| unterminated("comment"))? + 3;
        } else if let Some(body) = rest.strip_prefix("<![CDATA[") {
            let end = body
                .find("]]>")
                .ok_or_else(|| unterminated("CDATA section"))?;
            if let Some(top) = stack.last_mut() {
                top.text.push_str(&body[..end]);
            }
            at += 9 + end + 3;
        } else if rest.starts_with("<?") {
            at += rest
                .find("?>")
                .ok_or_else(|| unterminated("processing instruction"))?
                + 2;
        } else if rest.starts_with("<!") {
            at += skip_doctype(rest).ok_or_else(|| unterminated("declaration"))?;
        } else if let Some(body) = rest.strip_prefix("</") {
            let end = body.find('>').ok_or_else(|| unterminated("end tag"))?;
            let name = local_name(body[..end].trim());
            let element = stack
                .pop()
                .ok_or_else(|| format!("</{name}> without a start tag at line {}", lines.at(at)))?;
            if element.name != name {
                return Err(format!(
                    "<{}> closed by </{name}> at line {}",
                    element.name,
                    lines.at(at)
                ));
            }
            close(&mut stack, &mut root, element);
            at += 2 + end + 1;
        } else {
            let end = tag_end(rest).ok_or_else(|| unterminated("start tag"))?;
            let inside = &rest[1..end];
            let self_closing = inside.ends_with('/');
            let inside = inside.trim_end_matches('/');
            let name_end = inside
                .find(|c: char| c.is_whitespace())
                .unwrap_or(inside.len());
            let element = Element {
                name: local_name(&inside[..name_end]).to_string(),
                start: at,
                ..Element::default()
            };
            if self_closing {
                close(&mut stack, &mut root, element);
            } else {
                stack.push(element);
            }
            at += end + 1;
        }
    }
    if let Some(open) = stack.last() {
        return Err(format!("<{}> is never closed", open.name));
    }
    root.ok_or_else(|| "there is no root element".to_string())
}

fn close(stack: &mut [Element], root: &mut Option<Element>, element: Element) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(element),
        None => *root = root.take().or(Some(element)),
    }
}

fn append_text(stack: &mut [Element], raw: &str) {
    if let Some(top) = stack.last_mut()
        && !raw.trim().is_empty()
    {
        top.text.push_str(&decode_entities(raw));
    }
}

/// `pom:project` ──▶ `project`.
fn local_name(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// The offset of the `>` closing a start tag, skipping quoted attribute values.
fn tag_end(tag: &str) -> Option<usize> {
    find_unquoted(tag, &['"', '\''], false, ">")
}

/// The length of a `<!DOCTYPE ...>` declaration, with an internal subset in brackets.
fn skip_doctype(rest: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (at, c) in rest.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            '>' if depth == 0 => return Some(at + 1),
            _ => {}
        }
    }
    None
}

fn decode_entities(raw: &str) -> String {
    if !raw.contains('&') {
        return raw.to_string();
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        let decoded = tail.find(';').and_then(|semi| {
            let c = match &tail[1..semi] {
                "lt" => Some('<'),
                "gt" => Some('>'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                numeric => numeric_entity(numeric),
            };
            c.map(|c| (c, semi + 1))
        });
        if let Some((c, len)) = decoded {
            out.push(c);
            rest = &tail[len..];
        } else {
            out.push('&');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

/// `#65` or `#x41` ──▶ `A`.
fn numeric_entity(entity: &str) -> Option<char> {
    let number = entity.strip_prefix('#')?;
    let code = match number.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => number.parse().ok()?,
    };
    char::from_u32(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_files(_: &str) -> Option<String> {
        None
    }

    /// Each package as (name, version, dev, line).
    fn dev_rows(packages: &[Package]) -> Vec<(&str, &str, bool, u32)> {
        packages
            .iter()
            .map(|p| (p.name.as_str(), p.version.as_str(), p.dev, p.line.unwrap()))
            .collect()
    }

    const LOCKFILE: &str = "# This is a Gradle generated file for dependency locking.
# Manual edits can break the build and are not advised.
# This file is expected to be part of source control.
com.google.guava:failureaccess:1.0.1=compileClasspath,runtimeClasspath
com.google.guava:guava:32.1.3-jre=compileClasspath,runtimeClasspath,testCompileClasspath
junit:junit:4.13.2=testCompileClasspath,testRuntimeClasspath
org.mockito:mockito-core:5.8.0=debugUnitTestRuntimeClasspath,androidTestImplementation
empty=annotationProcessor,testAnnotationProcessor
";

    #[test]
    fn gradle_lockfile() {
        let out = parse_gradle("app/gradle.lockfile", LOCKFILE, &no_files).unwrap();
        assert_eq!(
            dev_rows(&out),
            [
                ("com.google.guava:failureaccess", "1.0.1", false, 4),
                ("com.google.guava:guava", "32.1.3-jre", false, 5),
                ("junit:junit", "4.13.2", true, 6),
                ("org.mockito:mockito-core", "5.8.0", true, 7),
            ]
        );
        assert!(out.iter().all(|p| p.relation == Relation::Unknown));
        assert!(parse_gradle("gradle.lockfile", "<html>\n", &no_files).is_err());
    }

    const POM: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE project>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-starter-parent</artifactId>
    <version>3.2.1</version>
  </parent>
  <groupId>com.acme</groupId>
  <artifactId>shop</artifactId>
  <version>1.4.0-SNAPSHOT</version>
  <properties>
    <jackson.version>2.16.1</jackson.version>
    <jackson-bom.version>${jackson.version}</jackson-bom.version>
    <!-- <guava.version>1.0</guava.version> -->
    <guava.version><![CDATA[33.0.0-jre]]></guava.version>
  </properties>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>com.fasterxml.jackson</groupId>
        <artifactId>jackson-bom</artifactId>
        <version>${jackson-bom.version}</version>
        <type>pom</type>
        <scope>import</scope>
      </dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
    <dependency>
      <groupId>com.google.guava</groupId>
      <artifactId>guava</artifactId>
      <version>${guava.version}</version>
    </dependency>
    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter-web</artifactId>
    </dependency>
    <!--
    <dependency>
      <groupId>commented</groupId><artifactId>out</artifactId><version>1.0</version>
    </dependency>
    -->
    <dependency>
      <groupId>com.acme</groupId>
      <artifactId>shop-core</artifactId>
      <version>${project.version}</version>
    </dependency>
    <dependency>
      <groupId>org.junit.jupiter</groupId>
      <artifactId>junit-jupiter</artifactId>
      <version>5.10.1</version>
      <scope>test</scope>
    </dependency>
    <dependency>
      <groupId>org.example</groupId>
      <artifactId>ranged</artifactId>
      <version>[1.0,2.0)</version>
    </dependency>
    <dependency>
      <groupId>org.example</groupId>
      <artifactId>unresolved</artifactId>
      <version>${missing.version}</version>
    </dependency>
    <dependency>
      <groupId>org.example</groupId>
      <artifactId>pinned</artifactId>
      <version>[1.5]</version>
    </dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-surefire-plugin</artifactId>
        <version>3.2.3</version>
        <dependencies>
          <dependency>
            <groupId>org.ow2.asm</groupId>
            <artifactId>asm</artifactId>
            <version>9.6</version>
          </dependency>
        </dependencies>
      </plugin>
    </plugins>
  </build>
  <profiles>
    <profile>
      <id>pg</id>
      <dependencies>
        <dependency>
          <groupId>org.postgresql</groupId>
          <artifactId>postgresql</artifactId>
          <version>42.7.1</version>
        </dependency>
      </dependencies>
    </profile>
  </profiles>
</project>
"#;

    #[test]
    fn pom_declared_versions() {
        let out = parse_pom("shop/pom.xml", POM, &no_files).unwrap();
        assert_eq!(
            dev_rows(&out),
            [
                ("com.fasterxml.jackson:jackson-bom", "2.16.1", false, 21),
                ("com.google.guava:guava", "33.0.0-jre", false, 31),
                ("org.junit.jupiter:junit-jupiter", "5.10.1", true, 50),
                ("org.example:pinned", "1.5", false, 66),
                ("org.postgresql:postgresql", "42.7.1", false, 92),
            ]
        );
        assert!(out.iter().all(|p| p.relation == Relation::Direct));
    }

    #[test]
    fn malformed_pom_is_an_error() {
        let err = parse_pom("pom.xml", "<project><dependencies></project>", &no_files).unwrap_err();
        assert_eq!(
            err,
            "pom.xml is not well-formed XML: <dependencies> closed by </project> at line 1"
        );
        assert!(parse_pom("pom.xml", "<project><!-- open", &no_files).is_err());
        assert!(parse_pom("pom.xml", "<settings/>", &no_files).is_err());
        assert!(parse_pom("pom.xml", "", &no_files).is_err());
    }

    #[test]
    fn entities_decoded() {
        assert_eq!(
            decode_entities("a &amp; b &#65;&#x42; &bogus"),
            "a & b AB &bogus"
        );
    }
}
