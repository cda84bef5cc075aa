//! OPS rules on facts that make them fire and on facts that must not.

use crate::testing::{World, finding_with, run_on};
use fcto_model::Severity;

const CARELESS: &str = r#"FROM node
ARG NPM_TOKEN
ENV DB_PASSWORD=Tr0ub4dor-and-3 \
    NODE_ENV=development
WORKDIR /app
ADD https://example.org/tool.tar.gz /tmp/
ADD config.json /app/
RUN apt-get update && apt-get install -y git curl
RUN curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
COPY . .
EXPOSE 3000 22
CMD ["node", "server.js"]
"#;

#[test]
fn ops015_reports_each_kind_of_problem_with_its_lines() {
    let f = run_on("OPS015", World::new().doc("api/Dockerfile", CARELESS));
    let base = finding_with(&f, "moving base image");
    assert_eq!(
        base.message,
        "`api/Dockerfile` builds on a moving base image: `node` has no tag (line 1)"
    );
    assert_eq!(base.severity, Severity::Medium);
    assert_eq!(base.evidence[0].line, Some(1));

    let root = finding_with(&f, "runs as root");
    assert_eq!(root.severity, Severity::High, "root and a port exposed");
    assert!(root.message.contains("exposes a port"));

    let secret = finding_with(&f, "with the value written in the file");
    assert_eq!(secret.severity, Severity::High);
    assert_eq!(secret.evidence[0].line, Some(3));
    let all = format!("{f:?}");
    assert!(!all.contains("Tr0ub4dor-and-3"), "the secret is masked");

    let arg = finding_with(&f, "build arguments");
    assert_eq!(arg.severity, Severity::Medium);
    assert_eq!(arg.evidence[0].line, Some(2));

    assert_eq!(
        finding_with(&f, "development settings").evidence[0].line,
        Some(3)
    );
    assert!(
        finding_with(&f, "development settings")
            .message
            .contains("NODE_ENV=development")
    );
    assert_eq!(finding_with(&f, "ADD <url>").evidence[0].line, Some(6));
    let local = finding_with(&f, "for local files");
    assert_eq!(
        (local.severity, local.evidence[0].line),
        (Severity::Low, Some(7))
    );
    assert_eq!(
        finding_with(&f, "--no-install-recommends").severity,
        Severity::Low
    );
    assert_eq!(finding_with(&f, "into a shell").evidence[0].line, Some(9));
    let copy = finding_with(&f, "whole build context");
    assert!(copy.message.contains("there is no `.dockerignore`"));
    assert_eq!(copy.evidence[0].line, Some(10));
    assert_eq!(finding_with(&f, "SSH").evidence[0].line, Some(11));
    assert_eq!(f.len(), 11, "{f:#?}");
}

const CAREFUL: &str = r#"# syntax=docker/dockerfile:1
ARG NODE_VERSION=20.11.1
FROM node:${NODE_VERSION}-alpine@sha256:9a5cd9c5b8f3d6e0c1b2a3f4e5d6c7b8a9f0e1d2c3b4a5f6e7d8c9b0a1f2e3d4 AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=secret,id=npm_token NPM_TOKEN=$(cat /run/secrets/npm_token) npm ci
COPY . .
RUN npm run build

FROM node:20.11.1-alpine AS runtime
ENV NODE_ENV=production
RUN apt-get update && apt-get install -y --no-install-recommends tini \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /app/dist /app
USER node
EXPOSE 3000
CMD ["node", "/app/index.js"]
"#;

#[test]
fn ops015_is_silent_on_a_careful_dockerfile() {
    let f = run_on(
        "OPS015",
        World::new().doc("Dockerfile", CAREFUL).doc(
            ".dockerignore",
            "node_modules\n.git\n**/.env*\n!.env.example\n",
        ),
    );
    assert!(f.is_empty(), "{f:#?}");
}

#[test]
fn ops015_follows_stages_and_dockerignore() {
    // The final stage builds on an earlier stage that switched user: not root.
    let inherited = "FROM python:3.12-slim AS base\nRUN useradd app\nUSER app\n\
                     FROM base\nCOPY . /srv\n";
    // The .dockerignore leaves `.env` in the context.
    let f = run_on(
        "OPS015",
        World::new()
            .doc("svc/Dockerfile", inherited)
            .doc("svc/.dockerignore", ".git\nnode_modules\n"),
    );
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(
        f[0].message
            .contains("the `.dockerignore` does not exclude `.env`"),
        "{}",
        f[0].message
    );

    // An explicit `USER root` last is high even without a port; distroless nonroot is fine.
    let f = run_on(
        "OPS015",
        World::new().doc(
            "Dockerfile",
            "FROM alpine:3.20\nUSER app\nRUN id\nUSER root\n",
        ),
    );
    let root = finding_with(&f, "USER root");
    assert_eq!(
        (root.severity, root.evidence[0].line),
        (Severity::High, Some(4))
    );
    let f = run_on(
        "OPS015",
        World::new().doc(
            "Dockerfile",
            "FROM golang:1.22 AS build\nRUN go build -o /app\n\
         FROM gcr.io/distroless/static:nonroot\nCOPY --from=build /app /app\n",
        ),
    );
    assert!(f.is_empty(), "{f:#?}");
}

#[test]
fn ops015_test_dockerfiles_are_low() {
    let f = run_on(
        "OPS015",
        World::new().doc(
            "tests/fixtures/Dockerfile",
            "FROM ubuntu:latest\nUSER root\n",
        ),
    );
    assert!(!f.is_empty());
    assert!(f.iter().all(|x| x.severity == Severity::Low), "{f:#?}");
    assert!(
        finding_with(&f, "moving base image")
            .message
            .contains("`ubuntu:latest` uses `latest`")
    );
}
