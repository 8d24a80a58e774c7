"""The LLM's prompt files (``*.md``), loaded by name by ``assistant/llm/prompts.py``.

A package only so that the files ship in the wheel and are found with importlib.resources;
there is no code here.
"""
