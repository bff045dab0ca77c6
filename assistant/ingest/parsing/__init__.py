"""Parsers that turn a document's text into sheets; chosen by the document's kind."""
