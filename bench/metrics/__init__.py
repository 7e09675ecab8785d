"""One module per group of benchmarks; each returns :class:`bench.metrics.common.Metric` rows."""
