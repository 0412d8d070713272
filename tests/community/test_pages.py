from datetime import date

import pytest

from community.models import HomePage, NewsIndexPage
from tests.community.factories import add_news

pytestmark = pytest.mark.django_db


@pytest.fixture
def news_index(db):
    home = HomePage.objects.get()
    return home.add_child(instance=NewsIndexPage(title="Actualités", slug="actualites", intro="Les nouvelles."))


def test_home_shows_latest_news_first(member_client, news_index, django_assert_max_num_queries):
    add_news(news_index, "Visite du centre de Martinique", date(2026, 10, 2))
    add_news(news_index, "Temps fort de novembre", date(2026, 11, 20))
    for day in range(1, 10):
        add_news(news_index, f"Brève {day}", date(2026, 9, day))
    with django_assert_max_num_queries(18):  # the apps' sections included (events, library: one query each)
        response = member_client.get("/")
    assert response.status_code == 200
    text = response.text
    assert text.index("Temps fort de novembre") < text.index("Visite du centre de Martinique")
    assert "Brève 1" not in text
    assert "20 novembre 2026" in text


def test_news_index_paginates_and_links_feed(member_client, news_index, django_assert_max_num_queries):
    for day in range(1, 13):
        add_news(news_index, f"Brève {day}", date(2026, 9, day))
    with django_assert_max_num_queries(17):
        response = member_client.get(news_index.url)
    assert response.status_code == 200
    assert "Brève 12" in response.text and "Brève 1<" not in response.text
    assert 'type="application/atom+xml"' in response.text
    assert "Page 1 sur 2" in response.text


def test_news_feed_is_atom(member_client, news_index):
    add_news(news_index, "Temps fort de novembre", date(2026, 11, 20), intro="Deux jours à Lyon.")
    response = member_client.get(news_index.url + "flux/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "<title>Temps fort de novembre</title>" in response.text
    assert "Deux jours à Lyon." in response.text


def test_news_page_renders_body(member_client, news_index):
    news = add_news(news_index, "Guide des répondants", date(2026, 9, 29))
    news.body = [("heading", {"text": "Ce qui change", "level": "h2"}), ("paragraph", "<p>Une fiche nouvelle.</p>")]
    news.save_revision().publish()
    response = member_client.get(news.url)
    assert "<h2>Ce qui change</h2>" in response.text
    assert "Une fiche nouvelle." in response.text


def test_main_navigation_lists_every_section(member_client):
    response = member_client.get("/membres/")
    labels = ["Accueil", "Groupes", "Événements", "Forums", "Ressources", "Centres", "Membres"]
    positions = [response.text.index(f">{label}</a>") for label in labels]
    assert positions == sorted(positions)
    assert 'href="/membres/" aria-current="page"' in response.text


def test_wagtail_admin_speaks_french(client, staff):
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert 'lang="fr"' in response.text
    assert "Tableau de bord" in response.text


def test_pages_carry_a_content_security_policy_but_not_the_wagtail_admin(member_client, client, staff):
    policy = member_client.get("/membres/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "connect-src 'self'" in policy
    client.force_login(staff)
    assert "Content-Security-Policy" not in client.get("/admin/")
