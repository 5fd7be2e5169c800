"""Notices: what happened to a user's training or area, and what is due soon, in the user's message centre."""
