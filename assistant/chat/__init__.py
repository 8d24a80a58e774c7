"""The chat page (``wenshu chat``): a Chainlit front end that renders :class:`Answer`.

Pure pieces (charts, markdown, CSV, stores, users) live in their own modules so they
can be tested without a browser; ``app.py`` only wires them to Chainlit callbacks.
"""
