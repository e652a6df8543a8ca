# campusctl: the two commands are `make demo` and `make test`.
# Every target installs what it needs and is a no-op when it is installed.

PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.campusctl-installed
export PATH := $(abspath $(BIN)):$(PATH)
export ANSIBLE_CONFIG := $(abspath ansible.cfg)

APT_BASE := graphviz fonts-noto-cjk fontconfig iproute2 openssh-client
APT_LAB := debootstrap systemd-container dpkg-dev nftables eapoltest
APT_REPORT := chromium

PO := $(wildcard campusctl/locale/*/LC_MESSAGES/campusctl.po)
MO := $(PO:.po=.mo)

.PHONY: help setup apt apt-lab demo test check lint validate compliance bench catalogs extract clean

help:
	@echo "make demo    run the main job on the embedded lab"
	@echo "make test    run the whole test suite"
	@echo "make check   what an inventory repository's CI runs: lint, validate, render, compliance"
	@echo "make lint    ruff, yamllint, ansible-lint"
	@echo "make bench   run the benchmarks and update BENCHMARKS.md"

$(STAMP): requirements/lock.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements/lock.txt
	$(BIN)/pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

apt:
	@scripts/ensure-apt $(APT_BASE) $(APT_REPORT)

# The lab's Linux hosts need root and systemd-nspawn; without them the lab
# starts only the emulated network devices, so a failure here is not fatal.
apt-lab:
	@scripts/ensure-apt $(APT_LAB) || echo "lab Linux hosts unavailable: only emulated devices will run"

%.mo: %.po $(STAMP)
	$(BIN)/pybabel compile -D campusctl -i $< -o $@

catalogs: $(MO)

setup: $(STAMP) apt catalogs

# The template of every message; the catalogs are edited by hand, and
# scripts/i18n-missing prints the entries that the zh_CN catalog lacks.
extract: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg --no-location --sort-output \
	  --project campusctl -o campusctl/locale/campusctl.pot .
	$(BIN)/python scripts/i18n-missing

demo: setup apt-lab
	$(BIN)/campusctl demo

validate: setup
	$(BIN)/campusctl validate

compliance: setup
	$(BIN)/campusctl check --rendered --intent

check: lint validate compliance

lint: $(STAMP)
	$(BIN)/ruff check campusctl tests bench collections stacks
	$(BIN)/ruff format --check campusctl tests bench collections stacks
	$(BIN)/yamllint -s inventory playbooks roles
	LC_ALL=C.UTF-8 $(BIN)/ansible-lint -q playbooks roles

# The Pulumi stack tests run in their own process: the Pulumi runtime's mocks
# and pending outputs are process-wide state tied to one event loop.
test: setup apt-lab
	$(BIN)/python -m pytest -q -n 2 --ignore=tests/stacks tests
	$(BIN)/python -m pytest -q -n 2 tests/stacks

bench: setup
	$(BIN)/python -m bench

clean:
	rm -rf build .pytest_cache .ruff_cache .hypothesis
