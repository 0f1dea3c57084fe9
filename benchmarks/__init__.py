"""Performance tooling: the page list, the EXPLAIN capture and the load benchmark.
Not imported by the application; `benchmarks.urls` is mounted only by the benchmark's settings."""
