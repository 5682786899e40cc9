from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F, prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_safe
from taggit.models import Tag

from articles import search as article_search
from articles import story_parts
from articles.models import (
    Article,
    ArticleSlugHistory,
    Correction,
    Organisation,
    Person,
    Place,
    Quote,
    Role,
    Section,
)
from articles.related import related_stories
from newsroom.serving.dependencies import STORIES, depends_on, every_tag, list_tag
from newsroom.serving.public_urls import absolute_url

PAGE_SIZE = 20
# What the appeal looks at (donations/appeals.py DIMENSIONS), besides the story's own row.
APPEAL_RELATIONS = ("tags", "places", "organisations")


def paginate(request, queryset, per_page=PAGE_SIZE):
    """The requested page of `queryset`; out-of-range or junk page numbers give the last/first."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def home(request):
    depends_on(STORIES)
    stories = list(Article.objects.published().for_list()[:9])
    shown = [story.pk for story in stories]
    by_section = Article.objects.published().exclude(pk__in=shown).for_list().by_section(4)
    context = {
        "lead": stories[0] if stories else None,
        "top": stories[1:3],
        "latest": stories[3:],
        "sections": group_by_section(by_section),
    }
    return render(request, "articles/home.html", context)


def group_by_section(articles):
    """[(section, [articles...]), ...] in the sections' own order."""
    groups = {}
    for article in articles:
        groups.setdefault(article.section, []).append(article)
    return sorted(groups.items(), key=lambda item: (item[0].position, item[0].name))


def article_detail(request, year, month, day, slug):
    articles = Article.objects.viewable_by(request.user).for_story()
    article = articles.filter(slug=slug).first()
    if article is None:
        moved = ArticleSlugHistory.objects.filter(slug=slug).select_related("article").first()
        if moved is None or moved.article not in Article.objects.viewable_by(request.user):
            raise Http404("No such story.")
        return redirect(moved.article, permanent=True)
    if request.path != article.get_absolute_url():
        return redirect(article, permanent=True)
    return render_story(request, article)


def render_story(request, article):
    """The story page; one readers cannot see yet is a preview, never cached or indexed.
    The parts every reader gets the same come as kept (story_parts.py) while current."""
    now = timezone.now()
    is_preview = not article.is_live
    kept = None if is_preview else story_parts.usable(article, now)
    if kept is None:
        if not hasattr(article, "has_notes"):  # read with for_story(): the rest now
            article = Article.objects.for_page().get(pk=article.pk)
    else:
        depends_on(*kept.shown)
        if kept.links is None:  # kept before links were
            prefetch_related_objects([article], *APPEAL_RELATIONS)
        else:
            article.kept_links = kept.links
    related = related_stories(article)
    # Every lead image's renditions on the page, in one query.
    prefetch_related_objects(related if kept else [article, *related], "lead_image__renditions")
    context = {
        "article": article,
        "kept": kept,
        "related": related,
        "is_preview": is_preview,
        "now": now,
    }
    response = render(request, "articles/article_detail.html", context)
    if context["is_preview"]:
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@staff_member_required
def preview(request, pk):
    """A draft, story in review or scheduled story exactly as readers will see it."""
    if not request.user.has_perm("articles.view_article"):
        raise PermissionDenied
    article = get_object_or_404(Article.objects.for_page(), pk=pk)
    if article.is_live:
        return redirect(article)
    return render_story(request, article)


def section_detail(request, slug):
    section = get_object_or_404(Section, slug=slug)
    depends_on(list_tag(Section, section.pk))
    page = paginate(request, Article.objects.published().filter(section=section).for_list())
    return render(request, "articles/section_detail.html", {"section": section, "page": page})


def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    depends_on(list_tag(Tag, tag.pk))
    page = paginate(request, Article.objects.published().filter(tags=tag).for_list())
    return render(request, "articles/tag_detail.html", {"tag": tag, "page": page})


def person_detail(request, slug):
    person = get_object_or_404(
        Person.objects.select_related("photo").prefetch_related("photo__renditions"), slug=slug
    )
    depends_on(list_tag(Person, person.pk))
    published = Article.objects.published()
    context = {
        "person": person,
        "career": person.roles.select_related("organisation"),
        "page": paginate(request, published.about_person(person).for_list()),
        "written": published.written_by(person).for_list()[:5],
        "quotes": Quote.objects.filter(speaker=person, article__in=published)
        .select_related("article")
        .order_by("-article__published_at", "order")[:50],
    }
    return render(request, "articles/person_detail.html", context)


def author_detail(request, slug):
    author = get_object_or_404(
        Person.objects.select_related("photo").prefetch_related("photo__renditions"), slug=slug
    )
    depends_on(list_tag(Person, author.pk))
    page = paginate(request, Article.objects.published().written_by(author).for_list())
    return render(request, "articles/author_detail.html", {"author": author, "page": page})


def place_detail(request, slug):
    place = get_object_or_404(Place.objects.select_related("parent"), slug=slug)
    depends_on(list_tag(Place, place.pk))
    stories = Article.objects.published().about_place(place).for_list()
    context = {
        "place": place,
        "page": paginate(request, stories),
        "children": place.children.order_by("name"),
    }
    return render(request, "articles/place_detail.html", context)


def organisation_detail(request, slug):
    organisation = get_object_or_404(Organisation.objects.select_related("parent"), slug=slug)
    depends_on(list_tag(Organisation, organisation.pk))
    stories = Article.objects.published().about_organisation(organisation).for_list()
    roles = list(
        Role.objects.filter(organisation=organisation)
        .select_related("person")
        .order_by(F("ended_on").desc(nulls_first=True), "-started_on", "person__name")[:100]
    )
    today = timezone.localdate()
    context = {
        "organisation": organisation,
        "page": paginate(request, stories),
        "roles": roles,
        "current": [role for role in roles if not (role.ended_on and role.ended_on < today)],
        "past": [role for role in roles if role.ended_on and role.ended_on < today],
        "children": organisation.children.order_by("name"),
    }
    return render(request, "articles/organisation_detail.html", context)


def correction_list(request):
    depends_on(every_tag(Correction))
    notes = (
        Correction.objects.published()
        .select_related("article__section")
        .order_by("-published_at", "-pk")
    )
    return render(request, "articles/correction_list.html", {"page": paginate(request, notes)})


def search(request):
    # What matches a query changes with any story's words, and with every publication.
    depends_on(STORIES, every_tag(Article))
    query = article_search.clean_query(request.GET.get("q", ""))
    results = article_search.search_articles(query) if query else Article.objects.none()
    context = {"query": query, "page": paginate(request, results)}
    return render(request, "articles/search_results.html", context)


@require_safe
def favicon(request):
    """/favicon.ico, which browsers and feed readers ask for without reading any page."""
    return redirect(static("img/favicon.ico"))


@require_safe
def web_manifest(request):
    """The web app manifest: the name, colours and icons a phone uses for a saved shortcut."""
    return render(request, "manifest.webmanifest", content_type="application/manifest+json")


@require_GET
def robots_txt(request):
    # Search results, the pledge pages and previews say `noindex` themselves: a crawler kept
    # out by a Disallow never reads that, and may list a linked address anyway. Only the
    # admin, which no reader page links to, stays closed.
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {absolute_url(reverse('sitemap'))}",
        f"Sitemap: {absolute_url(reverse('news-sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
