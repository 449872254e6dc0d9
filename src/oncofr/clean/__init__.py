"""Clean: build the offset-keeping clean view that recognisers read."""
