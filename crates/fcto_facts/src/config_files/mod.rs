//! Well-known configuration files read into typed, line-numbered models: Dockerfiles, Docker
//! Compose files, Kubernetes manifests and Terraform. Pure functions from text; rules call them
//! on `Inventory::document_text`.

pub mod compose;
pub mod dockerfile;
pub mod hcl;
pub mod kubernetes;
pub mod terraform;
pub mod yaml;

fn file_name(path: &str) -> String {
    path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase()
}

/// `Dockerfile`, `Dockerfile.prod`, `api.Dockerfile`, `Containerfile`.
pub fn is_dockerfile(path: &str) -> bool {
    let name = file_name(path);
    let doc_like = [".md", ".txt", ".j2", ".tpl", ".template", ".erb"]
        .iter()
        .any(|e| name.ends_with(e));
    (name.starts_with("dockerfile")
        || name.starts_with("containerfile")
        || name.ends_with(".dockerfile")
        || name.ends_with(".containerfile"))
        && !doc_like
}

/// `docker-compose.yml`, `docker-compose.prod.yaml`, `compose.yaml`.
pub fn is_compose(path: &str) -> bool {
    let name = file_name(path);
    (name.starts_with("docker-compose") || name.starts_with("compose."))
        && (name.ends_with(".yml") || name.ends_with(".yaml"))
}

/// `*.tf` and `*.tofu`.
pub fn is_terraform(path: &str) -> bool {
    let name = file_name(path);
    name.ends_with(".tf") || name.ends_with(".tofu")
}

/// A YAML file.
pub fn is_yaml(path: &str) -> bool {
    let name = file_name(path);
    name.ends_with(".yml") || name.ends_with(".yaml")
}

/// A Helm chart template (`templates/*.yaml` with `{{ }}` actions): Go templates, not YAML
/// until rendered.
pub fn is_helm_template(path: &str, text: &str) -> bool {
    (path.starts_with("templates/") || path.contains("/templates/")) && text.contains("{{")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_of_files_by_path() {
        assert!(is_dockerfile("Dockerfile"));
        assert!(is_dockerfile("services/api/Dockerfile.prod"));
        assert!(is_dockerfile("docker/web.dockerfile"));
        assert!(!is_dockerfile("docs/Dockerfile.md"));
        assert!(!is_dockerfile(".dockerignore"));
        assert!(is_compose("docker-compose.override.yml"));
        assert!(is_compose("deploy/compose.yaml"));
        assert!(!is_compose("composer.yaml"));
        assert!(is_terraform("infra/main.tf"));
        assert!(!is_terraform("infra/terraform.tfvars"));
        assert!(is_helm_template(
            "charts/api/templates/deploy.yaml",
            "name: {{ .Values.x }}"
        ));
        assert!(!is_helm_template(
            "k8s/deploy.yaml",
            "name: {{ .Values.x }}"
        ));
    }
}
