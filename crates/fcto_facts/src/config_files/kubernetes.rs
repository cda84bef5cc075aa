//! Kubernetes manifests read into typed objects with the lines of the settings fcto reports:
//! workloads' pod specs (containers, security contexts, host namespaces, volumes, resources),
//! Services, config maps and Secrets. A file may hold many documents (`---`); one that is not
//! valid YAML or not a Kubernetes object is skipped without stopping the others.

use super::yaml::{self, Scalar, Spanned};
use serde::Deserialize;
use std::collections::BTreeMap;

/// One Kubernetes object.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Object {
    pub api_version: Option<Scalar>,
    pub kind: Option<Spanned<Scalar>>,
    pub metadata: Option<Metadata>,
    pub spec: Option<Spec>,
    /// A config map's or a Secret's data (base64 in a Secret).
    pub data: Option<BTreeMap<String, Spanned<Scalar>>>,
    /// A Secret's plain-text data.
    pub string_data: Option<BTreeMap<String, Spanned<Scalar>>>,
    /// A Secret's type (`Opaque`, `kubernetes.io/tls`...).
    #[serde(rename = "type")]
    pub secret_type: Option<Scalar>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Metadata {
    pub name: Option<Scalar>,
    pub namespace: Option<Scalar>,
}

/// A `spec`: a pod spec (`Pod`), a workload spec with a pod `template` (`Deployment`,
/// `StatefulSet`, `DaemonSet`, `ReplicaSet`, `Job`), a `CronJob`'s `jobTemplate`, or a
/// `Service`'s spec. The fields of
/// all of them are read into one struct; the ones a kind does not have stay empty.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Spec {
    // pod spec
    pub containers: Vec<Spanned<Container>>,
    pub init_containers: Vec<Spanned<Container>>,
    pub host_network: Option<Spanned<Scalar>>,
    #[serde(rename = "hostPID")]
    pub host_pid: Option<Spanned<Scalar>>,
    #[serde(rename = "hostIPC")]
    pub host_ipc: Option<Spanned<Scalar>>,
    pub security_context: Option<SecurityContext>,
    pub volumes: Vec<Spanned<PodVolume>>,
    // workloads
    pub replicas: Option<Spanned<Scalar>>,
    pub template: Option<Box<Template>>,
    pub job_template: Option<Box<Template>>,
    // Service
    #[serde(rename = "type")]
    pub service_type: Option<Spanned<Scalar>>,
    pub ports: Vec<Spanned<ServicePort>>,
}

/// A pod or job template: only its spec is read.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Template {
    pub spec: Option<Spec>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Container {
    pub name: Option<Scalar>,
    pub image: Option<Scalar>,
    pub security_context: Option<SecurityContext>,
    pub resources: Option<Resources>,
}

/// A pod's or a container's security context.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SecurityContext {
    pub privileged: Option<Spanned<Scalar>>,
    pub allow_privilege_escalation: Option<Spanned<Scalar>>,
    pub run_as_non_root: Option<Spanned<Scalar>>,
    pub run_as_user: Option<Spanned<Scalar>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Resources {
    pub limits: Option<BTreeMap<String, Scalar>>,
    pub requests: Option<BTreeMap<String, Scalar>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PodVolume {
    pub name: Option<Scalar>,
    pub host_path: Option<HostPath>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct HostPath {
    pub path: Option<Scalar>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ServicePort {
    pub name: Option<Scalar>,
    pub port: Option<Scalar>,
    pub target_port: Option<Scalar>,
}

/// Kinds whose spec holds a pod spec, directly or in a template.
pub const WORKLOAD_KINDS: &[&str] = &[
    "Pod",
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "ReplicationController",
    "Job",
    "CronJob",
];

impl Object {
    pub fn kind(&self) -> &str {
        self.kind.as_ref().map_or("", |k| k.value.as_str())
    }

    /// The line of `kind:`, where the object is reported when nothing more precise fits.
    pub fn line(&self) -> u32 {
        self.kind.as_ref().map_or(1, |k| k.referenced.line() as u32)
    }

    pub fn name(&self) -> &str {
        self.metadata
            .as_ref()
            .and_then(|m| m.name.as_ref())
            .map_or("", Scalar::as_str)
    }

    /// The pod spec of a workload: `spec` for a Pod, `spec.template.spec` for most workloads,
    /// `spec.jobTemplate.spec.template.spec` for a `CronJob`.
    pub fn pod_spec(&self) -> Option<&Spec> {
        if !WORKLOAD_KINDS.contains(&self.kind()) {
            return None;
        }
        let mut spec = self.spec.as_ref()?;
        for _ in 0..3 {
            if !spec.containers.is_empty() {
                return Some(spec);
            }
            spec = match (&spec.job_template, &spec.template) {
                (Some(t), _) | (None, Some(t)) => t.spec.as_ref()?,
                (None, None) => return None,
            };
        }
        None
    }
}

/// Whether a YAML text looks like Kubernetes manifests: some document has `apiVersion:` and
/// `kind:` at the top level.
pub fn looks_like_manifest(text: &str) -> bool {
    let top = |key: &str| {
        text.lines()
            .any(|l| l.starts_with(key) && l[key.len()..].starts_with(':'))
    };
    top("apiVersion") && top("kind")
}

/// Reads the Kubernetes objects of a YAML stream; documents that cannot be read are counted in
/// the second value.
pub fn parse(text: &str) -> (Vec<Object>, usize) {
    let mut objects = Vec::new();
    let mut unreadable = 0;
    for doc in yaml::documents(text) {
        match serde_saphyr::from_str_with_options::<Object>(&doc, yaml::options()) {
            Ok(o) if o.kind.is_some() && o.api_version.is_some() => objects.push(o),
            Ok(_) => {}
            Err(_) => unreadable += 1,
        }
    }
    (objects, unreadable)
}

/// A Secret's values in plain text with their lines: `data` decoded from base64 (values that
/// are not valid base64 or not UTF-8 are left out) and `stringData` as written.
pub fn secret_values(object: &Object) -> Vec<(String, String, u32)> {
    let mut out = Vec::new();
    for (key, value) in object.data.iter().flatten() {
        let encoded: String = value.value.as_str().split_whitespace().collect();
        let decoded = crate::secrets::base64url(encoded.as_bytes())
            .filter(|_| !encoded.contains(['-', '_']))
            .and_then(|b| String::from_utf8(b).ok());
        if let Some(plain) = decoded {
            out.push((key.clone(), plain, value.referenced.line() as u32));
        }
    }
    for (key, value) in object.string_data.iter().flatten() {
        out.push((
            key.clone(),
            value.value.0.clone(),
            value.referenced.line() as u32,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFESTS: &str = r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 2
  template:
    spec:
      hostNetwork: true
      securityContext:
        runAsNonRoot: true
      containers:
        - name: api
          image: ghcr.io/acme/api:1.4.2
          securityContext:
            privileged: true
            allowPrivilegeEscalation: false
          resources:
            limits:
              memory: 256Mi
              cpu: 1
      volumes:
        - name: docker
          hostPath:
            path: /var/run/docker.sock
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: job
              image: busybox
---
this: [is not closed
---
apiVersion: v1
kind: Secret
metadata:
  name: db
data:
  password: c3VwZXJzZWNyZXQ=
  broken: "%%%"
stringData:
  token: plain-text-token
---
apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  type: LoadBalancer
  ports:
    - port: 5432
      targetPort: 5432
"#;

    #[test]
    fn objects_pod_specs_and_lines() {
        let (objects, unreadable) = parse(MANIFESTS);
        assert_eq!(unreadable, 1);
        let kinds: Vec<&str> = objects.iter().map(Object::kind).collect();
        assert_eq!(kinds, vec!["Deployment", "CronJob", "Secret", "Service"]);
        let deployment = &objects[0];
        assert_eq!((deployment.name(), deployment.line()), ("api", 2));
        let pod = deployment.pod_spec().unwrap();
        assert_eq!(pod.host_network.as_ref().unwrap().referenced.line(), 9);
        let pod_context = pod.security_context.as_ref().unwrap();
        assert!(
            pod_context
                .run_as_non_root
                .as_ref()
                .unwrap()
                .value
                .is_true()
        );
        let container = &pod.containers[0];
        assert_eq!(container.referenced.line(), 13);
        let context = container.value.security_context.as_ref().unwrap();
        assert_eq!(context.privileged.as_ref().unwrap().referenced.line(), 16);
        assert!(
            context
                .allow_privilege_escalation
                .as_ref()
                .unwrap()
                .value
                .is_false()
        );
        let limits = container.value.resources.as_ref().unwrap().limits.as_ref();
        assert_eq!(limits.unwrap()["cpu"].as_str(), "1");
        let volume = &pod.volumes[0];
        assert_eq!(volume.referenced.line(), 23);
        let host = volume.value.host_path.as_ref().unwrap().path.as_ref();
        assert_eq!(host.unwrap().as_str(), "/var/run/docker.sock");

        let cron = objects[1].pod_spec().unwrap();
        assert_eq!(
            cron.containers[0].value.image.as_ref().unwrap().as_str(),
            "busybox"
        );

        let secret = secret_values(&objects[2]);
        assert_eq!(
            secret,
            vec![
                ("password".into(), "supersecret".into(), 47),
                ("token".into(), "plain-text-token".into(), 50)
            ]
        );

        let service = objects[3].spec.as_ref().unwrap();
        assert_eq!(
            service.service_type.as_ref().unwrap().value.as_str(),
            "LoadBalancer"
        );
        assert_eq!(
            service.ports[0].value.port.as_ref().unwrap().as_str(),
            "5432"
        );
        assert!(objects[3].pod_spec().is_none());
    }

    #[test]
    fn manifests_are_told_from_other_yaml() {
        assert!(looks_like_manifest("apiVersion: v1\nkind: ConfigMap\n"));
        assert!(!looks_like_manifest("name: ci\non: push\n"));
        assert!(!looks_like_manifest("  apiVersion: v1\n  kind: X\n"));
        let (objects, unreadable) = parse("name: ci\non: push\n");
        assert!(objects.is_empty());
        assert_eq!(unreadable, 0);
    }
}
