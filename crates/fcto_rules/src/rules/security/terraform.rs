//! SEC-21's checks of Terraform files: AWS, GCP and Azure resources open to the internet,
//! unencrypted, or with more power than they need.

use super::infrastructure::{Issue, SENSITIVE_PORTS, port_name};
use fcto_facts::config_files::hcl::{Body, Expr};
use fcto_facts::config_files::terraform::{
    self as tf, Resource, Statement, document_statements, policy_statements,
};
use fcto_model::Severity;

/// SEC-21's issues in a Terraform file; a file that cannot be read gives none.
pub(super) fn issues(text: &str) -> Vec<Issue> {
    let Ok(body) = tf::parse(text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for r in tf::resources(&body) {
        aws(&r, &mut out);
        gcp(&r, &mut out);
        azure(&r, &mut out);
    }
    for d in tf::blocks(&body, "data").filter(|d| d.kind == "aws_iam_policy_document") {
        admin_statements(&d, &document_statements(d.body), &mut out);
    }
    out
}

/// The settings of a block, or of an object written inline (`ingress = [{ ... }]`).
#[derive(Clone, Copy)]
enum Fields<'a> {
    Block(&'a Body, u32),
    Object(&'a Expr, u32),
}

impl<'a> Fields<'a> {
    fn get(&self, name: &str) -> Option<&'a Expr> {
        match self {
            Fields::Block(b, _) => b.get(name),
            Fields::Object(o, _) => o.field(name),
        }
    }

    fn line_of(&self, name: &str) -> u32 {
        match self {
            Fields::Block(b, line) => b.attr(name).map_or(*line, |a| a.line),
            Fields::Object(Expr::Object(entries), line) => entries
                .iter()
                .find(|(k, _, _)| k == name)
                .map_or(*line, |e| e.2),
            Fields::Object(_, line) => *line,
        }
    }

    fn line(&self) -> u32 {
        match self {
            Fields::Block(_, l) | Fields::Object(_, l) => *l,
        }
    }

    fn str(&self, name: &str) -> Option<&'a str> {
        self.get(name).and_then(Expr::as_str)
    }

    fn strings(&self, name: &str) -> Vec<&'a str> {
        self.get(name).map(Expr::strings).unwrap_or_default()
    }

    fn int(&self, name: &str) -> Option<i64> {
        self.get(name).and_then(Expr::as_int)
    }

    fn is_true(&self, name: &str) -> bool {
        self.get(name).is_some_and(Expr::is_true)
    }

    fn is_false(&self, name: &str) -> bool {
        self.get(name).is_some_and(Expr::is_false)
    }
}

/// Addresses that mean "anyone on the internet".
fn is_world(source: &str) -> bool {
    matches!(
        source.trim(),
        "0.0.0.0/0" | "::/0" | "*" | "Internet" | "internet" | "Any" | "0.0.0.0"
    )
}

/// The sensitive ports a rule opens: all of them (and every other port) or some.
#[derive(Debug, PartialEq)]
enum Opened {
    All,
    Some(Vec<u32>),
}

fn opened(from: i64, to: i64, all_protocols: bool) -> Option<Opened> {
    if all_protocols || (from <= 0 && to >= 65535) {
        return Some(Opened::All);
    }
    let ports: Vec<u32> = SENSITIVE_PORTS
        .iter()
        .map(|(p, _)| *p)
        .filter(|&p| i64::from(p) >= from && i64::from(p) <= to)
        .collect();
    (!ports.is_empty()).then_some(Opened::Some(ports))
}

/// `"22"`, `"1000-2000"`, `"*"` as a range.
fn port_range(text: &str) -> Option<(i64, i64)> {
    let t = text.trim();
    if t == "*" {
        return Some((0, 65535));
    }
    match t.split_once('-') {
        Some((a, b)) => Some((a.trim().parse().ok()?, b.trim().parse().ok()?)),
        None => t.parse().ok().map(|p| (p, p)),
    }
}

/// The Checkov check for a port opened to the world, by provider; every port opens both SSH
/// and RDP.
fn open_port_check(provider: &str, what: &Opened) -> Option<&'static str> {
    let ports: &[u32] = match what {
        Opened::All => {
            return match provider {
                "aws" => Some("CKV_AWS_24/CKV_AWS_25"),
                "gcp" => Some("CKV_GCP_2/CKV_GCP_3"),
                "azure" => Some("CKV_AZURE_10/CKV_AZURE_9"),
                _ => None,
            };
        }
        Opened::Some(p) => p,
    };
    match (provider, ports.contains(&22), ports.contains(&3389)) {
        ("aws", true, _) => Some("CKV_AWS_24"),
        ("aws", _, true) => Some("CKV_AWS_25"),
        ("gcp", true, _) => Some("CKV_GCP_2"),
        ("gcp", _, true) => Some("CKV_GCP_3"),
        ("azure", true, _) => Some("CKV_AZURE_10"),
        ("azure", _, true) => Some("CKV_AZURE_9"),
        _ => None,
    }
}

fn open_port_issue(
    provider: &str,
    address: &str,
    what: &Opened,
    source: &str,
    line: u32,
    out: &mut Vec<Issue>,
) {
    let (described, key) = match what {
        Opened::All => ("all ports".to_string(), "all".to_string()),
        Opened::Some(ports) => (
            ports
                .iter()
                .map(|p| format!("{} ({p})", port_name(*p)))
                .collect::<Vec<_>>()
                .join(", "),
            ports
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(","),
        ),
    };
    let mut issue = Issue::new(
        Severity::Critical,
        line,
        format!("tf-open:{address}:{key}"),
        format!("`{address}` allows {described} from {source}"),
    );
    if let Some(id) = open_port_check(provider, what) {
        issue = issue.checkov(id);
    }
    out.push(issue);
}

fn aws(r: &Resource<'_>, out: &mut Vec<Issue>) {
    let address = r.address();
    let f = Fields::Block(r.body, r.line);
    match r.kind {
        "aws_s3_bucket" | "aws_s3_bucket_acl" => public_acl(&address, f, out),
        "aws_s3_bucket_public_access_block" => public_access_block(&address, f, out),
        "aws_security_group" => {
            for block in r.body.blocks_of("ingress") {
                aws_ingress(&address, Fields::Block(&block.body, block.line), out);
            }
            if let Some(attr) = r.body.attr("ingress")
                && let Expr::List(items) = &attr.value
            {
                for item in items {
                    aws_ingress(&address, Fields::Object(item, attr.line), out);
                }
            }
        }
        "aws_security_group_rule" if f.str("type") == Some("ingress") => {
            aws_ingress(&address, f, out);
        }
        "aws_vpc_security_group_ingress_rule" => aws_ingress(&address, f, out),
        "aws_db_instance"
        | "aws_rds_cluster"
        | "aws_rds_cluster_instance"
        | "aws_neptune_cluster"
        | "aws_docdb_cluster" => {
            database(r.kind, &address, f, out);
        }
        "aws_ebs_volume" if !f.is_true("encrypted") => out.push(
            Issue::new(
                Severity::High,
                f.line_of("encrypted"),
                format!("tf-ebs-unencrypted:{address}"),
                format!("`{address}` is not encrypted (`encrypted` is not true)"),
            )
            .checkov("CKV_AWS_3"),
        ),
        "aws_iam_policy"
        | "aws_iam_role_policy"
        | "aws_iam_user_policy"
        | "aws_iam_group_policy" => {
            if let Some(attr) = r.body.attr("policy") {
                admin_statements(r, &policy_statements(&attr.value, attr.line), out);
            }
        }
        "aws_iam_role" => {
            for inline in r.body.blocks_of("inline_policy") {
                if let Some(attr) = inline.body.attr("policy") {
                    admin_statements(r, &policy_statements(&attr.value, attr.line), out);
                }
            }
        }
        "aws_iam_access_key" => out.push(Issue::new(
            Severity::High,
            r.line,
            format!("tf-access-key:{address}"),
            format!(
                "`{address}` creates a long-lived IAM access key, whose secret ends up in the \
                 Terraform state"
            ),
        )),
        _ => {}
    }
}

fn public_acl(address: &str, f: Fields<'_>, out: &mut Vec<Issue>) {
    let acl = f.str("acl").unwrap_or_default();
    let (id, what) = match acl {
        "public-read" => ("CKV_AWS_20", "anyone can read it"),
        "public-read-write" => ("CKV_AWS_57", "anyone can read and write it"),
        "authenticated-read" => ("CKV_AWS_20", "any AWS account can read it"),
        _ => {
            if let Fields::Block(body, _) = f
                && let Some(grantee) = all_users_grant(body)
            {
                out.push(Issue::new(
                    Severity::Critical,
                    grantee,
                    format!("tf-s3-public-grant:{address}"),
                    format!("`{address}` grants access to all users (`AllUsers` grantee)"),
                ));
            }
            return;
        }
    };
    out.push(
        Issue::new(
            Severity::Critical,
            f.line_of("acl"),
            format!("tf-s3-public-acl:{address}"),
            format!("`{address}` has the ACL `{acl}`: {what}"),
        )
        .checkov(id),
    );
}

/// The line of a `grantee` granting to everyone in an `access_control_policy`.
fn all_users_grant(body: &Body) -> Option<u32> {
    body.blocks_of("access_control_policy")
        .flat_map(|p| p.body.blocks_of("grant"))
        .flat_map(|g| g.body.blocks_of("grantee"))
        .find(|g| {
            g.body
                .get("uri")
                .and_then(Expr::as_str)
                .is_some_and(|u| u.ends_with("/AllUsers") || u.ends_with("/AuthenticatedUsers"))
        })
        .map(|g| g.line)
}

fn public_access_block(address: &str, f: Fields<'_>, out: &mut Vec<Issue>) {
    let settings = [
        ("block_public_acls", "CKV_AWS_53"),
        ("block_public_policy", "CKV_AWS_54"),
        ("ignore_public_acls", "CKV_AWS_55"),
        ("restrict_public_buckets", "CKV_AWS_56"),
    ];
    // Unset settings are false; a variable is not evaluated (left out).
    let off: Vec<(&str, &str)> = settings
        .into_iter()
        .filter(|(name, _)| f.get(name).is_none() || f.is_false(name))
        .collect();
    let Some(&(first, first_id)) = off.first() else {
        return;
    };
    let names: Vec<String> = off.iter().map(|(n, _)| format!("`{n}`")).collect();
    let mut issue = Issue::new(
        Severity::High,
        f.line_of(first),
        format!("tf-s3-access-block:{address}"),
        format!(
            "`{address}` leaves public access open: {} not true",
            names.join(", ")
        ),
    );
    if off.len() == 1 {
        issue = issue.checkov(first_id);
    }
    out.push(issue);
}

fn aws_ingress(address: &str, f: Fields<'_>, out: &mut Vec<Issue>) {
    let mut sources: Vec<(&str, &str)> = Vec::new();
    for name in ["cidr_blocks", "ipv6_cidr_blocks", "cidr_ipv4", "cidr_ipv6"] {
        for s in f.strings(name) {
            if is_world(s) {
                sources.push((name, s));
            }
        }
    }
    let Some(&(attribute, source)) = sources.first() else {
        return;
    };
    let protocol = f
        .str("protocol")
        .or_else(|| f.str("ip_protocol"))
        .unwrap_or("tcp");
    let all = matches!(protocol, "-1" | "all");
    let (Some(from), Some(to)) = (f.int("from_port"), f.int("to_port")) else {
        if all {
            open_port_issue(
                "aws",
                address,
                &Opened::All,
                source,
                f.line_of(attribute),
                out,
            );
        }
        return;
    };
    // `from_port = 0, to_port = 0` with protocol -1 means every port
    if let Some(what) = opened(from, to, all) {
        open_port_issue("aws", address, &what, source, f.line_of(attribute), out);
    }
}

fn database(kind: &str, address: &str, f: Fields<'_>, out: &mut Vec<Issue>) {
    if f.is_true("publicly_accessible") {
        out.push(
            Issue::new(
                Severity::Critical,
                f.line_of("publicly_accessible"),
                format!("tf-db-public:{address}"),
                format!("`{address}` is publicly accessible from the internet"),
            )
            .checkov("CKV_AWS_17"),
        );
    }
    if kind == "aws_rds_cluster_instance" {
        return;
    }
    // Replicas and Aurora Serverless v1 take their encryption from elsewhere.
    let inherited = f.get("replicate_source_db").is_some()
        || f.get("kms_key_id").is_some()
        || f.str("engine_mode") == Some("serverless");
    let encrypted = f.get("storage_encrypted");
    if !inherited && encrypted.is_none_or(Expr::is_false) {
        let mut issue = Issue::new(
            Severity::High,
            f.line_of("storage_encrypted"),
            format!("tf-db-unencrypted:{address}"),
            format!(
                "`{address}` stores data unencrypted (`storage_encrypted` {})",
                if encrypted.is_some() {
                    "is false"
                } else {
                    "is not set"
                }
            ),
        );
        let id = match kind {
            "aws_db_instance" => Some("CKV_AWS_16"),
            "aws_rds_cluster" => Some("CKV_AWS_96"),
            "aws_neptune_cluster" => Some("CKV_AWS_44"),
            _ => None,
        };
        if let Some(id) = id {
            issue = issue.checkov(id);
        }
        out.push(issue);
    }
}

fn admin_statements(r: &Resource<'_>, statements: &[Statement], out: &mut Vec<Issue>) {
    let address = if r.kind == "aws_iam_policy_document" {
        format!("data.{}", r.address())
    } else {
        r.address()
    };
    let star = |v: &[String]| v.iter().any(|a| a == "*" || a == "*:*");
    if let Some(s) = statements.iter().find(|s| {
        s.effect.eq_ignore_ascii_case("allow")
            && !s.negated
            && star(&s.actions)
            && star(&s.resources)
    }) {
        let mut issue = Issue::new(
            Severity::High,
            s.line,
            format!("tf-iam-admin:{address}"),
            format!(
                "`{address}` allows every action on every resource (`Action: *`, `Resource: *`)"
            ),
        );
        if r.kind == "aws_iam_policy_document" {
            issue = issue.checkov("CKV_AWS_1");
        }
        out.push(issue);
    }
}

fn gcp(r: &Resource<'_>, out: &mut Vec<Issue>) {
    let address = r.address();
    let f = Fields::Block(r.body, r.line);
    match r.kind {
        "google_storage_bucket_iam_member"
        | "google_storage_bucket_iam_binding"
        | "google_storage_bucket_access_control"
        | "google_storage_default_object_access_control"
        | "google_storage_object_access_control" => {
            let attribute = ["member", "members", "entity"]
                .into_iter()
                .find(|a| f.get(a).is_some())
                .unwrap_or("member");
            if let Some(who) = f
                .strings(attribute)
                .into_iter()
                .find(|m| m.contains("allUsers") || m.contains("allAuthenticatedUsers"))
            {
                let mut issue = Issue::new(
                    Severity::Critical,
                    f.line_of(attribute),
                    format!("tf-gcs-public:{address}"),
                    format!("`{address}` grants the bucket to `{who}`: it is public"),
                );
                if r.kind.starts_with("google_storage_bucket_iam") {
                    issue = issue.checkov("CKV_GCP_28");
                }
                out.push(issue);
            }
        }
        "google_compute_firewall" => {
            let direction = f.str("direction").unwrap_or("INGRESS");
            let Some(source) = f.strings("source_ranges").into_iter().find(|s| is_world(s)) else {
                return;
            };
            if !direction.eq_ignore_ascii_case("INGRESS") {
                return;
            }
            let mut ports = Vec::new();
            let mut all = false;
            for allow in r.body.blocks_of("allow") {
                let protocol = allow.body.get("protocol").and_then(Expr::as_str);
                let listed = allow
                    .body
                    .get("ports")
                    .map(Expr::strings)
                    .unwrap_or_default();
                if protocol == Some("all") || listed.is_empty() {
                    all = true;
                }
                for range in listed.iter().filter_map(|p| port_range(p)) {
                    match opened(range.0, range.1, false) {
                        Some(Opened::All) => all = true,
                        Some(Opened::Some(p)) => ports.extend(p),
                        None => {}
                    }
                }
            }
            let line = f.line_of("source_ranges");
            if all {
                open_port_issue("gcp", &address, &Opened::All, source, line, out);
            } else if !ports.is_empty() {
                ports.sort_unstable();
                ports.dedup();
                open_port_issue("gcp", &address, &Opened::Some(ports), source, line, out);
            }
        }
        "google_sql_database_instance" => cloud_sql(&address, r.body, out),
        "google_container_cluster" => {
            let world = r
                .body
                .blocks_of("master_authorized_networks_config")
                .flat_map(|c| c.body.blocks_of("cidr_blocks"))
                .filter_map(|b| b.body.attr("cidr_block"))
                .find(|a| a.value.as_str().is_some_and(is_world));
            if let Some(attr) = world {
                out.push(Issue::new(
                    Severity::High,
                    attr.line,
                    format!("tf-gke-master-world:{address}"),
                    format!("`{address}` lets any address reach the cluster's control plane"),
                ));
            }
        }
        _ => {}
    }
}

fn cloud_sql(address: &str, body: &Body, out: &mut Vec<Issue>) {
    let Some(ip) = body
        .blocks_of("settings")
        .flat_map(|s| s.body.blocks_of("ip_configuration"))
        .next()
    else {
        return;
    };
    for network in ip.body.blocks_of("authorized_networks") {
        if let Some(attr) = network
            .body
            .attr("value")
            .filter(|a| a.value.as_str().is_some_and(is_world))
        {
            out.push(
                Issue::new(
                    Severity::Critical,
                    attr.line,
                    format!("tf-cloudsql-world:{address}"),
                    format!("`{address}` accepts connections from any address (0.0.0.0/0)"),
                )
                .checkov("CKV_GCP_11"),
            );
        }
    }
    let f = Fields::Block(&ip.body, ip.line);
    let ssl = f.is_true("require_ssl")
        || matches!(
            f.str("ssl_mode"),
            Some("ENCRYPTED_ONLY" | "TRUSTED_CLIENT_CERTIFICATE_REQUIRED")
        );
    if f.is_true("ipv4_enabled") && !ssl {
        out.push(
            Issue::new(
                Severity::High,
                f.line_of("ipv4_enabled"),
                format!("tf-cloudsql-ssl:{address}"),
                format!("`{address}` has a public IP and does not require SSL"),
            )
            .checkov("CKV_GCP_6"),
        );
    }
}

fn azure(r: &Resource<'_>, out: &mut Vec<Issue>) {
    let address = r.address();
    let f = Fields::Block(r.body, r.line);
    match r.kind {
        "azurerm_storage_account" => {
            for setting in [
                "allow_nested_items_to_be_public",
                "allow_blob_public_access",
            ] {
                if f.is_true(setting) {
                    out.push(Issue::new(
                        Severity::High,
                        f.line_of(setting),
                        format!("tf-azure-storage-public:{address}"),
                        format!("`{address}` allows public blobs (`{setting} = true`)"),
                    ));
                }
            }
            let denied = r.body.blocks_of("network_rules").any(|n| {
                n.body
                    .get("default_action")
                    .and_then(Expr::as_str)
                    .is_some_and(|a| a.eq_ignore_ascii_case("deny"))
            });
            if f.is_true("public_network_access_enabled") && !denied {
                out.push(Issue::new(
                    Severity::Medium,
                    f.line_of("public_network_access_enabled"),
                    format!("tf-azure-storage-network:{address}"),
                    format!(
                        "`{address}` is reachable from any network (public network access on, \
                         no `network_rules` denying by default)"
                    ),
                ));
            }
        }
        "azurerm_storage_container" => {
            if let Some(kind) = f
                .str("container_access_type")
                .filter(|t| matches!(*t, "blob" | "container"))
            {
                out.push(
                    Issue::new(
                        Severity::Critical,
                        f.line_of("container_access_type"),
                        format!("tf-azure-container-public:{address}"),
                        format!(
                            "`{address}` is public (`container_access_type = \"{kind}\"`): \
                             anyone can read its blobs"
                        ),
                    )
                    .checkov("CKV_AZURE_34"),
                );
            }
        }
        "azurerm_network_security_rule" => azure_rule(&address, f, out),
        "azurerm_role_definition" => {
            let admin = r.body.blocks_of("permissions").find_map(|p| {
                p.body
                    .attr("actions")
                    .filter(|a| a.value.strings().contains(&"*"))
            });
            if let Some(attr) = admin {
                out.push(
                    Issue::new(
                        Severity::High,
                        attr.line,
                        format!("tf-azure-role-admin:{address}"),
                        format!(
                            "`{address}` defines a custom role allowing every action \
                             (`actions = [\"*\"]`)"
                        ),
                    )
                    .checkov("CKV_AZURE_39"),
                );
            }
        }
        "azurerm_network_security_group" => {
            for rule in r.body.blocks_of("security_rule") {
                azure_rule(&address, Fields::Block(&rule.body, rule.line), out);
            }
        }
        "azurerm_mssql_server"
        | "azurerm_sql_server"
        | "azurerm_postgresql_server"
        | "azurerm_mysql_server"
        | "azurerm_mariadb_server" => {
            let (public_id, ssl_id) = match r.kind {
                "azurerm_mysql_server" => (Some("CKV_AZURE_53"), Some("CKV_AZURE_28")),
                "azurerm_postgresql_server" => (Some("CKV_AZURE_68"), Some("CKV_AZURE_29")),
                "azurerm_mssql_server" => (Some("CKV_AZURE_113"), None),
                _ => (None, None),
            };
            if f.is_true("public_network_access_enabled") {
                let issue = Issue::new(
                    Severity::High,
                    f.line_of("public_network_access_enabled"),
                    format!("tf-azure-db-public:{address}"),
                    format!("`{address}` accepts connections from public networks"),
                );
                out.push(match public_id {
                    Some(id) => issue.checkov(id),
                    None => issue,
                });
            }
            if f.is_false("ssl_enforcement_enabled") {
                let issue = Issue::new(
                    Severity::High,
                    f.line_of("ssl_enforcement_enabled"),
                    format!("tf-azure-db-ssl:{address}"),
                    format!("`{address}` does not enforce SSL (`ssl_enforcement_enabled = false`)"),
                );
                out.push(match ssl_id {
                    Some(id) => issue.checkov(id),
                    None => issue,
                });
            }
        }
        kind if kind.starts_with("azurerm_") && kind.ends_with("_firewall_rule") => {
            let start = f.str("start_ip_address").unwrap_or_default();
            let end = f.str("end_ip_address").unwrap_or_default();
            if start == "0.0.0.0" && end == "255.255.255.255" {
                out.push(Issue::new(
                    Severity::Critical,
                    f.line_of("end_ip_address"),
                    format!("tf-azure-db-firewall:{address}"),
                    format!(
                        "`{address}` opens the database to every address (0.0.0.0 to \
                         255.255.255.255)"
                    ),
                ));
            }
        }
        _ => {}
    }
}

fn azure_rule(address: &str, f: Fields<'_>, out: &mut Vec<Issue>) {
    let inbound = f
        .str("direction")
        .is_some_and(|d| d.eq_ignore_ascii_case("inbound"));
    let allow = f
        .str("access")
        .is_some_and(|a| a.eq_ignore_ascii_case("allow"));
    if !inbound || !allow {
        return;
    }
    let mut sources = f.strings("source_address_prefixes");
    sources.extend(f.str("source_address_prefix"));
    let Some(source) = sources.into_iter().find(|s| is_world(s)) else {
        return;
    };
    let mut ranges = f.strings("destination_port_ranges");
    ranges.extend(f.str("destination_port_range"));
    let mut ports = Vec::new();
    let mut all = false;
    for range in ranges.iter().filter_map(|r| port_range(r)) {
        match opened(range.0, range.1, false) {
            Some(Opened::All) => all = true,
            Some(Opened::Some(p)) => ports.extend(p),
            None => {}
        }
    }
    let name = f.str("name").unwrap_or_default();
    let at = if name.is_empty() {
        address.to_string()
    } else {
        format!("{address}` rule `{name}")
    };
    let line = f.line();
    if all {
        open_port_issue("azure", &at, &Opened::All, source, line, out);
    } else if !ports.is_empty() {
        ports.sort_unstable();
        ports.dedup();
        open_port_issue("azure", &at, &Opened::Some(ports), source, line, out);
    }
}
