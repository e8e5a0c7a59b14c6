# Redline — see README.md.
#   make run    open Redline on the reference plan
#   make test   every check and test CI runs
#   make bench  the benchmarks whose figures the README states
#   make lint   gofmt, go vet and staticcheck

SHELL := /bin/bash
export PATH := $(PATH):/usr/local/go/bin:$(HOME)/go/bin
GO ?= go
STATICCHECK := $(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2
# Packages that are pure Go: they build and test with CGO_ENABLED=0.
PURE := ./planner/... ./seeds/... ./storage/... ./cmd/redlinectl/...
# Packages with goroutines: also tested under the race detector (needs cgo and gcc).
RACE := ./storage/...
REFERENCE := seeds/reference-plan.redline.json

.PHONY: all run test lint bench fuzz build clean check-go

all: build

check-go:
	@command -v $(GO) >/dev/null || { echo "Go is not installed: see https://go.dev/doc/install (Go 1.26 or later)"; exit 1; }

bin/redlinectl: check-go $(shell find planner seeds storage cmd/redlinectl -type f 2>/dev/null) go.mod go.sum
	CGO_ENABLED=0 $(GO) build -o $@ ./cmd/redlinectl

build: bin/redlinectl

# Until the desktop app lands, "run" shows what Redline says about the
# reference plan: its findings and its tabletop exercise.
run: bin/redlinectl
	@./bin/redlinectl check $(REFERENCE); status=$$?; [ $$status -le 1 ] || exit $$status
	@echo
	@./bin/redlinectl exercise $(REFERENCE)

lint: check-go
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed on:"; echo "$$unformatted"; exit 1; fi
	CGO_ENABLED=0 $(GO) vet $(PURE)
	CGO_ENABLED=0 $(STATICCHECK) $(PURE)

test: lint
	CGO_ENABLED=0 $(GO) build -o /dev/null ./cmd/redlinectl
	CGO_ENABLED=0 $(GO) test -count=1 $(PURE)
	CGO_ENABLED=1 $(GO) test -count=1 -race $(RACE)

bench: check-go
	CGO_ENABLED=0 $(GO) test -run='^$$' -bench=. -benchmem -benchtime=2s ./planner/ ./storage/

# A short run of every fuzz target (the seed corpus runs in "make test").
fuzz: check-go
	CGO_ENABLED=0 $(GO) test -run='^$$' -fuzz=FuzzDecodePlan -fuzztime=60s -fuzzminimizetime=5s -parallel=1 ./planner/
	CGO_ENABLED=0 $(GO) test -run='^$$' -fuzz=FuzzLoadCheckWrite -fuzztime=60s -fuzzminimizetime=5s -parallel=1 ./planner/
	CGO_ENABLED=0 $(GO) test -run='^$$' -fuzz=FuzzParserAgreesWithEncodingJSON -fuzztime=60s -fuzzminimizetime=5s -parallel=1 ./planner/

clean:
	rm -rf bin
