#!/usr/bin/env bash
# Copies the third-party annotation protos that proto/docsift/v1 imports into third_party/.
# buf.build is not reachable offline, so they come from the npm package google-proto-files
# (googleapis, with comments) and from the grpc-gateway module in the Go module cache.
# Run once when bumping versions; the result is committed.
set -euo pipefail
cd "$(dirname "$0")/.."
GPF_VERSION=6.0.1
GW_VERSION=v2.33.0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "google-proto-files@${GPF_VERSION}" >/dev/null 2>&1 && tar xzf "google-proto-files-${GPF_VERSION}.tgz")
dst=third_party
rm -rf "$dst"
mkdir -p "$dst/google/api" "$dst/google/rpc" "$dst/protoc-gen-openapiv2/options"
for f in annotations http field_behavior; do cp "$tmp/package/google/api/$f.proto" "$dst/google/api/"; done
for f in status code error_details; do cp "$tmp/package/google/rpc/$f.proto" "$dst/google/rpc/"; done
gw=$(go env GOMODCACHE)/github.com/grpc-ecosystem/grpc-gateway/v2@${GW_VERSION}
if [ ! -d "$gw" ]; then go mod download "github.com/grpc-ecosystem/grpc-gateway/v2@${GW_VERSION}"; fi
for f in annotations openapiv2; do cp "$gw/protoc-gen-openapiv2/options/$f.proto" "$dst/protoc-gen-openapiv2/options/"; done
chmod -R u+w "$dst"
echo "vendored into $dst"
