//! Docker Compose files (`docker-compose*.yml`, `compose*.yaml`) read into typed services, with
//! the lines of the settings that matter for security and operations: privileges, host
//! namespaces, mounts, published ports and resource limits. `<<` merges of `x-` anchors are
//! applied by serde-saphyr.

use super::yaml::{self, List, Scalar, Spanned};
use serde::Deserialize;
use std::collections::BTreeMap;

/// A compose file.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ComposeFile {
    #[serde(default)]
    pub services: Option<BTreeMap<String, Spanned<Service>>>,
}

/// One service. Only the settings fcto reads are kept.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Service {
    pub image: Option<Spanned<Scalar>>,
    pub privileged: Option<Spanned<Scalar>>,
    pub network_mode: Option<Spanned<Scalar>>,
    pub pid: Option<Spanned<Scalar>>,
    pub ipc: Option<Spanned<Scalar>>,
    pub user: Option<Spanned<Scalar>>,
    pub cap_add: List<Spanned<Scalar>>,
    pub volumes: List<Spanned<Volume>>,
    pub ports: List<Spanned<Port>>,
    pub mem_limit: Option<Spanned<Scalar>>,
    pub cpus: Option<Spanned<Scalar>>,
    pub deploy: Option<Deploy>,
}

/// A volume, in the short (`./data:/var/lib/data:ro`) or the long form.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Volume {
    // A long form first: `Scalar` would take a mapping too (as empty).
    Long(LongVolume),
    Short(Scalar),
}

/// The long form of a volume.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct LongVolume {
    #[serde(rename = "type")]
    pub kind: Option<Scalar>,
    pub source: Option<Scalar>,
    pub target: Option<Scalar>,
}

impl Volume {
    /// The host path or volume name mounted (`./data`, `/var/run/docker.sock`, `pgdata`), or
    /// `None` for an anonymous volume.
    pub fn source(&self) -> Option<String> {
        match self {
            Volume::Short(s) => {
                let parts: Vec<&str> = s.as_str().split(':').collect();
                (parts.len() >= 2).then(|| parts[0].to_string())
            }
            Volume::Long(l) => l.source.as_ref().map(|s| s.0.clone()),
        }
    }
}

/// A published port, in the short (`"127.0.0.1:5432:5432"`, `8080`) or the long form.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Port {
    Long(LongPort),
    Short(Scalar),
}

/// The long form of a port.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct LongPort {
    pub target: Option<Scalar>,
    pub published: Option<Scalar>,
    pub host_ip: Option<Scalar>,
}

/// A port as published on the host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    /// The host address it listens on, `None` for all interfaces.
    pub host_ip: Option<String>,
    /// The host port (or range) when one is given; a container port alone is published on a
    /// random host port.
    pub host_port: Option<String>,
    /// The container port (without `/tcp`).
    pub container_port: String,
}

impl Port {
    /// Reads the port's parts: `[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]`, IPv6 host
    /// addresses in brackets.
    pub fn published(&self) -> Published {
        match self {
            Port::Long(l) => Published {
                host_ip: l.host_ip.as_ref().map(|s| s.0.clone()),
                host_port: l.published.as_ref().map(|s| s.0.clone()),
                container_port: l.target.as_ref().map(|s| s.0.clone()).unwrap_or_default(),
            },
            Port::Short(s) => {
                let text = s.as_str().trim();
                let text = text.split('/').next().unwrap_or(text);
                let (host_ip, rest) = split_host_ip(text);
                match rest.split_once(':') {
                    Some((host, container)) => Published {
                        host_ip,
                        host_port: Some(host.to_string()),
                        container_port: container.to_string(),
                    },
                    None => Published {
                        host_ip,
                        host_port: None,
                        container_port: rest.to_string(),
                    },
                }
            }
        }
    }
}

/// `[::1]:rest` or `127.0.0.1:host:container` → (host address, the rest).
fn split_host_ip(text: &str) -> (Option<String>, &str) {
    if let Some(r) = text.strip_prefix('[') {
        return match r.split_once("]:") {
            Some((ip, rest)) => (Some(ip.to_string()), rest),
            None => (None, text),
        };
    }
    let parts: Vec<&str> = text.splitn(3, ':').collect();
    if parts.len() == 3 {
        let at = parts[0].len() + 1;
        (Some(parts[0].to_string()), &text[at..])
    } else {
        (None, text)
    }
}

/// `deploy:` of the Compose Specification.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Deploy {
    pub resources: Option<DeployResources>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct DeployResources {
    pub limits: Option<BTreeMap<String, Scalar>>,
}

impl Service {
    /// Whether a memory or CPU limit is set (`mem_limit`, `cpus` or `deploy.resources.limits`).
    pub fn has_limits(&self) -> bool {
        self.mem_limit.is_some()
            || self.cpus.is_some()
            || self
                .deploy
                .as_ref()
                .and_then(|d| d.resources.as_ref())
                .and_then(|r| r.limits.as_ref())
                .is_some_and(|l| !l.is_empty())
    }
}

/// Reads a compose file. The first document is the file (compose files hold one).
pub fn parse(text: &str) -> Result<ComposeFile, String> {
    let Some(doc) = yaml::documents(text).into_iter().next() else {
        return Ok(ComposeFile::default());
    };
    serde_saphyr::from_str_with_options(&doc, yaml::options()).map_err(|e| {
        format!(
            "not a compose file fcto can read: {}",
            first_line(&e.to_string())
        )
    })
}

pub(crate) fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    const COMPOSE: &str = r#"x-common: &common
  restart: unless-stopped
  privileged: true

services:
  db:
    image: postgres:16
    ports:
      - "5432:5432"
    volumes:
      - pgdata:/var/lib/postgresql/data
  agent:
    <<: *common
    image: portainer/agent
    network_mode: host
    cap_add: [SYS_ADMIN]
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock
      - type: bind
        source: /
        target: /host
    ports:
      - target: 9001
        published: 9001
        host_ip: 127.0.0.1
  web:
    image: app
    ports: ["127.0.0.1:8080:80", "[::1]:9090:90/tcp", 3000]
    deploy:
      resources:
        limits: {memory: 512M}
volumes:
  pgdata:
"#;

    #[test]
    fn services_settings_and_lines() {
        let c = parse(COMPOSE).unwrap();
        let services = c.services.unwrap();
        let db = &services["db"].value;
        let port = &db.ports[0];
        assert_eq!(port.referenced.line(), 9);
        assert_eq!(
            port.value.published(),
            Published {
                host_ip: None,
                host_port: Some("5432".into()),
                container_port: "5432".into()
            }
        );
        assert_eq!(db.volumes[0].value.source().as_deref(), Some("pgdata"));
        assert!(!db.has_limits());

        let agent = &services["agent"].value;
        let privileged = agent.privileged.as_ref().expect("merged from x-common");
        assert!(privileged.value.is_true());
        assert_eq!(agent.network_mode.as_ref().unwrap().value.as_str(), "host");
        assert_eq!(agent.network_mode.as_ref().unwrap().referenced.line(), 15);
        assert_eq!(agent.cap_add[0].value.as_str(), "SYS_ADMIN");
        let sources: Vec<String> = agent
            .volumes
            .iter()
            .filter_map(|v| v.value.source())
            .collect();
        assert_eq!(sources, vec!["/var/run/docker.sock", "/"]);
        assert_eq!(agent.volumes[1].referenced.line(), 19);
        let long = agent.ports[0].value.published();
        assert_eq!(long.host_ip.as_deref(), Some("127.0.0.1"));
        assert_eq!(long.container_port, "9001");

        let web = &services["web"].value;
        assert!(web.has_limits());
        let ports: Vec<Published> = web.ports.iter().map(|p| p.value.published()).collect();
        assert_eq!(ports[0].host_ip.as_deref(), Some("127.0.0.1"));
        assert_eq!(ports[1].host_ip.as_deref(), Some("::1"));
        assert_eq!(ports[1].container_port, "90");
        assert_eq!(ports[2].host_port, None);
        assert_eq!(ports[2].container_port, "3000");
    }

    #[test]
    fn malformed_compose_is_an_error_not_a_panic() {
        assert!(parse("services: [unclosed").is_err());
        assert!(parse("services:\n  a:\n    image: x\n   bad: indent\n").is_err());
        assert!(parse("").unwrap().services.is_none());
        assert!(parse("services:\n").unwrap().services.is_none());
    }
}
