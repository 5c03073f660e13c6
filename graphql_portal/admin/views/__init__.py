"""The admin's pages, one module per area; each endpoint loads, calls the domain, renders."""
