# Passerelle: `make run` to start the assistant, `make test` to check everything.
SHELL := /bin/bash
export PYTHONPATH := $(CURDIR)
# Offline by design: no usage telemetry leaves the machine.
export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
PY := .venv/bin/python
RASA := .venv/bin/rasa
MODEL := models/passerelle.tar.gz
# Everything under nlu/ is trained on; the held-out split lives in tests/nlu/.
TRAIN_DATA := nlu stories

.PHONY: help venv responses model run chat test validate pytest test-stories test-nlu bench constraints clean

help:
	@echo "make run    start the assistant (REST channel) and the action server"
	@echo "make chat   talk to the running assistant in this terminal"
	@echo "make test   run every check"
	@echo "make bench  print quality and speed figures"

venv:
	@scripts/setup-venv

# Rasa's responses, generated from locales/ (the only place sentences live)
responses: venv
	@$(PY) -m bot.locales build

model: responses
	@scripts/train

run: model
	@scripts/run

chat: venv
	@$(PY) -m bot.cli chat

validate: responses
	$(RASA) data validate --data $(TRAIN_DATA) --domain domain --config config.yml --fail-on-warnings

pytest: model
	$(PY) -m pytest -q tests

# Dialogue in every language; NLU is gated by test-nlu (the held-out split).
test-stories: model
	$(RASA) test core --model $(MODEL) --stories tests/stories \
	  --fail-on-prediction-errors --out reports/stories

test-nlu: model
	$(PY) -m bot.cli eval-nlu --model $(MODEL) --min-accuracy 0.90 --out reports/nlu

# pytest last: its summary closes the run (CI reads it)
test: validate test-stories test-nlu pytest

bench: model
	$(PY) -m bench

# Refresh constraints.txt from the current environment after changing requirements.txt.
constraints: venv
	@(echo "# Every package of the tested environment (pip freeze). Regenerate with: make constraints"; \
	  $(PY) -m pip freeze --exclude-editable) > constraints.txt

clean:
	rm -rf models reports .rasa var/*.db
