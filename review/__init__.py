"""Review: duplicate detection, councils, scoring entry, decisions."""
