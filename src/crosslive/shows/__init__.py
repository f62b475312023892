"""Live shows: schedule, hosts, target markets and the products lined up."""
