"""The FastAPI server: routes, the runner that executes runs, and the event stream."""
