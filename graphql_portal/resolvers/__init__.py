"""Thin functions behind the schema: who is asking, load (batched), call the domain, return models."""
