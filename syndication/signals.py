"""Hearing the newsroom publish and correct, without articles knowing we listen."""


def connect():
    pass
