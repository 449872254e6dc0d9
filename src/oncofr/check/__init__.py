"""Check: quality warnings on the assembled result."""
