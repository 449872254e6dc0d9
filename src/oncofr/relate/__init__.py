"""Relate: which mentions belong together (sentence windows, recogniser links)."""
