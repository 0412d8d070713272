"""The library's scenario in Chromium on a real daphne: a member proposes a resource with a PDF, a
coordinator approves it in Wagtail's admin, the group hears of it live and finds it by a word written
only inside the PDF (in the library and in /recherche/), an outsider gets 404 on the page and on the
file by every URL. axe-core checks the library, the resource, the proposal form in error and the search.
"""

import re

import pytest
from playwright.sync_api import expect

from community.library import samples
from community.library.models import ResourcePage
from tests.browser.conftest import sign_in
from tests.community.factories import UserFactory, make_group
from tests.library.factories import library_index

pytestmark = pytest.mark.django_db(transaction=True)

LIVE_TIMEOUT = 15_000  # ms: approval, extraction and the live event all pass through daphne
WORD = "zygomorphe"  # written only inside the PDF: nowhere in the title, summary or body
TITLE = "Protocole de postvention du groupe"


def wait_until_live(page):
    """Wait until the page's WebSocket has joined the member's groups.

    A subscription to a topic nobody registered is answered ``refused`` once the consumer runs, i.e.
    after it has joined the member's notification group: from then on, nothing published is missed.
    """
    page.wait_for_function("() => window.Reseau3114Live !== undefined")
    page.evaluate("() => new Promise(resolve => Reseau3114Live.subscribe('tests.ready', '1', null, resolve, resolve))")


def test_proposal_approved_in_admin_reaches_group_live_and_is_found(
    daphne_url, browser, assert_accessible, csp_violations, tmp_path
):
    author = UserFactory(first_name="Alice", last_name="Martin")
    reader = UserFactory(first_name="Nadia", last_name="Benali")
    outsider = UserFactory(first_name="Paul", last_name="Hoarau")
    coordinator = UserFactory(role="coordinateur", centre=None, first_name="Claire", last_name="Marchand")
    group = make_group(
        "Groupe Postvention",
        visibility="private",
        join_policy="invitation",
        animators=[UserFactory()],
        members=[author, reader],
    )
    make_group("Groupe Qualité", visibility="private", join_policy="invitation", animators=[outsider])
    index = library_index()
    pdf = tmp_path / "protocole-postvention.pdf"
    pdf.write_bytes(
        samples.make_pdf("Protocole", [f"Le terme {WORD} ne figure que dans ce fichier joint à la proposition."])
    )

    # B waits on the groups page, its socket joined, before anything happens.
    reader_page = csp_violations(browser.new_context().new_page())
    sign_in(reader_page, daphne_url, reader.email)
    reader_page.goto(f"{daphne_url}/groupes/")
    badge = reader_page.locator(".bell-count")
    expect(badge).to_be_hidden()
    wait_until_live(reader_page)
    reader_page.evaluate("window.stillTheSamePage = true")

    # A proposes, first without a title: the form comes back with the message beside the field.
    page = csp_violations(browser.new_context().new_page())
    sign_in(page, daphne_url, author.email)
    page.goto(f"{daphne_url}{index.url}proposer/?groupe={group.slug}")
    expect(page.get_by_label(re.compile(r"^Public"))).to_have_value(group.slug)
    page.get_by_label(re.compile(r"^Type")).select_option("procedure")
    page.get_by_label(re.compile(r"^Résumé")).fill(
        "Les premières heures après un décès : qui prévenir, comment soutenir l'équipe."
    )
    page.get_by_label(re.compile(r"^Thèmes")).fill("postvention")
    page.locator("input[type=file]").first.set_input_files(pdf)
    page.get_by_role("button", name="Envoyer la proposition").click()
    title = page.get_by_label(re.compile(r"^Titre"))
    expect(page.get_by_text("Indiquez un titre.").first).to_be_visible()
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label(re.compile(r"^Résumé"))).to_have_value(re.compile("^Les premières heures"))
    assert_accessible(page)
    title.fill(TITLE)
    page.locator("input[type=file]").first.set_input_files(pdf)  # files are not kept across a refused form
    page.get_by_role("button", name="Envoyer la proposition").click()
    expect(page.get_by_text("Proposition envoyée")).to_be_visible()
    resource = ResourcePage.objects.get(title=TITLE)
    assert not resource.live

    # The coordinator approves it in Wagtail's admin, with the workflow's own action (in the footer's
    # menu, after "Enregistrer le brouillon"; Wagtail adds "et publier" to the last task's approval).
    admin = browser.new_context().new_page()
    sign_in(admin, daphne_url, coordinator.email)
    admin.goto(f"{daphne_url}/admin/pages/{resource.pk}/edit/")
    footer = admin.locator("footer")
    footer.get_by_role("button", name="Plus d'actions").click()
    footer.get_by_role("button", name=re.compile(r"^\s*Approuver et publier", re.IGNORECASE)).click()
    expect(admin.locator(".messages")).to_contain_text(TITLE, timeout=LIVE_TIMEOUT)

    # B: the badge rises without a reload, and the notification is announced.
    expect(badge).to_have_text("1 non lue(s)", timeout=LIVE_TIMEOUT)
    expect(reader_page.locator("#notifications-live")).to_contain_text(TITLE)
    assert reader_page.evaluate("window.stillTheSamePage === true"), "the page was reloaded"
    resource.refresh_from_db()
    assert resource.live
    resource_url = f"{daphne_url}{resource.url}"
    file = resource.files.get()
    file_url = f"{resource_url}fichiers/{file.pk}/"
    document_url = f"{daphne_url}{file.document.url}"

    # B finds it by the word inside the PDF, in the library and in the site's search.
    reader_page.goto(f"{daphne_url}{index.url}?q={WORD}")
    expect(reader_page.get_by_role("link", name=TITLE)).to_be_visible()
    assert_accessible(reader_page)
    reader_page.goto(f"{daphne_url}/recherche/?q={WORD}")
    found = reader_page.get_by_role("link", name=TITLE)
    expect(found).to_be_visible()
    assert_accessible(reader_page)
    found.click()
    expect(reader_page).to_have_url(resource_url)
    expect(reader_page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    assert_accessible(reader_page)
    for url in (file_url, document_url):
        download = reader_page.request.get(url)
        assert download.status == 200, url
        assert download.body().startswith(b"%PDF")

    # The library page without a query, as members first see it.
    reader_page.goto(f"{daphne_url}{index.url}")
    expect(reader_page.get_by_role("link", name=TITLE)).to_be_visible()
    assert_accessible(reader_page)

    # An outsider: 404 on the page, and on the file by its stable URL and by Wagtail's.
    outsider_page = csp_violations(browser.new_context().new_page())
    sign_in(outsider_page, daphne_url, outsider.email)
    assert outsider_page.goto(resource_url).status == 404
    for url in (file_url, document_url):
        assert outsider_page.request.get(url).status == 404, url
    outsider_page.goto(f"{daphne_url}/recherche/?q={WORD}")
    expect(outsider_page.get_by_role("link", name=TITLE)).to_have_count(0)
    assert csp_violations.refused == []
