"""Text recognisers: numbers, comparisons, rank requests and time expressions in
bilingual (中文 / English) text.

They know nothing of any semantic model — they read text and return spans and values —
so the understanding stage (``assistant.parse``) builds on them, never the other way round:

- ``assistant.recognise.numbers``: ``parse_number``, ``find_numbers``, ``find_comparisons``, ``find_rank``;
- ``assistant.recognise.time``: ``find_time_ranges``, ``find_time_grain``, ``find_as_of``;
- ``assistant.recognise.text``: the shared normalisation and word scanning they use.
"""
