"""Insights: read-only figures over orders, returns, fit answers, lane costs and shows."""
