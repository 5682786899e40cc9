"""A small HTTP client for the app servers (the standard library; requests is not installed).

`Browser` keeps cookies, never follows redirects (the tests look at each 302/303) and
reads forms back out of the HTML the server sent, so a POST carries exactly what a
browser would: every input, select and textarea with its value.
"""

import http.cookiejar
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser

TIMEOUT = 10
# Buttons send nothing unless clicked, and the tests choose no file.
UNSENT_INPUTS = {"submit", "button", "image", "reset", "file"}


@dataclass
class Response:
    status: int
    headers: object
    text: str
    seconds: float
    url: str

    def __str__(self):
        return f"{self.status} from {self.url} in {self.seconds:.2f} s"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One visitor: a cookie jar and a way to send requests with it."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirects()
        )

    def get(self, url, timeout=TIMEOUT):
        return self.request(url, timeout=timeout)

    def post(self, url, fields, referer=None, timeout=TIMEOUT):
        """POST a list of (name, value) pairs, form-encoded."""
        body = urllib.parse.urlencode(fields).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if referer:
            headers["Referer"] = referer
        return self.request(url, body, headers, timeout=timeout)

    def request(self, url, body=None, headers=None, timeout=TIMEOUT):
        if not url.startswith("http://127.0.0.1:"):
            raise ValueError(f"only the test's own servers, not {url}")
        request = urllib.request.Request(url, data=body, headers=headers or {})  # noqa: S310
        started = time.monotonic()
        try:
            with self._opener.open(request, timeout=timeout) as answer:
                status, answer_headers, raw = answer.status, answer.headers, answer.read()
        except urllib.error.HTTPError as error:  # 3xx (not followed), 4xx and 5xx
            status, answer_headers, raw = error.code, error.headers, error.read()
        seconds = time.monotonic() - started
        return Response(status, answer_headers, raw.decode("utf-8", "replace"), seconds, url)

    def log_in(self, server, username, password):
        """Sign in to the admin through its login form, as a person would."""
        login_url = f"{server.url}/admin/login/"
        form = read_form(self.get(login_url).text, "#login-form")
        form.set("username", username)
        form.set("password", password)
        answer = self.post(login_url, form.fields, referer=login_url)
        assert answer.status == 302, f"login as {username} failed: {answer}\n{answer.text}"


class Form:
    """A form's successful controls as a browser would send them: (name, value) pairs."""

    def __init__(self, action, fields):
        self.action = action
        self.fields = fields

    def set(self, name, value):
        assert any(field == name for field, _ in self.fields), f"the form has no {name!r}"
        self.fields = [(field, value if field == name else old) for field, old in self.fields]


def read_form(html, selector):
    """The first form matching "#id" or ".class" in a page, with the values the page gave
    its fields."""
    parser = _FormParser(selector)
    parser.feed(html)
    parser.close()
    assert parser.action is not None, f"no <form> matching {selector!r} in the page"
    return Form(parser.action, parser.fields)


class _FormParser(HTMLParser):
    def __init__(self, selector):
        super().__init__(convert_charrefs=True)
        self.selector = selector
        self.action = None
        self.inside = False
        self.fields = []
        self._select = None  # (name, chosen values, is multiple, every option's value)
        self._option = None  # [value, or None to take the text; is selected; text]
        self._textarea = None  # (name, text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and self.action is None and self._matches(attrs):
            self.inside = True
            self.action = attrs.get("action") or ""
        if not self.inside:
            return
        if tag == "input":
            self._input(attrs)
        elif tag == "select" and attrs.get("name") and "disabled" not in attrs:
            self._select = (attrs["name"], [], "multiple" in attrs, [])
        elif tag == "option" and self._select is not None:
            self._option = [attrs.get("value"), "selected" in attrs, ""]
        elif tag == "textarea" and attrs.get("name") and "disabled" not in attrs:
            self._textarea = (attrs["name"], [])

    def _matches(self, attrs):
        kind, name = self.selector[0], self.selector[1:]
        if kind == "#":
            return attrs.get("id") == name
        return name in (attrs.get("class") or "").split()

    def _input(self, attrs):
        name, kind = attrs.get("name"), attrs.get("type", "text").lower()
        if not name or "disabled" in attrs or kind in UNSENT_INPUTS:
            return
        if kind in {"checkbox", "radio"}:
            if "checked" in attrs:
                self.fields.append((name, attrs.get("value", "on")))
            return
        self.fields.append((name, attrs.get("value", "")))

    def handle_data(self, data):
        if self._option is not None:
            self._option[2] += data
        if self._textarea is not None:
            self._textarea[1].append(data)

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "option" and self._option is not None:
            self._end_option()
        elif tag == "select" and self._select is not None:
            if self._option is not None:
                self._end_option()
            name, selected, multiple, values = self._select
            if not selected and not multiple and values:
                selected = [values[0]]  # a single select sends its first option by default
            self.fields.extend((name, value) for value in selected)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            # The HTML parser keeps the newline that follows <textarea>; browsers drop it.
            self.fields.append((name, "".join(text).removeprefix("\n")))
            self._textarea = None

    def _end_option(self):
        value, selected, text = self._option
        value = text.strip() if value is None else value
        name, chosen, multiple, values = self._select
        values.append(value)
        if selected:
            chosen.append(value)
        self._option = None
