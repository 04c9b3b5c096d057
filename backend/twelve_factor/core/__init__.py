"""The core library: events, the reducer, tools, context and model clients. No storage, no HTTP."""
