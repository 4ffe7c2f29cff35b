"""The write side of newsarchive: read archive files, clean them, find entities, write the index.

indexer/ is the only writer of the Whoosh index. It imports the schema from search/;
nothing in search/ or web/ imports from here.
"""
