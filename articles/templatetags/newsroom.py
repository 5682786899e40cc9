from django import template
from django.utils.encoding import escape_uri_path

from articles import structured_data
from articles.models import Section
from newsroom.serving.public_urls import absolute_url

register = template.Library()


@register.inclusion_tag("articles/includes/picture.html")
def picture(image, sizes="100vw", loading="lazy", css_class=""):
    """A responsive <picture> from an Image's prefetched renditions."""
    return {
        "image": image,
        "avif_srcset": image.srcset("avif"),
        "webp_srcset": image.srcset("webp"),
        "fallback_srcset": image.srcset(image.fallback_format),
        "fallback": image.fallback(),
        "sizes": sizes,
        "loading": loading,
        "css_class": css_class,
    }


@register.inclusion_tag("articles/includes/section_nav.html", takes_context=True)
def section_nav(context):
    """The site's sections, in their configured order."""
    return {"sections": Section.objects.navigation(), "request": context.get("request")}


register.filter("absolute_url", absolute_url)


@register.filter
def iso_datetime(moment):
    """A datetime in ISO 8601 to the second: every `<time datetime>`, OpenGraph and JSON-LD.

    Django's `date:"c"` keeps six digits of microseconds, which HTML's datetime refuses.
    """
    return structured_data.iso_datetime(moment) or ""


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This page's address on SITE_URL; later pages of a list keep their page number."""
    request = context.get("request")
    if request is None:
        return absolute_url("/")
    url = absolute_url(escape_uri_path(request.path))
    page = request.GET.get("page", "")
    if page.isdecimal() and int(page) > 1:
        url += f"?page={int(page)}"
    return url


@register.simple_tag
def news_article_json_ld(article):
    """The story's NewsArticle as a JSON-LD <script>."""
    return structured_data.script_tag(structured_data.news_article(article))


@register.simple_tag
def website_json_ld():
    """The site and its publisher as a JSON-LD <script>, for the home page."""
    return structured_data.script_tag(structured_data.website())


@register.simple_tag
def title_of(article, person):
    """A person's title on the story's day (Article.title_of), from what for_page()
    prefetched: a quoted speaker is read through the story's linked people."""
    return article.title_of(person)


@register.simple_tag
def person_json_ld(person):
    """A person's page as schema.org JSON-LD: who they are, and where else they are known."""
    return structured_data.script_tag(structured_data.with_context(structured_data.person(person)))


@register.simple_tag
def organisation_json_ld(organisation):
    """An organisation's page as schema.org JSON-LD."""
    return structured_data.script_tag(
        structured_data.with_context(structured_data.organisation(organisation))
    )
