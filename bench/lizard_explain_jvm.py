"""Explainers of lizard_agreement.py --explain for Java and Kotlin: a lexer, rewrites of the
constructs lizard 1.24's Java and Kotlin readers misread (into equivalent code that keeps every
line break where it was), and local patterns of both tools' outputs. See the docstring of
lizard_agreement.py: a rewrite counts only when fcto finds exactly the same functions, lines and
complexities in the rewritten file, and explains a disagreement only when that disagreement
disappears once lizard reads the rewritten file. Self-contained: lizard_agreement.py imports
this module (EXPLAINER_MODULES).

Java (lizard_languages/java.py): annotations with arguments, `new T().f() < x`, interfaces
(unknown to the reader), records; locally, enum constants with a body, and the `?` of
wildcards that fcto does not count on purpose.

Kotlin (lizard_languages/kotlin.py, golike.py): backquoted names with spaces, the token after a
comma, lambdas with parameters, calls named get/set, expression bodies, extension functions,
function types, functions and accessors without a body, interfaces; locally, lambda parameters
over several lines, secondary constructors and `when` entries (both fcto's on purpose), and
lambdas in parameter lists.
"""
import bisect
import re

from lizard_explain_common import Token, blank


JAVA_PUNCTUATORS = sorted(["...", "->", "::", "&&", "||", "==", "!=", "<=", "++", "--", "+=", "-=",
                           "*=", "/=", "%=", "&=", "|=", "^="], key=len, reverse=True)
# `>=` and `>>` are left as two tokens: the `>` may close type arguments.
KOTLIN_PUNCTUATORS = sorted(["..<", "===", "!==", "?.", "?:", "!!", "::", "->", "..", "&&", "||", "==",
                             "!=", "<=", "++", "--", "+=", "-=", "*=", "/=", "%="], key=len, reverse=True)


def _quoted(text, i, quote, n):
    """The end of a one-line quoted literal starting at i (Java or Kotlin escapes)."""
    j = i + 1
    while j < n:
        d = text[j]
        if d == "\\":
            j += 2
            continue
        if d == quote:
            return j + 1
        if d == "\n":
            return j
        j += 1
    return n


def _block_comment_end(text, i, nested):
    n = len(text)
    depth = 0
    j = i
    while j < n:
        if text.startswith("/*", j):
            depth += 1 if (nested or depth == 0) else 0
            j += 2
        elif text.startswith("*/", j):
            depth -= 1
            j += 2
            if depth <= 0:
                return j
        else:
            j += 1
    return n


def _kotlin_string_end(text, i):
    """The end of a Kotlin string literal starting at i ("..." or \"\"\"...\"\"\"), with the code of its
    `${...}` templates (which may hold strings and braces)."""
    n = len(text)
    raw = text.startswith('"""', i)
    j = i + (3 if raw else 1)
    while j < n:
        d = text[j]
        if not raw and d == "\\":
            j += 2
            continue
        if raw and text.startswith('"""', j):
            j += 3
            while j < n and text[j] == '"':
                j += 1
            return j
        if not raw and d == '"':
            return j + 1
        if not raw and d == "\n":
            return j
        if d == "$" and j + 1 < n and text[j + 1] == "{":
            j = _kotlin_template_end(text, j + 2)
            continue
        j += 1
    return n


def _kotlin_template_end(text, j):
    """The end of the code of a `${` template whose code starts at j (after its closing `}`)."""
    n = len(text)
    depth = 1
    while j < n:
        d = text[j]
        if d == '"':
            j = _kotlin_string_end(text, j)
            continue
        if d == "'":
            j = _quoted(text, j, "'", n)
            continue
        if text.startswith("//", j):
            k = text.find("\n", j)
            j = n if k < 0 else k
            continue
        if text.startswith("/*", j):
            j = _block_comment_end(text, j, True)
            continue
        if d == "{":
            depth += 1
        elif d == "}":
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    return n


def lex(text, language):
    """Tokens of Java or Kotlin without whitespace and comments: kinds "ident" (also keywords and
    Kotlin's backquoted names), "num", "str" (strings, Java text blocks, Kotlin raw strings with
    their templates, as one token), "char" and "punct"."""
    kotlin = language == "Kotlin"
    punctuators = KOTLIN_PUNCTUATORS if kotlin else JAVA_PUNCTUATORS
    tokens = []
    n = len(text)
    i = 0
    while i < n:
        c = text[i]
        if c in " \t\r\n\f\v\ufeff\u00a0":
            i += 1
        elif text.startswith("//", i) or (i == 0 and text.startswith("#!")):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            i = _block_comment_end(text, i, kotlin)
        elif c == '"':
            if kotlin:
                j = _kotlin_string_end(text, i)
            elif text.startswith('"""', i):
                j = i + 3
                while j < n:
                    if text[j] == "\\":
                        j += 2
                        continue
                    if text.startswith('"""', j):
                        j += 3
                        break
                    j += 1
                j = min(j, n)
            else:
                j = _quoted(text, i, '"', n)
            tokens.append(Token("str", i, j, text[i:j]))
            i = j
        elif c == "'":
            j = _quoted(text, i, "'", n)
            tokens.append(Token("char", i, j, text[i:j]))
            i = j
        elif c == "`" and kotlin:
            j = text.find("`", i + 1)
            j = n if j < 0 else j + 1
            tokens.append(Token("ident", i, j, text[i:j]))
            i = j
        elif c.isalpha() or c in "_$" or ord(c) > 127:
            j = i + 1
            while j < n and (text[j].isalnum() or text[j] in "_$" or ord(text[j]) > 127):
                j += 1
            tokens.append(Token("ident", i, j, text[i:j]))
            i = j
        elif c.isdigit() or (c == "." and i + 1 < n and text[i + 1].isdigit()):
            j = i + 1
            while j < n:
                d = text[j]
                if d.isalnum() or d == "_":
                    j += 1
                elif d == "." and j + 1 < n and text[j + 1].isdigit():
                    j += 1
                elif d in "+-" and text[j - 1] in "eEpP" and not text[i:j].lower().startswith("0x"):
                    j += 1
                elif d in "+-" and text[j - 1] in "pP":
                    j += 1
                else:
                    break
            tokens.append(Token("num", i, j, text[i:j]))
            i = j
        else:
            for p in punctuators:
                if text.startswith(p, i):
                    break
            else:
                p = c
            tokens.append(Token("punct", i, i + len(p), p))
            i += len(p)
    return tokens


def matching(tokens, i, opening, closing):
    """The index of the token closing the bracket tokens[i] opens, or None."""
    depth = 0
    for k in range(i, len(tokens)):
        t = tokens[k].text
        if t == opening:
            depth += 1
        elif t == closing:
            depth -= 1
            if depth == 0:
                return k
    return None


def annotations(tokens):
    """(index of `@`, index of the `)` closing its arguments or None) of each annotation."""
    out = []
    k = 0
    n = len(tokens)
    while k < n:
        t = tokens[k]
        if t.text == "@" and k + 1 < n and tokens[k + 1].kind == "ident":
            j = k + 1
            # @a.b.C, Kotlin's @field:Name and @param:[A B]
            while j + 2 < n and tokens[j + 1].text in (".", ":") and tokens[j + 2].kind == "ident" \
                    and tokens[j + 1].end == tokens[j + 2].start:
                j += 2
            # arguments right after the name: `@Composable () -> Unit` annotates a function type
            if j + 1 < n and tokens[j + 1].text == "(" and tokens[j + 1].start == tokens[j].end:
                close = matching(tokens, j + 1, "(", ")")
                out.append((k, close))
                k = (close or j) + 1
                continue
            out.append((k, None))
            k = j + 1
            continue
        k += 1
    return out


def java_annotation_arguments(text, tokens, language):
    """An annotation with arguments, `@SuppressWarnings("unchecked")`, `@NotBlank(message = "x")`:
    after one on a local variable, a field or a class lizard reads no further method of the class,
    and one after another annotation (`@Test @MethodSource("cases")`) it reads as the method's
    name, starting the method on its line. Blanked: fcto starts a method at its name, after its
    annotations, and annotations hold no decisions."""
    return [(tokens[k].start, tokens[close].end, blank(text[tokens[k].start:tokens[close].end]))
            for k, close in annotations(tokens) if close is not None]


def java_new_comparisons(text, tokens, language):
    """`new T().f() < 0`: after `new` lizard skips the type and the calls chained on the object,
    and reads a `<` there as opening type arguments, up to a `>` that never comes: it loses the
    rest of the method, and of the class. The object created in parentheses, `(new T()).f() < 0`."""
    pairs = brackets(tokens)
    n = len(tokens)
    edits = []
    for k, t in enumerate(tokens):
        if t.text != "new" or t.kind != "ident":
            continue
        j = k + 2  # lizard skips the token after `new`
        depth = 0
        first_call = None
        while j < n:
            u = tokens[j].text
            if depth > 0 or u.startswith("<"):
                depth += u.count("<") - u.count(">")
                if first_call is not None and u.startswith("<"):
                    break
                j += 1
                continue
            if u == "(":
                if j not in pairs:
                    j = n
                    break
                if first_call is None:
                    first_call = pairs[j]
                j = pairs[j] + 1
                continue
            if u == "." or tokens[j].kind == "ident":
                j += 1
                continue
            j = n
            break
        if j < n and first_call is not None:
            edits.append([(t.start, t.start, "("), (tokens[first_call].end, tokens[first_call].end, ")")])
    return edits


def java_interfaces(text, tokens, language):
    """An interface: lizard's Java reader knows `class`, `enum` and `record`, and reads the body
    of an interface as code outside any class, where an anonymous class in a constant,
    `X C = new X() { ... };`, is read as a method `X()`. `interface` into `class`: the same
    methods to fcto."""
    edits = []
    for k, t in enumerate(tokens):
        if t.text == "interface" and t.kind == "ident" and k + 1 < len(tokens) and tokens[k + 1].kind == "ident" \
                and not (k and tokens[k - 1].text in ("@", ".")):
            edits.append((t.start, t.end, "class".ljust(t.end - t.start)))
    return edits


def java_records(text, tokens, language):
    """A record: lizard reads no method of a record, and after a record declared in a method it
    reads no further method of the file. `record R(int a) {` into `class R {`, its components
    blanked: the same methods to fcto (a record with a compact constructor is left as it is,
    fcto lists that constructor)."""
    pairs = brackets(tokens)
    n = len(tokens)
    edits = []
    for k, t in enumerate(tokens):
        if t.text != "record" or t.kind != "ident" or k + 2 >= n or tokens[k + 1].kind != "ident":
            continue
        j = k + 2
        if tokens[j].text == "<":
            depth = 0
            while j < n:
                depth += {"<": 1, ">": -1}.get(tokens[j].text, 0)
                j += 1
                if depth == 0:
                    break
        if j >= n or tokens[j].text != "(" or j not in pairs:
            continue
        close = pairs[j]
        body = close + 1
        while body < n and tokens[body].text != "{":
            body += 1
        if body >= n or body not in pairs:
            continue
        name = tokens[k + 1].text
        compact = any(tokens[i].text == name and tokens[i + 1].text == "{" for i in range(body + 1, pairs[body]))
        if compact:
            continue
        group = [(t.start, t.end, "class".ljust(t.end - t.start)),
                 (tokens[j].start, tokens[close].end, blank(text[tokens[j].start:tokens[close].end]))]
        edits.append(group)
    return edits


def enum_constant_bodies(context):
    """[(first line, last line)] of the enum constants with a body, `A { ... },`."""
    cached = context.get("enum_constants")
    if cached is None:
        tokens = context["tokens"]
        lines = context["tokens_line"]
        pairs = brackets(tokens)
        cached = []
        for k, t in enumerate(tokens):
            if t.text != "enum" or t.kind != "ident":
                continue
            j = k + 1
            while j < len(tokens) and tokens[j].text != "{":
                j += 1
            if j not in pairs:
                continue
            i = j + 1
            while i < pairs[j] and tokens[i].text != ";":
                u = tokens[i]
                if u.text == "@":
                    i += 2
                    if i < pairs[j] and tokens[i].text == "(" and i in pairs:
                        i = pairs[i] + 1
                    continue
                if u.kind == "ident":
                    name = i
                    i += 1
                    if i < pairs[j] and tokens[i].text == "(" and i in pairs:
                        i = pairs[i] + 1
                    if i < pairs[j] and tokens[i].text == "{" and i in pairs:
                        cached.append((lines[name], lines[pairs[i]]))
                        i = pairs[i] + 1
                    continue
                i += 1
        context["enum_constants"] = cached
    return cached


def enum_constant_body(item, context):
    """lizard reads the body of an enum constant, `A { int f() { ... } },`, as one function, from
    the constant to the end of its body, and not the methods in it. One of lizard's functions
    with exactly the lines of such a constant that fcto lacks, or one of fcto's methods inside
    such a constant that lizard lacks."""
    side, (start, end) = item
    spans = enum_constant_bodies(context)
    if side == "lizard":
        return (start, end) in spans and (start, end) not in context["fcto_by_key"]
    return any(a <= start and end <= b and (a, b) in context["lizard_by_key"] for a, b in spans) \
        and not any(s == start for s, e in context["lizard_by_key"])


def lizard_wildcards(context):
    """{line: how many `?` of wildcards lizard's Java tokenizer leaves as tokens (and so counts
    as decisions) on it}: those its `<...?...>` token does not swallow, in nested generics."""
    cached = context.get("lizard_wildcards")
    if cached is None:
        from lizard_languages.java import JavaReader
        text = context["text"]
        starts = [0] + [m.end() for m in re.finditer("\n", text)]
        tokens = []
        for m in JavaReader.generate_tokens(text, "", lambda match: match):
            if not m.group(0).isspace():
                tokens.append(m)
        cached = {}
        for a, b in zip(tokens, tokens[1:]):
            if a.group(0) == "?" and b.group(0) in ("extends", "super", ">", ",") or \
                    a.group(0) == "?" and b.group(0).startswith(">"):
                line = bisect.bisect_right(starts, a.start())
                cached[line] = cached.get(line, 0) + 1
        context["lizard_wildcards"] = cached
    return cached


def wildcard_question_marks(item, context):
    """fcto does not count the `?` of a wildcard, `List<? extends T>` (java.toml); lizard's
    tokenizer swallows most of them into one `<...>` token but counts those of nested generics.
    The same lines, and lizard's complexity is fcto's plus those `?` in the function (outside the
    functions nested in it)."""
    side, key = item
    fcto, lizard = context["fcto_by_key"], context["lizard_by_key"]
    if key not in fcto or key not in lizard or lizard[key] <= fcto[key]:
        return False
    start, end = key
    nested = [(s, e) for (s, e) in fcto if (s, e) != key and start <= s and e <= end]
    count = sum(n for line, n in lizard_wildcards(context).items()
                if start <= line <= end and not any(s <= line <= e for s, e in nested))
    return count == lizard[key] - fcto[key]


JAVA_REWRITES = [
    ("annotation with arguments", java_annotation_arguments),
    ("comparison after new T()", java_new_comparisons),
    ("interface body", java_interfaces),
    ("record", java_records),
]

JAVA_LOCAL = [
    ("enum constant with a body", enum_constant_body),
    ("wildcard ? (not counted on purpose)", wildcard_question_marks),
]

PARAMETER_TOKENS = {",", ":", ".", "<", ">", "?", "(", ")", "*", "@"}
NOT_PARAMETERS = {"val", "var", "if", "else", "when", "for", "while", "do", "return", "throw", "try",
                  "is", "in", "as", "fun", "class", "object", "this", "super", "null", "true", "false"}


def brackets(tokens):
    """{index of an opening bracket: index of its closing one} for (), [] and {}."""
    pairs = {}
    stack = []
    for k, t in enumerate(tokens):
        if t.kind != "punct":
            continue
        if t.text in ("(", "[", "{"):
            stack.append(k)
        elif t.text in (")", "]", "}"):
            want = {")": "(", "]": "[", "}": "{"}[t.text]
            while stack and tokens[stack[-1]].text != want:
                stack.pop()
            if stack:
                pairs[stack.pop()] = k
    return pairs


def when_bodies(tokens, pairs):
    """Indexes of the `{` opening the entries of a `when`."""
    out = set()
    for k, t in enumerate(tokens):
        if t.text != "when" or t.kind != "ident":
            continue
        j = k + 1
        if j < len(tokens) and tokens[j].text == "(":
            j = pairs.get(j, j) + 1
        if j < len(tokens) and tokens[j].text == "{":
            out.add(j)
    return out


def lambda_arrows(tokens, pairs=None):
    """(index of `{`, of its `->`, of its `}`) of each lambda with parameters."""
    pairs = brackets(tokens) if pairs is None else pairs
    whens = when_bodies(tokens, pairs)
    out = []
    for k, t in enumerate(tokens):
        if t.text != "{" or t.kind != "punct" or k in whens or k not in pairs:
            continue
        j = k + 1
        ok = False
        while j < pairs[k]:
            u = tokens[j]
            if u.text == "->":
                ok = j > k + 1
                break
            if u.text == "(":
                j = pairs.get(j, j) + 1
                continue
            if u.kind == "ident" and u.text not in NOT_PARAMETERS or u.text in PARAMETER_TOKENS:
                j += 1
                continue
            break
        if ok:
            out.append((k, j, pairs[k]))
    return out


def kotlin_lambda_bodies(text, tokens, language):
    """A lambda with parameters, `{ x -> f(x) }`: lizard starts a function at the `->` and reads
    its body from the next `{` to the `}` closing that, so a lambda whose body is no block ends at
    the first block after it (or that block's end), and its own `}` closes the function around
    it. The body wrapped in a `run` block, `{ x ->run{ f(x) }}`: the same lambda."""
    return [[(tokens[arrow].start, tokens[arrow].end, "->run{"), (tokens[close].start, tokens[close].end, "}}")]
            for _, arrow, close in lambda_arrows(tokens)]


ACCESSOR_CALL_AFTER = {".", "?.", "::", "(", ",", "=", "{", "->", "return", "+", "-", "*", "/", "%", "&&", "||",
                       "==", "!=", "<", ">", "<=", "!", "?:", "[", "in", "..", "..<"}


ACCESSOR_MODIFIERS = {"private", "public", "internal", "protected", "override", "open", "inline", "external",
                      "final", "abstract", "lateinit"}


def declarations_level(tokens, k):
    """Whether the token at k is at the top level of the file or in the body of a class, an
    object or an interface (where properties have accessors), not in a function or a lambda."""
    depth = 0
    j = k - 1
    while j >= 0:
        t = tokens[j].text
        if t in (")", "]", "}"):
            depth += 1
        elif t in ("(", "["):
            depth -= 1
        elif t == "{":
            if depth == 0:
                break
            depth -= 1
        j -= 1
    if j < 0:
        return True
    # the `{` opening the block around k: a class body follows its header
    i = j - 1
    depth = 0
    while i >= 0:
        t = tokens[i].text
        if t == ")":
            depth += 1
        elif t == "(":
            depth -= 1
        elif depth == 0 and t in ("{", "}", ";", "=", "->"):
            break
        elif depth == 0 and t in ("class", "object", "interface") and tokens[i].kind == "ident":
            return True
        elif depth == 0 and t == "fun":
            return False
        i -= 1
    return False


def is_accessor(text, tokens, k):
    """Whether the `get` or `set` at k declares a property accessor (`get() = x`, `private set`,
    `set(value) { ... }`): in the body of a class or at the top level, first on its line or after
    modifiers or an annotation, and followed by its parameter list or by nothing of an
    expression."""
    if not declarations_level(tokens, k):
        return False
    prev = tokens[k - 1] if k else None
    first = prev is None or "\n" in text[prev.end:tokens[k].start] or prev.text in ACCESSOR_MODIFIERS \
        or prev.text == ";"
    if not first and prev.kind == "ident" and k >= 2 and tokens[k - 2].text == "@":
        first = True
    if not first and prev.text == ")" and k >= 2:
        # `@Suppress(...) get() = ...`, `val x: Int get() = 1` are rare; `) get(` is a call chain
        first = False
    if first and k + 1 < len(tokens) and tokens[k + 1].text == "(":
        # `get() = x`, `set(value) { ... }`, not the call `get(id)` at the start of a line
        close = matching(tokens, k + 1, "(", ")")
        first = close is not None and close + 1 < len(tokens) and tokens[close + 1].text in ("=", "{", ":") \
            and close - k <= 5
    if not first:
        # `val x: Int get() = 1` on one line: after the property's type
        declared = [j for j in range(max(0, k - 12), k) if tokens[j].text in ("val", "var")]
        first = prev.kind in ("ident", "punct") and prev.text not in ACCESSOR_CALL_AFTER - {">"} and bool(declared) \
            and k + 2 < len(tokens) and tokens[k + 1].text == "(" \
            and "\n" not in text[tokens[declared[-1]].start:tokens[k].start] \
            and not any(tokens[j].text in ("=", "(") for j in range(declared[-1], k))
    return first


def kotlin_get_set_calls(text, tokens, language):
    """A call of a function named `get` or `set` (`map.get(k)`, `ref.set(x)`, infix `x get y`):
    lizard reads every `get`/`set` as a property accessor and starts a function there, with the
    next `{` or `=`; also a parameter or property named so, and the use-site target of
    `@get:Name`. The name backquoted, `` map.`get`(k) ``, is the same call (the target dropped:
    the annotation annotates no function)."""
    edits = []
    for k in range(1, len(tokens) - 1):
        t = tokens[k]
        if t.text not in ("get", "set") or t.kind != "ident":
            continue
        if tokens[k - 1].text == "@":
            if k + 1 < len(tokens) and tokens[k + 1].text == ":" and tokens[k - 1].end == t.start:
                # the use-site target of `@get:JvmName(...)` (no function anyway): `    @JvmName`
                edits.append((tokens[k - 1].start, tokens[k + 1].end, " " * (tokens[k + 1].end - tokens[k - 1].start - 1) + "@"))
            continue
        if tokens[k - 1].text in (".", "?.", "::") or not is_accessor(text, tokens, k):
            edits.append((t.start, t.end, "`" + t.text + "`"))
    return edits


DECLARATION_WORDS = {"fun", "val", "var", "class", "object", "interface", "private", "public", "internal",
                     "protected", "override", "open", "abstract", "data", "enum", "sealed", "inline",
                     "operator", "suspend", "const", "lateinit", "companion", "init", "constructor",
                     "typealias", "import", "package", "infix", "tailrec", "external", "annotation",
                     "value", "fun", "return", "if", "for", "while", "do", "when", "try", "throw"}
CONTINUES_LINE = {".", "?.", "?:", "&&", "||", "as", "else", "catch", "finally", ":", "->", "=", "==", "!=",
                  "+", "-", "*", "/", "%", "..", "..<", "in", "is", "<=", ">", "<"}
ENDS_UNFINISHED = CONTINUES_LINE - {"else", ">", "<", "*"} | {"!", "("}


def signature_end(tokens, k, pairs):
    """For the `fun` at k: the index of the token after its parameter list and return type (its
    `=` or `{`), or None."""
    n = len(tokens)
    j = k + 1
    while j < n and tokens[j].text != "(":
        if tokens[j].text in ("{", "}", "=", ";"):
            return None
        j += 1
    if j >= n or j not in pairs:
        return None
    j = pairs[j] + 1
    while j < n and tokens[j].text not in ("=", "{", "}", ";", "fun", "val", "var"):
        if tokens[j].text == "(" and j in pairs:
            j = pairs[j]
        j += 1
    return j if j < n and tokens[j].text in ("=", "{") else None


def expression_end(text, tokens, k, pairs):
    """The index of the last token of the expression starting at k (a Kotlin expression ends at a
    line break unless the next line continues it), or None."""
    n = len(tokens)
    j = k
    last = None
    while j < n:
        t = tokens[j]
        if t.text in (")", "]", "}", ";", ","):
            return last
        if last is not None and "\n" in text[tokens[last].end:t.start]:
            if t.text not in CONTINUES_LINE and tokens[last].text not in ENDS_UNFINISHED:
                return last
            if t.kind == "ident" and t.text in DECLARATION_WORDS - {"if", "when", "try", "return", "throw"}:
                return last
        if t.text in ("(", "[", "{"):
            if j not in pairs:
                return None
            j = pairs[j]
        elif t.text == "<" and j > k and tokens[j - 1].kind == "ident" and tokens[j - 1].end == t.start:
            j = type_arguments_end(text, tokens, j)
        last = j
        j += 1
    return last


TYPE_ARGUMENT_TOKENS = {",", ".", "<", ">", "?", "*", ":", "(", ")", "->", "@"}


def type_arguments_end(text, tokens, j):
    """The index of the `>` closing the type arguments that the `<` at j opens on its line
    (`map<T, R> { ... }`), or j itself when that `<` compares."""
    depth = 0
    for i in range(j, len(tokens)):
        t = tokens[i]
        if "\n" in text[tokens[j].start:t.start] or not (t.kind == "ident" or t.text in TYPE_ARGUMENT_TOKENS):
            return j
        depth += {"<": 1, ">": -1}.get(t.text, 0)
        if depth == 0:
            return i
    return j


def kotlin_expression_bodies(text, tokens, language):
    """A function with an expression body, `fun f() = x`: lizard reads the `=` as the start of a
    body that runs to the next unmatched `}`. The expression as a block body returning it,
    `fun f() {return x}`; the same for a property getter or setter, `get() = x`."""
    pairs = brackets(tokens)
    edits = []
    for k, t in enumerate(tokens):
        if t.kind != "ident" or not (t.text == "fun" or t.text in ("get", "set") and k + 1 < len(tokens)
                                     and tokens[k + 1].text == "(" and is_accessor(text, tokens, k)):
            continue
        j = signature_end(tokens, k, pairs)
        if j is None or tokens[j].text != "=" or j + 1 >= len(tokens):
            continue
        last = expression_end(text, tokens, j + 1, pairs)
        if last is None:
            continue
        first = tokens[j + 1]
        edits.append([(tokens[j].start, tokens[j].end, "{"), (first.start, first.start, "return "),
                      (tokens[last].end, tokens[last].end, "}")])
    return edits


def kotlin_extension_functions(text, tokens, language):
    """An extension function, `fun String.f()`: lizard reads the receiver type as the function's
    name and then finds no parameter list, so it reads no function. The receiver blanked,
    `fun        f()`: the same function to both."""
    n = len(tokens)
    edits = []
    for k, t in enumerate(tokens):
        if t.text != "fun" or t.kind != "ident":
            continue
        j = k + 1
        if j < n and tokens[j].text == "<":
            depth = 0
            while j < n:
                depth += {"<": 1, ">": -1}.get(tokens[j].text, 0)
                j += 1
                if depth == 0:
                    break
        start = j
        dot = None
        while j + 1 < n and tokens[j].kind == "ident":
            nxt = tokens[j + 1].text
            if nxt == "<":  # the receiver's type arguments
                depth = 0
                j += 1
                while j < n:
                    depth += {"<": 1, ">": -1}.get(tokens[j].text, 0)
                    j += 1
                    if depth == 0:
                        break
                j -= 1
                nxt = tokens[j + 1].text if j + 1 < n else ""
            if nxt == "?" and j + 2 < n and tokens[j + 2].text == ".":
                j += 1
                nxt = "."
            if nxt in (".", "?.") and j + 2 < n and tokens[j + 2].kind == "ident":
                dot = j + 1
                j += 2
                continue
            break
        if dot is None or j + 1 >= n or tokens[j + 1].text not in ("(", "<"):
            continue
        a, b = tokens[start].start, tokens[dot].end
        if "\n" in text[a:b]:
            continue
        edits.append((a, b, " " * (b - a)))
    return edits


def type_end(tokens, j, pairs):
    """The index of the last token of the type starting at j (`a.B<C>?`, `(A)`), or None."""
    n = len(tokens)
    if j < n and tokens[j].text == "(":
        if j not in pairs:
            return None
        j = pairs[j]
    elif j < n and tokens[j].kind == "ident":
        while j + 2 < n and tokens[j + 1].text == "." and tokens[j + 2].kind == "ident":
            j += 2
        if j + 1 < n and tokens[j + 1].text == "<":
            depth = 0
            k = j + 1
            while k < n:
                depth += {"<": 1, ">": -1}.get(tokens[k].text, 0)
                if tokens[k].text in ("{", "}", ";", "="):
                    return None
                if depth == 0:
                    break
                k += 1
            j = k
    else:
        return None
    if j + 1 < n and tokens[j + 1].text == "?":
        j += 1
    return j if j < n else None


def split_top(tokens, a, b):
    """The spans (start, end) of tokens[a:b] between commas outside brackets."""
    spans = []
    depth = 0
    start = a
    for k in range(a, b):
        t = tokens[k].text
        if t in ("(", "[", "{", "<"):
            depth += 1
        elif t in (")", "]", "}", ">"):
            depth -= 1
        elif t == "," and depth == 0:
            spans.append((start, k))
            start = k + 1
    if start < b:
        spans.append((start, b))
    return spans


def kotlin_function_types(text, tokens, language):
    """A function type, `(Int) -> String` (a property's, a constructor parameter's, a type
    argument): lizard reads every `->` outside a parameter list as the start of a lambda, whose
    body is the next `{`: a class's body, a function's. Written as the interface it stands for,
    `Function1<Int, String>` (with a receiver `A.() -> B`, `Function1<A, B>`; `suspend` dropped)."""
    pairs = brackets(tokens)
    arrows = {arrow for _, arrow, _ in lambda_arrows(tokens, pairs)}
    closing = {v: k for k, v in pairs.items()}
    edits = []
    for k, t in enumerate(tokens):
        if t.text != "->" or k in arrows or tokens[k - 1].text != ")" or k - 1 not in closing:
            continue
        open_ = closing[k - 1]
        start = open_
        receiver = None
        j = open_ - 1
        if j >= 1 and tokens[j].text == "." and tokens[j - 1].kind in ("ident", "punct"):
            # `A.B<C>.() -> D`: the receiver, back to where its type starts
            r = j - 1
            depth = 0
            while r >= 0:
                u = tokens[r].text
                depth += {">": 1, "<": -1}.get(u, 0)
                if depth == 0 and (tokens[r].kind != "ident" and u not in (".", ">", "?")
                                   or r > 0 and tokens[r - 1].text not in (".",) and tokens[r].kind == "ident"):
                    break
                r -= 1
            if r < 0 or tokens[r].kind != "ident":
                continue
            receiver = text[tokens[r].start:tokens[j - 1].end]
            start = r
        if start >= 1 and tokens[start - 1].text == "suspend":
            start -= 1
        before = tokens[start - 1] if start else None
        if before is not None and before.kind == "ident" and open_ >= 2 and tokens[open_ - 2].text == "@":
            start = open_ - 2
            before = tokens[open_ - 3] if open_ >= 3 else None
        if before is None or before.text not in (":", "<", ",", "(", "as", "is", "="):
            continue
        if before.text == "=" and not (start >= 3 and tokens[start - 3].text == "typealias"):
            continue
        end = type_end(tokens, k + 1, pairs)
        if end is None or end + 1 < len(tokens) and tokens[end + 1].text == "->":
            continue
        a, b = tokens[start].start, tokens[end].end
        if "\n" in text[a:b]:
            continue
        parameters = []
        for x, y in split_top(tokens, open_ + 1, k - 1):
            if y - x >= 2 and tokens[x].kind == "ident" and tokens[x + 1].text == ":":
                x += 2
            if x >= y:
                break
            parameters.append(text[tokens[x].start:tokens[y - 1].end])
        else:
            if receiver is not None:
                parameters.insert(0, receiver)
            result = text[tokens[k + 1].start:b]
            edits.append((a, b, f"Function{len(parameters)}<{', '.join(parameters + [result])}>"))
    return edits


def kotlin_bodiless_functions(text, tokens, language):
    """A function declared without a body (abstract, in an interface, `expect`): lizard starts a
    function at its `fun` all the same, whose body is the next `{` or `=` of the file. Blanked:
    it defines no function, fcto lists none."""
    pairs = brackets(tokens)
    edits = []
    n = len(tokens)
    for k, t in enumerate(tokens):
        if t.text != "fun" or t.kind != "ident" or k + 1 >= n or tokens[k + 1].text == "interface":
            continue
        j = k + 1
        while j < n and tokens[j].text != "(":
            if tokens[j].text in ("{", "}", "=", ";"):
                break
            j += 1
        if j >= n or tokens[j].text != "(" or j not in pairs:
            continue
        last = pairs[j]
        if last + 1 < n and tokens[last + 1].text == ":":
            last = type_end(tokens, last + 2, pairs)
            if last is None:
                continue
        if last + 1 < n and (tokens[last + 1].text in ("=", "{", "where", "->", ".", "?.")
                             or "\n" not in text[tokens[last].end:tokens[last + 1].start]
                             and tokens[last + 1].text not in (";", "}")):
            continue
        a, b = t.start, tokens[last].end
        edits.append((a, b, blank(text[a:b])))
    return edits


def kotlin_spaced_names(text, tokens, language):
    """A backquoted name with spaces or other characters than letters, digits and `_`,
    ``fun `adds two numbers`()``: lizard's tokenizer reads a backquoted name only without them (an
    apostrophe even starts a character literal), so it finds no name and no function. Those
    characters into underscores: the same function under another name."""
    return [(t.start, t.end, "`" + re.sub(r"\W", "_", t.text[1:-1]) + "`") for t in tokens
            if t.kind == "ident" and t.text.startswith("`") and t.text.endswith("`") and len(t.text) > 2
            and re.search(r"\W", t.text[1:-1]) and "\n" not in t.text]


def kotlin_bodiless_accessors(text, tokens, language):
    """An accessor without a body, `private set`: lizard starts a function at the `set` all the
    same, whose body is the next `{` or `=`. Blanked with its modifiers: no function to either."""
    edits = []
    for k, t in enumerate(tokens):
        if t.text not in ("get", "set") or t.kind != "ident" or k == 0:
            continue
        if k + 1 < len(tokens) and tokens[k + 1].text in ("(", "=", "{", ":", ".", "?."):
            continue
        j = k
        while j > 0 and tokens[j - 1].text in ACCESSOR_MODIFIERS and "\n" not in text[tokens[j - 1].end:tokens[j].start]:
            j -= 1
        if j == k:
            continue
        edits.append((tokens[j].start, t.end, blank(text[tokens[j].start:t.end])))
    return edits


AFTER_COMMA = {"{", "if", "when", "fun", "object", "try"}


def kotlin_values_after_commas(text, tokens, language):
    """lizard reads the token after every `,` as the name of a declaration (`val a, b`) and skips
    it: the `{` of a lambda in `f(a, { ... })` (whose `}` then closes the function around it), the
    `if` of `f(a, if (c) x else y)` (not counted). The value in parentheses, `f(a, ({ ... }))`."""
    pairs = brackets(tokens)
    n = len(tokens)
    edits = []
    for k in range(n - 1):
        if tokens[k].text != "," or tokens[k + 1].text not in AFTER_COMMA:
            continue
        j = k + 1
        last = None
        while j < n:
            u = tokens[j].text
            if u in (",", ")", "]", "}", ";"):
                break
            if u in ("(", "[", "{"):
                if j not in pairs:
                    last = None
                    break
                j = pairs[j]
            last = j
            j += 1
        if last is None or j >= n or tokens[j].text not in (",", ")", "]"):
            continue
        edits.append([(tokens[k + 1].start, tokens[k + 1].start, "("), (tokens[last].end, tokens[last].end, ")")])
    return edits


def kotlin_interfaces(text, tokens, language):
    """An interface: lizard skips its body, so it reads none of the functions with a body in it.
    `interface` (and the `fun` of `fun interface`) into `class`: the same functions to fcto."""
    edits = []
    for k, t in enumerate(tokens):
        if t.text != "interface" or t.kind != "ident" or k + 1 >= len(tokens) or tokens[k + 1].kind != "ident":
            continue
        if k and tokens[k - 1].text in (".", "::", "`"):
            continue
        start = t.start
        if k and tokens[k - 1].text == "fun" and "\n" not in text[tokens[k - 1].start:t.start]:
            start = tokens[k - 1].start
        edits.append((start, t.end, "class".ljust(t.end - start)))
    return edits


KOTLIN_REWRITES = [
    ("backquoted name with spaces", kotlin_spaced_names),
    ("value after a comma", kotlin_values_after_commas),
    ("lambda with parameters", kotlin_lambda_bodies),
    ("call named get or set", kotlin_get_set_calls),
    ("expression body", kotlin_expression_bodies),
    ("extension function", kotlin_extension_functions),
    ("function type", kotlin_function_types),
    ("function without a body", kotlin_bodiless_functions),
    ("accessor without a body", kotlin_bodiless_accessors),
    ("function in an interface", kotlin_interfaces),
]
def _line_tokens(context, line):
    """The indexes of the tokens starting on a line."""
    lines = context["tokens_line"]
    a = bisect.bisect_left(lines, line)
    b = bisect.bisect_right(lines, line)
    return range(a, b)


def secondary_constructor(item, context):
    """fcto lists a secondary constructor, `constructor(...) { ... }`, as a function (kotlin.toml);
    lizard reads none. One of fcto's functions that lizard lacks, starting at `constructor`."""
    side, (start, end) = item
    if side != "fcto" or any(s == start for (s, e) in context["lizard_by_key"]):
        return False
    tokens = context["tokens"]
    return any(tokens[k].text == "constructor" and k + 1 < len(tokens) and tokens[k + 1].text == "("
               for k in _line_tokens(context, start))


def when_entries(context):
    """[(line of the `{`, line of the `}`, has an else entry)] of every `when`."""
    cached = context.get("whens")
    if cached is None:
        tokens = context["tokens"]
        lines = context["tokens_line"]
        pairs = brackets(tokens)
        cached = []
        for k in when_bodies(tokens, pairs):
            close = pairs[k]
            depth = 0
            has_else = False
            for j in range(k + 1, close):
                t = tokens[j].text
                if t in ("(", "[", "{"):
                    depth += 1
                elif t in (")", "]", "}"):
                    depth -= 1
                elif depth == 0 and t == "else" and j + 1 < close and tokens[j + 1].text == "->":
                    has_else = True
            cached.append((lines[k], lines[close], has_else))
        context["whens"] = cached
    return cached


def when_without_else(item, context):
    """fcto counts every entry of a `when` with a condition, as `case` in Java (kotlin.toml);
    lizard counts one fewer than the entries, which is the same with an `else` entry and one less
    without. The same lines, and fcto's complexity is lizard's plus the `when`s without `else`
    in the function (outside the functions nested in it)."""
    side, key = item
    fcto, lizard = context["fcto_by_key"], context["lizard_by_key"]
    if key not in fcto or key not in lizard or fcto[key] <= lizard[key]:
        return False
    start, end = key
    nested = [(s, e) for (s, e) in fcto if (s, e) != key and start <= s and e <= end]
    count = 0
    for a, b, has_else in when_entries(context):
        if has_else or not (start <= a and b <= end):
            continue
        if any(s <= a and b <= e for s, e in nested):
            continue
        count += 1
    return count == fcto[key] - lizard[key]


def lambda_in_parameter_list(item, context):
    """lizard reads everything in a function's parameter list as parameters, so a lambda in a
    default value, `onClick: () -> Unit = { x -> }`, is no function to it. One of fcto's
    functions that lizard lacks, inside the parameter list of a `fun`."""
    side, (start, end) = item
    if side != "fcto" or any(s == start for (s, e) in context["lizard_by_key"]):
        return False
    spans = context.get("parameter_lists")
    tokens = context["tokens"]
    if spans is None:
        pairs = brackets(tokens)
        spans = []
        for k, t in enumerate(tokens):
            if t.text != "fun" or t.kind != "ident":
                continue
            j = k + 1
            while j < len(tokens) and tokens[j].text not in ("(", "{", "}", "=", ";"):
                j += 1
            if j < len(tokens) and tokens[j].text == "(" and j in pairs:
                spans.append((tokens[j].start, tokens[pairs[j]].end))
        context["parameter_lists"] = spans
    for k in _line_tokens(context, start):
        if tokens[k].text == "->" and any(a <= tokens[k].start < b for a, b in spans):
            return True
    return False


def lambda_arrow_line(item, context):
    """fcto starts a lambda at its `{`, lizard at its `->`: they differ when the parameters run
    onto later lines (`{ a,` then `b -> ... }`). The same end and complexity, lizard's start on the
    line of the `->` of a lambda whose `{` is on fcto's."""
    side, (start, end) = item
    fcto, lizard = context["fcto_by_key"], context["lizard_by_key"]
    if side == "fcto":
        pairs_ = [((start, end), (s, e)) for (s, e) in lizard if e == end and s > start]
    else:
        pairs_ = [((s, e), (start, end)) for (s, e) in fcto if e == end and s < start]
    lines = context["tokens_line"]
    arrows = context.get("lambda_lines")
    if arrows is None:
        arrows = {(lines[a], lines[b]) for a, b, _ in lambda_arrows(context["tokens"])}
        context["lambda_lines"] = arrows
    return any(fcto[ours] == lizard[theirs] and (ours[0], theirs[0]) in arrows for ours, theirs in pairs_)


KOTLIN_LOCAL = [
    ("lambda parameters over several lines", lambda_arrow_line),
    ("secondary constructor (fcto lists it on purpose)", secondary_constructor),
    ("when without else (counted on purpose)", when_without_else),
    ("lambda in a parameter list", lambda_in_parameter_list),
]

def _safe(test):
    """A local test that answers False rather than stopping the run on a file it cannot read."""
    def safe(item, context):
        try:
            return test(item, context)
        except (KeyError, IndexError, ValueError, ImportError, RecursionError):
            return False
    safe.__doc__ = test.__doc__
    return safe


JAVA_LOCAL = [(name, _safe(test)) for name, test in JAVA_LOCAL]
KOTLIN_LOCAL = [(name, _safe(test)) for name, test in KOTLIN_LOCAL]

EXPLAINERS = [
    {"languages": {"Java"}, "lex": lex, "rewrites": JAVA_REWRITES, "local": JAVA_LOCAL},
    {"languages": {"Kotlin"}, "lex": lex, "rewrites": KOTLIN_REWRITES, "local": KOTLIN_LOCAL},
]
