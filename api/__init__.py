"""The entry points: settings, wiring, HTTP app and CLI; the one package that knows the others."""
