"""`make bench`: figures on answer quality and speed, ours beside stock Rasa's."""
