"""newsarchive: full-text search for news archives, with people, countries and organizations."""

__version__ = "0.1.0"
