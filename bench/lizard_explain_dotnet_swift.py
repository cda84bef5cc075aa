"""Explainers of bench/lizard_agreement.py --explain for C# and Swift: a small lexer for each,
the rewrites of what lizard 1.24 misreads (each kept only when fcto finds exactly the same
functions in the rewritten file, each explaining a disagreement only when it disappears once
lizard reads the rewritten file), and local patterns of both tools' outputs and the source.
See the docstring of lizard_agreement.py. Self-contained: lizard_agreement imports it."""
import bisect
import re

from lizard_explain_common import CLOSERS, PAIRS, Token, blank, closers, punct as _punct


# ------------------------------------------------------------------------------------------
# Lexers.

CS_PUNCTUATORS = sorted(["??=", "<<=", ">>=", "=>", "?.", "?[", "??", "&&", "||", "==", "!=", "<=", ">=",
                         "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<", "::", "->"],
                        key=len, reverse=True)
SWIFT_PUNCTUATORS = sorted(["...", "..<", "===", "!==", "->", "&&", "||", "==", "!=", "<=", ">=", "??",
                            "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^="], key=len, reverse=True)


def _skip_space_comments(text, i, n, nested):
    """The end of a comment starting at i, or None when none does."""
    if text.startswith("//", i):
        j = text.find("\n", i)
        return n if j < 0 else j
    if text.startswith("/*", i):
        if not nested:
            j = text.find("*/", i + 2)
            return n if j < 0 else j + 2
        depth, j = 0, i
        while j < n:
            if text.startswith("/*", j):
                depth += 1
                j += 2
            elif text.startswith("*/", j):
                depth -= 1
                j += 2
                if depth == 0:
                    return j
            else:
                j += 1
        return n
    return None


def cs_string_end(text, i):
    """The end of the C# string or char literal starting at i (prefixes $ and @ included), or
    None when none starts there."""
    n = len(text)
    j = i
    dollars = 0
    verbatim = False
    while j < n and text[j] in "$@":
        if text[j] == "$":
            dollars += 1
        else:
            verbatim = True
        j += 1
    if j >= n or text[j] not in "\"'":
        return None
    if text[j] == "'":
        if j != i:
            return None
        k = j + 1
        while k < n and text[k] != "'" and text[k] != "\n":
            k += 2 if text[k] == "\\" else 1
        return min(k + 1, n)
    quotes = 0
    while j + quotes < n and text[j + quotes] == '"':
        quotes += 1
    if quotes >= 3 and not verbatim:  # raw string literal, interpolated or not
        k = text.find('"' * quotes, j + quotes)
        return n if k < 0 else k + quotes
    k = j + 1
    if quotes == 2 and not verbatim:
        return j + 2  # empty string
    depth = 0
    while k < n:
        c = text[k]
        if depth == 0:
            if c == '"':
                if verbatim and text.startswith('""', k):
                    k += 2
                    continue
                return k + 1
            if c == "\\" and not verbatim:
                k += 2
                continue
            if c == "\n" and not verbatim:
                return k
            if dollars and c == "{":
                if text.startswith("{{", k):
                    k += 2
                    continue
                depth = 1
            k += 1
        else:
            # inside an interpolation hole
            if c in "\"'" or (c in "$@" and k + 1 < n and text[k + 1] in "\"$@"):
                e = cs_string_end(text, k)
                if e is not None:
                    k = e
                    continue
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
            k += 1
    return n


def swift_string_end(text, i):
    """The end of the Swift string literal starting at i (`"`, `\"\"\"`, raw `#"`), or None."""
    n = len(text)
    j = i
    hashes = 0
    while j < n and text[j] == "#":
        hashes += 1
        j += 1
    if j >= n or text[j] != '"':
        return None
    multi = text.startswith('"""', j)
    close = ('"""' if multi else '"') + "#" * hashes
    k = j + (3 if multi else 1)
    escape = "\\" + "#" * hashes
    while k < n:
        if text.startswith(close, k):
            return k + len(close)
        if text.startswith(escape, k):
            k += len(escape)
            if k < n and text[k] == "(":
                # interpolation: up to the matching )
                depth = 0
                while k < n:
                    c = text[k]
                    if c == '"' or (c == "#" and text.startswith('#"', k)):
                        e = swift_string_end(text, k)
                        if e is not None:
                            k = e
                            continue
                    if c == "(":
                        depth += 1
                    elif c == ")":
                        depth -= 1
                        if depth == 0:
                            k += 1
                            break
                    k += 1
            else:
                k += 1
            continue
        if text[k] == "\n" and not multi:
            return k
        k += 1
    return n


def lex(text, language):
    """Tokens of C# or Swift without whitespace and comments: kinds "ident", "num", "str",
    "pp" (a C# preprocessor line), "punct"."""
    swift = language == "Swift"
    table = SWIFT_PUNCTUATORS if swift else CS_PUNCTUATORS
    tokens = []
    n = len(text)
    i = 0
    while i < n:
        c = text[i]
        if c in " \t\r\n\f\v\ufeff\u00a0\u2028\u2029":
            i += 1
            continue
        e = _skip_space_comments(text, i, n, swift)
        if e is not None:
            i = e
            continue
        if swift:
            if c == '"' or (c == "#" and re.match(r"#+\"", text[i:i + 8])):
                j = swift_string_end(text, i)
                if j is not None:
                    tokens.append(Token("str", i, j, text[i:j]))
                    i = j
                    continue
            if c == "`":
                j = text.find("`", i + 1)
                if 0 < j and "\n" not in text[i:j]:
                    tokens.append(Token("ident", i, j + 1, text[i:j + 1]))
                    i = j + 1
                    continue
            if c in "#@" and i + 1 < n and (text[i + 1].isalpha() or text[i + 1] == "_"):
                j = i + 1
                while j < n and (text[j].isalnum() or text[j] == "_"):
                    j += 1
                tokens.append(Token("ident", i, j, text[i:j]))
                i = j
                continue
        else:
            if c == "#" and text[text.rfind("\n", 0, i) + 1:i].strip() == "":
                j = text.find("\n", i)
                j = n if j < 0 else j
                tokens.append(Token("pp", i, j, text[i:j]))
                i = j
                continue
            if c in "\"'$@":
                j = cs_string_end(text, i)
                if j is not None:
                    tokens.append(Token("str", i, j, text[i:j]))
                    i = j
                    continue
            if c == "@" and i + 1 < n and (text[i + 1].isalpha() or text[i + 1] == "_"):
                j = i + 1
                while j < n and (text[j].isalnum() or text[j] == "_"):
                    j += 1
                tokens.append(Token("ident", i, j, text[i:j]))
                i = j
                continue
        if c.isalpha() or c == "_" or ord(c) > 127:
            j = i + 1
            while j < n and (text[j].isalnum() or text[j] == "_" or ord(text[j]) > 127):
                j += 1
            tokens.append(Token("ident", i, j, text[i:j]))
            i = j
        elif c.isdigit():
            j = i + 1
            while j < n and (text[j].isalnum() or text[j] == "_" or
                             (text[j] == "." and j + 1 < n and text[j + 1].isdigit())):
                j += 1
            tokens.append(Token("num", i, j, text[i:j]))
            i = j
        else:
            p = _punct(text, i, table)
            tokens.append(Token("punct", i, i + len(p), p))
            i += len(p)
    return tokens


# ------------------------------------------------------------------------------------------
# Context helpers for local categories.

def line_tokens(context, line):
    """Indices of the tokens starting on a line."""
    lines = context["tokens_line"]
    a = bisect.bisect_left(lines, line)
    b = bisect.bisect_right(lines, line)
    return range(a, b)


def span_tokens(context, first, last):
    lines = context["tokens_line"]
    return range(bisect.bisect_left(lines, first), bisect.bisect_right(lines, last))


# ------------------------------------------------------------------------------------------
# C#.

CS_MODIFIERS = {"public", "private", "protected", "internal", "static", "readonly", "virtual", "override",
                "abstract", "sealed", "new", "extern", "unsafe", "async", "partial", "required", "file",
                "volatile", "const", "implicit", "explicit", "ref", "scoped"}
CS_STATEMENTS = {"if", "catch", "while", "for", "foreach", "switch", "using", "lock", "fixed"}
CS_NOT_NAMES = CS_STATEMENTS | {"return", "new", "await", "throw", "typeof", "nameof", "sizeof", "default",
                                "when", "is", "as", "in", "out", "base", "this", "checked", "unchecked", "else"}


def cs_parameter_lists(tokens, close):
    """(index of `(`, index of its `)`) of the parameter lists of methods, constructors, local
    functions and operators: `name (` or `name<...> (` after a type or a modifier."""
    for k, t in enumerate(tokens):
        if t.text != "(" or k not in close or k == 0:
            continue
        j = k - 1
        if tokens[j].text == ">":  # type parameters
            depth = 0
            while j > 0:
                if tokens[j].text == ">":
                    depth += 1
                elif tokens[j].text == "<":
                    depth -= 1
                    if depth == 0:
                        break
                elif tokens[j].text in (";", "{", "}", "="):
                    break
                j -= 1
            if tokens[j].text != "<":
                continue
            j -= 1
        name = tokens[j]
        if name.kind != "ident" or name.text in CS_NOT_NAMES or j == 0:
            continue
        before = tokens[j - 1]
        if before.text == "operator" or (before.kind == "ident" and before.text not in CS_NOT_NAMES) \
                or before.text in (">", "]", "?") or (before.kind == "punct" and j >= 2 and
                                                     tokens[j - 2].text == "operator"):
            yield k, close[k]


def cs_body_start(tokens, k):
    """The index of the `{`, `=>` or `;` after a parameter list's `)` at k, skipping a
    `where` clause or a constructor initializer, at bracket depth 0."""
    depth = 0
    for j in range(k + 1, len(tokens)):
        t = tokens[j].text
        if t in ("(", "[", "<"):
            depth += 1
        elif t in (")", "]", ">"):
            depth -= 1
        elif depth <= 0 and t in ("{", "=>", ";"):
            return j
        elif depth <= 0 and t == "}":
            return None
    return None


def rewrite_where_clauses(text, tokens, language):
    """`where T : ...` constraints between a method's parameters and its body into blanks:
    lizard, waiting for a `{` after the `)`, gives up on the method at `where`."""
    close = closers(tokens)
    edits = []
    for k, e in cs_parameter_lists(tokens, close):
        if e + 1 < len(tokens) and tokens[e + 1].text == "where":
            b = cs_body_start(tokens, e)
            if b is not None:
                edits.append((tokens[e + 1].start, tokens[b - 1].end, blank(text[tokens[e + 1].start:tokens[b - 1].end])))
    return edits


def expression_end(tokens, k, close):
    """The index of the `;` ending the expression that starts after tokens[k]."""
    j = k + 1
    while j < len(tokens):
        t = tokens[j].text
        if t in PAIRS:
            if j not in close:
                return None
            j = close[j] + 1
            continue
        if t in CLOSERS:
            return None
        if t == ";":
            return j
        j += 1
    return None


def rewrite_expression_bodies(text, tokens, language):
    """A method's expression body `=> e;` into a block `{ return e; }` (`{ throw ...; }`):
    lizard ends an expression body at its first `;` or `}`, so one holding a block (a lambda,
    a switch expression, an object initializer) ends early, and lists a *global* function."""
    close = closers(tokens)
    edits = []
    for k, e in cs_parameter_lists(tokens, close):
        b = e + 1
        if b < len(tokens) and tokens[b].text == "=>":
            end = expression_end(tokens, b, close)
            if end is None:
                continue
            inner = tokens[b + 1:end]
            if not any(t.text == "{" for t in inner):
                continue
            first = "{ " if inner and inner[0].text == "throw" else "{ return "
            edits.append([(tokens[b].start, tokens[b].end, first), (tokens[end].start, tokens[end].end, "; }")])
    return edits


def statement_read_as_function(item, context):
    """Outside a method it knows (in a property accessor, at the top level of a program, in a
    field's initializer) lizard reads `if (...) {`, `catch (...) {`, `new T(...) {` as the
    start of a function running to the `}`. One of lizard's functions, starting on the line of
    such a keyword, ending on the line of its block's `}`."""
    side, (start, end) = item
    if side != "lizard":
        return False
    tokens = context["tokens"]
    lines = context["tokens_line"]
    close = context.setdefault("close", closers(tokens))
    for k in line_tokens(context, start):
        t = tokens[k]
        if t.text not in CS_STATEMENTS and t.text != "new":
            continue
        j = k + 1
        if t.text == "new":
            while j < len(tokens) and tokens[j].text not in ("(", "{", ";", ")", "}"):
                j += 1
        if j >= len(tokens) or tokens[j].text != "(" or j not in close:
            continue
        b = close[j] + 1
        if b < len(tokens) and tokens[b].text == "{" and b in close and lines[close[b]] == end:
            return True
    return False


ACCESSORS = {"get", "set", "init", "add", "remove"}


def property_or_accessor(item, context):
    """fcto lists property, indexer and event accessors with a body and expression-bodied
    properties as functions (docs/code-health.md); lizard lists none. One of fcto's functions
    lizard has nothing starting on the line of, that starts with an accessor keyword or is
    `Name =>` / `this[...] =>`."""
    side, (start, end) = item
    if side != "fcto" or any(s == start for (s, e) in context["lizard_by_key"]):
        return False
    tokens = context["tokens"]
    close = context.setdefault("close", closers(tokens))
    line = [k for k in line_tokens(context, start)]
    while line and tokens[line[0]].text in CS_MODIFIERS:
        line.pop(0)
    if not line:
        return False
    k = line[0]
    nxt = tokens[k + 1].text if k + 1 < len(tokens) else ""
    if tokens[k].text in ACCESSORS and nxt in ("{", "=>", ";"):
        return True
    for k in line:
        t = tokens[k].text
        if t == "[" and k > 0 and tokens[k - 1].text == "this" and k in close:
            after = close[k] + 1
            return after < len(tokens) and tokens[after].text in ("=>", "{")
        if t in ("=>", "{"):
            name = tokens[k - 1] if k > 0 else None
            before = tokens[k - 2] if k > 1 else None
            if name is None or before is None or name.kind != "ident" or name.text in CS_NOT_NAMES:
                return False
            if not (before.kind == "ident" or before.text in (">", "?", "]")):
                return False
            if t == "=>":
                return True
            # Name { get ...; set ... } on one line
            return k in close and any(tokens[j].text in ACCESSORS for j in range(k + 1, close[k]))
        if t in ("(", ";", "=", ")"):
            return False
    return False


def fcto_nested(context, start, end):
    """fcto's functions strictly inside lines start..end (other than the one with those lines)."""
    return [(s, e) for (s, e) in context["fcto_by_key"] if start <= s and e <= end and (s, e) != (start, end)]


def signature_questions(context, line):
    """The `?` of nullable types in the signature of the function starting on a line (counted
    by lizard in the method around a local function; by neither in a method's own signature)."""
    tokens = context["tokens"]
    close = context.setdefault("close", closers(tokens))
    for k in line_tokens(context, line):
        if tokens[k].text == "(" and k in close:
            body = cs_body_start(tokens, close[k])
            if body is None:
                return 0
            first = line_tokens(context, line)[0]
            return sum(1 for j in range(first, body) if tokens[j].text == "?")
    return 0


MEMBER_ONLY_MODIFIERS = {"public", "private", "protected", "internal", "override", "virtual", "abstract",
                         "sealed", "readonly", "partial", "required", "new", "file"}


def local_function(item, context):
    """fcto lists a C# local function as a function of its own (docs/code-health.md); lizard
    does not look for functions in a method's body and counts their decisions in the method.
    One of fcto's functions nested in another of fcto's, with lizard nothing starting there; or
    the method around such functions, with lizard's complexity fcto's plus their decisions."""
    side, (start, end) = item
    fcto = context["fcto_by_key"]
    lizard = context["lizard_by_key"]
    if side != "fcto":
        return False
    if (start, end) in lizard:
        nested = fcto_nested(context, start, end)
        if not nested:
            return False
        return lizard[(start, end)] == fcto[(start, end)] + sum(fcto[key] - 1 + signature_questions(context, key[0])
                                                                for key in nested)
    if any(s == start for (s, e) in lizard):
        return False
    tokens = context["tokens"]
    first = line_tokens(context, start)
    if not first or tokens[first[0]].text in MEMBER_ONLY_MODIFIERS:
        return False  # a member, not a local function
    outer = [(s, e) for (s, e) in fcto if s <= start and end <= e and (s, e) != (start, end)]
    return bool(outer)


def type_argument_lists(tokens):
    """(index of `<`, index of `>`) of type argument or parameter lists: `<` right after an
    identifier, closed before any token that cannot be in a type."""
    allowed = {",", ".", "?", "[", "]", "(", ")", "<", ">", "::", "*"}
    k = 0
    while k < len(tokens):
        if tokens[k].text == "<" and k > 0 and tokens[k - 1].kind == "ident" and tokens[k - 1].end == tokens[k].start:
            depth = 0
            for j in range(k, len(tokens)):
                t = tokens[j]
                if t.text == "<":
                    depth += 1
                elif t.text == ">":
                    depth -= 1
                    if depth == 0:
                        yield k, j
                        break
                elif t.kind != "ident" and t.text not in allowed:
                    break
        k += 1


def rewrite_nullable_in_type_arguments(text, tokens, language):
    """The `?` of nullable types inside type arguments (`Dictionary<string, string?>`) into
    blanks: lizard's tokenizer reads such a `<...>` as one token and does not count its `?`,
    which `--count lizard` does."""
    edits = []
    for a, b in type_argument_lists(tokens):
        for j in range(a + 1, b):
            t = tokens[j]
            if t.text == "?" and tokens[j - 1].end == t.start:
                edits.append((t.start, t.end, " "))
    return edits


CS_REWRITES = [
    ("where constraint of a generic method", rewrite_where_clauses),
    ("expression-bodied member => holding { }", rewrite_expression_bodies),
    ("? of a nullable type inside <...> (--count lizard)", rewrite_nullable_in_type_arguments),
]
CS_LOCAL = [
    ("property or accessor: a function to fcto only (on purpose)", property_or_accessor),
    ("local function: a function of its own to fcto (on purpose)", local_function),
    ("if (...) { or new() { outside a method read as a function", statement_read_as_function),
]


# ------------------------------------------------------------------------------------------
# Swift.

SWIFT_DIRECTIVES = {"#if", "#elseif", "#else", "#endif", "#warning", "#error", "#sourceLocation"}


def rewrite_hash_words(text, tokens, language):
    """`#available`, `#selector`, `#fileID`, `#expect`... into `_available`...: lizard reads a
    `#` as the start of a preprocessor line and swallows the rest of the line into it, with its
    braces and decisions."""
    return [(t.start, t.start + 1, "_") for t in tokens
            if t.kind == "ident" and t.text.startswith("#") and t.text not in SWIFT_DIRECTIVES]


def swift_interpolations(s):
    """[(start, end)] of the expressions `\\(...)` (`\\#(...)` in a raw string) in a string
    literal's text, or None when it cannot tell."""
    hashes = len(s) - len(s.lstrip("#"))
    escape = "\\" + "#" * hashes
    out = []
    k = s.find('"') + 1
    while True:
        k = s.find(escape, k)
        if k < 0:
            return out
        if s.startswith(escape + escape, k) and not hashes:
            k += 2
            continue
        j = k + len(escape)
        if j < len(s) and s[j] == "(":
            e = _paren_end(s, j)
            if e is None:
                return None
            out.append((j + 1, e))
            k = e + 1
        else:
            k = j + 1


def _paren_end(s, j):
    depth = 0
    k = j
    while k < len(s):
        c = s[k]
        if c == '"' or (c == "#" and s.startswith('#"', k)):
            e = swift_string_end(s, k)
            if e is None:
                return None
            k = e
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return k
        k += 1
    return None


def rewrite_interpolations(text, tokens, language):
    """A string with interpolations `"a\\(x ? 1 : 2)b"` into a concatenation
    `"a" + (x ? 1 : 2) + "b"` (the pieces of a multi-line string one per line, joined by
    `+`): lizard's tokenizer reads the expressions as part of the string and counts none of
    their decisions."""
    edits = []
    for t in tokens:
        if t.kind != "str":
            continue
        s = t.text
        holes = swift_interpolations(s)
        if not holes:
            continue
        hashes = len(s) - len(s.lstrip("#"))
        quotes = 3 if s[hashes:].startswith('"""') else 1
        if not s.endswith('"' * quotes + "#" * hashes):
            continue
        escape = 1 + hashes
        pieces = []

        def literal(lit):
            return " +\n".join('"' + "x" * len(part) + '"' for part in lit.split("\n"))

        last = hashes + quotes
        for a, b in holes:
            pieces.append(literal(s[last:a - 1 - escape]))
            pieces.append("(" + s[a:b] + ")")
            last = b + 1
        pieces.append(literal(s[last:len(s) - hashes - quotes]))
        new = " + ".join(pieces)
        if new.count("\n") == s.count("\n"):
            edits.append((t.start, t.end, new))
    return edits


def rewrite_strings(text, tokens, language):
    """Raw strings (`#"..."#`, whose `#` lizard reads as a preprocessor line swallowing the
    rest of the line) and multi-line strings (three quotes, which lizard's tokenizer reads as pairs
    of quotes, so that a quote inside exposes what follows it as code) into plain strings on
    the same lines."""
    edits = []
    for t in tokens:
        if t.kind != "str":
            continue
        s = t.text
        raw = s.startswith("#")
        multi = '"""' in s[:s.find('"') + 3]
        body = s.strip("#")
        if multi:
            inner = body[3:-3] if len(body) >= 6 and body.endswith('"""') else body[3:]
        else:
            inner = body[1:-1] if len(body) >= 2 and body.endswith('"') else body[1:]
        if swift_interpolations(s):
            continue  # rewrite_interpolations
        if not (raw or multi):
            continue  # lizard's tokenizer reads a plain one-line string right
        if multi:
            new = '"""' + blank(inner) + '"""'
            new = new + " " * (len(s) - len(new))
        else:
            new = '"' + "x" * (len(s) - 2) + '"'
        if new.count("\n") != s.count("\n"):
            continue
        edits.append((t.start, t.end, new))
    return edits


def rewrite_postfix_questions(text, tokens, language):
    """The `?` of an optional type or chain right after `)`, `]`, `}`, `>` or `?` (`[Int]?`,
    `f()?.x`) into a blank: lizard counts it (it reads `Int?` as one word and does not), fcto
    counts only the ternary's `?` (docs/code-health.md)."""
    edits = []
    for k in range(1, len(tokens)):
        t, p = tokens[k], tokens[k - 1]
        if t.text == "?" and p.end == t.start and p.text in (")", "]", "}", ">", "?", "!"):
            edits.append((t.start, t.end, " "))
        elif t.text == "??" and p.end == t.start and (p.kind == "ident" or p.text in (")", "]", ">")):
            edits.append((t.start + 1, t.end, " "))  # a double optional String??
    return edits


SWIFT_CONDITIONS = {"if", "for", "while", "catch", "guard", "case"}


def rewrite_keyword_labels(text, tokens, language):
    """Argument labels and members named like a decision keyword (`func task(for request:
    ...)`, `for:` at the start of a line of a call, `.case(of:)`, `self.for`) into another
    name: lizard's preprocessing renames only a label right after `(` or `,` and followed by
    `:`, and counts the others."""
    edits = []
    for k in range(1, len(tokens) - 1):
        t = tokens[k]
        if t.text not in SWIFT_CONDITIONS:
            continue
        if tokens[k - 1].text == "." and tokens[k - 1].end == t.start:
            edits.append((t.start, t.start + 1, "_"))
            continue
        if tokens[k - 1].text not in ("(", ","):
            continue
        nxt = tokens[k + 1]
        if nxt.text == ":" or (nxt.kind == "ident" and k + 2 < len(tokens) and tokens[k + 2].text == ":"):
            edits.append((t.start, t.start + 1, "_"))
    return edits


SWIFT_ACCESSOR_WORDS = {"get", "set", "init", "deinit", "subscript", "willSet", "didSet"}
SWIFT_ACCESS = {"private", "fileprivate", "internal", "public", "open", "package"}


def rewrite_accessor_words(text, tokens, language):
    """`get`, `set`, `init`... that declare nothing (`app.get(...)`, `.init(...)`,
    `self.init(...)`, a label `get:`, `private(set)`) into other names (`geT`, `iniT`) or
    blanks: lizard starts a function at the next `{` after any of these words."""
    edits = []
    for k, t in enumerate(tokens):
        if t.text not in SWIFT_ACCESSOR_WORDS:
            continue
        p = tokens[k - 1] if k else None
        n = tokens[k + 1] if k + 1 < len(tokens) else None
        if p is not None and p.text == "." and p.end == t.start:
            edits.append((t.end - 1, t.end, t.text[-1].upper()))
        elif p is not None and p.text in ("(", ",") and n is not None and n.text == ":":
            edits.append((t.end - 1, t.end, t.text[-1].upper()))
        elif t.text == "set" and p is not None and p.text == "(" and n is not None and n.text == ")" \
                and k >= 2 and tokens[k - 2].text in SWIFT_ACCESS:
            edits.append((p.start, n.end, " " * (n.end - p.start)))
    return edits


def enum_case(tokens, lines, k):
    """Whether the `case` at k declares enum cases: no `:` after it on its line outside
    brackets (a `case` of a `switch` ends with one)."""
    depth = 0
    j = k + 1
    while j < len(tokens) and lines[j] == lines[k]:
        t = tokens[j].text
        if t in PAIRS:
            depth += 1
        elif t in CLOSERS:
            depth -= 1
        elif t == ":" and depth == 0:
            return False
        j += 1
    return True


def case_condition(item, context):
    """lizard counts the `case` of `if case`, `guard case`, `for case`, `while case` (and after
    a `,` in their conditions), the same decision as the statement's keyword, and of an enum
    declared in a function; fcto counts `case` in a `switch` only (docs/code-health.md). Same lines, lizard's complexity fcto's
    plus those `case`s (outside fcto's nested functions)."""
    side, (start, end) = item
    fcto = context["fcto_by_key"]
    lizard = context["lizard_by_key"]
    if side != "fcto" or (start, end) not in lizard:
        return False
    tokens = context["tokens"]
    nested = fcto_nested(context, start, end)
    lines = context["tokens_line"]
    extra = 0
    for k in span_tokens(context, start, end):
        if tokens[k].text != "case" or any(s <= lines[k] <= e for s, e in nested):
            continue
        if k > 0 and tokens[k - 1].text in ("if", "guard", "for", "while", ","):
            extra += 1
        elif enum_case(tokens, lines, k):
            extra += 1
    return extra > 0 and lizard[(start, end)] == fcto[(start, end)] + extra


def rewrite_failable_inits(text, tokens, language):
    """`init?(` and `init!(` into `init (`: lizard's tokenizer reads `init?` as one word, no
    initializer to it (fcto counts no decision in it)."""
    edits = []
    for k in range(len(tokens) - 2):
        t, q, p = tokens[k], tokens[k + 1], tokens[k + 2]
        if t.text == "init" and q.text in ("?", "!") and t.end == q.start and p.text in ("(", "<") and \
                (k == 0 or tokens[k - 1].text != "."):
            edits.append((q.start, q.end, " "))
    return edits


def rewrite_accessor_calls(text, tokens, language):
    """Calls of functions named `get` or `set` without a receiver (`get(0)`, `set(key, to: v)`)
    into other names: lizard reads them as accessors starting a function at the next `{`."""
    close = closers(tokens)
    edits = []
    for k, t in enumerate(tokens):
        if t.text not in ("get", "set") or k + 1 >= len(tokens) or tokens[k + 1].text != "(":
            continue
        if k > 0 and tokens[k - 1].text in ("func", "."):
            continue
        e = close.get(k + 1)
        if e is None or (e + 1 < len(tokens) and tokens[e + 1].text == "{"):
            continue
        edits.append((t.end - 1, t.end, t.text[-1].upper()))
    return edits


def rewrite_declaration_words(text, tokens, language):
    """Names `type` and `protocol` (a variable, a parameter, a label) into `typE`, `protocoL`:
    lizard's Swift reader (Go's underneath) takes the token after `type` for a type's name,
    however it is a `{`, and skips the braces after `protocol`."""
    edits = []
    for k, t in enumerate(tokens):
        if t.text == "type":
            edits.append((t.end - 1, t.end, "E"))
        elif t.text == "protocol":
            n = tokens[k + 1] if k + 1 < len(tokens) else None
            if n is None or n.kind != "ident" or (k > 0 and tokens[k - 1].text == "."):
                edits.append((t.end - 1, t.end, "L"))
    return edits


def rewrite_comma_closures(text, tokens, language):
    """A closure right after a `,` (`reduce(into: [:], { ... })`) into a parenthesized one
    `({ ... })`: after a `,` lizard takes the next token, here the `{`, for a declared name,
    and loses count of the braces."""
    close = closers(tokens)
    edits = []
    for k in range(1, len(tokens)):
        if tokens[k].text == "{" and tokens[k - 1].text == "," and k in close:
            e = tokens[close[k]]
            edits.append([(tokens[k].start, tokens[k].start, "("), (e.end, e.end, ")")])
    return edits


def rewrite_operator_names(text, tokens, language):
    """Operator functions named `&&` or `||` (`func && <T>(...)`) into a name: lizard counts the
    operator as a decision."""
    edits = []
    for k in range(1, len(tokens)):
        if tokens[k].text in ("&&", "||") and tokens[k - 1].text == "func":
            edits.append((tokens[k].start, tokens[k].end, "op"))
    return edits


SWIFT_REWRITES = [
    ("string interpolation \\(...) read as part of the string", rewrite_interpolations),
    ("string literal lizard's tokenizer misreads", rewrite_strings),
    ("# word read as a preprocessor line", rewrite_hash_words),
    ("get, set or init word read as an accessor", rewrite_accessor_words),
    ("get, set or init word read as an accessor", rewrite_accessor_calls),
    ("failable init? read as one word", rewrite_failable_inits),
    ("a name type or protocol read as a declaration", rewrite_declaration_words),
    ("closure after , read as a declared name", rewrite_comma_closures),
    ("operator function named && or ||", rewrite_operator_names),
    ("keyword as a label or member name counted", rewrite_keyword_labels),
    ("? of an optional type or chain (on purpose)", rewrite_postfix_questions),
]
SWIFT_LOCAL = [
    ("case of if case, guard case, enum case (on purpose)", case_condition),
]

EXPLAINERS = [
    {"languages": {"C#"}, "lex": lex, "rewrites": CS_REWRITES, "local": CS_LOCAL,
     "question_marks": True},
    {"languages": {"Swift"}, "lex": lex, "rewrites": SWIFT_REWRITES, "local": SWIFT_LOCAL},
]
