"""Custom Rasa NLU components: language detection and per-language tokenizing."""
