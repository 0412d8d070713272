"""Post rendering: CommonMark in, sanitised HTML out, mentions and quotes read on the way (forums.markdown)."""

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from forums import markdown

VECTORS_FILE = Path(__file__).with_name("xss_vectors.txt")
REL = "nofollow noopener noreferrer"
FORBIDDEN_TAGS = ("<script", "<iframe", "<style", "<object", "<embed", "<svg", "<math", "<form", "<base", "<meta", "<link")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "background", "poster", "data"}
# What a browser ignores in a URL before reading its scheme: spaces and C0 controls anywhere (tabs, line breaks).
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20]+")
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")


def load_vectors() -> list[str]:
    lines = VECTORS_FILE.read_text(encoding="utf-8").splitlines()
    return [line.replace("\\n", "\n") for line in lines if line.strip() and not line.startswith(";;")]


VECTORS = load_vectors()


class _Elements(HTMLParser):
    """Every element of a fragment with its attributes, as a browser would read them (values unescaped)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))


def elements(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.elements


def render(source: str, links: dict[str, str] | None = None) -> str:
    return markdown.render(markdown.parse(source), links)


def assert_harmless(html: str) -> None:
    lowered = html.lower()
    # Text is escaped (a "<" in text is "&lt;"), so any of these in the markup is a real element.
    for tag in FORBIDDEN_TAGS:
        assert tag not in lowered, f"{tag} survived in {html!r}"
    for tag, attributes in elements(html):
        assert tag in markdown.TAGS, f"<{tag}> is not an allowed tag: {html!r}"
        for name, value in attributes.items():
            assert not re.fullmatch(r"on\w+", name), f"event handler {name}= survived in {html!r}"
            assert name in markdown.ATTRIBUTES.get(tag, set()) | {"class", "rel"}, f"{tag}[{name}] in {html!r}"
            if name in URL_ATTRIBUTES:
                # Unescaped once by the parser, as the browser does; once more, to be safe.
                for candidate in (value, unescape(value)):
                    scheme = _IGNORED_IN_SCHEME.sub("", candidate).lower()
                    assert not scheme.startswith(BAD_SCHEMES), f"{tag}[{name}]={value!r} in {html!r}"
            if tag == "img" and name == "src":
                assert value.startswith("/") and not value.startswith("//"), f"foreign image {value!r}"
        if tag == "a":
            assert attributes.get("rel") == REL, f"<a> without rel={REL!r} in {html!r}"


def test_the_corpus_holds_at_least_fifty_vectors():
    assert len(VECTORS) >= 50
    assert len(set(VECTORS)) == len(VECTORS), "a vector is listed twice"


@pytest.mark.parametrize("vector", VECTORS, ids=[f"v{index:03d}" for index in range(len(VECTORS))])
def test_rendering_an_xss_vector_leaves_nothing_executable(vector):
    assert_harmless(render(vector))


@pytest.mark.parametrize("vector", VECTORS, ids=[f"v{index:03d}" for index in range(len(VECTORS))])
def test_the_sanitiser_alone_neutralises_an_xss_vector_given_as_html(vector):
    # Defence in depth: were the renderer ever to let raw HTML through, nh3 still cleans it.
    assert_harmless(markdown.sanitise(vector))


def test_the_harmlessness_check_itself_catches_what_it_should():
    for dangerous in (
        '<a href="javascript:alert(1)" rel="nofollow noopener noreferrer">a</a>',
        '<a href="&#106;avascript:alert(1)" rel="nofollow noopener noreferrer">a</a>',
        '<a href=" data:text/html,x" rel="nofollow noopener noreferrer">a</a>',
        '<p onclick="alert(1)">a</p>',
        '<a href="/">sans rel</a>',
        '<img src="https://xss.example/a.png">',
        "<SCRIPT>alert(1)</SCRIPT>",
        "<div>a</div>",
    ):
        with pytest.raises(AssertionError):
            assert_harmless(dangerous)


def test_markdown_links_with_a_script_scheme_are_not_links():
    for source in ("[a](javascript:alert(1))", "[a](JaVaScRiPt:alert(1))", "[a](&#106;avascript:alert(1))"):
        html = render(source)
        assert "<a" not in html
        assert "[a](" in unescape(html)  # shown as typed


def test_links_open_with_nofollow_noopener_noreferrer():
    html = render("[le site](https://3114.fr/) et <https://example.org> et [écrire](mailto:contact@3114.fr)")
    links = [attributes for tag, attributes in elements(html) if tag == "a"]
    assert [link["href"] for link in links] == ["https://3114.fr/", "https://example.org", "mailto:contact@3114.fr"]
    assert all(link["rel"] == REL for link in links)


def test_images_from_other_sites_are_dropped():
    for source in ("![pixel](https://xss.example/pixel.png)", "![pixel](//xss.example/pixel.png)"):
        html = render(source)
        assert "xss.example" not in html
        assert [attributes.get("src") for tag, attributes in elements(html) if tag == "img"] == [None]


def test_images_from_this_site_are_kept():
    html = render('![Plan du centre](/media/documents/plan.png "Plan")')
    assert elements(html) == [("p", {}), ("img", {"src": "/media/documents/plan.png", "alt": "Plan du centre", "title": "Plan"})]


def test_raw_html_is_shown_as_text():
    html = render("Un <b>gras</b> et <img src=/a.png onerror=alert(1)>")
    assert "&lt;b&gt;gras&lt;/b&gt;" in html
    assert [tag for tag, _attributes in elements(html)] == ["p"]
    assert "<b>gras</b> et <img src=/a.png onerror=alert(1)>" in unescape(html)


def test_headings_are_shifted_below_the_page_headings():
    html = render("# Un\n\n## Deux\n\n### Trois\n\n#### Quatre\n\n###### Six\n\nTitre\n=====")
    assert [tag for tag, _attributes in elements(html)] == ["h3", "h4", "h5", "h6", "h6", "h3"]


def test_commonmark_emphasis_lists_and_code():
    html = render(
        "*penché* **gras** ~~barré~~ `x < 1`\n\n- un\n- deux\n\n3. trois\n4. quatre\n\n"
        "```python\nprint('<ok>')\n```\n\n> cité\n\n---\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    )
    assert "<em>penché</em>" in html
    assert "<strong>gras</strong>" in html
    assert "<s>barré</s>" in html or "<del>barré</del>" in html
    assert "<code>x &lt; 1</code>" in html
    assert "<ul>\n<li>un</li>\n<li>deux</li>\n</ul>" in html
    assert '<ol start="3">' in html
    assert "<pre><code class=\"language-python\">print('&lt;ok&gt;')\n</code></pre>" in html
    assert "<blockquote>" in html and "<hr>" in html and "<td>2</td>" in html


def test_code_blocks_keep_known_language_classes_only():
    html = render("```evil onmouseover=alert(1)\nx\n```\n\n```sql\nselect 1;\n```")
    codes = [attributes.get("class", "") for tag, attributes in elements(html) if tag == "code"]
    assert codes == ["", "language-sql"]
    assert "onmouseover" not in html


def test_line_breaks_and_paragraphs():
    assert render("un\ndeux\n\ntrois") == "<p>un\ndeux</p>\n<p>trois</p>\n"


# --- Mentions ---------------------------------------------------------------------------------------


def test_mentions_are_collected_in_lower_case():
    assert markdown.parse("Merci @Alice.Martin et @groupe-postvention !").handles == {"alice.martin", "groupe-postvention"}


def test_a_mention_becomes_a_link_only_when_its_handle_is_resolved():
    html = render("Merci @alice.martin et @bob.inconnu", {"alice.martin": "/membres/7/"})
    links = [attributes for tag, attributes in elements(html) if tag == "a"]
    assert links == [{"class": "mention", "href": "/membres/7/", "rel": REL}]
    assert ">@alice.martin</a>" in html
    assert "@bob.inconnu" in html


def test_an_email_address_is_not_a_mention():
    parsed = markdown.parse("Écrivez à user@example.org ou à contact@3114.fr.")
    assert parsed.handles == set()
    assert "<a" not in markdown.render(parsed, {"example.org": "/x/", "3114.fr": "/y/"})


def test_a_trailing_dot_is_not_part_of_a_mention():
    assert markdown.parse("Voyez avec @alice.martin.").handles == {"alice.martin"}


def test_mentions_in_code_are_not_collected():
    parsed = markdown.parse("`@alice.martin`\n\n```\n@bob.durand\n```\n\n    @carole.petit")
    assert parsed.handles == set()


def test_a_mention_link_cannot_carry_markup():
    html = render("@alice.martin", {"alice.martin": '/membres/7/"><script>alert(1)</script>'})
    assert_harmless(html)


# --- Quotes ---------------------------------------------------------------------------------------


def test_quoted_posts_are_detected_only_inside_blockquotes():
    assert markdown.parse("Voir [ce message](/forums/messages/12/).").quoted_post_ids == set()
    assert markdown.parse("> Voir [ce message](/forums/messages/12/).").quoted_post_ids == {12}
    assert markdown.parse("> - liste\n>   [ici](/forums/messages/13/)").quoted_post_ids == {13}


def test_only_post_permalinks_count_as_quotes():
    source = "> [a](/forums/messages/12/modifier/) [b](https://autre.example/forums/messages/13/) [c](/forums/sujets/4/)"
    assert markdown.parse(source).quoted_post_ids == set()


def test_quote_round_trips_through_the_renderer():
    source = "Bonjour,\n\n- un point\n- un autre\n\n**Important** : `code`"
    text = markdown.quote("Alice Martin", "/forums/messages/42/", source)
    parsed = markdown.parse(text)
    assert parsed.quoted_post_ids == {42}
    html = markdown.render(parsed)
    assert html.startswith("<blockquote>") and html.rstrip().endswith("</blockquote>")
    assert [tag for tag, _attributes in elements(html)] == [
        "blockquote", "p", "strong", "a", "p", "ul", "li", "li", "p", "strong", "code",
    ]
    assert '<a href="/forums/messages/42/" rel="nofollow noopener noreferrer">voir le message</a>' in html
    assert "<li>un point</li>" in html and "<code>code</code>" in html


def test_a_quote_can_be_answered_below_it():
    text = markdown.quote("Alice Martin", "/forums/messages/42/", "Question ?") + "Ma réponse."
    html = render(text)
    assert html.endswith("</blockquote>\n<p>Ma réponse.</p>\n")
