"""The data in force for the public pages: its shapes (shapes.py: plain frozen records and the
Snapshot the planner reads) and how a snapshot is built from the database and kept for a data
version (store.py: get_snapshot())."""
