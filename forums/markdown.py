"""Posts are written in Markdown (CommonMark, markdown-it-py), rendered once at save time, then sanitised.

Raw HTML in a post is shown as text; what the renderer makes is still cleaned by nh3 against an
allow-list: no script, style or iframe, no event handler, only http(s) and mailto links (opened with
``rel="nofollow noopener noreferrer"``), and images from this site only.

``parse()`` reads a post once and tells which members it mentions and which posts it quotes;
``render()`` then turns it into HTML with the mentions resolved to profile links.
"""

import re
from dataclasses import dataclass, field

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

# @prenom.nom for a member, @slug-du-groupe for a group; an e-mail address is not a mention.
MENTION = re.compile(r"@([a-z0-9](?:[a-z0-9._-]{0,78}[a-z0-9])?)", re.IGNORECASE)
QUOTED_POST = re.compile(r"^/forums/messages/([0-9]{1,18})/$")

TAGS = {
    "p", "br", "hr", "strong", "em", "del", "s", "code", "pre", "blockquote", "ul", "ol", "li", "a", "img",
    "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
}
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"}}
CLASSES = {"a": {"mention"}, "code": {f"language-{name}" for name in ("python", "sql", "bash", "json", "html", "text")}}


def _only_own_images(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and not (value.startswith("/") and not value.startswith("//")):
        return None  # an image from another site would tell it who reads the post
    return value


_cleaner = nh3.Cleaner(
    tags=TAGS,
    clean_content_tags={"script", "style", "iframe", "object", "embed", "template", "noscript"},
    attributes=ATTRIBUTES,
    allowed_classes=CLASSES,
    attribute_filter=_only_own_images,
    link_rel="nofollow noopener noreferrer",
    url_schemes={"http", "https", "mailto"},
)


def _mention_rule(state, silent: bool) -> bool:
    src, pos = state.src, state.pos
    if src[pos] != "@" or (pos > 0 and (src[pos - 1].isalnum() or src[pos - 1] in "._-@/")):
        return False
    match = MENTION.match(src, pos)
    if not match:
        return False
    if not silent:
        token = state.push("mention", "", 0)
        token.meta = {"handle": match.group(1).lower()}
        token.content = match.group(0)
    state.pos = match.end()
    return True


def _render_mention(renderer, tokens, idx, options, env) -> str:
    token = tokens[idx]
    href = env.get("mention_links", {}).get(token.meta["handle"])
    text = escapeHtml(token.content)
    return f'<a class="mention" href="{escapeHtml(href)}">{text}</a>' if href else text


def _shift_headings(state) -> None:
    # The page has its h1 and h2: a post's "# Titre" becomes an h3.
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 2, 6)}"


_md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
_md.inline.ruler.before("emphasis", "mention", _mention_rule)
_md.core.ruler.push("shift_headings", _shift_headings)
_md.add_render_rule("mention", _render_mention)


@dataclass
class Parsed:
    tokens: list
    handles: set[str] = field(default_factory=set)  # every mention, linked
    told_handles: set[str] = field(default_factory=set)  # mentions outside quotes: the ones that notify
    quoted_post_ids: set[int] = field(default_factory=set)


def parse(source: str) -> Parsed:
    tokens = _md.parse(source, {})
    parsed = Parsed(tokens)
    depth = 0
    for token in tokens:
        if token.type == "blockquote_open":
            depth += 1
        elif token.type == "blockquote_close":
            depth -= 1
        for child in token.children or ():
            if child.type == "mention":
                parsed.handles.add(child.meta["handle"])
                if not depth:  # quoting a post repeats its mentions; they were told when it was written
                    parsed.told_handles.add(child.meta["handle"])
            elif depth and child.type == "link_open":
                match = QUOTED_POST.match(child.attrGet("href") or "")
                if match:
                    parsed.quoted_post_ids.add(int(match.group(1)))
    return parsed


def render(parsed: Parsed, mention_links: dict[str, str] | None = None) -> str:
    html = _md.renderer.render(parsed.tokens, _md.options, {"mention_links": mention_links or {}})
    return sanitise(html)


def sanitise(html: str) -> str:
    return _cleaner.clean(html)


def quote(author_name: str, post_url: str, source: str) -> str:
    """The Markdown that quotes a post: its author, a link back to it, and its text."""
    lines = [f"**{author_name}** a écrit ([voir le message]({post_url})) :", ""] + source.strip().splitlines()
    return "\n".join(f"> {line}".rstrip() for line in lines) + "\n\n"
