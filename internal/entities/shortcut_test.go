package entities

import (
	"path/filepath"
	"slices"
	"testing"
	"unicode/utf8"
)

// TestPlainShortcut measures the tagger's plain-token shortcut (a token
// with no capital after O is tagged O unscored) against scoring every
// token: on eng.testa at most 5 of its ~34,400 such tokens may disagree
// (none does, since "serie" and "de" are name particles) and F1 may move
// by at most 0.001.
func TestPlainShortcut(t *testing.T) {
	docs, err := ReadCoNLLFile(filepath.Join(dataDir(t), "ner/conll2003/eng.testa"))
	if err != nil {
		t.Fatal(err)
	}
	m := loadTest(t).Model()
	fast, exact := NewCounts(), NewCounts()
	sf, se := newTagState(), newTagState()
	se.exact = true
	var plain, differ int
	for _, d := range docs {
		sf.startDoc(d)
		se.startDoc(d)
		for _, s := range d.Sentences {
			m.tagSentence(sf, s.Words)
			m.tagSentence(se, s.Words)
			fast.Add(s.Labels, iobLabels(sf.tags))
			exact.Add(s.Labels, iobLabels(se.tags))
			for i := range s.Words {
				if se.infos[i].plain && (i == 0 || se.tags[i-1] == tagO) {
					plain++
					if se.tags[i] != sf.tags[i] {
						differ++
					}
				}
			}
			// Only the shortcut's own tokens and what follows them may differ.
			if !slices.Equal(sf.tags, se.tags) {
				t.Logf("differs: %q\n  shortcut %v\n  exact    %v", s.Words, sf.tags, se.tags)
			}
		}
	}
	_, _, ff := fast.PRF("")
	_, _, fe := exact.PRF("")
	t.Logf("plain tokens after O: %d, tagged differently: %d; F1 %.4f with the shortcut, %.4f without", plain, differ, ff, fe)
	if plain < 20000 || differ > 5 {
		t.Errorf("plain tokens after O: %d, differing: %d; want >= 20000 and <= 5", plain, differ)
	}
	if d := fe - ff; d > 0.001 || d < -0.001 {
		t.Errorf("F1 %.4f with the shortcut, %.4f without: moved by more than 0.001", ff, fe)
	}
}

// TestMaxParticleLen: no name particle is longer than the length that
// fillInfo looks up.
func TestMaxParticleLen(t *testing.T) {
	for w := range nameParticles {
		if n := utf8.RuneCountInString(w); n > maxParticleLen {
			t.Errorf("name particle %q has %d runes, more than maxParticleLen %d", w, n, maxParticleLen)
		}
	}
}
