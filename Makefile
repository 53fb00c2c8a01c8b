# ontschot: two commands do all the set-up on a fresh machine with Go and gcc.
#
#   make run    build, load the demo into a fresh SQLite file, serve it
#   make run-oidc  the same, signing in with a demo identity provider
#               (OpenID Connect) started beside it
#   make test   gofmt, go vet and every test with the race detector (it
#               first installs what the browser test and the PostgreSQL
#               tests need, see e2e-deps and pg-deps)

GO      ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
BIN     := bin/ontschot
DB      ?= var/demo.db
ADDR    ?= 127.0.0.1:8080

export CGO_ENABLED := 1

# The browser test needs headless Chromium and axe-core. e2e-deps installs
# Chromium with apt-get when it is missing (as root, or with sudo), and
# fetches axe-core from the npm registry into .cache, checked against its
# pinned SHA-256.
AXE_VERSION := 4.14.1
AXE_SHA256  := e6b0ce02b84d892e2e33e403485e7f3d6c29e2be6df65daf44d89ba564139745
AXE_JS      := .cache/axe-core/axe.min.js

.PHONY: all build run run-oidc test fmt-check vet bench fuzz loadtest loadtest-reads bigledger readbench clean e2e-deps pg-deps

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

# run-oidc serves the demo as run does, signing people in with a demo
# OpenID Provider (cmd/ontschot-provider, built with zitadel/oidc) on
# OIDC_ADDR: the demo's people with the password maatwerk-demo, in groups
# that docs/oidc-demo-roles.conf maps to roles. Password sign-in is off, so
# the provider takes the demo's accounts over. The provider stops with the
# server.
OIDC_ADDR   ?= 127.0.0.1:8081
OIDC_SECRET := var/oidc-demo-secret
PROVIDER    := bin/ontschot-provider

run-oidc: build
	$(GO) build -o $(PROVIDER) ./cmd/ontschot-provider
	@mkdir -p $(dir $(DB))
	@rm -f $(DB) $(DB)-wal $(DB)-shm $(DB).tokens
	@printf 'ontschot-demo-secret' > $(OIDC_SECRET)
	$(BIN) demo --db $(DB)
	@$(PROVIDER) --addr $(OIDC_ADDR) --client-secret-file $(OIDC_SECRET) \
		--redirect-uri http://$(ADDR)/inloggen/oidc/terug --post-logout-uri 'http://$(ADDR)/inloggen?melding=uitgelogd' & \
	PROVIDER_PID=$$!; trap 'kill $$PROVIDER_PID 2>/dev/null' EXIT INT TERM; \
	for i in 1 2 3 4 5 6 7 8 9 10; do curl -fs http://$(OIDC_ADDR)/.well-known/openid-configuration >/dev/null && break; sleep 0.5; done; \
	echo; \
	echo "Open http://$(ADDR)/ and choose \"Inloggen met uw gemeenteaccount\": the demo provider at http://$(OIDC_ADDR)"; \
	echo "asks for a name and password: anouk.bakker (caseworker), esther.dijkstra (team lead), hanna.jansen (finance),"; \
	echo "zonder.rol (no role in ontschot) and the rest of the demo's people, all with the password maatwerk-demo."; \
	echo; \
	$(BIN) serve --db $(DB) --addr $(ADDR) --oidc-issuer http://$(OIDC_ADDR) --oidc-client-id ontschot \
		--oidc-client-secret-file $(OIDC_SECRET) --oidc-roles docs/oidc-demo-roles.conf \
		--oidc-username-claim preferred_username --public-url http://$(ADDR) --password-sign-in=false

test: fmt-check vet e2e-deps pg-deps
	ONTSCHOT_REQUIRE_POSTGRES=1 $(GO) test -race -count=1 ./...

# The PostgreSQL tests start a throwaway server of their own from Debian's
# packages (initdb and pg_ctl in /usr/lib/postgresql/VERSION/bin; nothing
# listens on TCP). pg-deps installs the package when no server binaries are
# there. make test requires PostgreSQL (ONTSCHOT_REQUIRE_POSTGRES=1), so a
# missing server fails the tests rather than skipping them; or point
# ONTSCHOT_TEST_POSTGRES at a server of your own (see ledger/postgres/pgtest).
pg-deps:
	@if [ -z "$$ONTSCHOT_TEST_POSTGRES" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		echo "Installing PostgreSQL for the PostgreSQL tests (apt-get install postgresql)"; \
		SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null || \
		{ echo "Could not install PostgreSQL: install it yourself, or set ONTSCHOT_TEST_POSTGRES=postgres://user:password@host/postgres"; exit 1; }; \
	fi

e2e-deps: $(AXE_JS)
	@if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1 && ! command -v google-chrome >/dev/null 2>&1 && [ -z "$$CHROMIUM" ]; then \
		echo "Installing Chromium for the browser test (apt-get install chromium)"; \
		SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null || \
		{ echo "Could not install Chromium: install it yourself, or name its binary in CHROMIUM"; exit 1; }; \
	fi

$(AXE_JS):
	@mkdir -p .cache
	curl -fsSL -o .cache/axe-core.tgz https://registry.npmjs.org/axe-core/-/axe-core-$(AXE_VERSION).tgz
	@echo "$(AXE_SHA256)  .cache/axe-core.tgz" | sha256sum -c --quiet - || { rm -f .cache/axe-core.tgz; echo "axe-core did not match its checksum"; exit 1; }
	@mkdir -p .cache/axe-core && tar -xzf .cache/axe-core.tgz -C .cache/axe-core --strip-components=1 package/axe.min.js package/LICENSE
	@rm -f .cache/axe-core.tgz

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
	$(GO) test ./ledger/sheet -run '^$$' -fuzz '^FuzzText$$' -fuzztime 30s
	$(GO) test ./reports -run '^$$' -fuzz '^FuzzPrintable$$' -fuzztime 30s
	$(GO) test ./reports -run '^$$' -fuzz '^FuzzDocumentNames$$' -fuzztime 60s
	$(GO) test ./ledger -run '^$$' -fuzz '^FuzzHiddenBSN$$' -fuzztime 60s

clean:
	rm -rf bin var

# A load test of the HTTP service: a fresh ledger with one richly funded pot,
# LOAD_SERVERS servers on it in the background (ports from LOAD_PORT up) and
# the load generator spreading its clients over them, on this machine's
# cores (all compete for them, as the figures in the README do). LOAD_DB is
# an SQLite file (made anew) or the URL of an empty PostgreSQL database,
# which several servers can share:
#   make loadtest LOAD_DB=postgres://ontschot@localhost/loadtest LOAD_SERVERS=2
LOAD_DB      ?= var/load.db
LOAD_HOST    ?= 127.0.0.1
LOAD_PORT    ?= 8089
LOAD_SERVERS ?= 1
LOAD_CLIENTS ?= 64
LOAD_TIME    ?= 30s

loadtest: build
	@case "$(LOAD_DB)" in postgres://*|postgresql://*) ;; \
		*) mkdir -p $(dir $(LOAD_DB)) && rm -f $(LOAD_DB) $(LOAD_DB)-wal $(LOAD_DB)-shm;; esac
	@$(BIN) init --db '$(LOAD_DB)' >/dev/null
	@ADMIN=$$($(BIN) token create --db '$(LOAD_DB)' --user load.admin --role admin | tail -1); \
	FIN=$$($(BIN) token create --db '$(LOAD_DB)' --user load.finance --role finance | tail -1); \
	CW=$$($(BIN) token create --db '$(LOAD_DB)' --user load.caseworker --role caseworker | tail -1); \
	SERVERS=; URLS=; \
	for i in $$(seq 0 $$(($(LOAD_SERVERS)-1))); do \
		PORT=$$(($(LOAD_PORT)+i)); \
		$(BIN) serve --db '$(LOAD_DB)' --addr $(LOAD_HOST):$$PORT --log-level warn >/dev/null & SERVERS="$$SERVERS $$!"; \
		URLS="$$URLS$${URLS:+,}http://$(LOAD_HOST):$$PORT"; \
	done; \
	trap "kill $$SERVERS 2>/dev/null" EXIT; sleep 1; \
	API=http://$(LOAD_HOST):$(LOAD_PORT)/api/v1; \
	PRT=$$(curl -sf -H "Authorization: Bearer $$ADMIN" -H 'Content-Type: application/json' \
		-d '{"name":"Loadtest","kind":"other"}' $$API/partners | sed 's/.*"id":"\([^"]*\)".*/\1/'); \
	POT=$$(curl -sf -H "Authorization: Bearer $$ADMIN" -H 'Content-Type: application/json' \
		-d '{"name":"Loadtest","year":'$$(date +%Y)',"recoveryPolicy":"report","mandates":[{"role":"caseworker","limit":"1500.00"},{"role":"alderman"}]}' \
		$$API/pots | sed 's/^{"id":"\([^"]*\)".*/\1/'); \
	curl -sf -o /dev/null -H "Authorization: Bearer $$FIN" -H 'Content-Type: application/json' \
		-d '{"partnerId":"'$$PRT'","amount":"1000000000.00","valueDate":"'$$(date +%F)'","reference":"load"}' \
		$$API/pots/$$POT/contributions; \
	$(BIN) loadgen --url $$URLS --token $$CW --pot $$POT --clients $(LOAD_CLIENTS) --duration $(LOAD_TIME); \
	for pid in $$SERVERS; do echo "server $$pid RSS: $$(ps -o rss= -p $$pid | awk '{printf "%.0f MB", $$1/1024}')"; done

# A load test of the heavy reads: a ledger of READS_PAYOUTS payouts made
# like the demo (made once, kept in var/), the server in the background and
# READS_CLIENTS clients asking for the queue, signals, regret, timeliness,
# statements, the finance view and the legitimacy report in turn. It prints
# the answers by status and the server's peak memory (VmHWM): every answer
# must be a 200 or a 503 within 30 s.
READS_DB      ?= var/reads-$(READS_PAYOUTS).db
READS_PAYOUTS ?= 100000
READS_ADDR    ?= 127.0.0.1:8091
READS_CLIENTS ?= 64
READS_TIME    ?= 60s

loadtest-reads: build
	@mkdir -p $(dir $(READS_DB))
	@[ -f $(READS_DB) ] || { echo "Making a ledger of about $(READS_PAYOUTS) payouts in $(READS_DB) (once; minutes)"; \
		$(BIN) demo --db $(READS_DB).tmp --payouts $(READS_PAYOUTS) >/dev/null && mv $(READS_DB).tmp.tokens $(READS_DB).tokens && mv $(READS_DB).tmp $(READS_DB); }
	@AUDITOR=$$(awk '$$1=="auditor"{print $$3}' $(READS_DB).tokens); \
	$(BIN) serve --db $(READS_DB) --addr $(READS_ADDR) --log-level error >/dev/null & SERVER=$$!; \
	trap "kill $$SERVER 2>/dev/null" EXIT; sleep 2; \
	echo "server RSS at rest: $$(awk '/VmRSS/{printf "%.0f MB", $$2/1024}' /proc/$$SERVER/status)"; \
	$(BIN) loadgen --reads --url http://$(READS_ADDR) --token $$AUDITOR --clients $(READS_CLIENTS) --duration $(READS_TIME); \
	echo "server peak RSS: $$(awk '/VmHWM/{printf "%.0f MB", $$2/1024}' /proc/$$SERVER/status)"

# A large ledger made like the demo (two years of pots, with their
# payouts, allocations, evaluations and weekly batches), booked through the
# service as the demo books: for reproducing the read figures. It is built
# under a temporary name (an interrupted build's leftover is removed) and
# only then given its name; an existing file is never overwritten. The demo
# tokens and accounts are printed, and the tokens kept in BIGLEDGER.tokens.
#   make bigledger N=1000000 BIGLEDGER=/tmp/1m.db
N         ?= 1000000
BIGLEDGER ?= var/big-$(N).db

bigledger: build
	@if [ -e '$(BIGLEDGER)' ]; then \
		echo "$(BIGLEDGER) exists already, and the builder does not overwrite a ledger: remove it (with $(BIGLEDGER).tokens) or name a new file with BIGLEDGER=path"; exit 1; fi
	@mkdir -p '$(dir $(BIGLEDGER))'
	@rm -f '$(BIGLEDGER).partial' '$(BIGLEDGER).partial-wal' '$(BIGLEDGER).partial-shm' '$(BIGLEDGER).partial.tokens'
	@echo "Building a ledger of about $(N) payouts in $(BIGLEDGER) (through the service, like the demo; see the README for how long it takes)"
	@START=$$(date +%s); \
	$(BIN) demo --db '$(BIGLEDGER).partial' --payouts $(N) || exit 1; \
	mv '$(BIGLEDGER).partial.tokens' '$(BIGLEDGER).tokens' && mv '$(BIGLEDGER).partial' '$(BIGLEDGER)' || exit 1; \
	SECS=$$(( $$(date +%s) - START )); \
	echo; echo "Built $(BIGLEDGER) in $$((SECS / 60)) min $$((SECS % 60)) s; file size $$(stat -c %s '$(BIGLEDGER)' | awk '{printf "%.0f MB", $$1/1000000}'); tokens in $(BIGLEDGER).tokens"

# The read benchmark: serves DB (a copy: signing in writes sessions) with a
# server of its own and measures every page and API read of the README's
# table (median and p95 of READBENCH_RUNS runs after a warm-up), and the
# server's memory at rest, during two minutes of mixed reads and during 64
# concurrent heavy reads. It prints a Markdown table for the README. DB is
# a ledger made by the demo (make bigledger), with its tokens in DB.tokens.
#   make readbench DB=/tmp/1m-copy.db
READBENCH_RUNS ?= 10

readbench: build
	$(BIN) readbench --db '$(DB)' --runs $(READBENCH_RUNS)
