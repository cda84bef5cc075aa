//! The fixed vocabularies of the product: areas, severities, efforts and company stages.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A value that is not one of a vocabulary's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub what: &'static str,
    pub value: String,
    pub expected: &'static [&'static str],
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown {} `{}`; expected one of: {}",
            self.what,
            self.value,
            self.expected.join(", ")
        )
    }
}

impl std::error::Error for ParseError {}

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($(#[$vmeta:meta])* $variant:ident => $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $word)] $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The words accepted by `FromStr` and written by serde.
            pub const WORDS: &'static [&'static str] = &[$($word),+];

            /// The word used in configuration files and JSON.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = ParseError;
            fn from_str(s: &str) -> Result<Self, ParseError> {
                let lower = s.trim().to_ascii_lowercase();
                match lower.as_str() {
                    $($word => Ok($name::$variant),)+
                    _ => Err(ParseError { what: $what, value: s.to_string(), expected: Self::WORDS }),
                }
            }
        }
    };
}

vocabulary! {
    /// The area of the assessment a rule, score or report section belongs to (product.md).
    Area, "area" {
        Architecture => "architecture",
        Delivery => "delivery",
        Quality => "quality",
        Ai => "ai",
        Operations => "operations",
        NoCode => "no-code",
        Security => "security",
        Privacy => "privacy",
        Team => "team",
        Documentation => "documentation",
    }
}

impl Area {
    /// The rule-code prefix of the area: `ARC`, `DEL`, ...
    pub fn prefix(self) -> &'static str {
        match self {
            Area::Architecture => "ARC",
            Area::Delivery => "DEL",
            Area::Quality => "QUA",
            Area::Ai => "AI",
            Area::Operations => "OPS",
            Area::NoCode => "MIG",
            Area::Security => "SEC",
            Area::Privacy => "PRI",
            Area::Team => "TEAM",
            Area::Documentation => "DOC",
        }
    }

    /// The heading a founder reads.
    pub fn title(self) -> &'static str {
        match self {
            Area::Architecture => "Architecture & stack",
            Area::Delivery => "Delivery",
            Area::Quality => "Quality & technical debt",
            Area::Ai => "AI features",
            Area::Operations => "Operations",
            Area::NoCode => "No-code migration",
            Area::Security => "Security",
            Area::Privacy => "Privacy & compliance",
            Area::Team => "Team & knowledge",
            Area::Documentation => "Documentation",
        }
    }

    /// The area whose prefix this is, case-insensitively.
    pub fn from_prefix(prefix: &str) -> Option<Area> {
        Area::ALL
            .iter()
            .copied()
            .find(|a| a.prefix().eq_ignore_ascii_case(prefix))
    }
}

vocabulary! {
    /// How much a finding matters; ordered from `Info` to `Critical`.
    Severity, "severity" {
        /// Inventory or context, never a problem by itself.
        Info => "info",
        /// Hygiene.
        Low => "low",
        /// Slows the team or raises cost; fix in the roadmap.
        Medium => "medium",
        /// Real, material risk this quarter.
        High => "high",
        /// Likely to cause a breach, data loss or outage soon, or blocks a deal.
        Critical => "critical",
    }
}

impl Severity {
    /// One level lower, never below `Info`.
    #[must_use]
    pub fn lower(self) -> Severity {
        match self {
            Severity::Critical => Severity::High,
            Severity::High => Severity::Medium,
            Severity::Medium => Severity::Low,
            Severity::Low | Severity::Info => Severity::Info,
        }
    }

    /// One level higher, never above `Critical`.
    #[must_use]
    pub fn raise(self) -> Severity {
        match self {
            Severity::Info => Severity::Low,
            Severity::Low => Severity::Medium,
            Severity::Medium => Severity::High,
            Severity::High | Severity::Critical => Severity::Critical,
        }
    }
}

vocabulary! {
    /// The work needed to fix a finding.
    Effort, "effort" {
        /// Nothing to do: inventory.
        None => "none",
        /// Under a day, one person.
        Hours => "hours",
        /// One to five days.
        Days => "days",
        /// More than a week, or needs coordination.
        Weeks => "weeks",
    }
}

vocabulary! {
    /// The company's stage, from `fcto.toml`; it changes severity weights and the roadmap.
    Stage, "stage" {
        PreProduct => "pre-product",
        Mvp => "mvp",
        Rebuild => "rebuild",
        Growth => "growth",
        Scale => "scale",
        DueDiligence => "due-diligence",
    }
}

impl Stage {
    /// How a founder would name the stage.
    pub fn title(self) -> &'static str {
        match self {
            Stage::PreProduct => "pre-product (prototype)",
            Stage::Mvp => "MVP with first users",
            Stage::Rebuild => "rebuild after a failed first build",
            Stage::Growth => "growth (paying customers, growing team)",
            Stage::Scale => "Series A / scale-up",
            Stage::DueDiligence => "investor technical due diligence",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_round_trip() {
        for area in Area::ALL {
            assert_eq!(area.as_str().parse::<Area>().unwrap(), *area);
            assert_eq!(Area::from_prefix(area.prefix()), Some(*area));
        }
        assert_eq!(
            "Due-Diligence".parse::<Stage>().unwrap(),
            Stage::DueDiligence
        );
        let err = "seed".parse::<Stage>().unwrap_err();
        assert!(err.to_string().contains("pre-product, mvp"), "{err}");
    }

    #[test]
    fn severity_orders_and_steps() {
        assert!(Severity::Critical > Severity::High && Severity::Low > Severity::Info);
        assert_eq!(Severity::Info.lower(), Severity::Info);
        assert_eq!(Severity::Medium.raise(), Severity::High);
        assert_eq!(Severity::Critical.raise(), Severity::Critical);
    }
}
