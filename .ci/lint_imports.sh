#!/usr/bin/env bash
# The layer order and "pages never import API handlers" (.importlinter; docs/ARCHITECTURE.md, "Layer order").
set -euo pipefail
cd "$(dirname "$0")/.."
timeout 300 lint-imports --config .importlinter
