package places

import (
	"bytes"
	"errors"
	"math"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Paris", "paris"},
		{"U.S.", "us"},
		{"the Netherlands", "netherlands"},
		{"Côte d'Ivoire", "cote divoire"},
		{"São Paulo", "sao paulo"},
		{"Washington, D.C.", "washington dc"},
		{"Rhein-Main", "rhein main"},
		{"  Łódź ", "lodz"},
		{"", ""},
	}
	for _, tc := range tests {
		if got := Normalize(tc.in); got != tc.want {
			t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzNormalizeASCII: the ASCII fast path agrees with the general one.
func FuzzNormalizeASCII(f *testing.F) {
	for _, s := range []string{"Paris", "U.S.", "the Hague", "  New   York, N.Y. ", "St. John's", "a-b_c/d", "The", "the  x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for i := 0; i < len(s); i++ {
			if s[i] >= 0x80 {
				return
			}
		}
		if a, b := normalizeASCII(s), normalizeRunes(s); a != b {
			t.Fatalf("normalizeASCII(%q) = %q, normalizeRunes = %q", s, a, b)
		}
	})
}

func TestDistanceKM(t *testing.T) {
	// Paris to London is about 344 km; a point to itself is 0.
	if d := DistanceKM(48.8566, 2.3522, 51.5074, -0.1278); math.Abs(d-344) > 3 {
		t.Errorf("DistanceKM(Paris, London) = %.0f, want about 344", d)
	}
	if d := DistanceKM(10, 20, 10, 20); d != 0 {
		t.Errorf("DistanceKM(p, p) = %v, want 0", d)
	}
}

func TestDatelineAndSite(t *testing.T) {
	for in, want := range map[string]string{
		"TOKYO (Reuters) - Prices rose.":     "TOKYO",
		"WASHINGTON — The Senate voted.":     "WASHINGTON",
		"PARIS, Texas (AP) - A storm.":       "PARIS",
		"Tokyo (Reuters) - lower case.":      "",
		"The government said on Monday.":     "",
		"UK (Reuters) - too short a name...": "",
	} {
		if got := dateline(in); got != want {
			t.Errorf("dateline(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"https://www.bbc.co.uk/news/x": "GB",
		"https://www.lemonde.fr/":      "FR",
		"https://example.com/a":        "",
		"https://startup.io/":          "",
		"":                             "",
	} {
		if got := siteCountry(in); got != want {
			t.Errorf("siteCountry(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestLoadRejects checks that the embedded index round-trips and that
// truncated or altered data is refused with ErrBadIndex, never a panic.
func TestLoadRejects(t *testing.T) {
	x, err := Load(indexFile)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := x.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), indexFile) {
		t.Fatal("Load then WriteTo changed the index")
	}
	for _, n := range []int{0, 5, len(indexMagic) + 3, len(indexFile) / 2, len(indexFile) - 1} {
		if _, err := Load(indexFile[:n]); !errors.Is(err, ErrBadIndex) {
			t.Errorf("Load(first %d bytes) = %v, want ErrBadIndex", n, err)
		}
	}
	if _, err := Load(append(append([]byte(nil), indexFile...), 0)); !errors.Is(err, ErrBadIndex) {
		t.Errorf("Load(trailing byte) = %v, want ErrBadIndex", err)
	}
}

func FuzzLoad(f *testing.F) {
	f.Add(indexFile[:4096])
	f.Add([]byte(indexMagic))
	f.Fuzz(func(t *testing.T, data []byte) {
		x, err := Load(data)
		if err != nil {
			if !errors.Is(err, ErrBadIndex) {
				t.Fatalf("Load error %v is not ErrBadIndex", err)
			}
			return
		}
		for i := 0; i < x.Len(); i++ {
			_ = x.Place(int32(i))
		}
	})
}
