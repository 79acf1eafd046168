#!/usr/bin/env bash
# Set up, then tag every bundled document in corpus/ into out/ (and the store out/policynlp.db).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

rm -f out/policynlp.db
.venv/bin/policynlp tag corpus/seeds corpus/notices --out out --db out/policynlp.db "$@"
