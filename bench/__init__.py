"""Scale benchmarks: a large generated data set and the API under load beside hand-written baselines.

Run each script from the repository root as a module, e.g. `.venv/bin/python -m bench.generate
--reset`; `bench/RESULTS.md` lists the commands and the figures of one run.
"""
