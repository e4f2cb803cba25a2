"""The staff console: a Telegram bot in the staff group that serves handoff tickets.

`python -m bot.staff` runs it. New tickets get a card in the group, the person's
messages appear under it (read from Rasa's SQL event broker), and staff replies go
back through Rasa's HTTP API to the channel the person last used. README, "Staff console".
"""
