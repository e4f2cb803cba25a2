"""Custom actions run by the rasa-sdk action server (`make run` starts it)."""
