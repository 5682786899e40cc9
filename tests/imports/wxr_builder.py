"""WordPress exports made by the tests: WXR 1.2 as WordPress writes it (RSS 2.0, CDATA)."""

from dataclasses import dataclass, field
from xml.sax.saxutils import escape

SITE = "https://old.example.com"


def cdata(text):
    return "<![CDATA[" + str(text).replace("]]>", "]]]]><![CDATA[>") + "]]>"


@dataclass
class Post:
    post_id: int
    title: str = "A post"
    status: str = "publish"
    post_type: str = "post"
    name: str = ""
    link: str = ""
    guid: str = ""
    date_gmt: str = "2019-05-12 10:00:00"
    creator: str = "alice"
    content: str = "<p>Body.</p>"
    excerpt: str = ""
    categories: list = field(default_factory=list)  # (slug, name)
    tags: list = field(default_factory=list)  # (slug, name)
    meta: dict = field(default_factory=dict)
    parent: int = 0
    attachment_url: str = ""
    comments: int = 0

    def xml(self):
        link = self.link or f"{SITE}/?p={self.post_id}"
        guid = self.guid or f"{SITE}/?p={self.post_id}"
        parts = [
            "<item>",
            f"<title>{escape(self.title)}</title>",
            f"<link>{escape(link)}</link>",
            "<pubDate>Sun, 12 May 2019 10:00:00 +0000</pubDate>",
            f"<dc:creator>{cdata(self.creator)}</dc:creator>",
            f'<guid isPermaLink="false">{escape(guid)}</guid>',
            "<description></description>",
            f"<content:encoded>{cdata(self.content)}</content:encoded>",
            f"<excerpt:encoded>{cdata(self.excerpt)}</excerpt:encoded>",
            f"<wp:post_id>{self.post_id}</wp:post_id>",
            f"<wp:post_date>{cdata(self.date_gmt)}</wp:post_date>",
            f"<wp:post_date_gmt>{cdata(self.date_gmt)}</wp:post_date_gmt>",
            f"<wp:post_name>{cdata(self.name)}</wp:post_name>",
            f"<wp:status>{cdata(self.status)}</wp:status>",
            f"<wp:post_parent>{self.parent}</wp:post_parent>",
            f"<wp:post_type>{cdata(self.post_type)}</wp:post_type>",
        ]
        if self.attachment_url:
            parts.append(f"<wp:attachment_url>{cdata(self.attachment_url)}</wp:attachment_url>")
        for slug, name in self.categories:
            parts.append(f'<category domain="category" nicename="{slug}">{cdata(name)}</category>')
        for slug, name in self.tags:
            parts.append(f'<category domain="post_tag" nicename="{slug}">{cdata(name)}</category>')
        for key, value in self.meta.items():
            parts.append(
                f"<wp:postmeta><wp:meta_key>{cdata(key)}</wp:meta_key>"
                f"<wp:meta_value>{cdata(value)}</wp:meta_value></wp:postmeta>"
            )
        for n in range(self.comments):
            parts.append(
                f"<wp:comment><wp:comment_id>{n + 1}</wp:comment_id>"
                f"<wp:comment_content>{cdata('Nice')}</wp:comment_content></wp:comment>"
            )
        parts.append("</item>")
        return "\n".join(parts)


def author(login, email, display_name, first="", last="", author_id=1):
    return (
        f"<wp:author><wp:author_id>{author_id}</wp:author_id>"
        f"<wp:author_login>{cdata(login)}</wp:author_login>"
        f"<wp:author_email>{cdata(email)}</wp:author_email>"
        f"<wp:author_display_name>{cdata(display_name)}</wp:author_display_name>"
        f"<wp:author_first_name>{cdata(first)}</wp:author_first_name>"
        f"<wp:author_last_name>{cdata(last)}</wp:author_last_name></wp:author>"
    )


def category(term_id, slug, name):
    return (
        f"<wp:category><wp:term_id>{term_id}</wp:term_id>"
        f"<wp:category_nicename>{cdata(slug)}</wp:category_nicename>"
        f"<wp:category_parent>{cdata('')}</wp:category_parent>"
        f"<wp:cat_name>{cdata(name)}</wp:cat_name></wp:category>"
    )


def export(items, *, authors=(), categories=(), site=SITE, prolog=""):
    """The text of a WXR file holding `items` (Posts) and the channel's terms."""
    body = "\n".join([*authors, *categories, *(item.xml() for item in items)])
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
{prolog}<rss version="2.0"
    xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
    xmlns:content="http://purl.org/rss/1.0/modules/content/"
    xmlns:wfw="http://wellformedweb.org/CommentAPI/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>The Old Site</title>
<link>{site}</link>
<description>News</description>
<language>en-US</language>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>{site}</wp:base_site_url>
<wp:base_blog_url>{site}</wp:base_blog_url>
{body}
</channel>
</rss>
"""
