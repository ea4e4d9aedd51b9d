"""The Vietnamese text layer: tone placement, sentences, words, document structure."""
