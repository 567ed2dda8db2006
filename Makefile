# Being: the two commands a new user needs are `make demo` and `make test` (see README.md).
SHELL := /bin/bash
export BEING_HOME ?= $(HOME)/.being
RELEASE_BIN := .build/release/being
DEBUG_BIN := .build/debug/being

.PHONY: setup setup-test build build-debug demo test unit e2e clean

## setup: install ffmpeg, libturbojpeg, ONNX Runtime, hama and the face models into BEING_HOME (idempotent)
setup:
	@bash scripts/setup.sh

## setup-test: setup, plus Debian's chromium for the browser test of the server's page
setup-test:
	@bash scripts/setup.sh --with-browser

## build: release build of the `being` binary
build:
	swift build -c release --product being

build-debug:
	swift build

## demo: set up, build, check the installation, then prepare, train (fast) and generate on DEMO_VIDEO
demo: setup build
	@$(RELEASE_BIN) doctor
	@bash scripts/demo.sh $(RELEASE_BIN)

# Suites that stream in real time and judge what arrives: they run on their own, after the rest.
REALTIME_TESTS := EndToEndBrowserTests

## test: set up, build, and run every test (unit and end-to-end). The browser test streams in real
## time and measures the mouth in what arrives, so it runs on its own after the rest: alongside the
## other suites on a 2-core machine its speaking/idle ratio fell from 2.3 to 1.7.
test: setup-test build-debug
	swift test --skip $(REALTIME_TESTS)
	swift test --filter $(REALTIME_TESTS)

## unit: only the fast tests
unit: build-debug
	swift test --skip EndToEnd

## e2e: only the slow end-to-end tests
e2e: setup-test build-debug
	swift test --filter EndToEnd --skip $(REALTIME_TESTS)
	swift test --filter $(REALTIME_TESTS)

clean:
	swift package clean
