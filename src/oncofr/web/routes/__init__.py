"""The application's routers: API under /v1, health, pages and login."""
