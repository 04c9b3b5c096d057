"""The API's routes: thin functions that validate input, call the service and return a schema."""
