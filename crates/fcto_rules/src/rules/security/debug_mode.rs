//! SEC-14: debug mode in production settings: Django's `DEBUG`, Flask and the Werkzeug
//! debugger, Rails, Laravel, Spring Boot's actuator and error pages, Express, ASP.NET Core, PHP.

use super::pattern_groups::{
    Judged, Place, file_name, is_development_path, judge_and_report, path_words,
};
use crate::{Analysis, Emitter};
use fcto_facts::code_patterns::{Pattern, PatternHit};
use fcto_model::{RuleDocs, Severity};

pub const DOCS: RuleDocs = RuleDocs {
    what: "Looks for debug switches in files that apply to production: Django's `DEBUG = True` \
           (or `DEBUG` defaulting to true when the environment is silent) in settings files; \
           Flask's `app.run(debug=True)`, a module-level `app.debug = True`, and the Werkzeug \
           debugger (`use_debugger=True`, `DebuggedApplication(evalex=True)`); \
           `FLASK_DEBUG`/`DJANGO_DEBUG`/`FLASK_ENV=development` in a Dockerfile, Procfile, \
           environment file or deployment manifest; Rails' `consider_all_requests_local = true` \
           in `config/environments/production.rb`; Laravel's `APP_DEBUG=true` in a committed \
           `.env`/`.env.production` or `'debug' => true` in `config/app.php`; Spring Boot's \
           actuator with every endpoint exposed (`management.endpoints.web.exposure.include=*`) \
           and `server.error.include-stacktrace=always`; Express's `errorhandler()` without an \
           environment check in the lines before, and `err.stack` sent in responses; ASP.NET \
           Core's `UseDeveloperExceptionPage()` without `IsDevelopment()` in the three lines \
           before; PHP's `display_errors = On`. Files for development, tests and examples \
           (`dev.py`, `local.py`, `settings_test.py`, `.env.example`, `application-dev.yml`, \
           `docker-compose*.yml`, folders named `test`, `examples`...) are left out. Critical \
           for the Werkzeug debugger and the actuator's `*`; high otherwise; the checks that \
           cannot see how the app is started or where the guard is (Flask's `app.run`, \
           Express's `errorhandler`, ASP.NET's exception page, a committed `.env`, \
           `ini_set`) say \"to review\", and `err.stack` in responses is medium.",
    why: "Debug mode shows attackers your code, settings and sometimes passwords in error \
          pages, and the Werkzeug debugger or an open actuator lets them run commands or download \
          the server's memory.",
    how_to_fix: "Read the switch from the environment with a safe default (`DEBUG = \
                 env.bool(\"DEBUG\", default=False)`), keep debug settings in development-only \
                 files, guard developer error pages with the framework's environment check, and \
                 expose only the actuator endpoints you need (`health,info`) behind \
                 authentication.",
    options: "None.",
};

const RULE: &str = "SEC014";

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    let keep = |path: &str| Place::of(path) == Place::Product && !is_development_path(path);
    judge_and_report(a, e, RULE, keep, judge);
}

/// A Python file that holds Django or Flask settings: `settings.py`, anything under a
/// `settings` folder, `*settings*.py`, or a `config.py`/`prod.py`/`production.py`/`staging.py`.
fn is_python_settings(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let name = file_name(path);
    let stem = name.strip_suffix(".py").unwrap_or(&name);
    lower.contains("settings") || ["config", "prod", "production", "staging"].contains(&stem)
}

fn judge<'a>(hit: &'a PatternHit, pattern: &Pattern) -> Option<Judged<'a>> {
    let text = hit.text.to_ascii_lowercase();
    let high = |problem: &str, note: &str| Judged {
        hit,
        severity: Severity::High,
        problem: problem.to_string(),
        note: note.to_string(),
    };
    match pattern.id.as_str() {
        "django-debug-true" if is_python_settings(&hit.path) => Some(high(
            "`DEBUG = True` in settings",
            ": this file is not named as development settings, so production may run with \
             debug pages that show code, settings and request data; read `DEBUG` from the \
             environment, default off",
        )),
        "django-debug-default-true" if is_python_settings(&hit.path) => Some(high(
            "`DEBUG` on unless the environment turns it off",
            ": a missing variable in production switches debug pages on; make the default \
             `False`",
        )),
        "flask-run-debug" => Some(high(
            "Flask started with `debug=True`",
            ": to review: if production starts the app this way (`python app.py`), the \
             Werkzeug debugger lets any visitor run code; read the flag from the environment",
        )),
        "flask-debug-module-level" => Some(high(
            "Flask debug mode switched on when the module loads",
            ": every server that imports this module runs in debug mode",
        )),
        "werkzeug-debugger" => Some(Judged {
            hit,
            severity: Severity::Critical,
            problem: "The Werkzeug interactive debugger switched on".to_string(),
            note: ": anyone who can trigger an error gets a Python console on the server"
                .to_string(),
        }),
        "env-debug-on" => env_debug(hit),
        "rails-consider-all-requests-local"
            if hit
                .path
                .to_ascii_lowercase()
                .ends_with("config/environments/production.rb") =>
        {
            Some(high(
                "Full error reports for every visitor in Rails production",
                ": `consider_all_requests_local = true` shows stack traces and code to \
                 everyone; set it to `false`",
            ))
        }
        "laravel-app-debug" => laravel_debug(hit),
        "spring-actuator-all" if is_spring_config(&hit.path) => Some(Judged {
            hit,
            severity: Severity::Critical,
            problem: "Every Spring Boot actuator endpoint exposed".to_string(),
            note: ": `/actuator/env`, `/heapdump` and `/loggers` give away secrets and memory \
                   unless they sit behind authentication; list only `health,info`"
                .to_string(),
        }),
        "spring-stacktrace-always" if is_spring_config(&hit.path) => Some(high(
            "Stack traces in every Spring Boot error page",
            ": set `server.error.include-stacktrace` to `never`",
        )),
        // a guard (`NODE_ENV`, `'development'`) seen in the lines before
        "express-errorhandler" if hit.value.is_none() => Some(high(
            "Express's `errorhandler()` without an environment check",
            ": to review: no `NODE_ENV` check in the two lines before; it sends stack traces \
             to the browser and is meant for development only",
        )),
        "express-stack-to-client"
            if ![
                "node_env",
                "production",
                "development",
                "isdev",
                "isprod",
                "debug",
            ]
            .iter()
            .any(|g| text.contains(g)) =>
        {
            Some(Judged {
                hit,
                severity: Severity::Medium,
                problem: "Stack traces sent in HTTP responses".to_string(),
                note: ": they show file paths and library versions to attackers; log the \
                       stack and send a generic message"
                    .to_string(),
            })
        }
        "aspnet-developer-exception-page"
            if hit.value.as_deref().is_none_or(|v| v.starts_with('!')) =>
        {
            Some(high(
                "ASP.NET Core's developer exception page without an `IsDevelopment()` check",
                ": to review: no `IsDevelopment()` check in the three lines before; it shows \
                 stack traces, code and request data to every visitor",
            ))
        }
        "php-display-errors" if text.contains("ini_set") => Some(Judged {
            hit,
            severity: Severity::Medium,
            problem: "PHP errors shown to visitors (`display_errors`)".to_string(),
            note: ": to review: turn it on only in development".to_string(),
        }),
        "php-display-errors" => Some(high(
            "PHP errors shown to visitors (`display_errors = On`)",
            ": errors reveal paths and queries; set `display_errors = Off` and log them",
        )),
        _ => None,
    }
}

/// `FLASK_DEBUG`, `DJANGO_DEBUG` or `FLASK_ENV=development` in a file that configures a
/// deployment: a Dockerfile, Procfile, environment file, or a YAML manifest that is not a
/// Compose file (Compose files mostly run development stacks).
fn env_debug(hit: &PatternHit) -> Option<Judged<'_>> {
    let name = file_name(&hit.path);
    let yaml = name.ends_with(".yml") || name.ends_with(".yaml");
    if yaml && (name.contains("compose") || hit.path.starts_with(".github/")) {
        return None;
    }
    Some(Judged {
        hit,
        severity: Severity::High,
        problem: "Debug mode switched on in the deployment environment".to_string(),
        note: ": this file configures how the app runs; debug mode shows code and settings in \
               error pages (Flask's even gives a console)"
            .to_string(),
    })
}

/// `APP_DEBUG=true` in a committed environment file or `'debug' => true` in `config/app.php`.
fn laravel_debug(hit: &PatternHit) -> Option<Judged<'_>> {
    let name = file_name(&hit.path);
    if name == "app.php" {
        return hit
            .path
            .to_ascii_lowercase()
            .ends_with("config/app.php")
            .then(|| Judged {
                hit,
                severity: Severity::High,
                problem: "Laravel debug mode hard-coded on".to_string(),
                note: ": read it from `APP_DEBUG`, off by default".to_string(),
            });
    }
    let production =
        path_words(&name).any(|w| ["production", "prod", "staging"].contains(&w.as_str()));
    Some(Judged {
        hit,
        severity: if production {
            Severity::High
        } else {
            Severity::Medium
        },
        problem: "Laravel's `APP_DEBUG=true` in a committed environment file".to_string(),
        note: if production {
            ": Laravel shows stack traces, queries and environment values on errors".to_string()
        } else {
            ": to review: if this file reaches a server, Laravel shows stack traces, queries and \
             environment values on errors"
                .to_string()
        },
    })
}

/// Spring Boot's `application*.properties`/`.yml` or `bootstrap*`.
fn is_spring_config(path: &str) -> bool {
    let name = file_name(path);
    name.starts_with("application") || name.starts_with("bootstrap")
}
