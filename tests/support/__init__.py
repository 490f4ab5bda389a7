"""Helpers shared by every test group: the local API server and spec and path helpers."""
