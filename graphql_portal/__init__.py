"""graphql-portal: change orders for managed-service-provider partners."""

__version__ = "0.1.0"
