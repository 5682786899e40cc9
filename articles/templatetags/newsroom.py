from django import template

from articles.models import Section

register = template.Library()


@register.inclusion_tag("articles/includes/picture.html")
def picture(image, sizes="100vw", loading="lazy", css_class=""):
    """A responsive <picture> from an Image's prefetched renditions."""
    return {
        "image": image,
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
    return {"sections": Section.objects.all(), "request": context.get("request")}
