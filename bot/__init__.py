"""Passerelle: a multilingual assistant for asylum seekers (Rasa 3.6)."""
