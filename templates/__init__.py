"""The Jinja templates of the web front end, shipped as package data (newsarchive.templates)."""
