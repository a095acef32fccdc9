# Build, test and maintenance targets for numkern.
#
#   make test            everything CI runs (needs qemu-user-static for arm64)
#   make lint            gofmt check and go vet for amd64 and arm64
#   make generate        regenerate generated files (go generate)
#   make check-generate  fail if go generate changes any generated file
#   make fuzz            run each Fuzz target for $(FUZZTIME)
#   make bench           run the benchmark command

GO       ?= go
QEMU     ?= qemu-aarch64-static
FUZZTIME ?= 10s

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
# The steps of `test` must run in order, even under make -j.
.NOTPARALLEL:

.PHONY: test lint fmt vet check-qemu test-native test-purego test-v3 test-race test-gen \
	test-arm64 generate check-generate bench fuzz

test: check-qemu fmt vet test-native test-purego test-v3 test-race test-arm64 test-gen check-generate
	@echo "make test: all steps passed"

lint: fmt vet

# gofmt check over the module's Go files (testdata directories excluded).
fmt:
	@echo "== gofmt -l"
	@out=$$(find . -name '*.go' -not -path './.git/*' -not -path '*/testdata/*' -print0 | xargs -0 -r gofmt -l); \
	if [ -n "$$out" ]; then \
		echo "gofmt: these files are not formatted (run gofmt -w):" >&2; \
		echo "$$out" >&2; \
		exit 1; \
	fi

vet:
	@echo "== go vet ./... (native, then GOARCH=arm64)"
	$(GO) vet ./...
	GOARCH=arm64 $(GO) vet ./...

check-qemu:
	@command -v $(QEMU) >/dev/null 2>&1 || { \
		echo "error: $(QEMU) not found: the arm64 tests run under qemu user-mode emulation." >&2; \
		echo "Install it with: apt-get install qemu-user-static (or set QEMU=/path/to/qemu-aarch64)" >&2; \
		exit 1; \
	}

test-native:
	$(GO) test ./...

test-purego:
	$(GO) test -tags purego ./...

test-v3:
	GOAMD64=v3 $(GO) test ./...

test-race:
	$(GO) test -race -short ./...

# The generator module: its own vet and tests (pinned arm64 encodings, the
# generated-file model checks).
test-gen:
	@if [ -f gen/go.mod ]; then cd gen && $(GO) vet ./... && $(GO) test ./...; fi

# arm64 under emulation, first as a plain ARMv8.0 core (Cortex-A53: ASIMD
# only), then as qemu's default "max" CPU (SVE, SVE2, ...).
test-arm64: check-qemu
	QEMU_CPU=cortex-a53 GOARCH=arm64 $(GO) test -short -exec $(QEMU) ./...
	env -u QEMU_CPU GOARCH=arm64 $(GO) test -short -exec $(QEMU) ./...

# go generate for the module, and for ./gen if it is a module of its own.
GENERATE = $(GO) generate ./... && \
	if [ -f gen/go.mod ]; then (cd gen && $(GO) generate ./...); fi

generate:
	$(GENERATE)

# Generated files: assembly, per-architecture Go files, and any file with a
# standard "Code generated ... DO NOT EDIT." line; tracked or untracked (but
# not ignored).
GENERATED_FILES = { git ls-files -co --exclude-standard -- '*.s' '*_amd64.go' '*_arm64.go'; \
	git grep -l --untracked -E '^// Code generated .* DO NOT EDIT\.$$' || true; } | sort -u

# Fingerprint of the generated files (names and contents).
GENERATED_SUM = $(GENERATED_FILES) | while IFS= read -r f; do \
	if [ -e "$$f" ]; then sha256sum -- "$$f"; else echo "missing  $$f"; fi; done | sort

# check-generate runs go generate and fails if that changes, adds or
# removes any generated file. It compares the files before and after, so it
# checks the working tree as it is: on a clean clone (CI) that is the same
# as `git diff --exit-code` plus `git status --porcelain` limited to
# generated files, and developers can run it before committing.
check-generate:
	@echo "== check-generate"
	@git rev-parse --is-inside-work-tree >/dev/null || { echo "check-generate: needs a git work tree" >&2; exit 1; }
	@before=$$(mktemp); after=$$(mktemp); trap 'rm -f "$$before" "$$after"' EXIT; \
	$(GENERATED_SUM) >"$$before"; \
	$(GENERATE); \
	$(GENERATED_SUM) >"$$after"; \
	if ! diff -u "$$before" "$$after"; then \
		echo "check-generate: go generate changed the generated files listed above;" >&2; \
		echo "run 'make generate' and commit the result. git status of them:" >&2; \
		comm -3 "$$before" "$$after" | sed -E 's/^\t?[^ ]+  //' | sort -u | \
			xargs -r git status --porcelain -- >&2; \
		exit 1; \
	fi; \
	echo "check-generate: $$(wc -l <"$$after") generated file(s), all up to date"

bench:
	$(GO) run ./bench

# Runs every Fuzz target of every package for $(FUZZTIME). A failing input
# is saved under the package's testdata/fuzz, as go test does.
fuzz:
	@pkgs=$$($(GO) list ./...); \
	for pkg in $$pkgs; do \
		list=$$($(GO) test -list '^Fuzz' "$$pkg"); \
		for f in $$(grep '^Fuzz' <<<"$$list" || true); do \
			echo "== fuzz $$pkg $$f ($(FUZZTIME))"; \
			$(GO) test -run '^$$' -fuzz "^$$f\$$" -fuzztime $(FUZZTIME) "$$pkg"; \
		done; \
	done
