#!/usr/bin/env python3
"""Agreement of `fcto functions` with lizard (https://github.com/terryyin/lizard) on real
repositories: for every function either tool finds in the files fcto parses, do both find it
with the same first and last line, and do they give it the same cyclomatic complexity?

    pip install lizard==1.24.0
    bench/lizard_agreement.py [--fcto target/release/fcto] [--show 10] [--explain] REPO [REPO...]

Per language it prints: functions found by either tool, the share whose boundaries agree,
and the share whose boundaries and cyclomatic complexity both agree. `--count lizard` makes
fcto count decisions exactly as lizard does where fcto deliberately differs (docs/code-health.md).
With --show N it prints N examples of each kind of disagreement, for diagnosis.

With --explain every disagreement is put in a named category of lizard misreading the code, or
of fcto differing on purpose, or left "unexplained". JavaScript, JSX, TypeScript and TSX are
explained here; the other languages by the modules of EXPLAINER_MODULES beside this script
(lizard_explain_jvm.py: Java, Kotlin; lizard_explain_dotnet_swift.py: C#, Swift;
lizard_explain_other.py: PHP, Ruby, Rust; lizard_explain_c.py: C, C++ and their headers).
A category is only ever confirmed, never guessed:

- rewrite categories: the construct lizard misreads is rewritten in the file into an
  equivalent one (a regular expression literal into a string of the same length, a template
  literal into a concatenation, type arguments into blanks...), keeping every line where it was.
  The rewrite counts only if fcto finds exactly the same functions, lines and complexities in
  the rewritten file (so it changed nothing that matters), and a disagreement is explained by
  it when it disappears once lizard reads the rewritten file. Rewrites accumulate, in the
  order of REWRITES; a disagreement goes to the first that makes it disappear.
- local categories: what is left is matched against a pattern of both tools' outputs and the
  source lines of the function (an expression-bodied arrow function that lizard ends on the
  next line of code, a function type that lizard lists as a function...), on the lizard output
  of the rewritten file.

Needs only python3 and lizard (imported in-process for the rewritten files).
"""
import argparse
import bisect
import collections
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from lizard_explain_common import Token, blank

# lizard's CSV has no header: NLOC, CCN, tokens, PARAM, length, location, file, function,
# long_name, start, end.
LIZARD_FIELDS = ["nloc", "ccn", "tokens", "params", "length", "location", "file", "name",
                 "long_name", "start", "end"]


def fcto_functions(fcto, repo, counting):
    out = subprocess.run([fcto, "functions", repo, "--format", "json", "--count", counting], check=True,
                         capture_output=True, text=True).stdout
    files = subprocess.run([fcto, "functions", repo, "--parsed-files"], check=True,
                           capture_output=True, text=True).stdout.split("\n")
    return json.loads(out), [f for f in files if f]


def lizard_functions(repo, files):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
        for f in files:
            listing.write(os.path.join(repo, f) + "\n")
        name = listing.name
    try:
        # One process per core: lizard's own -t is slower than that on two cores.
        out = subprocess.run(["lizard", "--csv", "-t", str(os.cpu_count() or 1), "-f", name],
                             capture_output=True, text=True).stdout
    finally:
        os.unlink(name)
    rows = []
    for rec in csv.reader(io.StringIO(out)):
        if len(rec) != len(LIZARD_FIELDS):
            continue
        r = dict(zip(LIZARD_FIELDS, rec))
        if not r["ccn"].isdigit():
            continue
        rows.append({
            "path": os.path.relpath(r["file"], repo),
            "name": r["name"],
            "start_line": int(r["start"]),
            "end_line": int(r["end"]),
            "cyclomatic": int(r["ccn"]),
        })
    return rows


def disagreements(ours, theirs):
    """The functions of one file on which the tools disagree: ("fcto", (start, end)) for a
    function of fcto's that lizard does not find with the same lines and complexity,
    ("lizard", (start, end)) for one of lizard's whose lines fcto does not find."""
    a = {(f["start_line"], f["end_line"]): f["cyclomatic"] for f in ours}
    b = {(f["start_line"], f["end_line"]): f["cyclomatic"] for f in theirs}
    items = {("fcto", k) for k, c in a.items() if b.get(k) != c}
    items |= {("lizard", k) for k in b if k not in a}
    return items


def compare(repos, fcto, show, counting, explain):
    totals = collections.defaultdict(lambda: collections.Counter())
    explained = collections.defaultdict(lambda: collections.Counter())
    examples = collections.defaultdict(list)
    for repo in repos:
        ours, files = fcto_functions(fcto, repo, counting)
        language_of = {}
        for f in ours:
            language_of[f["path"]] = f["language"]
        theirs = lizard_functions(repo, files)
        by_file = collections.defaultdict(lambda: ([], []))
        for f in ours:
            by_file[f["path"]][0].append(f)
        for f in theirs:
            by_file[f["path"]][1].append(f)
        to_explain = {}
        for path, (a, b) in by_file.items():
            language = language_of.get(path) or ext_language(path)
            t = totals[language]
            b_by_lines = {(f["start_line"], f["end_line"]): f for f in b}
            a_by_lines = {(f["start_line"], f["end_line"]): f for f in a}
            for key, f in a_by_lines.items():
                t["functions"] += 1
                g = b_by_lines.get(key)
                if g is None:
                    t["only_fcto"] += 1
                    examples[(language, "only fcto")].append(f"{repo}/{path}:{key[0]}-{key[1]} {f['name']}")
                    continue
                t["boundaries"] += 1
                if g["cyclomatic"] == f["cyclomatic"]:
                    t["both"] += 1
                else:
                    examples[(language, "cyclomatic")].append(
                        f"{repo}/{path}:{key[0]}-{key[1]} {f['name']}: fcto {f['cyclomatic']}, lizard {g['cyclomatic']}")
            for key, g in b_by_lines.items():
                if key not in a_by_lines:
                    t["functions"] += 1
                    t["only_lizard"] += 1
                    examples[(language, "only lizard")].append(f"{repo}/{path}:{key[0]}-{key[1]} {g['name']}")
            if explain:
                items = disagreements(a, b)
                if items:
                    to_explain[path] = (language, a, b, items)
        if explain:
            for path, (language, category, side, key) in explain_repo(fcto, repo, counting, to_explain):
                explained[language][category] += 1
                if show and category != UNEXPLAINED:
                    examples[(language, "explained: " + category)].append(f"{repo}/{path}:{key[0]}-{key[1]} ({side})")
                elif show:
                    examples[(language, "unexplained")].append(f"{repo}/{path}:{key[0]}-{key[1]} ({side})")
    print(f"{'language':<12} {'functions':>9} {'same lines':>10} {'+ same CCN':>10} {'only fcto':>9} {'only lizard':>11}")
    all_t = collections.Counter()
    for language in sorted(totals):
        t = totals[language]
        all_t.update(t)
        n = t["functions"] or 1
        print(f"{language:<12} {t['functions']:>9} {100*t['boundaries']/n:>9.1f}% {100*t['both']/n:>9.1f}% "
              f"{t['only_fcto']:>9} {t['only_lizard']:>11}")
    n = all_t["functions"] or 1
    print(f"{'all':<12} {all_t['functions']:>9} {100*all_t['boundaries']/n:>9.1f}% {100*all_t['both']/n:>9.1f}% "
          f"{all_t['only_fcto']:>9} {all_t['only_lizard']:>11}")
    if explain:
        print_explained(totals, explained)
    if show:
        for (language, kind), items in sorted(examples.items()):
            print(f"\n{language}, {kind} ({len(items)}):")
            for item in items[:show]:
                print("  " + item)


def print_explained(totals, explained):
    print("\nDisagreements explained (--explain), as shares of the functions compared:")
    order = list(dict.fromkeys([DELIBERATE, JSX_LINES] + [name for ex in explainers()
                                                           for name, _ in ex.rewrites + ex.local]))
    for language in sorted(totals):
        if not explained[language]:
            continue
        t = totals[language]
        n = t["functions"] or 1
        e = explained[language]
        unexplained = e[UNEXPLAINED]
        explained_total = sum(v for k, v in e.items() if k != UNEXPLAINED)
        print(f"\n{language}: {t['functions']} functions compared, {100*t['both']/n:.1f}% agree, "
              f"{100*explained_total/n:.1f}% explained, agree + explained {100*(t['both']+explained_total)/n:.1f}%, "
              f"unexplained {100*unexplained/n:.1f}%")
        for category in order + sorted(set(e) - set(order) - {UNEXPLAINED}):
            if e[category]:
                print(f"  {category:<44} {e[category]:>6} {100*e[category]/n:>6.1f}%")
        if unexplained:
            print(f"  {UNEXPLAINED:<44} {unexplained:>6} {100*unexplained/n:>6.1f}%")


# ------------------------------------------------------------------------------------------
# --explain: a small JavaScript/TypeScript lexer, rewrites, local patterns.

JS_LANGUAGES = {"JavaScript", "JSX", "TypeScript", "TSX"}
UNEXPLAINED = "unexplained"

# After these identifiers a `/` starts a regular expression, after others it divides.
REGEX_AFTER_WORDS = {"return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw",
                     "case", "do", "else", "yield", "await"}
PUNCTUATORS = sorted(["...", "===", "!==", "**=", "??=", "&&=", "||=", "<<=",
                      "=>", "?.", "??", "&&", "||", "==", "!=", "<=", "++", "--", "+=", "-=",
                      "*=", "/=", "%=", "&=", "|=", "^=", "**", "<<"], key=len, reverse=True)


def lex(text, jsx):
    """Tokens of JavaScript or TypeScript, without whitespace and comments: kinds "ident",
    "num", "str", "regex", "punct", and "tpl" for each literal piece of a template literal
    (from its backquote or the `}` ending a substitution, to its backquote or `${`)."""
    tokens = []
    n = len(text)
    i = 0
    braces = []  # "{" of a block or object, "${" of a template substitution

    def regex_may_start():
        if not tokens:
            return True
        p = tokens[-1]
        if p.kind == "punct":
            return p.text not in (")", "]", "}") and not (jsx and p.text == "<")
        if p.kind == "ident":
            return p.text in REGEX_AFTER_WORDS
        return p.kind == "tpl" and p.text.endswith("${")

    def template_piece(start, j):
        while j < n:
            c = text[j]
            if c == "\\":
                j += 2
            elif c == "`":
                return j + 1, False
            elif c == "$" and text.startswith("${", j):
                return j + 2, True
            else:
                j += 1
        return n, False

    while i < n:
        c = text[i]
        if c in " \t\r\n\f\v\ufeff\u00a0\u2028\u2029":
            i += 1
        elif text.startswith("//", i) or (i == 0 and text.startswith("#!")):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
        elif c in "\"'":
            j = i + 1
            while j < n:
                d = text[j]
                if d == "\\":
                    j += 2
                    continue
                if d == c:
                    j += 1
                    break
                if d == "\n":
                    break
                j += 1
            j = min(j, n)
            tokens.append(Token("str", i, j, text[i:j]))
            i = j
        elif c == "`" or (c == "}" and braces and braces[-1] == "${"):
            if c == "}":
                braces.pop()
            j, substitution = template_piece(i, i + 1)
            if substitution:
                braces.append("${")
            tokens.append(Token("tpl", i, j, text[i:j]))
            i = j
        elif c == "/" and regex_may_start():
            j = i + 1
            in_class = False
            end = None
            while j < n:
                d = text[j]
                if d == "\n":
                    break
                if d == "\\":
                    j += 2
                    continue
                if in_class:
                    if d == "]":
                        in_class = False
                elif d == "[":
                    in_class = True
                elif d == "/":
                    end = j + 1
                    break
                j += 1
            if end is None:
                tokens.append(Token("punct", i, i + 1, "/"))
                i += 1
                continue
            while end < n and (text[end].isalpha()):
                end += 1
            tokens.append(Token("regex", i, end, text[i:end]))
            i = end
        elif c.isalpha() or c in "_$#@" or ord(c) > 127:
            j = i + 1
            while j < n and (text[j].isalnum() or text[j] in "_$" or ord(text[j]) > 127):
                j += 1
            tokens.append(Token("ident", i, j, text[i:j]))
            i = j
        elif c.isdigit() or (c == "." and i + 1 < n and text[i + 1].isdigit()):
            j = i + 1
            while j < n and (text[j].isalnum() or text[j] in "._"):
                j += 1
            tokens.append(Token("num", i, j, text[i:j]))
            i = j
        else:
            for p in PUNCTUATORS:
                if text.startswith(p, i):
                    if p == "?." and i + 2 < n and text[i + 2].isdigit():
                        continue
                    break
            else:
                p = c
            if p == "{":
                braces.append("{")
            elif p == "}" and braces:
                braces.pop()
            tokens.append(Token("punct", i, i + len(p), p))
            i += len(p)
    return tokens


def apply_edits(text, edits):
    """Replace (start, end, replacement) spans; each replacement keeps the line breaks of what
    it replaces, so that every line stays where it was."""
    out = []
    last = 0
    for start, end, replacement in sorted(edits):
        if start < last:
            continue
        if text.count("\n", start, end) != replacement.count("\n"):
            raise ValueError("a rewrite moved lines")
        out.append(text[last:start])
        out.append(replacement)
        last = end
    out.append(text[last:])
    return "".join(out)


def rewrite_regex(text, tokens, language):
    """Regular-expression literals into strings of the same length."""
    return [(t.start, t.end, '"' + "x" * (t.end - t.start - 2) + '"') for t in tokens if t.kind == "regex"]


def rewrite_templates(text, tokens, language):
    """Template literals into concatenations, line for line: `a${b}c` into "x"+(b)+"x" (with
    parentheses around it when tagged: tag`a` into tag("x"))."""
    edits = []
    tagged = []
    for i, t in enumerate(tokens):
        if t.kind != "tpl":
            continue
        opening, closing = t.text[0], ("`" if t.text.endswith("`") and len(t.text) > 1 else "${")
        if opening == "`":
            p = tokens[i - 1] if i > 0 else None
            tagged.append(p is not None and p.end == t.start and (p.kind == "ident" or p.text in (")", "]", ">")))
        body = t.text[1:len(t.text) - len(closing)]
        strings = "+\n".join('"' + "x" * len(line.rstrip("\r")) + '"' for line in body.split("\n"))
        is_tagged = bool(tagged) and tagged[-1]
        before = ("(" if is_tagged else "") if opening == "`" else ")+"
        after = (")" if is_tagged else "") if closing == "`" else "+("
        edits.append((t.start, t.end, before + strings + after))
        if closing == "`" and tagged:
            tagged.pop()
    return edits


def rewrite_call_optional_chains(text, tokens, language):
    """`f()?.x`, `a[i]?.x` and `a\n  ?.x` into `f() .x`, `a[i] .x` and `a\n   .x`: lizard's
    TypeScript tokenizer (JavaScript's too) joins the `?` of `x?.y` to the name right before
    it, and so does not count it, but counts it anywhere else; and it reads .jsx files with its
    TSX reader, which counts every `?`. fcto does not count `?.` in JavaScript and TypeScript."""
    if language not in ("JavaScript", "TypeScript", "JSX"):
        return []
    edits = []
    for i, t in enumerate(tokens[1:-1], 1):
        p = tokens[i - 1]
        if t.text != "?." or (p.kind == "ident" and p.end == t.start and language != "JSX"):
            continue
        edits.append((t.start, t.end, "  " if tokens[i + 1].text in ("(", "[") else " ."))
    return edits


TYPE_PUNCT = {",", ".", "[", "]", "(", ")", "{", "}", ":", ";", "|", "&", "?", "=", "=>", "...", "<", ">",
              "-", "?."}


def type_arguments_end(tokens, i):
    """If tokens[i] is the `<` opening a list of type arguments or parameters, the index of its `>`."""
    depth = 0
    for j in range(i, min(len(tokens), i + 400)):
        t = tokens[j]
        if t.kind == "punct":
            if t.text == "<":
                depth += 1
            elif t.text == ">":
                depth -= 1
                if depth == 0:
                    return j
            elif t.text not in TYPE_PUNCT:
                return None
        elif t.kind in ("regex", "tpl"):
            return None
    return None


def rewrite_generics(text, tokens, language):
    """Type arguments and parameters, `f<T>(...)`, `new Map<K, V>()`, `useState<string | null>(...)`,
    `function f<T>(...)`, `<T,>(x: T) => ...`, into blanks."""
    if language not in ("TypeScript", "TSX"):
        return []
    edits = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.kind == "punct" and t.text == "<" and i > 0:
            p = tokens[i - 1]
            attached = p.kind == "ident" and p.end == t.start
            # `<T,>(` or `<T extends U>(` of a generic arrow function
            arrow = (p.kind == "punct" and p.text in ("=", "(", ",", ":", "?") or p.text == "async") and \
                i + 2 < len(tokens) and tokens[i + 1].kind == "ident" and \
                (tokens[i + 2].text in (",", ">") or tokens[i + 2].text == "extends")
            if attached or arrow:
                j = type_arguments_end(tokens, i)
                if j is not None and (attached or (j + 1 < len(tokens) and tokens[j + 1].text == "(")):
                    span = text[t.start:tokens[j].end]
                    if "\n" in span and j + 1 < len(tokens) and tokens[j + 1].text == "(":
                        # lizard starts a function at its `(`: the `(` moves up to the name,
                        # the line breaks go after it
                        paren = tokens[j + 1]
                        edits.append((t.start, paren.end, "(" + "\n" * text.count("\n", t.start, paren.start)))
                    else:
                        edits.append((t.start, tokens[j].end, blank(span)))
                    i = j + 1
                    continue
        i += 1
    return edits


def matching(tokens, i, opening, closing):
    depth = 0
    for j in range(i, len(tokens)):
        t = tokens[j]
        if t.kind == "punct":
            if t.text == opening:
                depth += 1
            elif t.text == closing:
                depth -= 1
                if depth == 0:
                    return j
    return None


def rewrite_parenthesized_values(text, tokens, language):
    """`x = (a || b)`, `key: (function () {...}())` and `return (function () {...})()` without
    the parentheses: after `=` or a property's `:` lizard takes a `(` for the parameters of an
    arrow function (and then a `)` for the end of the block around it). Not the parameters of
    an arrow function (a `)` followed by `=>` or `:`), nor a sequence `(a, b)`."""
    edits = []
    for i, t in enumerate(tokens[1:-1], 1):
        if t.text != "(" or t.kind != "punct":
            continue
        p, q = tokens[i - 1], tokens[i + 1]
        function = q.text == "function" or (q.text == "async" and tokens[i + 2].text == "function")
        if not ((p.kind == "punct" and p.text in ("=", ":")) or (function and p.text == "return")):
            continue
        j = matching(tokens, i, "(", ")")
        if j is None or (j + 1 < len(tokens) and tokens[j + 1].text in ("=>", ":")):
            continue
        depth = 0
        for k in range(i + 1, j):
            u = tokens[k]
            if u.kind == "punct" and u.text in ("(", "[", "{"):
                depth += 1
            elif u.kind == "punct" and u.text in (")", "]", "}"):
                depth -= 1
            elif u.kind == "tpl":
                depth += u.text.endswith("${") - u.text.startswith("}")
            elif u.text == "," and depth == 0:
                # a sequence: into an array, which holds the same functions and decisions
                edits.append([(t.start, t.end, "["), (tokens[j].start, tokens[j].end, "]")])
                break
        else:
            edits.append([(t.start, t.end, " "), (tokens[j].start, tokens[j].end, " ")])
    return edits


def rewrite_optional_calls(text, tokens, language):
    """`f?.(x)` into `f?._(x)`: lizard reads the `(` after `.` as a member name, and the `)` then
    ends the block around it."""
    return [(tokens[i + 1].start, tokens[i + 1].end, "_(") for i, t in enumerate(tokens[:-1])
            if t.text == "?." and tokens[i + 1].text == "(" and tokens[i + 1].start == t.end]


def closing(tokens, i):
    """The index of the bracket closing tokens[i] ((, [, { or <), or None."""
    pairs = {"(": ")", "[": "]", "{": "}", "<": ">"}
    opening = tokens[i].text
    if opening == "<":
        return type_arguments_end(tokens, i)
    return matching(tokens, i, opening, pairs[opening])


TYPE_PREFIXES = {"keyof", "readonly", "unique", "infer", "asserts", "abstract"}


def skip_type(tokens, i, conditional=True):
    """The index just after the TypeScript type starting at tokens[i], or None."""
    n = len(tokens)
    if i < n and tokens[i].text in ("|", "&"):
        i += 1
    i = skip_type_operand(tokens, i)
    while i is not None and i < n and tokens[i].text in ("|", "&"):
        i = skip_type_operand(tokens, i + 1)
    if conditional and i is not None and i < n and tokens[i].text == "extends":
        i = skip_type(tokens, i + 1, False)
        if i is None or i >= n or tokens[i].text != "?":
            return None
        i = skip_type(tokens, i + 1)
        if i is None or i >= n or tokens[i].text != ":":
            return None
        i = skip_type(tokens, i + 1)
    return i


def skip_type_operand(tokens, i):
    """The index just after one operand of a union or intersection type, or None."""
    n = len(tokens)
    while i + 1 < n and tokens[i].kind == "ident" and tokens[i].text in TYPE_PREFIXES and (
            tokens[i + 1].kind in ("ident", "str", "num") or tokens[i + 1].text in ("(", "[", "{", "<")):
        i += 1
    if i >= n:
        return None
    t = tokens[i]
    if t.text == "new" and i + 1 < n and tokens[i + 1].text in ("(", "<"):
        i += 1
        t = tokens[i]
    if t.text == "<":
        j = closing(tokens, i)
        if j is None or j + 1 >= n or tokens[j + 1].text != "(":
            return None
        i = j + 1
        t = tokens[i]
    if t.text == "(":
        j = closing(tokens, i)
        if j is None:
            return None
        i = j + 1
        if i < n and tokens[i].text == "=>":
            return skip_type(tokens, i + 1)
    elif t.text in ("{", "["):
        j = closing(tokens, i)
        if j is None:
            return None
        i = j + 1
    elif t.kind in ("str", "num"):
        i += 1
    elif t.text == "-" and i + 1 < n and tokens[i + 1].kind == "num":
        i += 2
    elif t.kind == "tpl" and t.text.startswith("`"):
        # a template literal type: `a${B}c` is a head piece, tokens, a tail piece
        depth = 0
        while i < n:
            u = tokens[i]
            if u.kind == "tpl" and u.text.startswith("`") and u.text.endswith("${"):
                depth += 1
            elif u.kind == "tpl" and u.text.startswith("}") and u.text.endswith("`"):
                depth -= 1
            if depth == 0:
                break
            i += 1
        i += 1
    elif t.kind == "ident":
        if t.text == "typeof":
            i += 1
        i += 1
        while i + 1 < n and tokens[i].text == "." and tokens[i + 1].kind == "ident":
            i += 2
        if i < n and tokens[i].text == "<" and tokens[i].start == tokens[i - 1].end:
            j = closing(tokens, i)
            if j is None:
                return None
            i = j + 1
        if i < n and tokens[i].text == "is" and t.text != "typeof":
            return skip_type(tokens, i + 1)
    else:
        return None
    while i + 1 < n and tokens[i].text == "[" and tokens[i].start == tokens[i - 1].end:
        j = closing(tokens, i)
        if j is None:
            return None
        i = j + 1
    return i


def blank_tokens(text, tokens, i, j):
    """An edit blanking tokens[i:j]."""
    start, end = tokens[i].start, tokens[j - 1].end
    return (start, end, blank(text[start:end]))


NOT_FUNCTIONS = {"if", "for", "while", "switch", "with", "return", "typeof", "await", "yield", "in", "of",
                 "new", "delete", "void", "throw", "case"}


def parameter_lists(tokens):
    """(open, close) indices of the parentheses of parameter lists of functions, methods and
    arrow functions: followed by `{` (not after a keyword such as `if`) or `=>`, or by a
    return type and then one of those."""
    n = len(tokens)
    for j, t in enumerate(tokens):
        if t.text != ")" or t.kind != "punct" or j + 1 >= n:
            continue
        depth = 0
        i = j
        while i >= 0:
            if tokens[i].kind == "punct":
                if tokens[i].text == ")":
                    depth += 1
                elif tokens[i].text == "(":
                    depth -= 1
                    if depth == 0:
                        break
            i -= 1
        if i < 0:
            continue
        before = tokens[i - 1] if i > 0 else None
        after = j + 1
        if tokens[after].text == ":":
            after = skip_type(tokens, after + 1)
            if after is None or after >= n:
                continue
        if tokens[after].text == "=>" or (tokens[after].text == "{" and before is not None and (
                before.text == ">" or (before.kind == "ident" and before.text not in NOT_FUNCTIONS))):
            yield i, j, after


def rewrite_return_types(text, tokens, language):
    """`function f(x): T {` and `(x): T =>` without `: T`."""
    if language not in ("TypeScript", "TSX"):
        return []
    return [blank_tokens(text, tokens, j + 1, after) for i, j, after in parameter_lists(tokens)
            if tokens[j + 1].text == ":"]


def rewrite_parameter_types(text, tokens, language):
    """`(a: A, { b }: B = {}, ...c: C[])` without the types: `(a, { b } = {}, ...c)`."""
    if language not in ("TypeScript", "TSX"):
        return []
    edits = []
    for i, j, _ in parameter_lists(tokens):
        k = i + 1
        while k < j:
            # one parameter: up to a `,` at depth 0
            colon = None
            seen_default = False
            m = k
            while m < j:
                t = tokens[m]
                if t.text in ("(", "[", "{") and t.kind == "punct":
                    c = closing(tokens, m)
                    if c is None or c > j:
                        return edits
                    m = c + 1
                    continue
                if t.text == "," and t.kind == "punct":
                    break
                if t.text == "=" and t.kind == "punct":
                    seen_default = True
                if t.text == ":" and t.kind == "punct" and colon is None and not seen_default:
                    colon = m
                m += 1
            if colon is not None:
                end = skip_type(tokens, colon + 1)
                if end is not None and end <= m and (end == m or tokens[end].text == "="):
                    edits.append(blank_tokens(text, tokens, colon, end))
            k = m + 1
    return edits


def rewrite_variable_types(text, tokens, language):
    """`const x: T = ...` and class fields `private x: T;` without `: T`: lizard lists a
    function type in them as a function, and reads an object type as an object literal."""
    if language not in ("TypeScript", "TSX"):
        return []
    edits = []
    n = len(tokens)
    for i, t in enumerate(tokens[:-2]):
        if t.kind != "ident" or t.text not in ("const", "let", "var"):
            continue
        k = i + 1
        if tokens[k].text in ("{", "["):
            k = closing(tokens, k)
            if k is None:
                continue
        elif tokens[k].kind != "ident":
            continue
        k += 1
        if k < n and tokens[k].text == "!":
            k += 1
        if k < n and tokens[k].text == ":":
            end = skip_type(tokens, k + 1)
            if end is not None and end < n and tokens[end].text in ("=", ";", ",", ")") or end == n:
                edits.append(blank_tokens(text, tokens, k, end))
    # class fields: `private readonly x: T;`, `x?: T = ...;` after a modifier or a `;`
    for i, t in enumerate(tokens[:-2]):
        if t.kind != "ident" or t.text in CLASS_MODIFIERS or i == 0:
            continue
        p = tokens[i - 1]
        if not ((p.kind == "ident" and p.text in CLASS_MODIFIERS) or p.text == ";"):
            continue
        k = i + 1
        if tokens[k].text in ("?", "!"):
            k += 1
        if k < n and tokens[k].text == ":":
            end = skip_type(tokens, k + 1)
            if end is not None and end < n and tokens[end].text in ("=", ";", "}"):
                edits.append(blank_tokens(text, tokens, k, end))
    return edits


CLASS_MODIFIERS = {"private", "public", "protected", "readonly", "static", "declare", "override", "abstract",
                   "accessor"}


def rewrite_type_declarations(text, tokens, language):
    """`type X<T> = ...;` and `declare ...;` declarations blanked out."""
    if language not in ("TypeScript", "TSX"):
        return []
    edits = []
    n = len(tokens)
    for i, t in enumerate(tokens[:-2]):
        if t.kind != "ident" or t.text != "type" or tokens[i + 1].kind != "ident":
            continue
        if i > 0 and tokens[i - 1].text not in (";", "}", "{", "export", "declare"):
            continue
        k = i + 2
        if tokens[k].text == "<":
            k = closing(tokens, k)
            if k is None:
                continue
            k += 1
        if k >= n or tokens[k].text != "=":
            continue
        end = skip_type(tokens, k + 1)
        if end is None:
            continue
        if end < n and tokens[end].text == ";":
            end += 1
        start = i - 1 if i > 0 and tokens[i - 1].text == "export" else i
        edits.append(blank_tokens(text, tokens, start, end))
    return edits


def rewrite_type_assertions(text, tokens, language):
    """`x as T`, `x satisfies T` without the type: after `as`, lizard reads an object type
    `{ a: A; }` as a block or object of its own."""
    if language not in ("TypeScript", "TSX"):
        return []
    edits = []
    for i in range(1, len(tokens) - 1):
        t, p = tokens[i], tokens[i - 1]
        if t.kind != "ident" or t.text not in ("as", "satisfies") or p.text == "*":
            continue
        if not (p.kind in ("ident", "str", "num", "regex") or p.text in (")", "]", "}", "!")
                or (p.kind == "tpl" and p.text.endswith("`"))):
            continue
        end = skip_type(tokens, i + 1)
        if end is not None and end > i + 1:
            edits.append(blank_tokens(text, tokens, i, end))
    return edits


def rewrite_next_line_arrow_bodies(text, tokens, language):
    """`=>` followed on a later line by an expression: the expression in parentheses, its `(`
    on the line of the `=>`."""
    edits = []
    n = len(tokens)
    for i, t in enumerate(tokens[:-1]):
        if t.text != "=>" or t.kind != "punct":
            continue
        first = tokens[i + 1]
        if first.text in ("{", "<") or "\n" not in text[t.end:first.start]:
            continue
        depth = 0
        k = i + 1
        while k < n:
            u = tokens[k]
            if u.kind == "punct":
                if u.text in ("(", "[", "{"):
                    depth += 1
                elif u.text in (")", "]", "}"):
                    if depth == 0:
                        break
                    depth -= 1
                elif u.text in (",", ";") and depth == 0:
                    break
            elif u.kind == "tpl":
                if u.text.endswith("${") and not u.text.startswith("}"):
                    depth += 1
                elif u.text.startswith("}") and u.text.endswith("`"):
                    depth -= 1
            k += 1
        end = tokens[k - 1].end
        edits.append([(t.end, t.end, "("), (end, end, ")")])
    return edits


def rewrite_type_identifiers(text, tokens, language):
    """Variables, parameters and properties named `type` renamed `tipe`: lizard takes the word
    for the start of a type alias and skips to the next `;` (a `)` or `}` on the way included)."""
    edits = []
    for i, t in enumerate(tokens):
        if t.kind != "ident" or t.text != "type":
            continue
        p = tokens[i - 1] if i > 0 else None
        q = tokens[i + 1] if i + 1 < len(tokens) else None
        if p is not None and (p.text in (".", "?.", "import", "export") or p.kind == "str"):
            continue
        if q is not None and (q.kind == "ident" and q.text not in ("as", "in", "of", "instanceof", "satisfies")
                              or q.text == "{"):
            continue
        edits.append((t.start, t.end, "tipe"))
    return edits


def rewrite_get_set_words(text, tokens, language):
    """The words `get` and `set` used as names (`{ a: set }`, `{ get(key) {...} }`,
    `set.add(1)`) renamed `gett` and `sett`: in an object literal lizard takes either for the
    start of an accessor, `get name() {...}`, and the next token for its name, be it a `}`, a
    `:` or a `(`. Not real accessors: `get` or `set` followed by a name."""
    edits = []
    for i, t in enumerate(tokens):
        if t.kind != "ident" or t.text not in ("get", "set"):
            continue
        if i > 0 and tokens[i - 1].text in (".", "?."):
            continue
        q = tokens[i + 1] if i + 1 < len(tokens) else None
        if q is not None and (q.kind in ("ident", "str", "num") or q.text in ("[", "*")):
            continue
        edits.append((t.start, t.end, t.text + "t"))
    return edits


def rewrite_spread_parentheses(text, tokens, language):
    """`...(a ? b : c)` into `... a ? b : c` (a spread takes an assignment expression;
    `...((a || b) && c)` loses both pairs, which changes the order of evaluation but not the
    decisions): in an object literal lizard reads the `(` after `...` as the parameters of a
    method, and the decisions in them go with it."""
    edits = []
    for i, t in enumerate(tokens[:-1]):
        k = i + 1
        # `...((a || b) && c)`: the parentheses that start the expression, one after the other
        while t.text == "..." and k < len(tokens) and tokens[k].text == "(":
            j = matching(tokens, k, "(", ")")
            if j is None:
                break
            edits.append([(tokens[k].start, tokens[k].end, " "), (tokens[j].start, tokens[j].end, " ")])
            k += 1
    return edits


def rewrite_array_values(text, tokens, language):
    """`key: [a, b]` into `key: Array.of(a, b)`: in an object literal lizard reads a `[` as the
    start of a computed property name, `{ [name]: value }`, and skips to the `]`, over any
    function inside. And `=> [{ a: 1 }]` into `=> Array.of({ a: 1 })`: lizard takes the first
    `{` after an arrow for its body, and the object's `a: 1` for a type annotation."""
    edits = []
    for i, t in enumerate(tokens[1:], 1):
        if t.text != "[" or t.kind != "punct" or tokens[i - 1].text not in (":", "?", "||", "&&", "??", "=>"):
            continue
        j = matching(tokens, i, "[", "]")
        if j is not None and tokens[i + 1].text != "," and tokens[i + 1].text != "]":
            edits.append([(t.start, t.end, "Array.of("), (tokens[j].start, tokens[j].end, ")")])
    return edits


def rewrite_async_function_values(text, tokens, language):
    """`key: async function () {...}` without `async`: in an object literal lizard keeps the
    `async` in mind until the next word and swallows the `{` of the function's body for it."""
    return [(tokens[i].start, tokens[i].end, "     ") for i in range(1, len(tokens) - 1)
            if tokens[i].text == "async" and tokens[i - 1].text == ":" and tokens[i + 1].text == "function"]


JSX_TAG_AFTER = {"(", "=", "{", "}", ">", "?", ":", "&&", "||", "??", ",", "=>", "[", ";"}
JSX_TAG_AFTER_WORDS = {"return", "yield", "await", "default"}


def jsx_attribute_edits(tokens, i):
    """If tokens[i] is the `<` of a JSX opening tag (every attribute read), the edits that make
    lizard's TSX reader read the whole tag: attribute names `data-slot` into `data_slot`,
    spread attributes `{...props}` into `_={props}`, attributes without a value `disabled`
    into `disabled={true}`."""
    n = len(tokens)
    j = i + 1
    if j >= n or tokens[j].kind != "ident" or tokens[j].start != tokens[i].end:
        return None
    j += 1
    while j + 1 < n and tokens[j].text == "." and tokens[j + 1].kind == "ident":
        j += 2
    edits = []
    while j < n:
        t = tokens[j]
        if t.text == ">" or (t.text == "/" and j + 1 < n and tokens[j + 1].text == ">"):
            return edits
        if t.text == "{" and j + 1 < n and tokens[j + 1].text == "...":
            close = matching(tokens, j, "{", "}")
            if close is None:
                return None
            edits.append((t.start, tokens[j + 1].end, "_={" + " " * (tokens[j + 1].end - t.start - 1)))
            j = close + 1
            continue
        if t.kind != "ident":
            return None
        while j + 2 < n and tokens[j + 1].text == "-" and tokens[j + 2].kind == "ident" \
                and tokens[j].end == tokens[j + 1].start and tokens[j + 1].end == tokens[j + 2].start:
            edits.append((tokens[j + 1].start, tokens[j + 1].end, "_"))
            j += 2
        if j + 1 < n and tokens[j + 1].text == "=":
            if j + 2 >= n:
                return None
            v = tokens[j + 2]
            if v.kind == "str":
                j += 3
            elif v.text == "{":
                close = matching(tokens, j + 2, "{", "}")
                if close is None:
                    return None
                j = close + 1
            else:
                return None
        else:
            edits.append((tokens[j].end, tokens[j].end, "={true}"))
            j += 1
    return None


def rewrite_jsx_attributes(text, tokens, language):
    """JSX attributes lizard's TSX reader gives up on: it reads a tag attribute by attribute,
    and at a name with a `-` (`data-slot="x"`), a spread `{...props}` or a name without a value
    (`<Link asChild href=...>`) it stops reading the tag as JSX, reads the `{...}` of the
    attributes after it as object literals (`{cn(x)}` as a method `cn`) or loses count of the
    braces and drops a `}`. Rewritten `data_slot="x"`, `_={props}`, `asChild={true}`. It
    also gives up on an element at a `;` in its text, `&nbsp;`: rewritten `&nbsp `."""
    if language not in ("JSX", "TSX"):
        return []
    edits = []
    for i, t in enumerate(tokens[:-1]):
        if t.text != "<" or t.kind != "punct":
            continue
        p = tokens[i - 1] if i > 0 else None
        if p is not None and not ((p.kind == "punct" and p.text in JSX_TAG_AFTER)
                                  or (p.kind == "ident" and p.text in JSX_TAG_AFTER_WORDS)):
            continue
        tag = jsx_attribute_edits(tokens, i)
        if tag:
            edits.append(tag)
    # `&nbsp;` and `&#160;` in JSX text: the reader gives up on an element at a `;` in its text
    for i in range(len(tokens) - 2):
        t, name, semicolon = tokens[i], tokens[i + 1], tokens[i + 2]
        if t.text == "&" and name.kind in ("ident", "num") and semicolon.text == ";" \
                and t.end == name.start and name.end == semicolon.start:
            edits.append((semicolon.start, semicolon.end, " "))
    return edits


def ternary_colons(tokens):
    """Indices of the `:` of conditional expressions (not of `x?: T`, `{ a: b }` or labels)."""
    pending = [0]
    colons = []
    for k, t in enumerate(tokens):
        if t.kind == "tpl":
            if t.text.endswith("${") and not t.text.startswith("}"):
                pending.append(0)
            elif t.text.startswith("}") and t.text.endswith("`") and len(pending) > 1:
                pending.pop()
            continue
        if t.kind != "punct":
            continue
        if t.text in ("(", "[", "{"):
            pending.append(0)
        elif t.text in (")", "]", "}"):
            if len(pending) > 1:
                pending.pop()
        elif t.text == "?" and k + 1 < len(tokens) and tokens[k + 1].text not in (":", ",", ")", ";", "=", "]", "}"):
            pending[-1] += 1
        elif t.text == ":" and pending[-1] > 0:
            pending[-1] -= 1
            colons.append(k)
    return colons


def expression_end(tokens, k):
    """The index of the last token of the expression starting at tokens[k]: before a `,`, `;`
    or closing bracket at its own depth, or a `:` of an enclosing conditional."""
    depth = 0
    ternaries = 0
    last = None
    for m in range(k, len(tokens)):
        u = tokens[m]
        if u.kind == "punct":
            if u.text in ("(", "[", "{"):
                depth += 1
            elif u.text in (")", "]", "}"):
                if depth == 0:
                    return last
                depth -= 1
            elif depth == 0 and u.text in (",", ";"):
                return last
            elif depth == 0 and u.text == "?":
                ternaries += 1
            elif depth == 0 and u.text == ":":
                if ternaries == 0:
                    return last
                ternaries -= 1
        elif u.kind == "tpl":
            depth += u.text.endswith("${") and not u.text.startswith("}")
            depth -= u.text.startswith("}") and u.text.endswith("`")
        last = m
    return last


def rewrite_case_colons(text, tokens, language):
    """`case x:` and `default:` followed by `;` (an empty statement): outside an object literal
    lizard reads what follows a `:` as a type annotation, up to a `{`, `=`, `;` or `)`,
    swallowing on the way a `}`, a function, or the `{ block }` of the case."""
    edits = []
    n = len(tokens)
    for i, t in enumerate(tokens):
        if t.kind != "ident" or t.text not in ("case", "default") or i == 0 or i + 1 >= n:
            continue
        p = tokens[i - 1]
        # a statement: not `x.default`, `{ default: 1 }`, `{ a, case: 2 }`, `export default`
        if p.text in (".", "?.", ",", "export") or tokens[i + 1].text == ":" and t.text == "case":
            continue
        if p.text == "{" and not (i > 1 and tokens[i - 2].text == ")"):
            continue
        depth = 0
        for m in range(i + 1, min(n, i + 200)):
            u = tokens[m]
            if u.kind == "punct" and u.text in ("(", "[", "{"):
                depth += 1
            elif u.kind == "punct" and u.text in (")", "]", "}"):
                depth -= 1
                if depth < 0:
                    break
            elif u.text == ":" and depth == 0:
                if m + 1 < n and tokens[m + 1].text != ";":
                    edits.append((u.end, u.end, ";"))
                break
            elif u.text in ("?", ";", "=>") and depth == 0:
                break
    return edits


def ternary_questions(tokens):
    """{index of a conditional's `:`: index of its `?`}."""
    pending = [[]]
    pairs = {}
    for k, t in enumerate(tokens):
        if t.kind == "tpl":
            if t.text.endswith("${") and not t.text.startswith("}"):
                pending.append([])
            elif t.text.startswith("}") and t.text.endswith("`") and len(pending) > 1:
                pending.pop()
            continue
        if t.kind != "punct":
            continue
        if t.text in ("(", "[", "{"):
            pending.append([])
        elif t.text in (")", "]", "}"):
            if len(pending) > 1:
                pending.pop()
        elif t.text == "?" and k + 1 < len(tokens) and tokens[k + 1].text not in (":", ",", ")", ";", "=", "]", "}"):
            pending[-1].append(k)
        elif t.text == ":" and pending[-1]:
            pairs[k] = pending[-1].pop()
    return pairs


def rewrite_last_branch_functions(text, tokens, language):
    """`a ? b : function () {...}` into `a ? function () {...} : b`, every line kept in place:
    lizard reads what follows the `:` as a type annotation and does not see a function there
    (nor its braces). Only when `b` is on one line and holds no function; the swap changes
    what the code does, not its functions nor its decisions."""
    edits = []
    for k, q in sorted(ternary_questions(tokens).items()):
        last = expression_end(tokens, k + 1)
        if last is None or last <= k or q + 1 >= k:
            continue
        true_first, true_last = tokens[q + 1], tokens[k - 1]
        b = text[true_first.start:true_last.end]
        if "\n" in b or any(tokens[m].text in ("function", "=>") for m in range(q + 1, k)):
            continue
        if not any(tokens[m].text in ("function", "=>") for m in range(k + 1, last + 1)):
            continue
        c = text[tokens[k + 1].start:tokens[last].end]
        ws1 = text[tokens[q].end:true_first.start]
        between = text[true_last.end:tokens[k + 1].start]  # spaces, the `:`, spaces
        edits.append((tokens[q].end, tokens[last].end,
                      ws1 + "\n" * between.count("\n") + c + " : " + b))
    # nested conditionals: keep the outermost of overlapping edits
    edits.sort()
    kept = []
    for e in edits:
        if kept and e[0] < kept[-1][1]:
            continue
        kept.append(e)
    return kept


def rewrite_blocks(text, tokens, language):
    """A block on its own, `{ ... }`, into `try { ... } finally {}`, and the block of a
    `finally` into `finally { try { ... } finally {} }`: lizard reads both as object literals
    (it knows `try`, `else` and `do`, and `final`), and an object literal's `[` as a computed
    name, its `(` as a method's parameters."""
    edits = []
    for i, t in enumerate(tokens):
        if t.text != "{" or t.kind != "punct":
            continue
        p = tokens[i - 1] if i > 0 else None
        bare = p is None or (p.kind == "punct" and p.text in (";", "}", "{"))
        final = p is not None and p.kind == "ident" and p.text == "finally"
        if not (bare or final):
            continue
        if bare and p is not None and p.text == "}" and i + 1 < len(tokens) and tokens[i + 1].text == "}":
            continue
        j = matching(tokens, i, "{", "}")
        if j is None:
            continue
        if bare:
            edits.append([(t.start, t.start, "try "), (tokens[j].end, tokens[j].end, " finally {}")])
        else:
            edits.append([(t.end, t.end, " try {"), (tokens[j].start, tokens[j].start, "} finally {} ")])
    return edits


def rewrite_less_than(text, tokens, language):
    """`a < b` into `a > b`: in an object literal lizard reads a `<` as the start of type
    parameters, `method<T>()`, and skips to a `>`. Only a `<` with a space after it (a JSX tag
    or type never has one)."""
    edits = []
    for i, t in enumerate(tokens[1:-1], 1):
        if t.text == "<" and t.kind == "punct" and tokens[i + 1].start > t.end \
                and text[t.end] in " \t" and tokens[i - 1].end < t.start:
            edits.append((t.start, t.end, ">"))
    return edits


def rewrite_multiline_arrow_parameters(text, tokens, language):
    """`(\n a,\n b,\n) => {` into `(a, b) => {` and the line breaks after the `{`: lizard
    knows an arrow function only at its `=>`, and starts it there, not at its `(`."""
    edits = []
    for i, t in enumerate(tokens[1:-1], 1):
        if t.text != "=>" or tokens[i - 1].text != ")" or tokens[i + 1].text != "{":
            continue
        depth = 0
        k = i - 1
        while k >= 0:
            if tokens[k].text == ")":
                depth += 1
            elif tokens[k].text == "(":
                depth -= 1
                if depth == 0:
                    break
            k -= 1
        if k < 0:
            continue
        start, end = tokens[k].start, tokens[i + 1].end
        segment = text[start:end]
        if "\n" not in segment or "//" in segment or "/*" in segment:
            continue
        edits.append((start, end, re.sub(r"\s*\n\s*", " ", segment) + "\n" * segment.count("\n")))
    return edits


def rewrite_wrapped_arrows(text, tokens, language):
    """An arrow function with an expression body passed as an argument or array element,
    `f(() => x,\n () => y)`, in parentheses, `f((() => x),\n (() => y))`: lizard ends such a
    function at the next `;`, closing bracket or token starting a line, other than a `(`, so
    it runs on into the next function when that starts with a `(`."""
    edits = []
    for i, t in enumerate(tokens):
        if t.text != "=>" or t.kind != "punct" or i + 1 >= len(tokens) or tokens[i + 1].text == "{":
            continue
        p = tokens[i - 1]
        if p.text == ")":
            depth = 0
            k = i - 1
            while k >= 0:
                if tokens[k].text == ")":
                    depth += 1
                elif tokens[k].text == "(":
                    depth -= 1
                    if depth == 0:
                        break
                k -= 1
            if k < 0:
                continue
        elif p.kind == "ident":
            k = i - 1
        else:
            continue
        if k > 0 and tokens[k - 1].text == "async":
            k -= 1
        if k == 0 or tokens[k - 1].text not in ("(", ",", "["):
            continue
        last = expression_end(tokens, i + 1)
        if last is None:
            continue
        edits.append([(tokens[k].start, tokens[k].start, "("), (tokens[last].end, tokens[last].end, ")")])
    return edits


LIZARD_KEYWORDS = {"if", "for", "while", "catch", "case"}


def rewrite_keyword_members(text, tokens, language):
    """`promise.catch(...)`, `Symbol.for(...)` and `{ if: 1 }` into `promise.catch_(...)`,
    `Symbol.for_(...)` and `{ if_: 1 }`: lizard counts the words `if`, `for`, `while`, `catch`
    and `case` wherever they are, as names of properties too."""
    edits = []
    for i, t in enumerate(tokens[1:], 1):
        if t.kind != "ident" or t.text not in LIZARD_KEYWORDS:
            continue
        p = tokens[i - 1]
        key = p.text in ("{", ",") and i + 1 < len(tokens) and tokens[i + 1].text == ":"
        if p.text in (".", "?.") or key:
            edits.append((t.start, t.end, t.text + "_"))
    return edits


def rewrite_own_name_calls(text, tokens, language):
    """`{ data: data(x) }` into `{ data: data_(x) }`: in an object literal lizard takes a
    call of a function named like the property for a method's definition, and its arguments
    for parameters (their decisions go with them)."""
    edits = []
    for i in range(2, len(tokens) - 1):
        t = tokens[i]
        if t.kind == "ident" and tokens[i - 1].text == ":" and tokens[i - 2].text == t.text \
                and tokens[i + 1].text == "(" and (i < 3 or tokens[i - 3].text in ("{", ",")):
            edits.append((t.start, t.end, t.text + "_"))
    return edits


# Rewrite categories, in the order they are tried (cumulatively).
REWRITES = [
    ("regular-expression literal", rewrite_regex),
    ("template literal", rewrite_templates),
    ("keyword as a property name counted", rewrite_keyword_members),
    ("? of ?. counted", rewrite_call_optional_chains),
    ("generics <T>", rewrite_generics),
    ("return type annotation", rewrite_return_types),
    ("parameter type annotation", rewrite_parameter_types),
    ("variable type annotation", rewrite_variable_types),
    ("type alias", rewrite_type_declarations),
    ("type assertion as T", rewrite_type_assertions),
    ("a variable named type", rewrite_type_identifiers),
    ("get or set read as an accessor", rewrite_get_set_words),
    ("JSX that lizard's tag reader gives up on", rewrite_jsx_attributes),
    ("(...) after = or :", rewrite_parenthesized_values),
    ("optional call f?.()", rewrite_optional_calls),
    ("spread of (...) in an object literal", rewrite_spread_parentheses),
    ("key: key(...) read as a method", rewrite_own_name_calls),
    ("async function as a property value", rewrite_async_function_values),
    ("array literal in an object literal or arrow body", rewrite_array_values),
    ("case x: read as a type annotation", rewrite_case_colons),
    ("block { } read as an object literal", rewrite_blocks),
    ("a < b read as type parameters", rewrite_less_than),
    ("function in the last branch of ?:", rewrite_last_branch_functions),
    ("arrow function with parameters over several lines", rewrite_multiline_arrow_parameters),
    ("arrow function with an expression body", rewrite_next_line_arrow_bodies),
    ("arrow function with an expression body", rewrite_wrapped_arrows),
]

def next_code_line(context, line):
    """The first line after `line` where a token starts."""
    starts = context["token_lines"]
    k = bisect.bisect_right(starts, line)
    return starts[k] if k < len(starts) else None


def expression_arrow_on(context, first, last):
    """Whether an arrow function with an expression body (`=>` not followed by `{`) starts on
    the lines first..last."""
    tokens = context["tokens"]
    lines = context["tokens_line"]
    k = bisect.bisect_left(lines, first)
    while k < len(tokens) - 1 and lines[k] <= last:
        if tokens[k].text == "=>" and tokens[k + 1].text != "{":
            return True
        k += 1
    return False


def arrow_ends_on_next_line(item, context):
    """lizard ends an arrow function with an expression body at the next token that starts a
    line (or at a `;`), not where the expression ends: `map((m) => f(m),` ends on the line of the
    `)` below. Same start, same complexity, lizard's end the next line of code after fcto's."""
    side, (start, end) = item
    fcto = context["fcto_by_key"]
    lizard = context["lizard_by_key"]
    if side == "fcto":
        pairs = [((start, end), (s, e)) for (s, e) in lizard if s == start and e > end]
    else:
        pairs = [((s, e), (start, end)) for (s, e) in fcto if s == start and e < end]
    fcto_count, lizard_count = context["fcto_count"], context["lizard_count"]
    for ours, theirs in pairs:
        # an fcto function with those lines that lizard lacks, and the other way round
        if fcto_count[ours] <= lizard_count[ours] or lizard_count[theirs] <= fcto_count[theirs]:
            continue
        if fcto[ours] != lizard[theirs]:
            continue
        if next_code_line(context, ours[1]) == theirs[1] and expression_arrow_on(context, ours[0], ours[1]):
            return True
    return False


def function_in_last_branch(item, context):
    """After the `:` of `a ? b : c` lizard reads `c` as a type annotation, up to a `{`, `=`,
    `;` or `)`: it does not see a function there. A function of fcto's that lizard does not
    find, whose `function` or `=>` on its first line is in the last branch of a conditional."""
    side, (start, end) = item
    if side != "fcto" or any(s == start for (s, e) in context["lizard_by_key"]):
        return False
    tokens = context["tokens"]
    lines = context["tokens_line"]
    spans = context.get("last_branches")
    if spans is None:
        spans = []
        for k in ternary_colons(tokens):
            last = expression_end(tokens, k + 1)
            if last is not None and last > k:
                spans.append((tokens[k].end, tokens[last].end))
        context["last_branches"] = spans
    k = bisect.bisect_left(lines, start)
    while k < len(tokens) and lines[k] == start:
        t = tokens[k]
        if t.text in ("function", "=>") and any(a <= t.start < b for a, b in spans):
            return True
        k += 1
    return False


# Local categories: (name, test(item, context) -> bool), tried in order on what is left.
LOCAL = [
    ("arrow function with an expression body", arrow_ends_on_next_line),
    ("function in the last branch of ?:", function_in_last_branch),
]

JSX_LINES = "line breaks lost in JSX"
DELIBERATE = "counted differently on purpose"


def lizard_source(path, code, remap=False, ours=()):
    """lizard's functions of one file's text, read in-process; with remap, their lines mapped
    back to the file's own (see lizard_line_map)."""
    import lizard
    info = lizard.analyze_file.analyze_source_code(path, code)
    functions = [{"start_line": f.start_line, "end_line": f.end_line, "cyclomatic": f.cyclomatic_complexity,
                  "name": f.name} for f in info.function_list]
    if remap:
        functions = remapped(functions, lizard_line_map(path, code), ours)
    return functions


class _Located(str):
    """A token of lizard's tokenizer that knows where it is in the file."""
    __slots__ = ("line",)


def lizard_line_map(path, code):
    """lizard's TSX reader (also for .jsx) numbers lines by counting the line breaks in the
    tokens it reads. It holds a JSX tag back until its end while passing on the expressions in
    its attributes (numbered too low until then), and drops the whitespace between JSX elements
    together with the line breaks it holds (every line after is numbered too low).
    {lizard's line: the file's lines of the tokens lizard reads on it}, or None when lizard's
    numbers are right."""
    import lizard
    reader = lizard.get_reader_for(path)
    if reader is None:
        return None
    starts = [0] + [m.end() for m in re.finditer("\n", code)]

    def located(match):
        token = _Located(match.group(0))
        token.line = bisect.bisect_right(starts, match.start())
        return token

    lizard_line = 1
    lines = {}
    wrong = False
    for token in reader.generate_tokens(code, "", located):
        n = token.count("\n")
        if token.isspace() and token != "\n":
            continue
        lizard_line += n
        if isinstance(token, _Located) and not token.isspace():
            real = token.line + n
            wrong = wrong or real != lizard_line
            lines.setdefault(lizard_line, set()).add(real)
    return lines if wrong else None


def remapped(functions, lines, ours):
    if not lines:
        return functions
    known = {(f["start_line"], f["end_line"]) for f in ours}
    out = []
    for f in functions:
        starts = lines.get(f["start_line"]) or {f["start_line"]}
        ends = lines.get(f["end_line"]) or {f["end_line"]}
        keys = [(s, e) for s in starts for e in ends if (s, e) in known]
        s, e = keys[0] if keys else (min(starts), max(ends))
        out.append(dict(f, start_line=s, end_line=e))
    return out


def read_source(path):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except UnicodeDecodeError:
        with open(path, "rb") as f:
            return f.read().decode("utf8", "ignore")


def signature(functions):
    return sorted((f["start_line"], f["end_line"], f["cyclomatic"]) for f in functions)


class Explainer:
    """How to explain the disagreements of some languages: a lexer (text, language) -> tokens
    with .text, .start and .end, rewrite categories and local categories (see the docstring
    at the top)."""

    def __init__(self, languages, lex, rewrites, local, question_marks=False):
        self.languages, self.lex, self.rewrites, self.local = set(languages), lex, rewrites, local
        # whether fcto may lose the `?` a rewrite takes out (see fcto_unchanged)
        self.question_marks = question_marks


def js_lex(text, language):
    return lex(text, language in ("JSX", "TSX"))


# Other languages' explainers live beside this script, one module per family, each with
# EXPLAINERS = [{"languages": {...}, "lex": ..., "rewrites": [...], "local": [...]}]; a
# language without one has only its deliberate differences explained.
EXPLAINER_MODULES = ["lizard_explain_jvm", "lizard_explain_dotnet_swift", "lizard_explain_other",
                     "lizard_explain_c"]
_EXPLAINERS = None


def explainers():
    global _EXPLAINERS
    if _EXPLAINERS is None:
        import importlib
        _EXPLAINERS = [Explainer(JS_LANGUAGES, js_lex, REWRITES, LOCAL, question_marks=True)]
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        for name in EXPLAINER_MODULES:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as e:
                if e.name != name:
                    raise
                continue
            _EXPLAINERS.extend(Explainer(**d) for d in module.EXPLAINERS)
    return _EXPLAINERS


def explainer_of(language):
    return next((e for e in explainers() if language in e.languages), None)


def explain_repo(fcto, repo, counting, to_explain):
    """Yields (path, language, category, side, key) for every disagreement of to_explain:
    {path: (language, fcto's functions, lizard's functions, disagreements)}."""
    state = {}
    for path, (language, ours, theirs, items) in to_explain.items():
        text = read_source(os.path.join(repo, path))
        state[path] = {"language": language, "text": text, "fcto": ours, "explainer": explainer_of(language),
                       "lizard": theirs, "open": set(items), "why": {}, "remap": False}
    if counting == "fcto":
        # Where fcto counts differently on purpose, `--count lizard` counts lizard's way: from
        # here on fcto's functions are those of --count lizard.
        exact = collections.defaultdict(list)
        for f in fcto_functions(fcto, repo, "lizard")[0]:
            exact[f["path"]].append(f)
        for path, s in state.items():
            s["fcto"] = exact[path]
            settle(s, DELIBERATE)
        counting = "lizard"
    # lizard's line numbers after JSX, mapped back to the file's.
    for path, s in state.items():
        if s["language"] in ("JSX", "TSX"):
            # and so after every rewrite, which can make lizard read more of the JSX
            s["remap"] = True
            lines = lizard_line_map(path, s["text"])
            if lines:
                s["lizard"] = remapped(s["lizard"], lines, s["fcto"])
                settle(s, JSX_LINES)
    for ex in explainers():
        for category, rewrite in ex.rewrites:
            groups = {}
            for path, s in state.items():
                if not s["open"] or s["explainer"] is not ex:
                    continue
                try:
                    tokens = ex.lex(s["text"], s["language"])
                    edits = [e if isinstance(e, list) else [e] for e in rewrite(s["text"], tokens, s["language"])]
                except (ValueError, IndexError, RecursionError):
                    continue
                if edits:
                    groups[path] = edits
            for path, (text, functions) in accepted_rewrites(fcto, counting, state, groups).items():
                s = state[path]
                s["text"] = text
                s["fcto"] = functions
                s["lizard"] = lizard_source(path, s["text"], s["remap"], s["fcto"])
                settle(s, category)
    for path, s in state.items():
        if s["open"] and s["explainer"] is not None:
            explain_locally(s)
        for item in disagreements_of(to_explain[path]):
            side, key = item
            yield path, (s["language"], s["why"].get(item, UNEXPLAINED), side, key)


def explain_locally(s):
    """The local categories, for the disagreements of a file that no rewrite explained."""
    ex = s["explainer"]
    tokens = ex.lex(s["text"], s["language"])
    starts = [0] + [m.end() for m in re.finditer("\n", s["text"])]
    tokens_line = [bisect.bisect_right(starts, t.start) for t in tokens]
    context = {"text": s["text"], "tokens": tokens, "tokens_line": tokens_line,
               "token_lines": sorted(set(tokens_line)), "language": s["language"],
               "fcto_by_key": {(f["start_line"], f["end_line"]): f["cyclomatic"] for f in s["fcto"]},
               "lizard_by_key": {(f["start_line"], f["end_line"]): f["cyclomatic"] for f in s["lizard"]},
               "fcto_count": collections.Counter((f["start_line"], f["end_line"]) for f in s["fcto"]),
               "lizard_count": collections.Counter((f["start_line"], f["end_line"]) for f in s["lizard"])}
    now = disagreements(s["fcto"], s["lizard"])
    local = {}
    for item in now:
        for category, test in ex.local:
            if test(item, context):
                local[item] = category
                break
    by_start = collections.defaultdict(list)
    for item in now:
        by_start[item[1][0]].append(item)
    for item in list(s["open"]):
        if item in now:
            category = local.get(item)
        else:
            # a rewrite changed lizard's reading of the function without settling it: what is
            # left on its first line must all be explained locally
            left = by_start.get(item[1][0], [])
            category = local.get(left[0]) if left and all(i in local for i in left) else None
        if category:
            s["open"].discard(item)
            s["why"][item] = category


def settle(s, category):
    """The open disagreements of a file that its current lizard output no longer has. One of
    fcto's functions is settled when lizard now finds it with the same lines and complexity;
    one of lizard's when no disagreement is left on its first line (not when lizard now ends it
    elsewhere, or has lost it)."""
    now = disagreements(s["fcto"], s["lizard"])
    starts = {key[0] for _, key in now}
    for item in list(s["open"]):
        side, key = item
        if item not in now and (side == "fcto" or key[0] not in starts):
            s["open"].discard(item)
            s["why"][item] = category


def disagreements_of(entry):
    return sorted(entry[3])


def question_marks(text, edits):
    """How many `?` the edits take out of the text."""
    return sum(text.count("?", start, end) - replacement.count("?") for start, end, replacement in edits)


def accepted_rewrites(fcto, counting, state, groups, rounds=6):
    """{path: (rewritten text, fcto's functions in it)} for the edits of groups ({path: [[edit,
    ...], ...]}) with which fcto still finds the same functions. When all of a file's edits
    together change what fcto finds, halves are tried, and halves of those, for a few rounds."""
    def candidate(path, chunk):
        edits = [e for g in chunk for e in g]
        text = state[path]["text"]
        allowed = question_marks(text, edits) if state[path]["explainer"].question_marks else 0
        return path, apply_edits(text, edits), state[path]["fcto"], allowed

    chunks = {path: [g] for path, g in groups.items()}
    kept = collections.defaultdict(list)
    for _ in range(rounds):
        candidates = {}
        for path, chunk_list in chunks.items():
            for k, chunk in enumerate(chunk_list):
                try:
                    candidates[(path, k)] = candidate(path, chunk)
                except ValueError:
                    continue
        if not candidates:
            break
        ok = fcto_unchanged(fcto, counting, candidates)
        next_chunks = collections.defaultdict(list)
        for (path, k) in candidates:
            chunk = chunks[path][k]
            if (path, k) in ok:
                kept[path].extend(chunk)
            elif len(chunk) > 1:
                half = len(chunk) // 2
                next_chunks[path] += [chunk[:half], chunk[half:]]
        chunks = next_chunks
        if not chunks:
            break
    # All that was right, together (halves that were right alone may not be together).
    candidates = {(path, 0): candidate(path, chunk) for path, chunk in kept.items()}
    ok = fcto_unchanged(fcto, counting, candidates) if candidates else {}
    return {path: (candidates[(path, 0)][1], ok[(path, 0)]) for path in kept if (path, 0) in ok}


def fcto_unchanged(fcto, counting, candidates):
    """{key: fcto's functions} for the candidates ({key: (path, rewritten text, fcto's functions
    before, `?` taken out)}) in which fcto finds the same functions as before: the same lines,
    the same complexity, except that the complexities may have lost as many as the `?` taken
    out (lizard's TSX reader, and so `--count lizard`, counts the `?` of optional types)."""
    tmp = tempfile.mkdtemp(prefix="lizard_agreement.")
    try:
        where = {}
        for n, (key, (path, text, _, _)) in enumerate(candidates.items()):
            d = os.path.join(tmp, str(n))
            os.mkdir(d)
            with open(os.path.join(d, os.path.basename(path)), "w", encoding="utf-8") as f:
                f.write(text)
            where[os.path.join(str(n), os.path.basename(path))] = key
        out = subprocess.run([fcto, "functions", tmp, "--format", "json", "--count", counting], check=True,
                             capture_output=True, text=True).stdout
        found = collections.defaultdict(list)
        for f in json.loads(out):
            found[where.get(f["path"])].append(f)
        ok = {}
        for key, (path, _, before, questions) in candidates.items():
            after = found.get(key, [])
            old, new = signature(before), signature(after)
            if len(old) != len(new) or any(a[:2] != b[:2] for a, b in zip(old, new)):
                continue
            drops = [a[2] - b[2] for a, b in zip(old, new)]
            if all(d >= 0 for d in drops) and sum(drops) <= questions:
                ok[key] = [dict(f, path=path) for f in after]
        return ok
    finally:
        shutil.rmtree(tmp)


# The language of a file where fcto found no function, for the per-language totals.
EXT_LANGUAGE = {"js": "JavaScript", "cjs": "JavaScript", "mjs": "JavaScript", "jsx": "JSX",
                "ts": "TypeScript", "cts": "TypeScript", "mts": "TypeScript", "tsx": "TSX",
                "py": "Python", "rs": "Rust", "go": "Go", "java": "Java", "cs": "C#", "kt": "Kotlin",
                "c": "C", "h": "C", "cc": "C++", "cpp": "C++", "hpp": "C++", "rb": "Ruby",
                "php": "PHP", "swift": "Swift", "kts": "Kotlin"}


def ext_language(path):
    ext = os.path.splitext(path)[1].lstrip(".")
    return EXT_LANGUAGE.get(ext.lower(), ext or "?")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--fcto", default=os.path.join(os.path.dirname(__file__), "..", "target", "release", "fcto"))
    p.add_argument("--show", type=int, default=0, help="examples of each disagreement to print")
    p.add_argument("--count", default="fcto", choices=["fcto", "lizard"],
                   help="fcto's definition of cyclomatic complexity, or lizard's exact tokens")
    p.add_argument("--explain", action="store_true",
                   help="put each disagreement in a confirmed category")
    p.add_argument("repos", nargs="+")
    args = p.parse_args()
    compare(args.repos, args.fcto, args.show, args.count, args.explain)


if __name__ == "__main__":
    sys.exit(main())
