"""Compiled execution of query operations (see `executor` and `compiler`)."""

from .executor import CompiledExecutor, compiled_execution_enabled

__all__ = ["CompiledExecutor", "compiled_execution_enabled"]
