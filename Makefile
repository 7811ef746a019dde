# hostile: `make run` serves a simulated host, `make test` runs every suite.
GO      ?= go
BIN     := bin/hostile
PKGS    := ./...

.PHONY: all build run test lint bench clean

all: lint test

build:
	$(GO) build -o $(BIN) ./cmd/hostile

# The main job: a simulated Debian 12 host on 127.0.0.1:2222 (ops/ops, root/root).
run: build
	./$(BIN) serve

# Every suite, with the race detector; goleak checks each package for leaks.
test: lint
	$(GO) test -race -count=1 -timeout 20m $(PKGS)

lint:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	$(GO) vet $(PKGS)

# Speed and memory, side by side; see the README for what each figure means.
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./simhost/...

clean:
	rm -rf bin
