"""Partners and keys for the syndication tests, and the IPTC's ninjs schemas."""

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from syndication.models import ApiKey, Partner

NINJS = Path(__file__).resolve().parents[2].parent / "shared" / "standards" / "ninjs"


def make_partner(**overrides):
    fields = {"name": f"Partner {Partner.objects.count() + 1}"}
    fields.update(overrides)
    return Partner.objects.create(**fields)


def make_key(partner=None, *, sections=(), **overrides):
    """A saved key and the key itself (only its digest is stored)."""
    key = ApiKey(partner=partner or make_partner(), **overrides)
    raw = key.issue()
    key.save()
    key.sections.set(sections)
    return key, raw


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture(scope="session")
def ninjs_validators():
    """The IPTC's own schemas, with formats checked (date-time, uri)."""
    validators = {}
    for version in ("3.1", "2.2"):
        schema = json.loads((NINJS / f"ninjs-schema_{version}.json").read_text())
        Draft202012Validator.check_schema(schema)
        validators[version] = Draft202012Validator(schema, format_checker=FormatChecker())
    return validators


@pytest.fixture
def partner_endpoint(settings):
    """A partner's webhook on a loopback port, which the fetcher is allowed to reach."""
    from tests.syndication.webhook_server import partner_server

    settings.NEWSROOM_FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    with partner_server() as server:
        yield server
