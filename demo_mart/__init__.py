"""The demo bank data mart generator (``generate.generate_mart``), apart from the runtime.

Only the commands that build demo data import it, inside the command (``wenshu data
generate``; ``ensure_demo_mart`` for ``wenshu demo``, ``chat`` and ``slack``). It may import
``assistant`` and ``semantic_layer``; they never import it at module level.
"""
