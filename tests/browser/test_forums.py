"""Forums in Chromium on a real daphne: a mention reaches its member live, readers see new replies
live, the pages pass axe-core, the local draft survives a reload until it is published, and the
composer and its @ menu work with the keyboard alone."""

import re

import pytest
from playwright.sync_api import expect

from forums import services
from tests.browser.conftest import sign_in
from tests.community.factories import UserFactory, make_group
from tests.forums.factories import CategoryFactory, make_thread

pytestmark = pytest.mark.django_db(transaction=True)

NEW_REPLY = "1 nouvelle réponse — afficher"
LIVE_TIMEOUT = 10_000  # ms: a busy machine may take a while to carry an event through daphne


def wait_until_live(page, thread):
    """Wait until the page's WebSocket is up and joined: a subscription through live.js is confirmed.

    Events are hints that the channel layer may drop; a test that publishes before the socket
    listens would race. The confirmation arrives once the socket has joined the member's groups.
    """
    page.evaluate(
        "key => new Promise(resolve => Reseau3114Live.subscribe('forums.thread', key, null, null, resolve))",
        str(thread.pk),
    )


def mark_no_reload(page):
    page.evaluate("window.stillTheSamePage = true")


def assert_not_reloaded(page):
    assert page.evaluate("window.stillTheSamePage === true"), "the page was reloaded"


def test_mention_reaches_member_live_and_readers_see_the_reply(daphne_url, browser, assert_accessible, csp_violations):
    author = UserFactory(first_name="Alice", last_name="Martin")
    mentioned = UserFactory(first_name="Nadia", last_name="Benali")
    reader = UserFactory(first_name="Chloé", last_name="Durand")
    forum = CategoryFactory(name="Pratiques d'écoute", slug="pratiques-ecoute")
    thread = make_thread(forum, author=reader, title="Organisation des plannings d'été")
    thread_url = f"{daphne_url}{thread.get_absolute_url()}"

    # B waits on another page; C reads the thread.
    mentioned_page = csp_violations(browser.new_context().new_page())
    sign_in(mentioned_page, daphne_url, mentioned.email)
    mentioned_page.goto(f"{daphne_url}/groupes/")
    badge = mentioned_page.locator(".bell-count")
    expect(badge).to_be_hidden()
    reader_page = csp_violations(browser.new_context().new_page())
    sign_in(reader_page, daphne_url, reader.email)
    reader_page.goto(thread_url)
    expect(reader_page.get_by_role("link", name=NEW_REPLY)).to_have_count(0)
    for page in (mentioned_page, reader_page):
        wait_until_live(page, thread)
        mark_no_reload(page)

    # A writes the reply with the keyboard only: the skip link to the composer, then the @ menu.
    page = csp_violations(browser.new_context().new_page())
    sign_in(page, daphne_url, author.email)
    page.goto(thread_url)
    page.get_by_role("link", name="Répondre au sujet").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    composer = page.get_by_role("textbox", name="Votre message")
    expect(composer).to_be_focused()
    expect(composer).to_have_attribute("aria-autocomplete", "list")
    page.keyboard.type("Bonne idée, @Nad")
    menu = page.get_by_role("listbox", name="Membres à mentionner")
    expect(menu).to_be_visible()
    expect(composer).to_have_attribute("aria-controls", menu.get_attribute("id"))
    option = menu.get_by_role("option", name=re.compile(r"^Nadia Benali \(@"))
    expect(option).to_have_attribute("aria-selected", "true")
    expect(composer).to_have_attribute("aria-activedescendant", option.get_attribute("id"))
    assert_accessible(page)  # with the menu open
    page.keyboard.press("Escape")  # closes the menu, keeps the text
    expect(menu).to_be_hidden()
    expect(composer).not_to_have_attribute("aria-activedescendant", re.compile("."))
    page.keyboard.type("i")  # "@Nadi": the menu comes back
    expect(option).to_be_visible()
    page.keyboard.press("ArrowDown")  # one suggestion: the choice wraps round to it
    expect(option).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    expect(menu).to_be_hidden()
    expect(composer).to_have_value(f"Bonne idée, @{mentioned.handle} ")
    page.keyboard.type("qu'en penses-tu ?")
    expect(composer).to_have_value(f"Bonne idée, @{mentioned.handle} qu'en penses-tu ?")
    # The buttons follow the field, in reading order.
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Publier la réponse")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Aperçu")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(page.get_by_role("button", name="Publier la réponse")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{thread_url}#message-2")
    expect(page.get_by_text("Votre réponse est publiée.")).to_be_visible()

    # B: the badge rises on the groups page, no reload; the notification leads to the post.
    expect(badge).to_have_text("1 non lue(s)", timeout=LIVE_TIMEOUT)
    assert_not_reloaded(mentioned_page)
    mentioned_page.get_by_role("link", name="Notifications").click()
    mentioned_page.get_by_role(
        "button", name=re.compile("^Alice Martin vous a mentionné·e dans « Organisation")
    ).click()
    expect(mentioned_page).to_have_url(f"{thread_url}#message-2")
    post = mentioned_page.locator("#message-2")
    expect(post).to_be_in_viewport()
    expect(post).to_contain_text(f"@{mentioned.handle} qu'en penses-tu ?")
    expect(post.get_by_role("link", name=f"@{mentioned.handle}")).to_be_visible()

    # C: told live, no reload, then shown the new post.
    new_reply = reader_page.get_by_role("link", name=NEW_REPLY)
    expect(new_reply).to_be_visible(timeout=LIVE_TIMEOUT)
    assert_not_reloaded(reader_page)
    expect(reader_page.locator("#message-2")).to_have_count(0)
    assert_accessible(reader_page)
    new_reply.click()
    expect(reader_page).to_have_url(re.compile(rf"^{re.escape(thread_url)}(\?page=1)?#message-2$"))
    expect(reader_page.locator("#message-2")).to_be_in_viewport()
    expect(reader_page.locator("#message-2")).to_contain_text("qu'en penses-tu ?")
    assert csp_violations.refused == []


def test_forum_pages_pass_axe(daphne_url, browser, assert_accessible, csp_violations):
    coordinator = UserFactory(role="coordinateur", centre=None, first_name="Claire", last_name="Marchand")
    reporter = UserFactory(first_name="Nadia", last_name="Benali")
    make_group("Groupe Postvention")
    forum = CategoryFactory(name="Pratiques d'écoute", slug="pratiques-ecoute")
    thread = make_thread(
        forum, title="Organisation des plannings d'été", body="Comment organisez-vous les plannings ?", replies=2
    )
    make_thread(forum, title="Accueil des nouveaux répondants")
    services.flag_post(thread.posts.get(number=2), reporter, "Hors sujet.")

    page = csp_violations(browser.new_context().new_page())
    sign_in(page, daphne_url, coordinator.email)
    page.goto(f"{daphne_url}/forums/")
    expect(page.get_by_role("heading", name="Forums des groupes de travail")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Pratiques d'écoute", exact=True).click()
    expect(page.get_by_role("link", name="Accueil des nouveaux répondants")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Organisation des plannings d'été", exact=True).click()
    expect(page.locator("#message-3")).to_be_visible()
    assert_accessible(page)

    # An empty reply: the page comes back focused on the reply section, the summary first (its link
    # leads to the field), the error by the field.
    page.get_by_role("button", name="Publier la réponse").click()
    expect(page).to_have_url(re.compile(r"/repondre/#repondre$"))
    expect(page.locator("#repondre")).to_be_focused()
    summary = page.get_by_role("alert").filter(has_text="Le formulaire n'a pas été enregistré")
    expect(summary).to_contain_text("Votre message — Le message est vide")
    field = page.locator(".field-invalid")
    expect(field.locator(".errorlist")).to_have_text("Le message est vide : écrivez quelque chose avant de publier.")
    composer = field.get_by_role("textbox", name="Votre message")
    expect(composer).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    page.keyboard.press("Tab")
    expect(summary.get_by_role("link", name="Votre message")).to_be_focused()
    page.keyboard.press("Enter")
    expect(composer).to_be_focused()

    page.goto(f"{daphne_url}/forums/")
    page.get_by_label("Rechercher dans les forums").fill("plannings")
    page.locator("#contenu").get_by_role("button", name="Rechercher").click()
    expect(page.get_by_role("heading", name=re.compile(r"^[1-9]\d* résultats?$"))).to_be_visible()
    expect(page.locator(".search-results mark").first).to_be_visible()
    assert_accessible(page)

    page.goto(f"{daphne_url}/forums/")
    page.get_by_role("link", name="Modération", exact=True).click()
    expect(page.get_by_role("button", name=re.compile("^Masquer le message"))).to_have_count(1)
    assert_accessible(page)
    assert csp_violations.refused == []


def test_local_draft_survives_a_reload_until_published(daphne_url, browser, csp_violations):
    member = UserFactory(first_name="Alice", last_name="Martin")
    thread = make_thread(CategoryFactory(), title="Organisation des plannings d'été")
    thread_url = f"{daphne_url}{thread.get_absolute_url()}"
    draft_key = f"reseau3114-draft:thread-{thread.pk}"
    text = "Chez nous, deux binômes tournent chaque semaine."

    page = csp_violations(browser.new_context().new_page())
    sign_in(page, daphne_url, member.email)
    page.goto(thread_url)
    composer = page.get_by_role("textbox", name="Votre message")
    composer.click()
    page.keyboard.type(text)
    page.wait_for_function("key => localStorage.getItem(key) !== null", arg=draft_key)

    page.reload()
    expect(composer).to_have_value(text)
    expect(page.get_by_text("Brouillon restauré")).to_be_visible()

    page.get_by_role("button", name="Publier la réponse").click()
    expect(page).to_have_url(f"{thread_url}#message-2")
    expect(page.locator("#message-2")).to_contain_text(text)
    expect(composer).to_have_value("")
    assert page.evaluate("key => localStorage.getItem(key)", draft_key) is None
    page.reload()
    expect(composer).to_have_value("")
    expect(page.get_by_text("Brouillon restauré")).to_have_count(0)
    assert csp_violations.refused == []
