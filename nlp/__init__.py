"""Enriching documents: spaCy entities, rules, and (next) figures, dates and countries."""
