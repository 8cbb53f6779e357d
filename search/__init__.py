"""Indexing and querying analysed documents behind one backend protocol."""
