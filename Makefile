# hostile: `make run` replays the escalations, `make test` runs every suite.
GO      ?= go
BIN     := bin/hostile
PKGS    := ./...

.PHONY: all build run serve deps images image capture test fuzz lint bench bench-deps clean

all: lint test

build:
	$(GO) build -o $(BIN) ./cmd/hostile

# The main job: every scenario of the library replayed against both profiles of
# the reference product client, on simulated hosts, with a verdict table.
run: build
	./$(BIN) replay

# A simulated Debian 12 host on 127.0.0.1:2222 (ops/ops, root/root) to poke at by hand.
serve: build
	./$(BIN) serve

# The real clients the suites drive (the OpenSSH tools, PuTTY's, Dropbear's,
# paramiko, asyncssh, curl on libssh2, rsync, sshpass for the README's
# walk-through) and debootstrap for the
# container targets' images, from Debian.
deps:
	@missing=""; \
	for t in ssh sftp scp ssh-keyscan ssh-agent ssh-add; do command -v $$t >/dev/null || missing="openssh-client"; done; \
	command -v plink >/dev/null || missing="$$missing putty-tools"; \
	command -v dbclient >/dev/null || missing="$$missing dropbear-bin"; \
	command -v curl >/dev/null || missing="$$missing curl"; \
	command -v rsync >/dev/null || missing="$$missing rsync"; \
	command -v sshpass >/dev/null || missing="$$missing sshpass"; \
	/usr/bin/python3 -c 'import paramiko' 2>/dev/null || missing="$$missing python3-paramiko"; \
	/usr/bin/python3 -c 'import asyncssh' 2>/dev/null || missing="$$missing python3-asyncssh"; \
	/usr/bin/python3 -c 'import pytest' 2>/dev/null || missing="$$missing python3-pytest"; \
	command -v debootstrap >/dev/null || missing="$$missing debootstrap"; \
	if [ -n "$$missing" ]; then \
	  echo "installing $$missing"; apt-get update && apt-get install -y --no-install-recommends $$missing; \
	fi

# The real OS targets' base images, built from Debian's packages with
# debootstrap (no registry); an image that exists for the current recipe is
# skipped, so a second run takes a second. Without a Docker engine it says so
# and the container specs skip (or fail, under HOSTILE_REQUIRE_DOCKER=1).
images: deps
	$(GO) run ./cmd/hostile images

# The Debian personalities' base systems (file tree, /etc texts, dpkg status,
# program versions), captured from the images of the current recipe into
# simhost/personality/data; a test fails while they are stale.
capture: images
	$(GO) run ./cmd/hostile capture

# The lab itself as a container image, built from scratch: one static binary
# and an empty /tmp, no base image to pull. Its entrypoint is hostile serve on
# 0.0.0.0 with the control API on (which there needs HOSTILE_TOKEN) and ports
# 2300-2309 for hosts a test starts over the API. README: "The lab as a service".
# The image it replaces is removed, so repeated runs leave no untagged images.
IMAGE ?= hostile:latest
image:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	CGO_ENABLED=0 $(GO) build -trimpath -o "$$tmp/hostile" ./cmd/hostile && \
	mkdir -m 1777 "$$tmp/tmp" && \
	old=$$(docker image inspect -f '{{.Id}}' $(IMAGE) 2>/dev/null || true) && \
	tar -C "$$tmp" --owner=0 --group=0 --numeric-owner -c . | docker import \
	  -c 'ENTRYPOINT ["/hostile", "serve", "--addr", "0.0.0.0:2222", "--control", "0.0.0.0:8474", "--host-ports", "2300-2309"]' \
	  -c 'EXPOSE 2222 8474 2300-2309' -c 'USER 65534:65534' -c 'ENV HOME=/tmp' - $(IMAGE) >/dev/null && \
	new=$$(docker image inspect -f '{{.Id}}' $(IMAGE)) && \
	if [ -n "$$old" ] && [ "$$old" != "$$new" ]; then docker image rm "$$old" >/dev/null 2>&1 || true; fi && \
	echo "built $(IMAGE)"

# Every suite, with the race detector; goleak checks each package for leaks.
# Four test binaries at once rather than one per core: the suites, the CLI's
# and the harness's mostly wait on containers, and the others' CPU fills it.
# Then the soak (label slow: 20,000 sessions and 1,000 hung ones on one host) and
# the abuse suite (label abuse: one user's attacks against a host while another
# client is served, ~10 s) in a build without -race, whose memory and pace would
# be the detector's, not the host's; and each fuzzer for a few seconds (make
# fuzz gives them longer).
test: deps lint images image build
	$(GO) test -race -count=1 -p 4 -timeout 45m $(PKGS)
	HOSTILE_BIN=$(CURDIR)/$(BIN) /usr/bin/python3 -m pytest -q -p no:cacheprovider examples/python-product
	$(GO) test -count=1 -timeout 10m -run TestSimhost ./simhost -ginkgo.label-filter=slow
	$(GO) test -count=1 -timeout 5m -run TestSimhost ./simhost -ginkgo.label-filter=abuse
	$(MAKE) --no-print-directory fuzz FUZZTIME=5s

# Each fuzzer for FUZZTIME (their seed corpora also run as plain tests in
# make test's go test): the scenario parser, the shell on arbitrary scripts,
# the control API on arbitrary requests.
FUZZTIME ?= 2m
fuzz:
	$(GO) test -run '^$$' -fuzz FuzzParse -fuzztime $(FUZZTIME) ./scenarios
	$(GO) test -run '^$$' -fuzz FuzzShell -fuzztime $(FUZZTIME) ./simhost/internal/commands
	$(GO) test -run '^$$' -fuzz FuzzControlAPI -fuzztime $(FUZZTIME) ./simhost/control

# gofmt, go vet, staticcheck (fetched by version through the module proxy) and
# a go.mod that go mod tidy would not change.
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
lint:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	$(GO) vet $(PKGS)
	$(GO) run $(STATICCHECK) $(PKGS)
	$(GO) mod tidy -diff

# Speed and memory side by side with OpenSSH's sshd and a container target, in
# one run on this machine, written to BENCHMARKS.md; then the Go benchmarks of
# the simulated host's pieces. Not part of make test.
bench: build bench-deps
	./$(BIN) bench --out BENCHMARKS.md
	$(GO) test -run '^$$' -bench . -benchmem ./simhost/

# OpenSSH's sshd, which make bench measures the lab against, from Debian.
bench-deps:
	@if ! command -v sshd >/dev/null && [ ! -x /usr/sbin/sshd ]; then \
	  echo "installing openssh-server"; apt-get update && apt-get install -y --no-install-recommends openssh-server; \
	fi

clean:
	rm -rf bin
