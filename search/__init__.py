"""The read side of newsarchive: the index format (schema) and every query against it.

Both the web app and the CLI search through this package; it never imports spaCy or indexer/.
"""
