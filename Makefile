# Redline — see README.md.
#   make run    open the Redline desktop app (on first start: the reference plan)
#   make test   every check and test CI runs
#   make bench  the benchmarks whose figures the README states
#   make lint   gofmt, go vet and staticcheck
#   make pg     a throwaway PostgreSQL server for trying the team mode

SHELL := /bin/bash
export PATH := $(PATH):/usr/local/go/bin:$(HOME)/go/bin
GO ?= go
STATICCHECK := $(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2
# Packages that are pure Go: they build and test with CGO_ENABLED=0.
PURE := ./planner/... ./seeds/... ./storage/... ./app/... ./cmd/redlinectl/...
# Packages with goroutines: also tested under the race detector (needs cgo and gcc).
RACE := ./storage/... ./app/...
REFERENCE := seeds/reference-plan.redline.json
# FyneApp.toml migrates to fyne.Do (every goroutine-to-UI update goes through
# it); "fyne package" reads that and builds with this tag, so the binary that
# "make run" and the smoke test start is built with it too: one threading
# mode for all three.
FYNE_TAGS := -tags migrated_fynedo

# What Fyne's desktop driver needs to build (cgo) and what the smoke test
# runs under; installed by "make deps" when missing.
FYNE_DEBS := gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev
# The smoke test runs under xvfb; the PDF tests read exported text with
# poppler's pdftotext.
SMOKE_DEBS := xvfb xauth poppler-utils
SHOT_DEBS := x11-apps xdotool imagemagick
# The workbook's interop test opens it in ExcelJS and SheetJS under Node;
# it installs them, pinned, with npm ci from
# planner/report/workbook/testdata/interop. Installed when node or npm is
# missing (a Node from elsewhere that brings its own npm is kept).
NODE_DEBS := nodejs npm

# The team mode's store runs on PostgreSQL; the tests run the store's tests
# on a throwaway server too (scripts/pg-throwaway), which needs the server's
# programs (initdb, pg_ctl). Debian keeps them in /usr/lib/postgresql/*/bin.
PG_DEBS := postgresql
PG_THROWAWAY := scripts/pg-throwaway

.PHONY: all run test lint bench fuzz build clean check-go deps smoke screenshots package startup pg

all: build

check-go:
	@command -v $(GO) >/dev/null || { echo "Go is not installed: see https://go.dev/doc/install (Go 1.26 or later)"; exit 1; }

bin/redlinectl: check-go $(shell find planner seeds storage cmd/redlinectl -type f 2>/dev/null) go.mod go.sum
	CGO_ENABLED=0 $(GO) build -o $@ ./cmd/redlinectl

bin/redline: check-go $(shell find app planner seeds storage cmd/redline -type f 2>/dev/null) assets/icon.png FyneApp.toml go.mod go.sum
	CGO_ENABLED=1 $(GO) build $(FYNE_TAGS) -o $@ ./cmd/redline

build: bin/redlinectl

# Installs the Debian/Ubuntu packages the desktop app and the tests need, if
# any is missing (PostgreSQL's when no initdb is found where Debian puts it).
deps:
	@missing=$$(for p in $(FYNE_DEBS) $(SMOKE_DEBS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done; \
		command -v node >/dev/null && command -v npm >/dev/null || echo $(NODE_DEBS); \
		ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || echo $(PG_DEBS)); \
	if [ -n "$$missing" ]; then \
		echo "Installing the system packages the desktop app and its tests need:" $$missing; \
		if [ "$$(id -u)" -ne 0 ]; then sudo=sudo; fi; \
		$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing; \
	fi

# Opens the desktop app on the user's database; on first start it adds the
# reference plan and opens it. The first build compiles Fyne's OpenGL driver
# (about 4 minutes on 2 cores); later ones take seconds.
run: deps bin/redline
	./bin/redline

# The README's screenshots, from the real app (assets/screenshots/*.png).
screenshots: deps bin/redline bin/redlinectl
	@missing=$$(for p in $(SHOT_DEBS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then if [ "$$(id -u)" -ne 0 ]; then sudo=sudo; fi; \
		$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing; fi
	./assets/screenshots/take.sh

# Start-up figures for the README: the time to the first window of an empty
# Fyne window and of Redline, and the time to open the large benchmark plan
# (1,000 red lines, 2,000 responses, 5,000 contributions) in the editor.
startup: deps bin/redline bin/redlinectl
	@dir=$$(mktemp -d); trap 'rm -rf "$$dir"' EXIT; \
	./bin/redlinectl gen -o "$$dir/large.json"; \
	id=$$(./bin/redlinectl import --db "$$dir/s.db" "$$dir/large.json"); \
	for i in 1 2 3 4 5; do \
		xvfb-run -a ./bin/redline --empty-window --startup-report --quit-after 1500ms 2>&1 | sed -n 's/^first window/empty window, first window/p'; \
		xvfb-run -a ./bin/redline --db "$$dir/s.db" --open "$$id" --startup-report --quit-after 1500ms 2>&1 | grep -E '^(first window|plans ready|plan open)'; \
	done

# The real binary, under a virtual display, on a temporary database: it must
# start, show its window, seed the reference plan and quit cleanly by itself.
smoke: deps bin/redline bin/redlinectl
	@dir=$$(mktemp -d); trap 'rm -rf "$$dir"' EXIT; \
	REDLINE_DB="$$dir/smoke.db" timeout 120 xvfb-run -a ./bin/redline --quit-after 3s || { echo "smoke: the app did not start and quit cleanly"; exit 1; }; \
	./bin/redlinectl list --db "$$dir/smoke.db" | grep -q "Coalition reassurance force" || { echo "smoke: the first start did not add the reference plan"; exit 1; }; \
	echo "smoke: the desktop app started, seeded the reference plan and quit cleanly"

lint: check-go
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed on:"; echo "$$unformatted"; exit 1; fi
	CGO_ENABLED=0 $(GO) vet $(PURE)
	CGO_ENABLED=0 $(STATICCHECK) $(PURE)

# The tests run beside a throwaway PostgreSQL server: the store's tests run
# on SQLite and again on it, and REDLINE_REQUIRE_PG=1 makes a server that
# cannot be started (or reached) fail the run rather than skip that half.
test: lint deps
	CGO_ENABLED=0 $(GO) build -o /dev/null ./cmd/redlinectl
	REDLINE_REQUIRE_PG=1 REDLINE_REQUIRE_PDFTOTEXT=1 REDLINE_REQUIRE_NODE=1 CGO_ENABLED=0 $(PG_THROWAWAY) $(GO) test -count=1 -timeout 30m $(PURE)
	REDLINE_REQUIRE_PG=1 CGO_ENABLED=1 $(PG_THROWAWAY) $(GO) test -count=1 -race -timeout 30m $(RACE)
	$(MAKE) smoke

# A throwaway PostgreSQL server for trying the team mode: it says how to
# open the app (in other terminals, as two people would) on it, and runs
# until Ctrl-C, which stops it and deletes it with its data.
pg: deps
	@$(PG_THROWAWAY) scripts/pg-wait

bench: check-go deps
	CGO_ENABLED=0 $(GO) test -run='^$$' -bench=. -benchmem -benchtime=2s ./planner/
	CGO_ENABLED=0 $(PG_THROWAWAY) $(GO) test -run='^$$' -bench=. -benchmem -benchtime=2s ./storage/
	CGO_ENABLED=0 $(GO) test -run='^$$' -bench=. -benchmem -benchtime=3x ./planner/report/...
	CGO_ENABLED=0 $(GO) test -run='^$$' -bench=. -benchmem -benchtime=200x ./planner/edit/
	CGO_ENABLED=0 $(GO) test -run='^$$' -bench=RunStep -benchmem -benchtime=300x ./app/
	CGO_ENABLED=0 $(GO) test -run='^$$' -bench=EditLargePlanUI -benchmem -benchtime=100x ./app/

# A short run of every fuzz target (the seed corpus runs in "make test").
fuzz: check-go
	CGO_ENABLED=0 $(GO) test -run='^$$' -fuzz=FuzzDecodePlan -fuzztime=60s -fuzzminimizetime=5s -parallel=1 ./planner/
	CGO_ENABLED=0 $(GO) test -run='^$$' -fuzz=FuzzLoadCheckWrite -fuzztime=60s -fuzzminimizetime=5s -parallel=1 ./planner/
	CGO_ENABLED=0 $(GO) test -run='^$$' -fuzz=FuzzParserAgreesWithEncodingJSON -fuzztime=60s -fuzzminimizetime=5s -parallel=1 ./planner/

# A desktop package for Linux (Redline.tar.xz: binary, .desktop file, icon),
# built with Fyne's packaging tool. "make install" of the unpacked archive
# installs it for the user; --target windows or darwin on those systems.
package: deps
	$(GO) run fyne.io/tools/cmd/fyne@v1.7.4 package --target linux --src cmd/redline --icon ../../assets/icon.png \
		--name Redline --app-id org.redlineplanning.redline --release

clean:
	rm -rf bin Redline.tar.xz
