"""Handing a conversation to staff: when staff are on shift, and why a ticket opens."""
