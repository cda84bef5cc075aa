"""Explainers of bench/lizard_agreement.py --explain for C and C++ (sources and headers): a
small lexer, the rewrites of what lizard 1.24 misreads (each kept only when fcto finds exactly
the same functions in the rewritten file, each explaining a disagreement only when it
disappears once lizard reads the rewritten file), and local patterns of both tools' outputs and
the source. See the docstring of lizard_agreement.py. Self-contained: lizard_agreement imports
it."""
import bisect
import re

from lizard_explain_common import Token


PUNCTUATORS = sorted(["...", "<<=", ">>=", "->*", "::", "->", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||",
                      "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", ".*"], key=len, reverse=True)
WORD = re.compile(r"[A-Za-z_\x80-\U0010ffff][A-Za-z0-9_\x80-\U0010ffff]*")
NUMBER = re.compile(r"\.?[0-9](?:[0-9A-Za-z_.']|[eEpP][+-])*")


def lex(text, language):
    """Words, numbers, strings and characters, punctuators and preprocessor lines (one token
    each, over backslash continuations); comments are skipped."""
    tokens = []
    i, n = 0, len(text)
    line_start = True
    while i < n:
        c = text[i]
        if c == "\n":
            line_start = True
            i += 1
            continue
        if c.isspace():
            i += 1
            continue
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
            continue
        at_line_start, line_start = line_start, False
        if c == "#" and at_line_start:
            j = i
            while j < n and text[j] != "\n":
                if text[j] == "\\" and j + 1 < n and text[j + 1] == "\n":
                    j += 1
                j += 1
            tokens.append(Token("directive", i, j, text[i:j]))
            i = j
            continue
        m = re.match(r'(?:u8|u|U|L)?R"([^(\s]*)\(', text[i:i + 40])
        if m:
            close = ")" + m.group(1) + '"'
            j = text.find(close, i + m.end())
            j = n if j < 0 else j + len(close)
            tokens.append(Token("string", i, j, text[i:j]))
            i = j
            continue
        m = re.match(r"(?:u8|u|U|L)?([\"'])", text[i:i + 3])
        if m:
            quote = m.group(1)
            j = i + m.end()
            while j < n and text[j] != quote and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            tokens.append(Token("string", i, j, text[i:j]))
            i = j
            continue
        m = NUMBER.match(text, i)
        if m:
            tokens.append(Token("number", i, m.end(), m.group(0)))
            i = m.end()
            continue
        m = WORD.match(text, i)
        if m:
            tokens.append(Token("word", i, m.end(), m.group(0)))
            i = m.end()
            continue
        p = next((p for p in PUNCTUATORS if text.startswith(p, i)), c)
        tokens.append(Token("punct", i, i + len(p), p))
        i += len(p)
    return tokens


def lines_of(text):
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    return lambda offset: bisect.bisect_right(starts, offset)


# ------------------------------------------------------------------------------------------
# Rewrites.

def rewrite_comparisons(text, tokens, language):
    """lizard reads a `<` after a name as the start of template arguments and a `>` as their
    end: `integral_constant<bool, (sizeof(T) < sizeof(U))>` never closes and swallows the rest of
    the file. A comparison becomes `-` (same length, same lines; fcto must find the same
    functions): a `<` with a `)` or a number on its left, or `sizeof` or a number on its right
    that no `>` follows (`get<0>` is a template), and a `>` with a number on its right."""
    edits = []
    for k in range(1, len(tokens) - 1):
        t = tokens[k]
        left, right = tokens[k - 1], tokens[k + 1]
        after = tokens[k + 2].text if k + 2 < len(tokens) else ""
        if t.kind != "punct":
            continue
        if t.text == "<" and (left.text == ")" or left.kind == "number" or right.text == "sizeof"
                              or (right.kind == "number" and after not in (">", ">>", ","))):
            edits.append((t.start, t.end, "-"))
        elif t.text == ">" and right.kind == "number":
            edits.append((t.start, t.end, "-"))
    return edits


def rewrite_shifts(text, tokens, language):
    """lizard reads the `<<` of a shift or a stream inside template arguments
    (`decltype(std::declval<std::ostream&>() << x)`) as two opening brackets that never close.
    Every `<<` becomes `+ ` (same length; fcto must find the same functions)."""
    return [(t.start, t.end, "+ ") for t in tokens if t.kind == "punct" and t.text == "<<"]


def rewrite_rvalue_references(text, tokens, language):
    """lizard counts every `&&` as a logical and, also the `&&` of an rvalue reference or a
    forwarding reference in a type: `static_cast<T&&>(x)`, `T&&... args`, `auto&& x = ...`. Such
    an `&&` (before `>`, `...`, `)` or `,`, or after `auto`, or between a type and a name that
    is declared) becomes `& ` (fcto, which counts only logical operators, must find the same)."""
    edits = []
    for k in range(1, len(tokens) - 1):
        t = tokens[k]
        if t.text != "&&":
            continue
        left, right = tokens[k - 1], tokens[k + 1]
        declared = (right.kind == "word" and k + 2 < len(tokens)
                    and tokens[k + 2].text in ("=", ":", ";", "{", ")", ",", "(")
                    and (left.kind == "word" or left.text in (">", "*", "&")))
        if right.text in (">", "...", ")", ",", ">>") or left.text == "auto" or declared:
            edits.append([(t.start, t.end, "& ")])
    return edits


# ------------------------------------------------------------------------------------------
# Local patterns.

def nested_in(context, start, end):
    """fcto's functions strictly inside the lines start..end."""
    return [(s, e, c) for (s, e), c in context["fcto_by_key"].items()
            if start <= s and e <= end and (s, e) != (start, end)]


def class_word_between(context, first, last):
    tokens, lines = context["tokens"], context["tokens_line"]
    k = bisect.bisect_left(lines, first)
    while k < len(tokens) and lines[k] <= last:
        if tokens[k].text in ("struct", "class", "union"):
            return True
        k += 1
    return False


def method_of_local_class(item, context):
    """A method of a class declared inside a function: fcto lists it as a function of its own;
    lizard does not, and counts its decisions in the function around it. One of fcto's
    functions inside another of its functions, with `struct` or `class` between the two
    starts, that lizard does not find; or the function around such methods, on the same lines
    to both tools, whose complexity to lizard is fcto's plus the decisions of its methods."""
    side, (start, end) = item
    fcto, lizard = context["fcto_by_key"], context["lizard_by_key"]
    if side == "fcto" and (start, end) not in lizard:
        outer = [(s, e) for (s, e) in fcto if s < start and end <= e]
        return any(class_word_between(context, s, start) for s, e in outer) and \
            not any(s == start for (s, e) in lizard)
    if side == "fcto" and (start, end) in lizard:
        inner = nested_in(context, start, end)
        if not inner or not class_word_between(context, start, max(s for s, _, _ in inner)):
            return False
        # only the outermost nested functions: theirs include their own nested ones
        outermost = [(s, e, c) for (s, e, c) in inner
                     if not any(s2 < s and e <= e2 for (s2, e2, _) in inner)]
        return lizard[(start, end)] == fcto[(start, end)] + sum(c - 1 for _, _, c in outermost)
    return False


DECISION_TOKENS = {"?", "&&", "||"}


def initializer_decisions(item, context):
    """A constructor's member initializer list (`: a_(x ? 1 : 2) {`) is code run by the
    constructor; fcto counts its decisions, lizard starts counting at the body's `{`. Same lines
    to both, and fcto's complexity is lizard's plus the decisions between the `:` that follows
    the parameter list and the `{` of the body."""
    side, (start, end) = item
    fcto, lizard = context["fcto_by_key"], context["lizard_by_key"]
    if side != "fcto" or (start, end) not in lizard:
        return False
    tokens, lines = context["tokens"], context["tokens_line"]
    k = bisect.bisect_left(lines, start)
    depth = 0
    colon = None
    count = 0
    while k < len(tokens) and lines[k] <= end:
        t = tokens[k]
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            depth -= 1
        elif t.text == ":" and depth == 0 and colon is None and k > 0 and tokens[k - 1].text == ")":
            colon = k
        elif t.text == "{" and depth == 0 and colon is not None:
            break
        elif colon is not None and t.text in DECISION_TOKENS:
            count += 1
        k += 1
    return colon is not None and count > 0 and fcto[(start, end)] == lizard[(start, end)] + count


REWRITES = [
    ("comparison < or > read as template brackets", rewrite_comparisons),
    ("<< read as template brackets", rewrite_shifts),
    ("&& of a reference type counted", rewrite_rvalue_references),
]

LOCAL = [
    ("method of a class inside a function (on purpose)", method_of_local_class),
    ("decision in a member initializer list (on purpose)", initializer_decisions),
]

EXPLAINERS = [
    {"languages": {"C", "C Header", "C++", "C++ Header"}, "lex": lex, "rewrites": REWRITES, "local": LOCAL},
]
