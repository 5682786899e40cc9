"""`manage.py import_authority_ids`: Wikidata and GeoNames ids from a dump excerpt or a CSV."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from articles.models import Person, Place
from tests.articles.record_factories import make_organisation
from tests.factories import make_person, make_place

pytestmark = pytest.mark.django_db


def entity(qid, label, *, human=False, geonames=None, aliases=(), language="en"):
    """An entity as Wikidata's JSON dump gives it (only what the import reads)."""
    claims = {}
    if human:
        claims["P31"] = [{"mainsnak": {"datavalue": {"value": {"id": "Q5"}}}}]
    if geonames:
        claims["P1566"] = [{"mainsnak": {"datavalue": {"value": geonames}}}]
    return {
        "id": qid,
        "labels": {language: {"language": language, "value": label}},
        "aliases": {"en": [{"language": "en", "value": alias} for alias in aliases]},
        "claims": claims,
    }


def run(path, *args):
    out = io.StringIO()
    call_command("import_authority_ids", str(path), *args, stdout=out)
    return out.getvalue()


def test_a_dump_excerpt_fills_people_organisations_and_places(tmp_path):
    person = make_person(name="José García")
    army = make_organisation(name="Israel Defense Forces")
    city = make_place(name="Tel Aviv")
    make_person(name="Tel Aviv")  # a person named like the city: not a human entity's match
    dump = tmp_path / "excerpt.json"
    # The dump's own shape: an array, one entity a line, each followed by a comma.
    lines = [
        entity("Q100", "Jose Garcia", human=True),
        entity("Q58967", "IDF", aliases=["Israel Defense Forces"]),
        entity("Q33935", "Tel Aviv-Yafo", geonames="293397", aliases=["Tel Aviv"]),
        entity("Q999", "Nobody We Know", human=True),
    ]
    dump.write_text("[\n" + ",\n".join(json.dumps(line) for line in lines) + "\n]\n")

    output = run(dump)

    person.refresh_from_db(), army.refresh_from_db(), city.refresh_from_db()
    assert person.wikidata_id == "Q100"
    assert army.wikidata_id == "Q58967"
    assert (city.wikidata_id, city.geonames_id) == ("Q33935", "293397")
    assert "Q999: no record of that name" in output
    assert "3 records filled, 0 already had them, 1 skipped." in output
    # Again: nothing changes.
    assert "0 records filled, 3 already had them, 1 skipped." in run(dump)


def test_namesakes_are_never_guessed(tmp_path):
    make_person(name="Dana Levi", slug="dana-levi-1")
    make_person(name="Dana Levi", slug="dana-levi-2")
    dump = tmp_path / "excerpt.jsonl"
    dump.write_text(json.dumps(entity("Q7", "Dana Levi", human=True)) + "\n")
    assert "Q7: 2 records fit" in run(dump)


def test_a_csv_fills_by_slug_and_checks_the_format(tmp_path):
    make_person(slug="amnon-regev", name="Amnon Regev")
    make_place(slug="haifa", name="Haifa", wikidata_id="Q1")
    sheet = tmp_path / "ids.csv"
    sheet.write_text(
        "kind,slug,wikidata_id,geonames_id\n"
        "person,amnon-regev,Q123,\n"
        "place,haifa,Q41621,294801\n"
        "place,nowhere,Q5,\n"
        "person,amnon-regev,not-an-id,\n"
        "ship,haifa,Q2,\n"
    )

    output = run(sheet, "--dry-run")
    # Amnon Regev's id, and Haifa's GeoNames id (its Wikidata id is set: kept).
    assert "2 records would fill" in output
    assert Person.objects.get(slug="amnon-regev").wikidata_id == ""

    output = run(sheet)
    assert Person.objects.get(slug="amnon-regev").wikidata_id == "Q123"
    haifa = Place.objects.get(slug="haifa")
    assert (haifa.wikidata_id, haifa.geonames_id) == ("Q1", "294801")
    assert "line 4: no place nowhere" in output
    assert "line 5: wikidata_id not in the right format" in output
    assert "line 6: kind must be person, organisation or place" in output

    run(sheet, "--overwrite")
    assert Place.objects.get(slug="haifa").wikidata_id == "Q41621"


def test_an_id_is_never_given_to_two_records(tmp_path):
    make_person(slug="a", name="A Person", wikidata_id="Q42")
    make_person(slug="b", name="B Person")
    sheet = tmp_path / "ids.csv"
    sheet.write_text("kind,slug,wikidata_id,geonames_id\nperson,b,Q42,\n")
    assert "another record already has it" in run(sheet)


def test_a_missing_or_broken_file_says_so(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run(tmp_path / "missing.json")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json\n")
    with pytest.raises(CommandError, match="not a Wikidata JSON dump excerpt"):
        run(broken)
