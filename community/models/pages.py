from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from community.blocks import BodyBlock
from community.sections import render_sections

HOME_NEWS_COUNT = 3


class HomePage(Page):
    intro = RichTextField(_("mot d'accueil"), features=["bold", "italic", "link"], blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("page d'accueil")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_news"] = NewsPage.objects.live().public().order_by("-date", "-pk")[:HOME_NEWS_COUNT]
        # Upcoming events, recent discussions...: each feature app adds its own section.
        context["sections"] = render_sections("community_home_sections", request)
        return context


class StandardPage(Page):
    intro = models.TextField(_("chapeau"), blank=True, max_length=400)
    body = StreamField(BodyBlock(), verbose_name=_("contenu"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("page standard")


class NewsIndexPage(RoutablePageMixin, Page):
    intro = models.TextField(_("chapeau"), blank=True, max_length=400)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["community.NewsPage"]
    max_count = 1
    per_page = 10

    class Meta:
        verbose_name = _("index des actualités")

    def news(self):
        return NewsPage.objects.live().public().child_of(self).order_by("-date", "-pk")

    @path("")
    def index_route(self, request):
        page = Paginator(self.news(), self.per_page).get_page(request.GET.get("page"))
        return self.render(request, context_overrides={"news_page": page})

    @path("flux/", name="feed")
    def feed_route(self, request):
        from community.feeds import NewsFeed

        return NewsFeed(self)(request)


class NewsPage(Page):
    date = models.DateField(_("date de publication"))
    intro = models.TextField(_("chapeau"), max_length=400)
    body = StreamField(BodyBlock(), verbose_name=_("contenu"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("date"), FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["community.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("actualité")
        verbose_name_plural = _("actualités")

    @property
    def absolute_url(self) -> str:
        return settings.SITE_URL + self.url
