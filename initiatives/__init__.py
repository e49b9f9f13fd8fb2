"""Initiatives: programmes, submission, co-authors, attachments, lists, Excel import and export."""
