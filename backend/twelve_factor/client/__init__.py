"""Clients of an agent: the terminal (`tfa run`) and, over HTTP, the API client."""
