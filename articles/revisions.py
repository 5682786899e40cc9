"""A story's revisions: what each save kept, how two compare, and restoring one."""


def record(*, article, by, summary=""):
    """Keep a revision of `article` as saved now, with its related rows."""
