"""Reading a question: the words it mentions (frame), the cue words around them, what is said around the question."""
