"""Prompt evals (factor 2): cases of a thread and the next step it must produce."""
