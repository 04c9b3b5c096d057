"""Twelve-Factor Agents: reliable LLM agents as an append-only thread of events."""

__version__ = "0.1.0"
