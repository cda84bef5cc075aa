//! Markers in C++ test cases that the grammar reads with an error: Catch2's and doctest's
//! `TEST_CASE("name", "[tags]") { ... }` is a macro call followed by a block, which tree-sitter
//! parses with a missing `;`, so it cannot live among the marker fixtures (they must parse
//! cleanly).

use fcto_facts::syntax;

#[test]
fn catch2_and_doctest_markers() {
    let text = r#"#include <catch2/catch_test_macros.hpp>

TEST_CASE("reads a big file", "[.][slow]") {
  REQUIRE(read("big") == 0);
}

TEST_CASE("reads a pipe", "[io][!mayfail]") {
  REQUIRE(read("pipe") == 0);
}

TEST_CASE_METHOD(Fixture, "reads a socket", "[io][.integration]") {
  REQUIRE(read("socket") == 0);
}

TEST_CASE("reads [.] names", "[io]") {
  REQUIRE(read("[.]") == 0);
}

SCENARIO("reads nothing", "[io][!shouldfail]") {
  REQUIRE(read("") == 1);
}

TEST_CASE("writes a file" * doctest::skip()) {
  CHECK(write("a") == 0);
}

TEST_CASE("writes a pipe" * doctest::skip(is_windows())) {
  CHECK(write("b") == 0);
}

TEST_CASE("writes a socket" * doctest::timeout(1) * doctest::may_fail()) {
  CHECK(write("c") == 0);
}

TEST_CASE("writes a device" * doctest::skip(false)) {
  CHECK(write("d") == 0);
}
"#;
    let parsed = syntax::analyse("C++", text).unwrap();
    let found: Vec<(u32, &str, &str)> = parsed
        .markers
        .iter()
        .map(|m| (m.line, m.kind.as_str(), m.name))
        .collect();
    assert_eq!(
        found,
        vec![
            (3, "disabled-test", "[.]"),
            (7, "disabled-test", "[!mayfail]"),
            (11, "disabled-test", "[.]"),
            (19, "disabled-test", "[!mayfail]"),
            (23, "disabled-test", "doctest::skip"),
            (31, "disabled-test", "doctest::may_fail"),
        ]
    );
}
