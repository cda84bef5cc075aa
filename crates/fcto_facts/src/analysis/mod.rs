//! Derived facts: team and hotspots.
