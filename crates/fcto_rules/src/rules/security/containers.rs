//! SEC-21's checks of Docker Compose files and Kubernetes manifests.

use super::infrastructure::{DATABASE_PORTS, Issue, port_name};
use fcto_facts::config_files::compose::{self, Service};
use fcto_facts::config_files::is_helm_template;
use fcto_facts::config_files::kubernetes::{self, Container, Object, SecurityContext};
use fcto_facts::config_files::yaml::{Scalar, Spanned};
use fcto_facts::secrets::{self, Confidence, RuleSet, mask};
use fcto_model::Severity;
use regex::Regex;
use std::sync::LazyLock;

fn line<T>(s: &Spanned<T>) -> u32 {
    s.referenced.line() as u32
}

/// A compose file written for development or tests, by its name or its folder (a dev
/// container's compose file is for the developer's machine).
fn development_compose(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    if lower.starts_with(".devcontainer/") || lower.contains("/.devcontainer/") {
        return true;
    }
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    [
        "override", "dev", "local", "test", "ci", "example", "e2e", "debug",
    ]
    .iter()
    .any(|w| name.contains(w))
}

/// Host paths whose mount hands a container the host.
const HOST_MOUNTS: &[(&str, &str)] = &[
    ("/", "the host's whole file system"),
    (
        "/var/run/docker.sock",
        "the Docker socket (root on the host)",
    ),
    ("/run/docker.sock", "the Docker socket (root on the host)"),
    ("/etc", "the host's /etc"),
    ("/root", "root's home folder"),
];

fn host_mount(source: &str) -> Option<&'static str> {
    let trimmed = if source.len() > 1 {
        source.trim_end_matches('/')
    } else {
        source
    };
    HOST_MOUNTS
        .iter()
        .find(|(p, _)| *p == trimmed)
        .map(|(_, what)| *what)
}

/// SEC-21's issues in a compose file.
pub(super) fn compose_issues(path: &str, text: &str) -> Vec<Issue> {
    let Ok(file) = compose::parse(text) else {
        return Vec::new();
    };
    let development = development_compose(path);
    let mut issues = Vec::new();
    let mut unlimited = Vec::new();
    let services = file.services.unwrap_or_default();
    for (name, service) in &services {
        service_issues(name, &service.value, production(path), &mut issues);
        if !service.value.has_limits() {
            unlimited.push((name.as_str(), line(service)));
        }
    }
    if !development && !unlimited.is_empty() {
        let names: Vec<String> = unlimited.iter().map(|(n, _)| format!("`{n}`")).collect();
        issues.push(Issue::new(
            Severity::Low,
            unlimited[0].1,
            "compose-no-limits".into(),
            format!(
                "{} of {} compose services have no memory or CPU limit ({})",
                unlimited.len(),
                services.len(),
                names.join(", ")
            ),
        ));
    }
    if development {
        for issue in &mut issues {
            // a database port on a developer's machine: low
            issue.severity = if issue.key.starts_with("compose-db-port") {
                Severity::Low
            } else {
                issue.severity.lower()
            };
        }
    }
    issues
}

fn service_issues(name: &str, s: &Service, production: bool, out: &mut Vec<Issue>) {
    let mut high = |line: u32, what: &str, message: String| {
        out.push(Issue::new(
            Severity::High,
            line,
            format!("compose-{what}:{name}"),
            message,
        ));
    };
    if let Some(p) = s.privileged.as_ref().filter(|p| p.value.is_true()) {
        high(
            line(p),
            "privileged",
            format!("Compose service `{name}` runs privileged (`privileged: true`)"),
        );
    }
    for (setting, value) in [
        ("network_mode", &s.network_mode),
        ("pid", &s.pid),
        ("ipc", &s.ipc),
    ] {
        if let Some(v) = value.as_ref().filter(|v| v.value.as_str() == "host") {
            high(
                line(v),
                setting,
                format!("Compose service `{name}` shares the host's namespace (`{setting}: host`)"),
            );
        }
    }
    for cap in s.cap_add.iter() {
        let c = cap.value.as_str().to_ascii_uppercase();
        if matches!(c.trim_start_matches("CAP_"), "ALL" | "SYS_ADMIN") {
            high(
                line(cap),
                "cap-add",
                format!("Compose service `{name}` adds the `{c}` capability"),
            );
        }
    }
    for volume in s.volumes.iter() {
        let Some(source) = volume.value.source() else {
            continue;
        };
        if let Some(what) = host_mount(&source) {
            high(
                line(volume),
                "host-mount",
                format!("Compose service `{name}` mounts {what} (`{source}`)"),
            );
        }
    }
    for port in s.ports.iter() {
        let published = port.value.published();
        let Ok(container) = published.container_port.trim().parse::<u32>() else {
            continue;
        };
        let all_interfaces = published
            .host_ip
            .as_deref()
            .is_none_or(|ip| matches!(ip, "0.0.0.0" | "::" | ""));
        if DATABASE_PORTS.contains(&container) && all_interfaces {
            // Critical in a file named for production; a development file's issues are
            // lowered afterwards (to medium).
            let severity = if production {
                Severity::Critical
            } else {
                Severity::High
            };
            out.push(Issue::new(
                severity,
                line(port),
                format!("compose-db-port:{name}:{container}"),
                format!(
                    "Compose service `{name}` publishes {} port {container} on all interfaces \
                     (bind it to 127.0.0.1)",
                    port_name(container)
                ),
            ));
        }
    }
}

/// A compose file named for production (`docker-compose.prod.yml`).
fn production(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    name.contains("prod") || name.contains("live")
}

/// SEC-21's issues in a YAML file that holds Kubernetes manifests.
pub(super) fn kubernetes_issues(path: &str, text: &str) -> Vec<Issue> {
    if is_helm_template(path, text) || !kubernetes::looks_like_manifest(text) {
        return Vec::new();
    }
    let (objects, _) = kubernetes::parse(text);
    let mut issues = Vec::new();
    for object in &objects {
        workload_issues(object, &mut issues);
        match object.kind() {
            "Service" => service_issues_k8s(object, &mut issues),
            "ConfigMap" => config_map_issues(object, &mut issues),
            "Secret" => secret_issues(object, &mut issues),
            _ => {}
        }
    }
    issues
}

fn flag_on(v: Option<&Spanned<Scalar>>) -> Option<u32> {
    v.filter(|v| v.value.is_true()).map(line)
}

fn workload_issues(object: &Object, out: &mut Vec<Issue>) {
    let Some(pod) = object.pod_spec() else {
        return;
    };
    let who = format!("{} `{}`", object.kind(), object.name());
    let key = |what: &str| format!("k8s-{what}:{}:{}", object.kind(), object.name());
    for (setting, value, id) in [
        ("hostNetwork", &pod.host_network, "CKV_K8S_19"),
        ("hostPID", &pod.host_pid, "CKV_K8S_17"),
        ("hostIPC", &pod.host_ipc, "CKV_K8S_18"),
    ] {
        if let Some(l) = flag_on(value.as_ref()) {
            out.push(
                Issue::new(
                    Severity::High,
                    l,
                    key(setting),
                    format!("{who} shares the host's namespace (`{setting}: true`)"),
                )
                .checkov(id),
            );
        }
    }
    for volume in &pod.volumes {
        let Some(path) = volume
            .value
            .host_path
            .as_ref()
            .and_then(|h| h.path.as_ref())
        else {
            continue;
        };
        let docker = path.as_str().ends_with("docker.sock");
        let issue = Issue::new(
            Severity::High,
            line(volume),
            key(&format!("hostPath:{}", path.as_str())),
            format!(
                "{who} mounts the host path `{}`{}",
                path.as_str(),
                if docker { " (the Docker socket)" } else { "" }
            ),
        );
        out.push(if docker {
            issue.checkov("CKV_K8S_27")
        } else {
            issue
        });
    }
    let pod_context = pod.security_context.as_ref();
    let mut unhardened = Vec::new();
    let mut unlimited = Vec::new();
    for container in pod.containers.iter().chain(&pod.init_containers) {
        let c = &container.value;
        let name = c.name.as_ref().map_or("", Scalar::as_str);
        let context = c.security_context.as_ref();
        if let Some(l) = flag_on(context.and_then(|s| s.privileged.as_ref())) {
            out.push(
                Issue::new(
                    Severity::High,
                    l,
                    key(&format!("privileged:{name}")),
                    format!("{who} runs container `{name}` privileged"),
                )
                .checkov("CKV_K8S_16"),
            );
        }
        let run_as_user = context
            .and_then(|s| s.run_as_user.as_ref())
            .or_else(|| pod_context.and_then(|s| s.run_as_user.as_ref()));
        if let Some(user) = run_as_user.filter(|u| u.value.as_str().trim() == "0") {
            out.push(Issue::new(
                Severity::High,
                line(user),
                key(&format!("root:{name}")),
                format!("{who} runs container `{name}` as root (`runAsUser: 0`)"),
            ));
        }
        let missing = missing_hardening(context, pod_context);
        if !missing.is_empty() {
            unhardened.push((name, line(container), missing));
        }
        if !has_limits(c) {
            unlimited.push((name, line(container)));
        }
    }
    if let Some(&(_, first, _)) = unhardened.first() {
        let list: Vec<String> = unhardened
            .iter()
            .map(|(n, _, m)| format!("`{n}` ({})", m.join(", ")))
            .collect();
        out.push(Issue::new(
            Severity::Medium,
            first,
            key("hardening"),
            format!(
                "{who} leaves containers without hardening: {}",
                list.join("; ")
            ),
        ));
    }
    if let Some(&(_, first)) = unlimited.first() {
        let list: Vec<String> = unlimited.iter().map(|(n, _)| format!("`{n}`")).collect();
        out.push(
            Issue::new(
                Severity::Medium,
                first,
                key("limits"),
                format!(
                    "{who} sets no memory or CPU limit on container{} {}",
                    if list.len() == 1 { "" } else { "s" },
                    list.join(", ")
                ),
            )
            .checkov("CKV_K8S_11/CKV_K8S_13"),
        );
    }
}

/// The hardening settings a container lacks (its own or its pod's security context).
fn missing_hardening(
    container: Option<&SecurityContext>,
    pod: Option<&SecurityContext>,
) -> Vec<&'static str> {
    let mut missing = Vec::new();
    let non_root = container
        .and_then(|s| s.run_as_non_root.as_ref())
        .or_else(|| pod.and_then(|s| s.run_as_non_root.as_ref()))
        .is_some_and(|v| v.value.is_true());
    let user_set = container
        .and_then(|s| s.run_as_user.as_ref())
        .or_else(|| pod.and_then(|s| s.run_as_user.as_ref()))
        .is_some_and(|u| u.value.as_str().trim().parse::<u64>().is_ok_and(|n| n > 0));
    if !non_root && !user_set {
        missing.push("no `runAsNonRoot: true`");
    }
    let no_escalation = container
        .and_then(|s| s.allow_privilege_escalation.as_ref())
        .is_some_and(|v| v.value.is_false());
    if !no_escalation {
        missing.push("no `allowPrivilegeEscalation: false`");
    }
    missing
}

fn has_limits(c: &Container) -> bool {
    c.resources
        .as_ref()
        .and_then(|r| r.limits.as_ref())
        .is_some_and(|l| l.contains_key("memory") || l.contains_key("cpu"))
}

fn service_issues_k8s(object: &Object, out: &mut Vec<Issue>) {
    let Some(spec) = &object.spec else {
        return;
    };
    let Some(kind) = spec
        .service_type
        .as_ref()
        .filter(|t| t.value.as_str() == "LoadBalancer")
    else {
        return;
    };
    for port in &spec.ports {
        let p = &port.value;
        let number = [&p.port, &p.target_port]
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().trim().parse::<u32>().ok())
            .find(|n| DATABASE_PORTS.contains(n));
        if let Some(n) = number {
            out.push(Issue::new(
                Severity::Critical,
                line(port),
                format!("k8s-lb-db:{}:{n}", object.name()),
                format!(
                    "Service `{}` of type LoadBalancer (line {}) exposes {} port {n} outside \
                     the cluster",
                    object.name(),
                    line(kind),
                    port_name(n)
                ),
            ));
        }
    }
}

static CREDENTIAL_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(password|passwd|secret|token|api_?key|private_?key|access_?key|credential)")
        .expect("credential key pattern")
});

/// Endings of keys that name where a credential is or a setting about it, not the credential.
const KEY_REFERENCES: &[&str] = &[
    "_file",
    "_path",
    "_url",
    "_uri",
    "_name",
    "_ttl",
    "_length",
    "_enabled",
    "_header",
    "_expiry",
    "_id",
    "_endpoint",
    ".file",
    "file",
];

/// Whether a key or variable name says it holds a credential (`DB_PASSWORD`, `api_key`),
/// unless it ends with one of `references` (lower case: `_file`, `_url`, ...) or says
/// `public`.
pub(crate) fn names_a_credential(name: &str, references: &[&str]) -> bool {
    let lower = name.to_ascii_lowercase();
    CREDENTIAL_KEY.is_match(name)
        && !references.iter().any(|s| lower.ends_with(s))
        && !lower.contains("public")
}

/// What people write where a credential goes, never a credential (lower case).
pub(crate) const PLACEHOLDER_WORDS: &[&str] = &[
    "example",
    "sample",
    "dummy",
    "placeholder",
    "changeme",
    "change_me",
    "change-me",
    "your_",
    "your-",
    "xxx",
    "<",
    "{{",
];

/// What people write where a credential goes, never a credential.
fn placeholder(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    value.trim().len() < 8
        || PLACEHOLDER_WORDS
            .iter()
            .chain(&["${", "$(", "redacted", "todo"])
            .any(|p| lower.contains(p))
        || value
            .chars()
            .all(|c| c == value.chars().next().unwrap_or(' '))
}

fn config_map_issues(object: &Object, out: &mut Vec<Issue>) {
    let mut keys = Vec::new();
    for (key, value) in object.data.iter().flatten() {
        let v = value.value.as_str();
        if names_a_credential(key, KEY_REFERENCES) && !placeholder(v) && !v.contains('\n') {
            keys.push((key.as_str(), line(value), mask(v.trim())));
        }
    }
    if let Some(&(_, first, _)) = keys.first() {
        let list: Vec<String> = keys
            .iter()
            .map(|(k, _, m)| format!("`{k}` = {m}"))
            .collect();
        out.push(Issue::new(
            Severity::High,
            first,
            format!("k8s-configmap:{}", object.name()),
            format!(
                "ConfigMap `{}` holds credentials in plain text: {}",
                object.name(),
                list.join(", ")
            ),
        ));
    }
}

/// How a Secret's value looks: a provider's credential or a private key (critical), a long
/// random value (high), or nothing to report.
fn credential_weight(value: &str) -> Option<(Severity, String)> {
    if value.contains("PRIVATE KEY-----") {
        return Some((Severity::Critical, "a private key".into()));
    }
    let rules = RuleSet::builtin();
    if let Some(m) = rules.scan(value.as_bytes()).into_iter().find(|m| {
        let r = &rules.rules[m.rule];
        !m.test_mode && r.confidence == Confidence::High && r.severity >= secrets::Severity::High
    }) {
        return Some((Severity::Critical, rules.rules[m.rule].name.clone()));
    }
    let v = value.trim();
    if placeholder(v) || v.len() < 12 || v.contains(char::is_whitespace) && !v.contains("://") {
        return None;
    }
    (secrets::entropy(v.as_bytes()) >= 3.5).then(|| (Severity::High, "a random value".into()))
}

fn secret_issues(object: &Object, out: &mut Vec<Issue>) {
    let public_only = object
        .secret_type
        .as_ref()
        .is_some_and(|t| t.as_str() == "kubernetes.io/service-account-token");
    if public_only {
        return;
    }
    let mut found = Vec::new();
    for (key, value, l) in kubernetes::secret_values(object) {
        // certificates are public; their keys are not
        if key.ends_with(".crt") || key.ends_with("ca.pem") {
            continue;
        }
        if let Some((severity, what)) = credential_weight(&value) {
            let shown = if what == "a private key" {
                "a private key".to_string()
            } else {
                format!("{what} {}", mask(value.trim()))
            };
            found.push((severity, key, l, shown));
        }
    }
    let Some(severity) = found.iter().map(|f| f.0).max() else {
        return;
    };
    let list: Vec<String> = found
        .iter()
        .map(|(_, k, _, shown)| format!("`{k}` ({shown})"))
        .collect();
    out.push(Issue::new(
        severity,
        found[0].2,
        format!("k8s-secret:{}", object.name()),
        format!(
            "Secret manifest `{}` commits credentials in plain text (base64 is not \
             encryption): {}",
            object.name(),
            list.join(", ")
        ),
    ));
}

#[cfg(test)]
mod tests {
    use super::development_compose;

    #[test]
    fn development_compose_files_by_name_and_folder() {
        for dev in [
            "docker-compose.override.yml",
            "compose.dev.yaml",
            ".devcontainer/docker-compose.yml",
            "tools/.devcontainer/compose.yml",
        ] {
            assert!(development_compose(dev), "{dev}");
        }
        for prod in ["docker-compose.yml", "deploy/compose.prod.yml"] {
            assert!(!development_compose(prod), "{prod}");
        }
    }
}
