"""Metrics for operators in Prometheus's text format (`GET /metrics`): requests and latency
per route, viewers per show, event fan-out latency, Janus viewers and restarts, the email
outbox's backlog. Built per app (no process-wide registry), read at scrape time."""
