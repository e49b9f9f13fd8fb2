"""Core: extensions, configuration, audit trail, formatting and shared views."""
