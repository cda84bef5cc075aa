//! SEC-21: cloud infrastructure misconfigurations in Docker Compose files, Kubernetes manifests
//! and Terraform: what is open to the internet, runs with the host's powers, or stores data
//! unencrypted. The checks are in `containers` (compose, Kubernetes) and `terraform`.

use super::{containers, terraform};
use crate::{Analysis, Emitter};
use fcto_facts::analysis::test_code::is_test_path;
use fcto_model::{Evidence, RuleDocs, Severity};

pub const DOCS: RuleDocs = RuleDocs {
    what: "Reads Docker Compose files, Kubernetes manifests (YAML with `apiVersion` and `kind`, \
           many documents per file) and Terraform files (`*.tf`, `*.tofu`) and reports, one \
           finding per resource and problem with its line and, where one exists, the \
           equivalent Checkov check. Compose: `privileged: true`, host mounts of `/`, `/etc`, \
           `/root` or the Docker socket, `network_mode: host`, `pid`/`ipc: host`, `cap_add` \
           `ALL`/`SYS_ADMIN`, database ports published on all interfaces, services without \
           memory or CPU limits. Kubernetes workloads (Pod, Deployment, StatefulSet, DaemonSet, \
           ReplicaSet, Job, CronJob): privileged containers, `runAsUser: 0`, `hostNetwork`/\
           `hostPID`/`hostIPC`, `hostPath` volumes, containers without `runAsNonRoot: true` or \
           `allowPrivilegeEscalation: false`, containers without resource limits; Services of \
           type LoadBalancer on database ports; ConfigMaps holding passwords or tokens; Secret \
           manifests whose `data` (base64-decoded) or `stringData` hold real-looking \
           credentials (provider formats found by SEC-01's rules, private keys, long random \
           values), shown masked. Helm chart templates (`templates/*.yaml` with `{{ }}`) are Go \
           templates, not YAML, and are skipped. Terraform, AWS: public S3 ACLs, public access \
           blocks with a setting off, security groups (inline rules, `aws_security_group_rule`, \
           `aws_vpc_security_group_ingress_rule`) open to `0.0.0.0/0` or `::/0` on SSH, RDP, \
           database, search or cache ports or on all ports, RDS instances publicly accessible or \
           not encrypted, unencrypted EBS volumes, IAM policies allowing `*` on `*`, IAM access \
           keys created in code. GCP: buckets granted to `allUsers`/`allAuthenticatedUsers`, \
           firewalls open to the internet on those ports, Cloud SQL open to `0.0.0.0/0` or \
           reachable on a public IP without SSL. Azure: storage accounts allowing public blobs \
           or public network access, public blob containers, network security rules allowing \
           those ports from the internet, database servers open to every address or without \
           SSL enforcement. Values set through variables are not evaluated. Severity: critical \
           for public data buckets, database and admin ports open to the internet and Secret \
           manifests with provider credentials; high otherwise; medium for missing hardening \
           settings and missing limits in Kubernetes; low for compose resource limits; one \
           level lower for compose files named for development or tests and Terraform \
           examples, low in test code.",
    why: "One open database port or public bucket is how most startup data leaks happen; a \
          privileged container or a mounted Docker socket turns any bug in the application into \
          control of the whole server.",
    how_to_fix: "Keep buckets private and turn every S3 public access block setting on; open \
                 admin and database ports only to a VPN, a bastion or known addresses (or use \
                 SSM Session Manager / IAP instead of SSH); set `publicly_accessible = false` \
                 and encryption on databases and volumes; grant IAM policies the actions and \
                 resources they need; use roles or OIDC instead of access keys. In Kubernetes, \
                 set `runAsNonRoot: true`, `allowPrivilegeEscalation: false` and resource \
                 limits, drop host namespaces and hostPath volumes, keep databases behind \
                 ClusterIP services, and keep credentials out of manifests (External Secrets, \
                 Sealed Secrets, SOPS), revoking any that were committed. In compose, bind \
                 database ports to `127.0.0.1` and drop `privileged` and host mounts.",
    options: "None.",
};

/// One problem found in an infrastructure file.
pub(super) struct Issue {
    pub severity: Severity,
    pub message: String,
    pub line: u32,
    /// Identifies the problem by content (kind, resource, setting), for the fingerprint.
    pub key: String,
    /// The equivalent Checkov check, when there is one.
    pub checkov: Option<&'static str>,
}

impl Issue {
    pub fn new(severity: Severity, line: u32, key: String, message: String) -> Issue {
        Issue {
            severity,
            message,
            line,
            key,
            checkov: None,
        }
    }

    pub fn checkov(mut self, id: &'static str) -> Issue {
        self.checkov = Some(id);
        self
    }
}

/// Ports that must not face the internet: (port, what listens there, an admin port rather
/// than a data store).
pub(super) const SENSITIVE_PORTS: &[(u32, &str)] = &[
    (22, "SSH"),
    (3389, "RDP"),
    (3306, "MySQL"),
    (5432, "PostgreSQL"),
    (1433, "SQL Server"),
    (1521, "Oracle"),
    (6379, "Redis"),
    (27017, "MongoDB"),
    (9200, "Elasticsearch"),
    (5601, "Kibana"),
    (11211, "Memcached"),
    (9042, "Cassandra"),
    (5984, "CouchDB"),
];

/// Data stores among the sensitive ports (for compose and Kubernetes Services).
pub(super) const DATABASE_PORTS: &[u32] =
    &[3306, 5432, 1433, 1521, 6379, 27017, 9200, 11211, 9042, 5984];

pub(super) fn port_name(port: u32) -> &'static str {
    SENSITIVE_PORTS
        .iter()
        .find(|(p, _)| *p == port)
        .map_or("a sensitive service", |(_, n)| n)
}

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    for path in a.facts.inventory.documents.keys() {
        let Some(text) = a.facts.inventory.document_text(path) else {
            continue;
        };
        let issues = if fcto_facts::config_files::is_compose(path) {
            containers::compose_issues(path, &text)
        } else if fcto_facts::config_files::is_terraform(path) {
            terraform::issues(&text)
        } else if fcto_facts::config_files::is_yaml(path) {
            containers::kubernetes_issues(path, &text)
        } else {
            continue;
        };
        for issue in issues {
            let severity = if is_test_path(path) {
                issue.severity.min(Severity::Low)
            } else if is_example_path(path) {
                issue.severity.lower()
            } else {
                issue.severity
            };
            let mut evidence = Evidence::line(path.clone(), issue.line);
            let mut message = issue.message;
            if let Some(id) = issue.checkov {
                message.push_str(&format!(" ({id})"));
                evidence = evidence.with_note(format!("Checkov {id}"));
            }
            message.push_str(&format!(" in `{path}`"));
            e.report_with(severity, message, vec![evidence], &issue.key);
        }
    }
}

/// Examples of a module or chart, written to show usage rather than to be deployed.
fn is_example_path(path: &str) -> bool {
    path.split('/')
        .any(|d| matches!(d, "examples" | "example" | "samples" | "sample" | "demo"))
}
