# ontschot: two commands do all the set-up on a fresh machine with Go and gcc.
#
#   make run    build, load the demo into a fresh SQLite file, serve it
#   make test   gofmt, go vet and every test with the race detector

GO      ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
BIN     := bin/ontschot
DB      ?= var/demo.db
ADDR    ?= 127.0.0.1:8080

export CGO_ENABLED := 1

.PHONY: all build run test fmt-check vet bench fuzz loadtest clean

all: build

build:
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o $(BIN) ./cmd/ontschot

run: build
	@mkdir -p $(dir $(DB))
	@rm -f $(DB) $(DB)-wal $(DB)-shm $(DB).tokens
	$(BIN) demo --db $(DB)
	@echo
	@echo "Open http://$(ADDR)/ and sign in as one of the demo accounts above (password: maatwerk-demo),"
	@echo "for example anouk.bakker (caseworker), or use the API with a token (they are in $(DB).tokens):"
	@echo "  curl -H \"Authorization: Bearer \$$(awk '\$$1==\"finance\"{print \$$3}' $(DB).tokens)\" http://$(ADDR)/api/v1/pots"
	@echo "  $(BIN) verify --db $(DB)"
	@echo
	$(BIN) serve --db $(DB) --addr $(ADDR)

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

# A load test of the HTTP service: a fresh ledger with one richly funded pot,
# the server in the background and the load generator against it, on this
# machine's cores (both compete for them, as the figures in the README do).
LOAD_DB      ?= var/load.db
LOAD_ADDR    ?= 127.0.0.1:8089
LOAD_CLIENTS ?= 64
LOAD_TIME    ?= 30s

loadtest: build
	@mkdir -p $(dir $(LOAD_DB)) && rm -f $(LOAD_DB) $(LOAD_DB)-wal $(LOAD_DB)-shm
	@$(BIN) init --db $(LOAD_DB) >/dev/null
	@ADMIN=$$($(BIN) token create --db $(LOAD_DB) --user load.admin --role admin | tail -1); \
	FIN=$$($(BIN) token create --db $(LOAD_DB) --user load.finance --role finance | tail -1); \
	CW=$$($(BIN) token create --db $(LOAD_DB) --user load.caseworker --role caseworker | tail -1); \
	$(BIN) serve --db $(LOAD_DB) --addr $(LOAD_ADDR) --log-level warn >/dev/null & SERVER=$$!; \
	trap "kill $$SERVER 2>/dev/null" EXIT; sleep 1; \
	PRT=$$(curl -sf -H "Authorization: Bearer $$ADMIN" -H 'Content-Type: application/json' \
		-d '{"name":"Loadtest","kind":"other"}' http://$(LOAD_ADDR)/api/v1/partners | sed 's/.*"id":"\([^"]*\)".*/\1/'); \
	POT=$$(curl -sf -H "Authorization: Bearer $$ADMIN" -H 'Content-Type: application/json' \
		-d '{"name":"Loadtest","year":'$$(date +%Y)',"recoveryPolicy":"report","mandates":[{"role":"caseworker","limit":"1500.00"},{"role":"alderman"}]}' \
		http://$(LOAD_ADDR)/api/v1/pots | sed 's/^{"id":"\([^"]*\)".*/\1/'); \
	curl -sf -o /dev/null -H "Authorization: Bearer $$FIN" -H 'Content-Type: application/json' \
		-d '{"partnerId":"'$$PRT'","amount":"1000000000.00","valueDate":"'$$(date +%F)'","reference":"load"}' \
		http://$(LOAD_ADDR)/api/v1/pots/$$POT/contributions; \
	$(BIN) loadgen --url http://$(LOAD_ADDR) --token $$CW --pot $$POT --clients $(LOAD_CLIENTS) --duration $(LOAD_TIME); \
	echo "server RSS: $$(ps -o rss= -p $$SERVER | awk '{printf "%.0f MB", $$1/1024}')"
