#!/usr/bin/env bash
# Offline validation of deploy/: strict decoding of the Kubernetes manifests
# into k8s.io/api types plus docsift's invariants, and the Dockerfile's final
# stage (deploy/validate, a separate Go module so the server's go.mod does not
# carry k8s.io/api), then the exact static build the Dockerfile runs.
# Not verified: the image build itself (no container engine here), API-server
# defaulting/validation/admission, and behaviour in a real cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
go -C deploy/validate test ./...
go -C deploy/validate run . ..
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags "-s -w -X main.version=$(git describe --always --dirty)" -o "$out/docsift-server" ./server
file "$out/docsift-server" 2>/dev/null || true
if command -v ldd >/dev/null && ldd "$out/docsift-server" 2>&1 | grep -qv "not a dynamic executable"; then
	echo "FAIL: the binary is dynamically linked" >&2
	exit 1
fi
echo "static binary: $(stat -c %s "$out/docsift-server") bytes"
