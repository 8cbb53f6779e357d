"""Reading files into documents: data model, readers, normalisation, language detection."""
