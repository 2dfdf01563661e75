"""Sample data: a believable business (customers, leads, customer jobs, BOMs and quotes) for
first runs, demos and benchmarks. Callers use `sample_data.load_sample_data` (the window and
`gojee demo`) or `generate.generate_demo` (jobs only, for tests and benchmarks); the other
modules are its parts. Imported only when sample data is wanted: it costs start-up time."""
