"""What bench/lizard_agreement.py and its bench/lizard_explain_*.py modules share: the token
of their lexers, blanking text while keeping its line breaks, matching brackets, and reading
the longest punctuator of a table."""
import re

class Token:
    __slots__ = ("kind", "start", "end", "text")

    def __init__(self, kind, start, end, text):
        self.kind, self.start, self.end, self.text = kind, start, end, text

    def __repr__(self):
        return f"{self.kind}:{self.text!r}"


def blank(s):
    return re.sub(r"[^\n]", " ", s)


PAIRS = {"(": ")", "[": "]", "{": "}"}
CLOSERS = {")", "]", "}"}


def closers(tokens):
    """{index of an opening bracket: index of its closing one}."""
    out = {}
    stack = []
    for k, t in enumerate(tokens):
        if t.kind != "punct":
            continue
        if t.text in PAIRS:
            stack.append(k)
        elif t.text in CLOSERS:
            while stack and PAIRS[tokens[stack[-1]].text] != t.text:
                stack.pop()
            if stack:
                out[stack.pop()] = k
    return out


def punct(text, i, table):
    for p in table:
        if text.startswith(p, i):
            return p
    return text[i]
