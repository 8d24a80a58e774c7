"""Building a SemanticQuery from what was read: figures, aggregates, comparisons, shares, rows that choose customers."""
