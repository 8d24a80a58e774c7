"""No silent drops: every word of a question is used by the query, or is a language word safe to leave out."""
