package entities

import (
	"testing"
	"unicode/utf8"
)

// TestMaxParticleLen: no name particle is longer than the length that
// fillInfo looks up.
func TestMaxParticleLen(t *testing.T) {
	for w := range nameParticles {
		if n := utf8.RuneCountInString(w); n > maxParticleLen {
			t.Errorf("name particle %q has %d runes, more than maxParticleLen %d", w, n, maxParticleLen)
		}
	}
}
