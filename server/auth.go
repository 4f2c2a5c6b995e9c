package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync/atomic"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// authenticator checks bearer API keys. With no keys configured, every call
// is allowed. Keys are held as SHA-256 digests and compared in constant
// time against every configured key.
type authenticator struct {
	keys atomic.Pointer[[][sha256.Size]byte]
	file string   // reread on SIGHUP
	env  []string // keys from --api-keys / DOCSIFT_API_KEYS
}

func newAuthenticator(file string, keys []string) (*authenticator, error) {
	a := &authenticator{file: file, env: keys}
	return a, a.reload()
}

// reload rereads the key file; on error the keys in force stay.
func (a *authenticator) reload() error {
	keys := append([]string(nil), a.env...)
	if a.file != "" {
		f, err := os.Open(a.file)
		if err != nil {
			return fmt.Errorf("api keys: %w", err)
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if line != "" && !strings.HasPrefix(line, "#") {
				keys = append(keys, line)
			}
		}
		if err := sc.Err(); err != nil {
			return fmt.Errorf("api keys: read %s: %w", a.file, err)
		}
		if len(keys) == 0 {
			return fmt.Errorf("api keys: %s holds no key; refusing to run open by accident", a.file)
		}
	}
	digests := make([][sha256.Size]byte, 0, len(keys))
	for _, k := range keys {
		if len(k) < 16 {
			return errors.New("api keys: every key must be at least 16 characters")
		}
		digests = append(digests, sha256.Sum256([]byte(k)))
	}
	a.keys.Store(&digests)
	return nil
}

func (a *authenticator) enabled() bool { return len(*a.keys.Load()) > 0 }

// check authenticates the call in ctx.
func (a *authenticator) check(ctx context.Context) error {
	md, _ := metadata.FromIncomingContext(ctx)
	return a.checkHeader(md.Get("authorization"))
}

// checkHeader authenticates the values of an Authorization header (or
// metadata): "Bearer <key>", the scheme in any case (RFC 7235).
func (a *authenticator) checkHeader(vals []string) error {
	keys := *a.keys.Load()
	if len(keys) == 0 {
		return nil
	}
	if len(vals) == 0 {
		return status.Error(codes.Unauthenticated, "missing API key: send the header \"authorization: Bearer <key>\"")
	}
	scheme, token, _ := strings.Cut(strings.TrimSpace(vals[0]), " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return status.Error(codes.Unauthenticated, "malformed authorization header: want \"Bearer <key>\"")
	}
	got := sha256.Sum256([]byte(strings.TrimSpace(token)))
	match := 0
	for _, k := range keys {
		match |= subtle.ConstantTimeCompare(got[:], k[:])
	}
	if match != 1 {
		return status.Error(codes.Unauthenticated, "invalid API key")
	}
	return nil
}
