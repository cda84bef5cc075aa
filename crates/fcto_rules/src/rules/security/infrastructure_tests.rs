//! SEC-21 on compose files, Kubernetes manifests and Terraform that make it fire and that must
//! not.

use crate::testing::{World, finding_with, run_on};
use fcto_model::Severity;

const COMPOSE_PROD: &str = r#"services:
  db:
    image: postgres:16
    ports:
      - "5432:5432"
    deploy:
      resources:
        limits: {memory: 1g}
  agent:
    image: portainer/agent:2.19
    privileged: true
    network_mode: host
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock
      - ./data:/data
"#;

#[test]
fn sec021_compose_privileges_mounts_and_open_database_ports() {
    let f = run_on(
        "SEC021",
        World::new().doc("deploy/docker-compose.prod.yml", COMPOSE_PROD),
    );
    let port = finding_with(&f, "publishes PostgreSQL port 5432 on all interfaces");
    assert_eq!(
        port.severity,
        Severity::Critical,
        "a production compose file"
    );
    assert_eq!(port.evidence[0].line, Some(5));
    assert_eq!(
        finding_with(&f, "runs privileged").evidence[0].line,
        Some(11),
        "{f:#?}"
    );
    assert_eq!(
        finding_with(&f, "`network_mode: host`").severity,
        Severity::High
    );
    let socket = finding_with(&f, "the Docker socket");
    assert_eq!(socket.evidence[0].line, Some(14));
    let limits = finding_with(&f, "no memory or CPU limit");
    assert_eq!(limits.severity, Severity::Low);
    assert!(limits.message.starts_with("1 of 2 compose services"));
    assert_eq!(f.len(), 5, "{f:#?}");

    // The same file for development: lower, and limits are not asked for.
    let f = run_on(
        "SEC021",
        World::new().doc("docker-compose.dev.yml", COMPOSE_PROD),
    );
    assert_eq!(finding_with(&f, "port 5432").severity, Severity::Low);
    assert_eq!(
        finding_with(&f, "runs privileged").severity,
        Severity::Medium
    );
    assert!(f.iter().all(|x| !x.message.contains("limit")));
}

#[test]
fn sec021_compose_safe_variant_is_silent() {
    let safe = r#"services:
  db:
    image: postgres:16
    ports: ["127.0.0.1:5432:5432"]
    mem_limit: 1g
    volumes: [pgdata:/var/lib/postgresql/data]
  web:
    image: app:1.0
    ports: ["8080:80"]
    cap_add: [NET_BIND_SERVICE]
    deploy: {resources: {limits: {cpus: "0.5"}}}
volumes:
  pgdata:
"#;
    let f = run_on("SEC021", World::new().doc("docker-compose.yml", safe));
    assert!(f.is_empty(), "{f:#?}");
}

const DEPLOYMENT: &str = r"apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      hostPID: true
      containers:
        - name: api
          image: ghcr.io/acme/api:1.0
          securityContext:
            privileged: true
      volumes:
        - name: sock
          hostPath:
            path: /var/run/docker.sock
---
apiVersion: v1
kind: Service
metadata:
  name: postgres
spec:
  type: LoadBalancer
  ports:
    - port: 5432
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  LOG_LEVEL: info
  DB_PASSWORD: pr0duction-Passw0rd!
---
apiVersion: v1
kind: Secret
metadata:
  name: stripe
type: Opaque
data:
  STRIPE_KEY: c2tfbGl2ZV81MUhxTGRYSmt6Nm1RcjJ2UzhUYlk0V2NOM2ZQMHhaYTc=
";

#[test]
fn sec021_kubernetes_workloads_services_config_maps_and_secrets() {
    let f = run_on("SEC021", World::new().doc("k8s/api.yaml", DEPLOYMENT));
    let pid = finding_with(&f, "`hostPID: true`");
    assert_eq!(
        (pid.severity, pid.evidence[0].line),
        (Severity::High, Some(8))
    );
    assert!(pid.message.contains("CKV_K8S_17"));
    let privileged = finding_with(&f, "runs container `api` privileged");
    assert_eq!(privileged.evidence[0].line, Some(13));
    assert_eq!(
        finding_with(&f, "host path `/var/run/docker.sock`").evidence[0].line,
        Some(15)
    );
    let hardening = finding_with(&f, "without hardening");
    assert_eq!(hardening.severity, Severity::Medium);
    assert!(hardening.message.contains("no `runAsNonRoot: true`"));
    assert_eq!(
        finding_with(&f, "no memory or CPU limit").severity,
        Severity::Medium
    );
    let lb = finding_with(&f, "type LoadBalancer");
    assert_eq!(
        (lb.severity, lb.evidence[0].line),
        (Severity::Critical, Some(26))
    );
    let cm = finding_with(&f, "ConfigMap `settings`");
    assert_eq!(
        (cm.severity, cm.evidence[0].line),
        (Severity::High, Some(34))
    );
    assert!(!cm.message.contains("LOG_LEVEL"));
    let secret = finding_with(&f, "Secret manifest `stripe`");
    assert_eq!(secret.severity, Severity::Critical, "{}", secret.message);
    assert_eq!(secret.evidence[0].line, Some(42));
    let all = format!("{f:?}");
    assert!(!all.contains("pr0duction-Passw0rd!") && !all.contains("sk_live_51HqLdXJ"));
    assert_eq!(f.len(), 8, "{f:#?}");
}

#[test]
fn sec021_kubernetes_safe_variant_is_silent() {
    let safe = r"apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  template:
    spec:
      securityContext:
        runAsNonRoot: true
      containers:
        - name: api
          image: ghcr.io/acme/api:1.0
          securityContext:
            allowPrivilegeEscalation: false
          resources:
            limits: {memory: 256Mi, cpu: 500m}
---
apiVersion: v1
kind: Service
metadata: {name: postgres}
spec:
  type: ClusterIP
  ports: [{port: 5432}]
---
apiVersion: v1
kind: Secret
metadata: {name: db}
stringData:
  password: changeme
";
    let f = run_on("SEC021", World::new().doc("deploy/api.yaml", safe));
    assert!(f.is_empty(), "{f:#?}");
    // Helm templates are not YAML until rendered: skipped.
    let helm = "apiVersion: v1\nkind: Pod\nspec:\n  hostNetwork: {{ .Values.host }}\n";
    let f = run_on(
        "SEC021",
        World::new().doc("charts/api/templates/pod.yaml", helm),
    );
    assert!(f.is_empty(), "{f:#?}");
}

const TERRAFORM_AWS: &str = r#"resource "aws_s3_bucket" "uploads" {
  bucket = "acme-uploads"
  acl    = "public-read"
}

resource "aws_s3_bucket_public_access_block" "uploads" {
  bucket              = aws_s3_bucket.uploads.id
  block_public_acls   = false
  block_public_policy = true
  ignore_public_acls  = true
  restrict_public_buckets = true
}

resource "aws_security_group" "bastion" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group_rule" "all" {
  type        = "ingress"
  from_port   = 0
  to_port     = 0
  protocol    = "-1"
  cidr_blocks = ["0.0.0.0/0"]
  security_group_id = aws_security_group.bastion.id
}

resource "aws_db_instance" "main" {
  engine              = "postgres"
  publicly_accessible = true
}

resource "aws_ebs_volume" "data" {
  size = 100
}

resource "aws_iam_policy" "admin" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}

resource "aws_neptune_cluster" "graph" {
  storage_encrypted = false
}

resource "aws_iam_access_key" "ci" {
  user = aws_iam_user.ci.name
}
"#;

#[test]
fn sec021_terraform_aws() {
    let f = run_on("SEC021", World::new().doc("infra/main.tf", TERRAFORM_AWS));
    let acl = finding_with(&f, "has the ACL `public-read`");
    assert_eq!(
        (acl.severity, acl.evidence[0].line),
        (Severity::Critical, Some(3))
    );
    assert!(acl.message.contains("CKV_AWS_20"));
    let block = finding_with(&f, "leaves public access open");
    assert_eq!(block.severity, Severity::High);
    assert!(
        block
            .message
            .contains("`block_public_acls` not true (CKV_AWS_53)")
    );
    assert_eq!(block.evidence[0].line, Some(8));
    let ssh = finding_with(&f, "allows SSH (22) from 0.0.0.0/0");
    assert_eq!(
        (ssh.severity, ssh.evidence[0].line),
        (Severity::Critical, Some(19))
    );
    assert_eq!(ssh.evidence[0].note.as_deref(), Some("Checkov CKV_AWS_24"));
    assert_eq!(
        finding_with(&f, "allows all ports").evidence[0].line,
        Some(28)
    );
    let db = finding_with(&f, "publicly accessible");
    assert_eq!(
        (db.severity, db.evidence[0].line),
        (Severity::Critical, Some(34))
    );
    assert!(
        finding_with(&f, "stores data unencrypted")
            .message
            .contains("is not set")
    );
    assert!(
        finding_with(&f, "`aws_ebs_volume.data` is not encrypted")
            .message
            .contains("CKV_AWS_3")
    );
    assert_eq!(
        finding_with(&f, "every action on every resource").evidence[0].line,
        Some(43)
    );
    assert_eq!(
        finding_with(&f, "long-lived IAM access key").severity,
        Severity::High
    );
    assert!(
        finding_with(&f, "aws_neptune_cluster.graph` stores data unencrypted")
            .message
            .contains("is false")
    );
    assert_eq!(f.len(), 10, "{f:#?}");
}

#[test]
fn sec021_terraform_safe_aws_is_silent() {
    let safe = r#"resource "aws_s3_bucket" "uploads" {
  bucket = "acme-uploads"
}

resource "aws_s3_bucket_public_access_block" "uploads" {
  bucket                  = aws_s3_bucket.uploads.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_security_group" "web" {
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
  ingress {
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/16"]
  }
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_db_instance" "main" {
  publicly_accessible = false
  storage_encrypted   = true
}

data "aws_iam_policy_document" "read" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::acme-uploads/*"]
  }
}
"#;
    let f = run_on("SEC021", World::new().doc("infra/main.tf", safe));
    assert!(f.is_empty(), "{f:#?}");
}

#[test]
fn sec021_terraform_gcp_and_azure() {
    let tf = r#"resource "google_storage_bucket_iam_member" "public" {
  bucket = google_storage_bucket.site.name
  role   = "roles/storage.objectViewer"
  member = "allUsers"
}

resource "google_compute_firewall" "ssh" {
  network       = "default"
  source_ranges = ["0.0.0.0/0"]
  allow {
    protocol = "tcp"
    ports    = ["22", "8000-8080"]
  }
}

resource "google_sql_database_instance" "db" {
  settings {
    ip_configuration {
      ipv4_enabled = true
      authorized_networks {
        name  = "everyone"
        value = "0.0.0.0/0"
      }
    }
  }
}

resource "azurerm_storage_container" "files" {
  name                  = "files"
  container_access_type = "container"
}

resource "azurerm_network_security_group" "nsg" {
  security_rule {
    name                       = "rdp"
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_address_prefix      = "*"
    destination_port_range     = "3389"
  }
}

resource "azurerm_postgresql_server" "db" {
  ssl_enforcement_enabled       = false
  public_network_access_enabled = true
}

resource "google_container_cluster" "gke" {
  master_authorized_networks_config {
    cidr_blocks {
      cidr_block = "0.0.0.0/0"
    }
  }
}

resource "azurerm_role_definition" "owner" {
  permissions {
    actions     = ["*"]
    not_actions = []
  }
}

resource "azurerm_postgresql_firewall_rule" "all" {
  start_ip_address = "0.0.0.0"
  end_ip_address   = "255.255.255.255"
}
"#;
    let f = run_on("SEC021", World::new().doc("terraform/main.tf", tf));
    assert!(
        finding_with(&f, "grants the bucket to `allUsers`")
            .message
            .contains("CKV_GCP_28")
    );
    let ssh = finding_with(&f, "google_compute_firewall.ssh");
    assert_eq!(
        (ssh.severity, ssh.evidence[0].line),
        (Severity::Critical, Some(9))
    );
    assert!(ssh.message.contains("SSH (22)") && ssh.message.contains("CKV_GCP_2"));
    assert_eq!(
        finding_with(&f, "accepts connections from any address").evidence[0].line,
        Some(22)
    );
    assert!(
        finding_with(&f, "does not require SSL")
            .message
            .contains("CKV_GCP_6")
    );
    assert_eq!(
        finding_with(&f, "`container_access_type").severity,
        Severity::Critical
    );
    let rdp = finding_with(&f, "rule `rdp`");
    assert!(rdp.message.contains("RDP (3389) from *") && rdp.message.contains("CKV_AZURE_9"));
    assert_eq!(rdp.evidence[0].line, Some(34));
    assert!(finding_with(&f, "does not enforce SSL").severity == Severity::High);
    assert!(
        finding_with(&f, "accepts connections from public networks").severity == Severity::High
    );
    assert_eq!(
        finding_with(&f, "opens the database to every address").severity,
        Severity::Critical
    );
    assert_eq!(finding_with(&f, "control plane").evidence[0].line, Some(52));
    assert_eq!(
        finding_with(&f, "custom role allowing every action").evidence[0].line,
        Some(59)
    );
    assert_eq!(f.len(), 11, "{f:#?}");
}

#[test]
fn sec021_examples_are_one_level_lower_and_broken_files_are_skipped() {
    let tf = "resource \"aws_s3_bucket\" \"b\" {\n  acl = \"public-read\"\n}\n";
    let f = run_on("SEC021", World::new().doc("examples/complete/main.tf", tf));
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].severity, Severity::High);
    let f = run_on(
        "SEC021",
        World::new()
            .doc(
                "infra/broken.tf",
                "resource \"aws_s3_bucket\" \"b\" {\n  acl = \"public-read\"\n",
            )
            .doc(
                "k8s/broken.yaml",
                "apiVersion: v1\nkind: Pod\nspec: [unclosed\n",
            ),
    );
    assert!(f.is_empty(), "{f:#?}");
}
