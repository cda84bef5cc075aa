"""Explainers of bench/lizard_agreement.py --explain for PHP, Ruby and Rust: a small lexer for
each, the rewrites of what lizard 1.24 misreads (each kept only when fcto finds exactly the
same functions in the rewritten file, each explaining a disagreement only when it disappears
once lizard reads the rewritten file), and local patterns of both tools' outputs and the
source. See the docstring of lizard_agreement.py. Self-contained: lizard_agreement imports it."""
import bisect
import re

from lizard_explain_common import CLOSERS, PAIRS, Token, blank, closers, punct as _punct


def xs(s):
    """A string's inside as `x`s, its line breaks kept."""
    return re.sub(r"[^\n]", "x", s)


def _word_end(text, i):
    n = len(text)
    j = i
    while j < n and (text[j].isalnum() or text[j] == "_" or ord(text[j]) > 127):
        j += 1
    return j


# ------------------------------------------------------------------------------------------
# PHP.

PHP_PUNCTUATORS = sorted(["<=>", "**=", "...", "<<=", ">>=", "??=", "?->", "===", "!==",
                          "->", "=>", "::", "??", "?:", "&&", "||", "==", "!=", "<>", "<=", ">=", "++", "--",
                          "+=", "-=", "*=", "/=", ".=", "%=", "&=", "|=", "^=", "<<", ">>", "**"],
                         key=len, reverse=True)


def php_string_end(text, i):
    """The end of the '...' or "..." string starting at i."""
    q = text[i]
    n = len(text)
    k = i + 1
    while k < n:
        c = text[k]
        if c == "\\":
            k += 2
            continue
        if c == q:
            return k + 1
        k += 1
    return n


HEREDOC = re.compile(r"<<<[ \t]*(['\"]?)([A-Za-z_]\w*)\1\r?\n")


def php_lex(text, language):
    """Tokens of PHP without whitespace and comments: kinds "ident", "var", "num", "str"
    (heredocs included), "html" (outside <?php ?>), "attr" (#[...]), "punct"."""
    tokens = []
    n = len(text)
    i = 0
    # HTML before the first <?php
    m = re.compile(r"<\?(php|=)?").search(text, 0)
    if m is None:
        return [Token("html", 0, n, text)] if text else []
    if m.start() > 0:
        tokens.append(Token("html", 0, m.start(), text[:m.start()]))
    i = m.end()
    while i < n:
        c = text[i]
        if c in " \t\r\n\f\v\ufeff":
            i += 1
            continue
        if text.startswith("?>", i):
            m = re.compile(r"<\?(php|=)?").search(text, i + 2)
            j = n if m is None else m.start()
            tokens.append(Token("html", i, j, text[i:j]))
            i = n if m is None else m.end()
            continue
        if text.startswith("#[", i):
            # an attribute, up to its matching ]
            depth = 0
            k = i + 1
            while k < n:
                ch = text[k]
                if ch in "'\"":
                    k = php_string_end(text, k)
                    continue
                if ch == "[":
                    depth += 1
                elif ch == "]":
                    depth -= 1
                    if depth == 0:
                        k += 1
                        break
                k += 1
            tokens.append(Token("attr", i, k, text[i:k]))
            i = k
            continue
        if c == "#" or text.startswith("//", i):
            j = i
            while j < n and text[j] != "\n" and not text.startswith("?>", j):
                j += 1
            i = j
            continue
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
            continue
        if c in "'\"":
            j = php_string_end(text, i)
            tokens.append(Token("str", i, j, text[i:j]))
            i = j
            continue
        if text.startswith("<<<", i):
            m = HEREDOC.match(text, i)
            if m:
                label = m.group(2)
                close = re.compile(r"^[ \t]*" + re.escape(label) + r"\b", re.M).search(text, m.end())
                j = n if close is None else close.end()
                tokens.append(Token("str", i, j, text[i:j]))
                i = j
                continue
        if c == "$" and i + 1 < n and (text[i + 1].isalpha() or text[i + 1] == "_" or ord(text[i + 1]) > 127):
            j = _word_end(text, i + 1)
            tokens.append(Token("var", i, j, text[i:j]))
            i = j
            continue
        if c.isalpha() or c == "_" or ord(c) > 127:
            j = _word_end(text, i)
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
            p = _punct(text, i, PHP_PUNCTUATORS)
            tokens.append(Token("punct", i, i + len(p), p))
            i += len(p)
    return tokens


def php_rewrite_traits(text, tokens, language):
    """`trait Name` into `class Name`: lizard's PHP reader ends a method where the braces are
    back to the depth of a class's body, and in a trait it waits for depth 0, so the first
    method of a trait runs to the trait's end and the others are lost."""
    edits = []
    for k, t in enumerate(tokens):
        if t.text == "trait" and t.kind == "ident" and k + 1 < len(tokens) and tokens[k + 1].kind == "ident" \
                and (k == 0 or tokens[k - 1].text not in ("->", "::", "?->", "\\")):
            edits.append((t.start, t.end, "class"))
    return edits


def php_rewrite_enums(text, tokens, language):
    """`enum Name: type` into `class Name`: lizard's PHP reader knows no enums, and ends a
    method where the braces are back to depth 0, so the first method of an enum runs to the
    enum's end and the others are lost."""
    edits = []
    for k, t in enumerate(tokens):
        if t.text != "enum" or t.kind != "ident" or k + 1 >= len(tokens) or tokens[k + 1].kind != "ident" \
                or (k > 0 and tokens[k - 1].text in ("->", "::", "?->", "\\", "function", "const")):
            continue
        group = [(t.start, t.end, "class")]
        if k + 3 < len(tokens) and tokens[k + 2].text == ":":
            group.append((tokens[k + 2].start, tokens[k + 3].end, blank(text[tokens[k + 2].start:tokens[k + 3].end])))
        edits.append(group)
    return edits


def php_rewrite_attributes(text, tokens, language):
    """Attributes `#[...]` into blanks: lizard reads the `#` as a preprocessor line (its C
    tokenizer) and swallows the rest of the line with it, the function declared after the
    attribute on the same line included, or a `]` of it on the next lines."""
    return [(t.start, t.end, blank(t.text)) for t in tokens if t.kind == "attr"]


def php_rewrite_heredocs(text, tokens, language):
    """Heredocs and nowdocs into quoted strings on the same lines: lizard's tokenizer knows
    only `<<<LABEL` without quotes, and ends it at the first occurrence of the label (so
    `<<<'EOT'`, `<<<"EOT"` are read as code, their braces and decisions too)."""
    edits = []
    for t in tokens:
        if t.kind == "str" and t.text.startswith("<<<"):
            edits.append((t.start, t.end, "'" + xs(t.text[1:-1]) + "'"))
    return edits


PHP_MEMBER_MODIFIERS = {"abstract", "public", "private", "protected", "static", "final"}


def php_rewrite_declarations(text, tokens, language):
    """Methods without a body (abstract, or of an interface) into blanks: lizard lists one
    written `function f();`, and with a return type `function f(): T;` it waits for a `{` and
    runs the declaration into the next method. fcto lists only functions with a body."""
    close = closers(tokens)
    edits = []
    for k, t in enumerate(tokens):
        if t.text != "function" or k + 2 >= len(tokens) or tokens[k + 1].kind != "ident":
            continue
        p = k + 2
        if tokens[p].text == "&":
            p += 1
        if tokens[p].text != "(" or p not in close:
            continue
        j = close[p] + 1
        while j < len(tokens) and tokens[j].text not in (";", "{", "}"):
            j += 1
        if j >= len(tokens) or tokens[j].text != ";":
            continue
        a = k
        while a > 0 and tokens[a - 1].text in PHP_MEMBER_MODIFIERS:
            a -= 1
        edits.append((tokens[a].start, tokens[j].end, blank(text[tokens[a].start:tokens[j].end])))
    return edits


def php_rewrite_block_functions(text, tokens, language):
    """`if (...) {` around function declarations outside any class or function (the
    `if (! function_exists('f')) { function f() ... }` of helper files) into blanks, with its
    `}`: lizard ends a function where the braces are back to depth 0 (or a class's body), so
    one declared in a block runs to the block's end."""
    close = closers(tokens)
    edits = []
    depth = []  # the open {
    k = 0
    while k < len(tokens):
        t = tokens[k]
        if t.text == "if" and not depth and k + 1 < len(tokens) and tokens[k + 1].text == "(" \
                and k + 1 in close:
            b = close[k + 1] + 1
            if b < len(tokens) and tokens[b].text == "{" and b in close:
                e = close[b]
                after = tokens[e + 1].text if e + 1 < len(tokens) else ""
                inner = tokens[b + 1:e]
                if after not in ("else", "elseif") and any(x.text == "function" for x in inner) and \
                        not any(x.text in ("class", "trait", "interface", "enum") and
                                tokens[j - 1].text not in ("::", "->", "?->", "new") for j, x in enumerate(inner, b + 1)):
                    edits.append([(t.start, tokens[b].end, blank(text[t.start:tokens[b].end])),
                                  (tokens[e].start, tokens[e].end, " ")])
                k = e + 1
                continue
        if t.text == "{":
            depth.append(k)
        elif t.text == "}" and depth:
            depth.pop()
        k += 1
    return edits


def php_rewrite_open_close_tags(text, tokens, language):
    """`?>` and `<?` inside string literals into `x>`, `<x`: lizard cuts the file into PHP
    code blocks `<?php ... ?>` before reading it, so a `?>` in a string (a Blade compiler's
    `"<?php if(...): ?>"`) ends the PHP code there, and the rest is read as HTML up to the
    next `<?php`."""
    edits = []
    for t in tokens:
        if t.kind != "str":
            continue
        for m in re.finditer(r"\?>|<\?", t.text):
            q = m.start() + m.group().index("?")
            edits.append((t.start + q, t.start + q + 1, "x"))
    return edits


PHP_LIZARD_WORDS = {"if", "elseif", "for", "foreach", "while", "catch", "match", "case", "switch", "function",
                    "class", "trait", "use"}


def php_rewrite_keyword_names(text, tokens, language):
    """Properties, methods, constants and named arguments named like a keyword (`$this->for`,
    `->match(...)`, `Foo::class`, `foreach: true`) into other names: lizard reads the word as
    the keyword, a decision, or a declaration (outside a function `User::class` starts a
    class named by the next token, whose `function`s then end at the wrong brace)."""
    edits = []
    for k in range(1, len(tokens)):
        t = tokens[k]
        if t.kind != "ident" or t.text.lower() not in PHP_LIZARD_WORDS:
            continue
        p = tokens[k - 1].text
        n = tokens[k + 1].text if k + 1 < len(tokens) else ""
        if p in ("->", "?->", "::") or \
                (p == "function" and t.text.lower() != "use") or (p in ("(", ",") and n == ":"):
            edits.append((t.end - 1, t.end, t.text[-1].upper() if t.text[-1].islower() else t.text[-1].lower()))
    return edits


def php_fcto_nested(context, start, end):
    return [(s, e) for (s, e) in context["fcto_by_key"] if start <= s and e <= end and (s, e) != (start, end)]


def php_anonymous_classes(context, first, last):
    """Whether `new class` is written between two lines."""
    tokens = context["tokens"]
    lines = context["tokens_line"]
    a = bisect.bisect_left(lines, first)
    b = bisect.bisect_right(lines, last)
    return any(tokens[k].text == "class" and tokens[k - 1].text == "new" for k in range(max(a, 1), b))


def php_anonymous_class_method(item, context):
    """fcto lists the methods of an anonymous class (`new class { ... }`) written in a
    function as functions of their own; lizard's PHP reader looks for no function in a
    function's body and counts their decisions in the function around. One of fcto's functions
    inside another of fcto's after a `new class`, with lizard nothing starting there; or the
    function around, with lizard's complexity fcto's plus theirs."""
    side, (start, end) = item
    fcto = context["fcto_by_key"]
    lizard = context["lizard_by_key"]
    if side != "fcto":
        return False
    if (start, end) in lizard:
        nested = php_fcto_nested(context, start, end)
        return bool(nested) and php_anonymous_classes(context, start, end) and \
            lizard[(start, end)] == fcto[(start, end)] + sum(fcto[key] - 1 for key in nested)
    if any(s == start for (s, e) in lizard):
        return False
    outer = [(s, e) for (s, e) in fcto if s < start and end <= e]
    return any(php_anonymous_classes(context, s, start) for s, e in outer)


PHP_REWRITES = [
    ("keyword as a name (->for, ::class)", php_rewrite_keyword_names),
    ("<?php ... ?> inside a string", php_rewrite_open_close_tags),
    ("method of a trait run to the trait's end", php_rewrite_traits),
    ("method of an enum run to the enum's end", php_rewrite_enums),
    ("#[attribute] read as a preprocessor line", php_rewrite_attributes),
    ("heredoc or nowdoc read as code", php_rewrite_heredocs),
    ("method without a body (abstract, interface)", php_rewrite_declarations),
    ("function declared inside if (...) { }", php_rewrite_block_functions),
]
PHP_LOCAL = [
    ("method of an anonymous class (new class)", php_anonymous_class_method),
]


# ------------------------------------------------------------------------------------------
# Rust.

RUST_PUNCTUATORS = sorted(["<<=", ">>=", "...", "..=", "::", "->", "=>", "==", "!=", "<=", ">=", "&&", "||",
                           "+=", "-=", "*=", "/=", "%=", "^=", "&=", "|=", "<<", "..", "#!"],
                          key=len, reverse=True)


def rust_string_end(text, i):
    """The end of the string starting at i (b"", r"", r#""#, br#""#, c""), or None."""
    n = len(text)
    j = i
    while j < n and text[j] in "bcr" and j - i < 2:
        j += 1
    raw = "r" in text[i:j]
    hashes = 0
    if raw:
        while j < n and text[j] == "#":
            hashes += 1
            j += 1
    if j >= n or text[j] != '"':
        return None
    close = '"' + "#" * hashes
    k = j + 1
    while k < n:
        if not raw and text[k] == "\\":
            k += 2
            continue
        if text.startswith(close, k):
            return k + len(close)
        k += 1
    return n


CHAR = re.compile(r"b?'(?:\\(?:u\{[0-9a-fA-F_]*\}|x[0-9a-fA-F]{2}|.)|[^\\'\n])'")


def rust_lex(text, language):
    """Tokens of Rust without whitespace and comments: kinds "ident", "num", "str", "char",
    "life" (a lifetime or label), "punct"."""
    tokens = []
    n = len(text)
    i = 0
    while i < n:
        c = text[i]
        if c in " \t\r\n\f\v\ufeff":
            i += 1
            continue
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if text.startswith("/*", i):
            depth, j = 0, i
            while j < n:
                if text.startswith("/*", j):
                    depth += 1
                    j += 2
                elif text.startswith("*/", j):
                    depth -= 1
                    j += 2
                    if depth == 0:
                        break
                else:
                    j += 1
            i = j
            continue
        if c in "bcr\"":
            j = rust_string_end(text, i)
            if j is not None:
                tokens.append(Token("str", i, j, text[i:j]))
                i = j
                continue
        if c in "b'":
            m = CHAR.match(text, i)
            if m:
                tokens.append(Token("char", i, m.end(), m.group()))
                i = m.end()
                continue
            if c == "'":
                j = _word_end(text, i + 1)
                tokens.append(Token("life", i, j, text[i:j]))
                i = j
                continue
        if c.isalpha() or c == "_" or ord(c) > 127:
            j = _word_end(text, i)
            if text[i:j] == "r" and text.startswith("#", j) and j + 1 < n and (text[j + 1].isalpha() or text[j + 1] == "_"):
                j = _word_end(text, j + 1)  # raw identifier r#name
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
            p = _punct(text, i, RUST_PUNCTUATORS)
            tokens.append(Token("punct", i, i + len(p), p))
            i += len(p)
    return tokens


def rust_macro_bodies(tokens, close):
    """(index of the opening bracket, index of the closing one) of macro invocations
    `name! (...)`, `name! [...]`, `name! {...}` and `macro_rules! name { ... }`."""
    for k in range(1, len(tokens) - 1):
        if tokens[k].text != "!" or tokens[k - 1].kind != "ident" or tokens[k - 1].end != tokens[k].start:
            continue
        j = k + 1
        if tokens[k - 1].text == "macro_rules" and tokens[j].kind == "ident":
            j += 1
        if j < len(tokens) and tokens[j].text in PAIRS and j in close:
            yield j, close[j]


def rust_rewrite_macro_functions(text, tokens, language):
    """`fn` inside macro invocations (`macro_rules!` rules, `quote! {...}`) into `FN`: it is
    not code until the macro is expanded, and fcto lists no function in it
    (docs/code-health.md); lizard lists them, and loses count of the function around."""
    close = closers(tokens)
    edits = []
    last = -1
    for a, b in rust_macro_bodies(tokens, close):
        if a < last:
            continue  # inside one already seen
        for j in range(a + 1, b):
            if tokens[j].text == "fn":
                edits.append((tokens[j].start, tokens[j].end, "FN"))
        last = b
    return edits


def rust_rewrite_macro_hashes(text, tokens, language):
    """`#` inside macro invocations (the interpolations `#name`, `#(...)*` of `quote!`) into
    blanks: lizard reads a `#` as a preprocessor line and swallows the rest of the line with it,
    its brackets and decisions too."""
    close = closers(tokens)
    edits = []
    last = -1
    for a, b in rust_macro_bodies(tokens, close):
        if a < last:
            continue
        for j in range(a + 1, b):
            if tokens[j].text in ("#", "#!"):
                edits.append((tokens[j].start, tokens[j].start + 1, " "))
        last = b
    return edits


def rust_rewrite_fn_types(text, tokens, language):
    """Function pointer types `fn(A) -> B` into `FN(A) -> B`: lizard reads the `fn` as the
    start of a function, which runs to the next `{`."""
    edits = []
    for k in range(len(tokens) - 1):
        if tokens[k].text == "fn" and tokens[k + 1].text == "(":
            edits.append((tokens[k].start, tokens[k].end, "FN"))
    return edits


def rust_rewrite_declarations(text, tokens, language):
    """Trait methods without a body (`fn f(&self) -> T;`) into blanks: lizard waits for the
    `{` of a body and runs the declaration into the next function. fcto lists only functions
    with a body."""
    close = closers(tokens)
    edits = []
    for k, t in enumerate(tokens):
        if t.text != "fn" or k + 1 >= len(tokens) or tokens[k + 1].kind != "ident":
            continue
        j = k + 2
        depth = 0
        while j < len(tokens):
            x = tokens[j].text
            if x in ("(", "[", "<"):
                depth += 1
            elif x in (")", "]", ">"):
                depth -= 1
            elif x in ("{", "}") or (x == ";" and depth <= 0):
                break
            j += 1
        if j >= len(tokens) or tokens[j].text != ";":
            continue
        edits.append((t.start, tokens[j].end, blank(text[t.start:tokens[j].end])))
    return edits


def rust_rewrite_chars(text, tokens, language):
    """Character literals holding a letter, digit or `_` (`'a'`, `b'x'`) into `' '`: lizard's
    Rust tokenizer reads `'a` as a lifetime, and the second `'` as the start of a character
    literal running to the next `'`, taking the code between with it."""
    edits = []
    for t in tokens:
        if t.kind == "char" and re.match(r"b?'\w", t.text):
            q = t.text.index("'")
            edits.append((t.start + q + 1, t.end - 1, " " * (t.end - 1 - t.start - q - 1)))
    return edits


def rust_rewrite_raw_strings(text, tokens, language):
    """Raw strings `r"..."`, `r#"..."#` into plain strings of `x`s on the same lines: lizard
    reads the `#` as a preprocessor line swallowing the rest of the line, and a quote inside as
    the end of the string."""
    edits = []
    for t in tokens:
        if t.kind != "str":
            continue
        q = t.text.find('"')
        if "r" not in t.text[:q]:
            continue
        edits.append((t.start, t.end, '"' + xs(t.text[:-2]) + '"'))
    return edits


def rust_rewrite_attributes(text, tokens, language):
    """Attributes `#[...]` with code after them on their line into blanks: lizard reads the
    `#` as a preprocessor line and swallows the rest of the line with it."""
    close = closers(tokens)
    edits = []
    for k in range(len(tokens) - 1):
        t = tokens[k]
        if t.text not in ("#", "#!"):
            continue
        j = k + 1
        if tokens[j].text == "!":
            j += 1
        if j >= len(tokens) or tokens[j].text != "[" or j not in close:
            continue
        e = close[j]
        rest = text[tokens[e].end:text.find("\n", tokens[e].end) if "\n" in text[tokens[e].end:] else len(text)]
        inner = text[t.start:tokens[e].end]
        if rest.strip() and not rest.strip().startswith("//") or "\n" in inner:
            edits.append((t.start, tokens[e].end, blank(inner)))
    return edits


RUST_REWRITES = [
    ("fn inside a macro body (on purpose)", rust_rewrite_macro_functions),
    ("# inside a macro body (quote!) misread", rust_rewrite_macro_hashes),
    ("fn pointer type read as a function", rust_rewrite_fn_types),
    ("trait method without a body run into the next", rust_rewrite_declarations),
    ("character literal read as a lifetime", rust_rewrite_chars),
    ("raw string r#\"...\"# misread", rust_rewrite_raw_strings),
    ("#[attribute] read as a preprocessor line", rust_rewrite_attributes),
]
RUST_LOCAL = []


# ------------------------------------------------------------------------------------------
# Ruby.

RUBY_PUNCTUATORS = sorted(["**=", "<=>", "===", "...", "<<=", ">>=", "&&=", "||=", "&.",
                           "==", "!=", "=~", "!~", "<=", ">=", "&&", "||", "<<", ">>", "**", "::", "..",
                           "->", "=>", "+=", "-=", "*=", "/=", "%=", "|=", "&=", "^="],
                          key=len, reverse=True)
# keywords after which an expression ends (a following `if` is a modifier)
RUBY_VALUE_KEYWORDS = {"end", "self", "nil", "true", "false", "return", "next", "break", "redo", "retry",
                       "super", "yield", "__method__", "__FILE__", "__LINE__", "__dir__"}
RUBY_KEYWORDS = {"alias", "and", "begin", "BEGIN", "case", "class", "def", "defined?", "do", "else",
                 "elsif", "end", "END", "ensure", "for", "if", "in", "module", "not", "or", "rescue",
                 "then", "undef", "unless", "until", "when", "while"} | RUBY_VALUE_KEYWORDS
RUBY_BRACKETS = {"(": ")", "[": "]", "{": "}", "<": ">"}
HEREDOC_START = re.compile(r"<<([~-]?)(['\"`]?)([A-Za-z_]\w*)\2")


def ruby_interpolation_end(text, i):
    """The end of `#{...}` starting at i."""
    n = len(text)
    depth = 0
    k = i + 1
    while k < n:
        c = text[k]
        if c in "\"'`":
            k = ruby_quoted_end(text, k, c, c, c != "'")
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return k + 1
        k += 1
    return n


def ruby_quoted_end(text, i, opener, closer, interpolates):
    """The end of a literal whose opening delimiter is at i."""
    n = len(text)
    depth = 1
    k = i + 1
    while k < n:
        c = text[k]
        if c == "\\":
            k += 2
            continue
        if interpolates and c == "#" and text.startswith("#{", k):
            k = ruby_interpolation_end(text, k)
            continue
        if c == closer and opener != closer:
            depth -= 1
            if depth == 0:
                return k + 1
        elif c == closer:
            return k + 1
        elif c == opener:
            depth += 1
        k += 1
    return n


def ruby_expression_end(t):
    """Whether a token ends an expression (so that `/` after it divides, `if` is a modifier)."""
    if t is None:
        return False
    if t.kind == "ident":
        return t.text not in RUBY_KEYWORDS or t.text in RUBY_VALUE_KEYWORDS
    if t.kind == "punct":
        return t.text in (")", "]", "}")
    return t.kind not in ("heredoc",)


def ruby_lex(text, language):
    """Tokens of Ruby without whitespace and comments: kinds "ident" (keywords included, with
    a `?` or `!` ending), "ivar", "gvar", "sym", "label", "num", "str" (and %-literals,
    character literals, backticks), "regex", "heredoc" (its `<<~ID`), "hbody" (its lines up to
    the terminator), "punct"."""
    tokens = []
    n = len(text)
    i = 0
    pending = []  # heredocs whose bodies start on the next line
    line_start = True
    while i < n:
        c = text[i]
        if c == "\n":
            i += 1
            line_start = True
            for squiggly, label in pending:
                term = re.compile(r"^[ \t]*" + re.escape(label) + r"[ \t]*\r?$" if squiggly
                                  else r"^" + re.escape(label) + r"\r?$", re.M).search(text, i)
                j = n if term is None else term.end()
                if j > i:
                    tokens.append(Token("hbody", i, j, text[i:j]))
                i = j
            pending = []
            continue
        if c in " \t\r\f\v\ufeff":
            i += 1
            continue
        if c == "\\" and text.startswith("\n", i + 1):
            i += 2
            continue
        if line_start and text.startswith("=begin", i) and (i == 0 or text[i - 1] == "\n"):
            m = re.compile(r"^=end\b.*$", re.M).search(text, i)
            i = n if m is None else m.end()
            continue
        if line_start and text.startswith("__END__", i) and (i == 0 or text[i - 1] == "\n") and \
                text[i + 7:i + 8] in ("", "\n", "\r"):
            break
        prev = tokens[-1] if tokens else None
        first_on_line = line_start
        line_start = False
        # whether a literal may start here: not after an expression, or a command's argument
        # (`split /,/`, `puts <<~EOS`): after a name and a space, no space after
        value = not ruby_expression_end(prev) or first_on_line or (
            prev.kind == "ident" and text[i - 1] in " \t" and i + 1 < n and text[i + 1] not in " \t=\n")
        if c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if c in "\"'`":
            j = ruby_quoted_end(text, i, c, c, c != "'")
            tokens.append(Token("str", i, j, text[i:j]))
            i = j
            continue
        if c == "/" and value:
            j = ruby_quoted_end(text, i, "/", "/", True)
            while j < n and text[j] in "imxounse":
                j += 1
            tokens.append(Token("regex", i, j, text[i:j]))
            i = j
            continue
        if c == "%" and value:
            m = re.compile(r"%([qQwWiIrsx]?)([^\w\s])").match(text, i)
            if m:
                opener = m.group(2)
                closer = RUBY_BRACKETS.get(opener, opener)
                j = ruby_quoted_end(text, m.end() - 1, opener, closer, m.group(1) in ("", "Q", "W", "I", "r", "x"))
                if m.group(1) == "r":
                    while j < n and text[j] in "imxounse":
                        j += 1
                tokens.append(Token("regex" if m.group(1) == "r" else "str", i, j, text[i:j]))
                i = j
                continue
        if c == "<" and value and text.startswith("<<", i):
            m = HEREDOC_START.match(text, i)
            if m and (m.group(1) or m.group(2) or m.group(3)[0].isupper()):
                pending.append((bool(m.group(1)), m.group(3)))
                tokens.append(Token("heredoc", i, m.end(), m.group()))
                i = m.end()
                continue
        if c == "?" and value and i + 1 < n:
            m = re.compile(r"\?(\\.|[^\s\\])(?![\w])").match(text, i)
            if m:
                tokens.append(Token("str", i, m.end(), m.group()))
                i = m.end()
                continue
        if c == ":" and i + 1 < n and not text.startswith("::", i):
            if text[i + 1] in "\"'":
                j = ruby_quoted_end(text, i + 1, text[i + 1], text[i + 1], text[i + 1] == '"')
                tokens.append(Token("sym", i, j, text[i:j]))
                i = j
                continue
            if text[i + 1].isalpha() or text[i + 1] == "_" or text[i + 1] in "@$":
                j = _word_end(text, i + 1 + (text[i + 1] in "@$"))
                if j < n and text[j] in "?!=" and not text.startswith("==", j) and not text.startswith("=>", j) \
                        and not text.startswith("=~", j):
                    j += 1
                tokens.append(Token("sym", i, j, text[i:j]))
                i = j
                continue
        if c == "@":
            j = _word_end(text, i + (2 if text.startswith("@@", i) else 1))
            tokens.append(Token("ivar", i, j, text[i:j]))
            i = j
            continue
        if c == "$":
            if i + 1 < n and (text[i + 1].isalnum() or text[i + 1] == "_"):
                j = _word_end(text, i + 1)
            else:
                j = min(i + 2, n)
            tokens.append(Token("gvar", i, j, text[i:j]))
            i = j
            continue
        if c.isalpha() or c == "_" or ord(c) > 127:
            j = _word_end(text, i)
            if j < n and text[j] in "?!" and not text.startswith("=", j + 1) or \
                    j < n and text[j] in "?!" and text.startswith("==", j + 1):
                j += 1
            if j < n and text[j] == ":" and not text.startswith("::", j) and text[j - 1] not in "?" and \
                    (prev is None or prev.text != "?"):
                # a label `key:` (not the `:` of a ternary after a `?`)
                tokens.append(Token("label", i, j + 1, text[i:j + 1]))
                i = j + 1
                continue
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
            p = _punct(text, i, RUBY_PUNCTUATORS)
            tokens.append(Token("punct", i, i + len(p), p))
            i += len(p)
    return tokens


def ruby_lines(text, tokens):
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    return [bisect.bisect_right(starts, t.start) for t in tokens]


def ruby_is_keyword(tokens, k):
    """Whether the identifier at k is a keyword, not a method name (`x.end`, `def end`)."""
    t = tokens[k]
    if t.kind != "ident" or t.text not in RUBY_KEYWORDS:
        return False
    if k > 0 and tokens[k - 1].text in (".", "&.", "::", "def"):
        return False
    return True


def ruby_endless_def(tokens, k, close):
    """The index of the `=` when the `def` at k is an endless `def name(...) = expression`,
    else None."""
    j = k + 1
    # name: self.name, Const.name, an operator
    while j + 1 < len(tokens) and tokens[j + 1].text == "." and tokens[j + 1].start == tokens[j].end:
        j += 2
    if j >= len(tokens):
        return None
    name_end = tokens[j].end
    j += 1
    if j < len(tokens) and tokens[j].text == "=" and tokens[j].start == name_end and j + 1 < len(tokens) \
            and tokens[j + 1].text == "(" and tokens[j + 1].start == tokens[j].end:
        j += 1  # a setter `name=(v)`
    if j < len(tokens) and tokens[j].text == "(" and tokens[j].start == tokens[j - 1].end and j in close:
        j = close[j] + 1
    return j if j < len(tokens) and tokens[j].text == "=" else None


def ruby_blocks(tokens, lines):
    """[(index of the keyword opening a block, index of its `end`)]: def (not endless), class,
    module, begin, do, case, for, and if/unless/while/until that are not modifiers."""
    close = closers(tokens)
    out = []
    stack = []
    loop_line = None  # the line of a while/until/for whose `do` is its own
    for k, t in enumerate(tokens):
        if not ruby_is_keyword(tokens, k):
            continue
        w = t.text
        prev = tokens[k - 1] if k else None
        same_line = prev is not None and lines[k - 1] == lines[k]
        if w in ("if", "unless", "while", "until"):
            if same_line and ruby_expression_end(prev) and not (prev.kind == "ident" and ruby_is_keyword(tokens, k - 1)
                                                                 and prev.text not in RUBY_VALUE_KEYWORDS):
                continue  # a modifier
            stack.append(k)
            if w in ("while", "until"):
                loop_line = lines[k]
        elif w == "for":
            stack.append(k)
            loop_line = lines[k]
        elif w == "do":
            if loop_line == lines[k] and stack and tokens[stack[-1]].text in ("while", "until", "for"):
                loop_line = None
                continue
            stack.append(k)
        elif w in ("case", "begin", "module"):
            stack.append(k)
        elif w == "class":
            stack.append(k)
        elif w == "def":
            if ruby_endless_def(tokens, k, close) is None:
                stack.append(k)
        elif w == "end":
            if stack:
                out.append((stack.pop(), k))
    return out


def ruby_lizard_opens(tokens, lines, k):
    """Whether lizard's Ruby reader opens a block at the keyword at k (it closes one at every
    `end` and `}`)."""
    w = tokens[k].text
    prev = tokens[k - 1] if k else None
    newline = prev is None or lines[k - 1] != lines[k] or prev.text == ";"
    if w in ("begin", "do", "class", "module", "def"):
        return True
    if w in ("if", "unless", "while", "for"):
        return newline
    return False  # case, until


def ruby_rewrite_blocks(text, tokens, language):
    """A `case`, an `until`, and an if/unless/while/for inside an expression (`x = if ...`)
    into the same after a statement that makes lizard open a block there: `(nil; if ...end)`,
    `(%q!{!; case ... end)` or, first in a statement, `%q!{!; case ... end` (a string literal, to
    lizard a `{`). lizard
    opens a block at `if`, `unless`, `while` and `for` only first on a line, never at `case`
    or `until`, and ends the function at the `end` of such a block."""
    lines = ruby_lines(text, tokens)
    edits = []
    for k, e in ruby_blocks(tokens, lines):
        w = tokens[k].text
        if w not in ("case", "until", "if", "unless", "while", "for") or ruby_lizard_opens(tokens, lines, k):
            continue
        prev = tokens[k - 1] if k else None
        if prev is None or prev.text == ";" or lines[k - 1] != lines[k] and (
                ruby_expression_end(prev) or prev.text in ("then", "else", "do", "begin", "ensure", "|")):
            # first in its statement (no parentheses: after `def name` lizard would read them
            # as the parameters)
            edits.append((tokens[k].start, tokens[k].start, "%q!{!; "))
            continue
        opener = "(nil; " if w in ("if", "unless", "while", "for") else "(%q!{!; "
        edits.append([(tokens[k].start, tokens[k].start, opener), (tokens[e].end, tokens[e].end, ")")])
    return edits


def ruby_rewrite_heredocs(text, tokens, language):
    """The lines of heredocs into blanks: lizard's Ruby reader does not know heredocs and reads
    their text as code (a `def` in a `class_eval <<~RUBY`, words `end`, `do`, `if`...)."""
    edits = []
    for t in tokens:
        if t.kind == "hbody":
            body = t.text[:t.text.rfind("\n") + 1]  # the terminator stays
            edits.append((t.start, t.start + len(body), blank(body)))
    return edits


def ruby_rewrite_regexes(text, tokens, language):
    """Regular-expression literals into strings of `x`s on the same lines: lizard's tokenizer
    reads a `#` in one as a comment swallowing the rest of the line, a quote as the start of a
    string, and after a name (`split /,/`) its `?` and `|` as code."""
    edits = []
    for t in tokens:
        if t.kind == "regex":
            edits.append((t.start, t.end, '"' + xs(t.text[1:-1]) + '"'))
    return edits


def ruby_rewrite_strings(text, tokens, language):
    """%-literals with other delimiters than lizard knows (`%w|...|`, `%q!...!`, nested
    brackets), backtick commands and character literals (`?a`) into strings of `x`s on the
    same lines: lizard's tokenizer reads them as code (a `?a` as a ternary)."""
    edits = []
    for t in tokens:
        if t.kind != "str":
            continue
        s = t.text
        if s[0] in "%`?":
            edits.append((t.start, t.end, '"' + xs(s[1:-1]) + '"' if len(s) >= 2 else s))
    return edits


LIZARD_RUBY_WORDS = {"end", "if", "unless", "while", "until", "for", "do", "begin", "class", "module", "def",
                     "rescue", "ensure", "when", "elsif", "and", "or", "it"}


def ruby_rewrite_keyword_methods(text, tokens, language):
    """Method names that are keywords to lizard (`range.end`, `x.begin`, `def end`, `.when`)
    into other names: lizard reads them as the keyword (an `end` ends the function)."""
    edits = []
    for k in range(1, len(tokens)):
        t = tokens[k]
        if t.kind == "ident" and t.text in LIZARD_RUBY_WORDS and tokens[k - 1].text in (".", "&.", "::", "def") \
                and t.text != "it":
            edits.append((t.end - 1, t.end, t.text[-1].upper()))
    return edits


def ruby_rewrite_endless_defs(text, tokens, language):
    """Endless methods on one line `def f(x) = expression` into `def f(x); expression; end`
    (the `=` into `;`, `; end` at the end of the line): lizard reads them as running to the next
    `end`."""
    close = closers(tokens)
    lines = ruby_lines(text, tokens)
    edits = []
    for k, t in enumerate(tokens):
        j = ruby_endless_def(tokens, k, close) if t.text == "def" and ruby_is_keyword(tokens, k) else None
        if j is None:
            continue
        last = j
        while last + 1 < len(tokens) and lines[last + 1] == lines[k]:
            last += 1
        if last == j or tokens[last].kind == "hbody":
            continue
        # the expression must end on the def's line
        if tokens[last].text in (",", "(", "[", "{", "&&", "||", "+", "-", "*", "/", ".", "=", "?", ":", "\\"):
            continue
        edits.append([(tokens[j].start, tokens[j].end, ";"), (tokens[last].end, tokens[last].end, "; end")])
    return edits


_RB_CACHE = {}


def ruby_extensionless_file(item, context):
    """A Ruby file without the `.rb` extension (bin/bundle, Rakefile, Gemfile): lizard chooses
    its reader by extension and finds nothing in it; read as a `.rb` file, lizard finds fcto's
    function with the same lines and complexity."""
    side, key = item
    if side != "fcto" or context["lizard_count"]:
        return False
    text = context["text"]
    if text not in _RB_CACHE:
        import lizard
        info = lizard.analyze_file.analyze_source_code("file.rb", text)
        _RB_CACHE.clear()
        _RB_CACHE[text] = {(f.start_line, f.end_line): f.cyclomatic_complexity for f in info.function_list}
    return _RB_CACHE[text].get(key) == context["fcto_by_key"].get(key)


RUBY_REWRITES = [
    ("heredoc read as code", ruby_rewrite_heredocs),
    ("regular-expression literal misread", ruby_rewrite_regexes),
    ("%-literal, backtick or ?c literal misread", ruby_rewrite_strings),
    ("keyword as a method name (x.end)", ruby_rewrite_keyword_methods),
    ("endless def f = expr run to the next end", ruby_rewrite_endless_defs),
    ("case, until, x = if ... not read as a block", ruby_rewrite_blocks),
]
RUBY_LOCAL = [
    ("Ruby file without .rb: lizard reads none", ruby_extensionless_file),
]

EXPLAINERS = [
    {"languages": {"PHP"}, "lex": php_lex, "rewrites": PHP_REWRITES, "local": PHP_LOCAL},
    {"languages": {"Ruby"}, "lex": ruby_lex, "rewrites": RUBY_REWRITES, "local": RUBY_LOCAL},
    {"languages": {"Rust"}, "lex": rust_lex, "rewrites": RUST_REWRITES, "local": RUST_LOCAL},
]
