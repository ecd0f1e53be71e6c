# driftfix — `make help` lists the targets.
SHELL := /usr/bin/env bash
GO ?= go
TERRAFORM_VERSION ?= 1.5.7
BIN := $(CURDIR)/bin
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)
export DRIFTFIX_TERRAFORM := $(BIN)/terraform
export TERRAFORM_VERSION

.DEFAULT_GOAL := help
.PHONY: help build terraform moto postgres chromium test bench fuzz lint demo clean

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

build: ## build ./bin/driftfix (static: CGO_ENABLED=0)
	CGO_ENABLED=0 $(GO) build -ldflags "$(LDFLAGS)" -o $(BIN)/driftfix ./cmd/driftfix

terraform: ## make sure Terraform v1.5.7 is in ./bin (or on PATH)
	@scripts/ensure-terraform.sh

moto: ## make moto_server available for the drift test against moto (never fails)
	@scripts/ensure-moto.sh

postgres: ## make PostgreSQL's server binaries available for the store tests (apt if missing)
	@scripts/ensure-postgres.sh

chromium: ## make Chromium available for the dashboard's headless-browser test (apt if missing)
	@scripts/ensure-chromium.sh

test: lint terraform moto postgres chromium ## lint, install what the tests need and run every test
	$(GO) test -race -count=1 -timeout 25m ./...

bench: build moto ## secrets detector precision and recall; benchmark scan (with terraform fmt), fix --dry-run, the unmanaged AWS sweeps (awslocal, and moto for each family of types), agreement with trivy
	$(GO) run ./tools/bench -bin $(BIN)/driftfix -secrets testdata/secrets
	@echo
	@echo "unmanaged sweep of 10,000 resources against awslocal, 20 ms latency per call:"
	$(GO) test ./cloud/aws -run '^$$' -bench '^BenchmarkSweep$$' -benchtime 3x
	@echo
	@echo "unmanaged sweeps of 10,000 resources of each family (IAM, network, data, logs, compute) against moto, through the fault proxy at 20 ms per call:"
	$(GO) test ./cloud/aws -run '^$$' -bench '^BenchmarkSweep(IAM|Network|Data|Logs|Compute)$$' -benchtime 2x -timeout 60m
	@echo
	$(GO) run ./tools/agreement -trivy "$$(scripts/ensure-trivy.sh)"

fuzz: ## run each fuzz target for FUZZTIME (default 30s)
	$(GO) test ./iac -run '^$$' -fuzz '^FuzzLoad$$' -fuzztime $${FUZZTIME:-30s}
	$(GO) test ./iac -run '^$$' -fuzz '^FuzzEdit$$' -fuzztime $${FUZZTIME:-30s}
	$(GO) test ./iac -run '^$$' -fuzz '^FuzzParsePieces$$' -fuzztime $${FUZZTIME:-30s}
	$(GO) test ./iac -run '^$$' -fuzz '^FuzzFormatPlain$$' -fuzztime $${FUZZTIME:-30s}
	$(GO) test ./config -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $${FUZZTIME:-30s}
	$(GO) test ./attrpath -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $${FUZZTIME:-30s}
	$(GO) test ./secrets -run '^$$' -fuzz '^FuzzClassify$$' -fuzztime $${FUZZTIME:-30s}

lint: ## go vet, gofmt, staticcheck and the dead-code check
	$(GO) vet ./...
	@test -z "$$(gofmt -l .)" || { echo "gofmt needed:"; gofmt -l .; exit 1; }
	$(GO) tool staticcheck ./...
	@# deadcode exits 0 even when it finds something: fail on any output.
	@out="$$($(GO) tool deadcode -test ./...)" || exit 1; \
	 test -z "$$out" || { echo "unreachable code (go tool deadcode -test ./...):"; echo "$$out"; exit 1; }

demo: build terraform ## run the main job end to end on the bundled example
	@scripts/demo.sh $(BIN)/driftfix

clean: ## remove build output and scratch state
	rm -rf $(BIN)/driftfix .driftfix
