"""How the desk names a staff member, wherever a page shows who did something."""


def display_name(user):
    """The user's full name, else their user name."""
    return user.get_full_name() or user.get_username()
