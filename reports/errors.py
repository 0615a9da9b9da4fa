class DocumentError(Exception):
    """A document that cannot be requested or prepared, with the reason worded for the user."""
