"""Filling the records' authority ids (Wikidata, GeoNames) from files, never the internet.

The servers may not reach Wikidata, so `manage.py import_authority_ids` reads what someone
downloaded: a Wikidata JSON dump excerpt (the dump's array, one entity a line, or JSON
lines) or a CSV the desk wrote (`kind,slug,wikidata_id,geonames_id`). A CSV names each
record by slug; a dump entity is matched by its labels and aliases, folded as the newsroom
checks fold names, to exactly one record: a human (P31 = Q5) to a person, anything else to
an organisation or a place (a place when it has a GeoNames id, P1566). An entity matching
no record, or more than one, fills nothing and is reported. Ids already set stay unless
`overwrite`; an id another record of the kind already holds is never given twice.
"""

import csv
import json
from dataclasses import dataclass, field

from django.db import transaction

from articles.models import Organisation, Person, Place
from articles.models.records import geonames_id_validator, wikidata_id_validator
from articles.text_matching import fold

MODELS = {"person": Person, "organisation": Organisation, "place": Place}
HUMAN = "Q5"


@dataclass
class Report:
    """What an import did, by outcome: lists of sentences for the command to print."""

    filled: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    skipped: list = field(default_factory=list)


def read_entities(path):
    """The entities of a Wikidata JSON dump excerpt: a JSON array, or one entity a line
    (with the dump's trailing commas and bracket lines)."""
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    try:
        data = json.loads(text)
        return data if isinstance(data, list) else [data]
    except json.JSONDecodeError:
        pass
    entities = []
    for line in text.splitlines():
        line = line.strip().rstrip(",")
        if line and line not in {"[", "]"}:
            entities.append(json.loads(line))
    return entities


def _claim_values(entity, prop):
    values = []
    for claim in entity.get("claims", {}).get(prop, []):
        value = claim.get("mainsnak", {}).get("datavalue", {}).get("value")
        values.append(value.get("id") if isinstance(value, dict) else value)
    return [value for value in values if value]


def _names(entity):
    labels = [label.get("value", "") for label in entity.get("labels", {}).values()]
    aliases = [
        alias.get("value", "")
        for per_language in entity.get("aliases", {}).values()
        for alias in per_language
    ]
    return {fold(name) for name in labels + aliases if name}


def _valid(validator, value):
    try:
        validator(value)
    except Exception:  # noqa: BLE001 (a ValidationError: the value is simply not used)
        return False
    return True


def _set(record, values, *, overwrite, report, label):
    changes = {
        name: value
        for name, value in values.items()
        if value and (overwrite or not getattr(record, name)) and getattr(record, name) != value
    }
    taken = [
        name
        for name, value in changes.items()
        if type(record).objects.filter(**{name: value}).exclude(pk=record.pk).exists()
    ]
    if taken:
        report.skipped.append(f"{label}: {record.name} not given {', '.join(taken)} "
                              "(another record already has it)")  # fmt: skip
        return
    if not changes:
        report.unchanged.append(f"{label}: {record.name} already has its ids")
        return
    for name, value in changes.items():
        setattr(record, name, value)
    record.save(update_fields=list(changes))
    shown = ", ".join(f"{name.removesuffix('_id')} {value}" for name, value in changes.items())
    report.filled.append(f"{label}: {record.name} ← {shown}")


@transaction.atomic
def import_wikidata(path, *, overwrite=False):
    """Fill ids from a Wikidata JSON dump excerpt; a Report."""
    report = Report()
    for entity in read_entities(path):
        qid = entity.get("id", "")
        if not _valid(wikidata_id_validator, qid):
            report.skipped.append(f"{qid or 'an entity without id'}: not a Wikidata item id")
            continue
        names = _names(entity)
        geonames = [g for g in _claim_values(entity, "P1566") if _valid(geonames_id_validator, g)]
        if HUMAN in _claim_values(entity, "P31"):
            kinds = ["person"]
        else:
            kinds = ["place"] if geonames else ["organisation", "place"]
        found = [
            (kind, record)
            for kind in kinds
            for record in MODELS[kind].objects.filter(folded_name__in=names)
        ]
        if len(found) != 1:
            why = "no record of that name" if not found else f"{len(found)} records fit"
            report.skipped.append(f"{qid}: {why}")
            continue
        kind, record = found[0]
        values = {"wikidata_id": qid}
        if kind == "place" and geonames:
            values["geonames_id"] = geonames[0]
        _set(record, values, overwrite=overwrite, report=report, label=qid)
    return report


@transaction.atomic
def import_csv(path, *, overwrite=False):
    """Fill ids from a CSV with the columns kind, slug, wikidata_id, geonames_id."""
    report = Report()
    with open(path, encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            label = f"line {number}"
            model = MODELS.get((row.get("kind") or "").strip().lower())
            if model is None:
                report.skipped.append(f"{label}: kind must be person, organisation or place")
                continue
            record = model.objects.filter(slug=(row.get("slug") or "").strip()).first()
            if record is None:
                report.skipped.append(f"{label}: no {model._meta.verbose_name} {row.get('slug')}")
                continue
            values = {"wikidata_id": (row.get("wikidata_id") or "").strip()}
            if model is Place:
                values["geonames_id"] = (row.get("geonames_id") or "").strip()
            bad = [
                name
                for name, value in values.items()
                if value
                and not _valid(
                    wikidata_id_validator if name == "wikidata_id" else geonames_id_validator,
                    value,
                )
            ]
            if bad:
                report.skipped.append(f"{label}: {', '.join(bad)} not in the right format")
                continue
            _set(record, values, overwrite=overwrite, report=report, label=label)
    return report
