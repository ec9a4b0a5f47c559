# Targets: test (the README's test command), lint, bench, build, demo.
GO ?= go

.PHONY: test lint bench build demo
test:
	scripts/test

lint:
	gofmt -l . | (! grep .)
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...

# Parser micro-benchmarks and the ingest harness (ratio against DuckDB's read_csv).
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...
	$(GO) run ./cmd/cityspend bench ingest --lines 1000000

build:
	$(GO) build -o cityspend ./cmd/cityspend

demo:
	$(GO) run ./cmd/cityspend demo
