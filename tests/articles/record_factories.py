"""Factories for the records of issue 17: organisations, roles, boilerplate patterns.
Plain functions with defaults and **overrides, like tests/factories.py."""

from articles.models import BoilerplatePattern, Organisation, Role
from tests.factories import _n


def make_organisation(**overrides):
    n = _n()
    fields = {"name": f"Organisation {n}", "slug": f"organisation-{n}"}
    fields.update(overrides)
    return Organisation.objects.create(**fields)


def add_role(person, organisation=None, **overrides):
    """A role `person` holds (open-ended, undated unless told) in a (new) organisation."""
    fields = {"title": "Spokesperson"}
    fields.update(overrides)
    return Role.objects.create(
        person=person, organisation=organisation or make_organisation(), **fields
    )


def make_boilerplate(**overrides):
    n = _n()
    fields = {"name": f"Pattern {n}", "kind": BoilerplatePattern.Kind.PHRASE, "pattern": "…"}
    fields.update(overrides)
    return BoilerplatePattern.objects.create(**fields)
