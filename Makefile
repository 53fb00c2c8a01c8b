# ontschot: two commands do all the set-up on a fresh machine with Go and gcc.
#
#   make run    build, load the demo into a fresh SQLite file, show the pots
#   make test   gofmt, go vet and every test with the race detector

GO      ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
BIN     := bin/ontschot
DB      ?= var/demo.db

export CGO_ENABLED := 1

.PHONY: all build run test fmt-check vet bench fuzz clean

all: build

build:
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o $(BIN) ./cmd/ontschot

run: build
	@mkdir -p $(dir $(DB))
	@rm -f $(DB) $(DB)-wal $(DB)-shm
	$(BIN) demo --db $(DB)
	@echo
	@echo "The demo ledger is $(DB). Try:"
	@echo "  $(BIN) verify --db $(DB)"
	@echo "  $(BIN) backup --db $(DB) --to var/backup-$$(date +%Y%m%d%H%M%S).db"
	@echo "  $(BIN) help"

test: fmt-check vet
	$(GO) test -race -count=1 ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change these files (run gofmt -w):"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

# Benchmarks report figures; they are not part of make test. BenchmarkBalance
# builds a ledger of a million payouts once (in $$TMPDIR) and reuses it.
bench:
	$(GO) test -run '^$$' -bench . -benchtime 3s ./...

fuzz:
	$(GO) test ./ledger -run '^$$' -fuzz '^FuzzParseMoney$$' -fuzztime 30s
	$(GO) test ./ledger -run '^$$' -fuzz '^FuzzParseIBAN$$' -fuzztime 30s
	$(GO) test ./ledger -run '^$$' -fuzz '^FuzzFindBSN$$' -fuzztime 30s

clean:
	rm -rf bin var
