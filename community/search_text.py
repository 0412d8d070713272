"""Excerpts of search results: plain text around the first match, escaped, with the query's words in <mark>.

Shared by every app's search (forums, library, the site-wide search), so that none imports another.
"""

import html
import re

EXCERPT_CHARS = 240
_MARKDOWN_NOISE = re.compile(r"[*_`#>|\[\]()!]+|-{3,}|https?://\S+")


def query_pattern(query: str) -> re.Pattern | None:
    """The query's words (two letters or more) as one case-insensitive pattern, each matching a word's start."""
    words = [re.escape(word) for word in query.split() if len(word) > 1]
    return re.compile(r"\b(" + "|".join(words) + r")\w*", re.IGNORECASE) if words else None


def matches(source: str, query: str) -> bool:
    pattern = query_pattern(query)
    return bool(pattern and pattern.search(source))


def excerpt(source: str, query: str, length: int = EXCERPT_CHARS) -> str:
    """Plain text around the first matching word, escaped, with the query's words in <mark>."""
    text = " ".join(_MARKDOWN_NOISE.sub(" ", source).split())
    pattern = query_pattern(query)
    match = pattern.search(text) if pattern else None
    start = max(0, match.start() - length // 3) if match else 0
    snippet = text[start : start + length]
    prefix, suffix = ("… " if start else ""), (" …" if start + length < len(text) else "")
    # Matched on the text, escaped piece by piece: a word like "lt" never lands inside "&lt;".
    parts, end = [], 0
    for found in pattern.finditer(snippet) if pattern else ():
        parts += [html.escape(snippet[end : found.start()]), f"<mark>{html.escape(found.group(0))}</mark>"]
        end = found.end()
    parts.append(html.escape(snippet[end:]))
    return prefix + "".join(parts) + suffix
