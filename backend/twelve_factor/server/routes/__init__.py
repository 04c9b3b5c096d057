"""The API's routes: thin functions that validate input, call the service and return a schema."""

from typing import Any

Responses = dict[int | str, dict[str, Any]]
NOT_FOUND: Responses = {404: {"description": "no run has this id"}}
BAD_STATUS: Responses = {400: {"description": "the run's status does not allow this action"}}
