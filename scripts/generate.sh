#!/usr/bin/env bash
# Regenerates the Go, gRPC, gateway and OpenAPI code from proto/ with the
# tool versions pinned in tools/go.mod (no network beyond the Go proxy).
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$PWD/.bin"
mkdir -p "$bin"
(cd tools && go build -o "$bin/" tool)
export PATH="$bin:$PATH"
buf lint
buf generate --path proto/docsift
