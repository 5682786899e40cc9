"""Changes proposed to a published story: they wait, as a revision, for an editor.

A journalist cannot change a story readers can see (`workflow.can_edit`), but may propose
changes to their own; an editor may propose too, for a second pair of eyes. The live story
stays as it is until an editor publishes the changes (`revisions.apply()`, so the page
cache forgets through the usual signals) or sends them back. Each step is noted in the
story's workflow history.
"""

from django.db import transaction
from django.utils import timezone

from articles import restoring, revisions, workflow
from articles.models import Article, Revision

Proposal = Revision.Proposal


def can_propose(user, article):
    """A published story (live or scheduled) that is the user's own, or any for an editor,
    while no other changes wait for it."""
    if article.pk is None or article.status != Article.Status.PUBLISHED:
        return False
    if not user.has_perm("articles.change_article"):
        return False
    if not (workflow.can_publish(user) or workflow.is_own(user, article)):
        return False
    return waiting_for(article) is None


def must_propose(user, article):
    """The user's saves of this story become proposed changes, never live ones."""
    return not workflow.can_edit(user, article) and can_propose(user, article)


def waiting_for(article):
    """The changes waiting for this story, or None (remembered on the story object)."""
    if "_waiting_proposal" not in article.__dict__:
        article._waiting_proposal = (
            Revision.objects.waiting()
            .filter(article_id=article.pk)
            .select_related("created_by")
            .first()
        )
    return article._waiting_proposal


@transaction.atomic
def propose(*, article, data, by, note=""):
    """Keep `data` (a snapshot of the story as changed) as changes waiting for an editor;
    None when it is the story as published."""
    revisions.lock(article)
    if not revisions.compare(revisions.snapshot(article), data):
        return None
    summary = "Changes proposed" + (f": {note}" if note else "")
    proposal = Revision.objects.create(
        article_id=article.pk,
        number=revisions.next_number(article),
        data=data,
        summary=summary[:300],
        created_by=by,
        proposal=Proposal.WAITING,
        note=note,
    )
    _note_step(article, by, f"Proposed changes (revision {proposal.number})", note)
    article.__dict__.pop("_waiting_proposal", None)
    return proposal


@transaction.atomic
def publish(*, proposal, by, note=""):
    """Make the story what the proposal holds; return the plan done (revisions.apply)."""
    proposal = _claim(proposal)
    plan = restoring.apply(
        revision=proposal,
        by=by,
        before=f"Kept before publishing the changes of revision {proposal.number}",
        after=f"Published the changes of revision {proposal.number}",
    )
    _decide(proposal, Proposal.PUBLISHED, by, note)
    _note_step(
        proposal.article, by, f"Published proposed changes (revision {proposal.number})", note
    )
    return plan


@transaction.atomic
def send_back(*, proposal, by, note=""):
    """Turn the proposal down: the live story is left as it is."""
    proposal = _claim(proposal)
    _decide(proposal, Proposal.SENT_BACK, by, note)
    _note_step(
        proposal.article, by, f"Sent proposed changes back (revision {proposal.number})", note
    )


class AlreadyDecided(Exception):
    """Another editor published or sent back these changes first."""


def _claim(proposal):
    claimed = Revision.objects.select_for_update().select_related("article").get(pk=proposal.pk)
    if claimed.proposal != Proposal.WAITING:
        raise AlreadyDecided(claimed.get_proposal_display())
    return claimed


def _decide(proposal, outcome, by, note):
    proposal.proposal = outcome
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.decision_note = note
    proposal.save(update_fields=["proposal", "decided_by", "decided_at", "decision_note"])


def _note_step(article, by, what, note):
    # The story's status does not move: the history shows the step as a note.
    workflow.record_transition(
        article=article,
        from_status=article.status,
        by=by,
        note=f"{what}: {note}" if note else what,
    )
