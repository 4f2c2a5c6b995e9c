package places

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
)

// Kind is the kind of a GeoNames place.
type Kind uint8

// Place kinds; zero is not a kind.
const (
	KindUnspecified Kind = iota
	KindCountry
	KindDivision  // first-level administrative division: state, province, region
	KindCity      // populated place of at least 15,000 people
	KindContinent // Africa, Asia, Europe, North America, Oceania, South America, Antarctica
)

var kindNames = [...]string{"UNSPECIFIED", "COUNTRY", "DIVISION", "CITY", "CONTINENT"}

// String returns the kind's name ("CITY").
func (k Kind) String() string {
	if int(k) >= len(kindNames) {
		return "UNSPECIFIED"
	}
	return kindNames[k]
}

// Place is one entry of the index.
type Place struct {
	// ID is the GeoNames id.
	ID   int64
	Name string
	Kind Kind
	// Country is the ISO 3166-1 alpha-2 code ("" for a continent).
	Country string
	// Division is the index (into the Index's places) of the first-level
	// division the place lies in, -1 when unknown; a division's is itself.
	Division int32
	// Lat and Lon are WGS84 degrees (5 decimals kept).
	Lat, Lon   float64
	Population int64
	// Capital is set for a country's capital city.
	Capital bool
}

// Index is the compact gazetteer: places and a sorted table of name keys
// (see Normalize) with, for each, the places that bear that name.
type Index struct {
	// Version names the GeoNames data the index was built from.
	Version string
	places  []Place
	keys    []string
	// postings of keys[i] are posts[start[i]:start[i+1]]: place index << 1,
	// low bit set when the name is an alternate name.
	start   []uint32
	posts   []uint32
	country map[string]int32
	// bucket[b] is the first key whose first byte is >= b, so a lookup
	// searches only the keys that share its first byte.
	bucket [257]uint32
}

// Len returns the number of places.
func (x *Index) Len() int { return len(x.places) }

// Keys returns the number of distinct name keys.
func (x *Index) Keys() int { return len(x.keys) }

// Place returns place i (0 <= i < Len()).
func (x *Index) Place(i int32) *Place { return &x.places[i] }

// Country returns the index of the country with ISO code cc, or -1.
func (x *Index) Country(cc string) int32 {
	if i, ok := x.country[cc]; ok {
		return i
	}
	return -1
}

// FindID returns the index of the place with GeoNames id, or -1.
func (x *Index) FindID(id int64) int32 {
	for i := range x.places {
		if x.places[i].ID == id {
			return int32(i)
		}
	}
	return -1
}

// Lookup returns the postings of a normalised name key (place index << 1,
// low bit set for an alternate name); nil when the key is unknown. The slice
// belongs to the index.
func (x *Index) Lookup(key string) []uint32 {
	if key == "" {
		return nil
	}
	lo, hi := int(x.bucket[key[0]]), int(x.bucket[int(key[0])+1])
	i := lo + sort.SearchStrings(x.keys[lo:hi], key)
	if i == hi || x.keys[i] != key {
		return nil
	}
	return x.posts[x.start[i]:x.start[i+1]]
}

// index fills bucket from the sorted keys.
func (x *Index) index() {
	k := 0
	for b := 0; b <= 256; b++ {
		for k < len(x.keys) && len(x.keys[k]) > 0 && int(x.keys[k][0]) < b {
			k++
		}
		x.bucket[b] = uint32(k)
	}
	x.bucket[256] = uint32(len(x.keys))
}

const capitalBit = 0x80

const indexMagic = "DSPLACES1\n"

// coordScale stores degrees as integers of 1e-5 degree (about 1 m).
const coordScale = 1e5

// WriteTo writes the index in its binary form (front-coded keys, varints).
func (x *Index) WriteTo(w io.Writer) (int64, error) {
	var b []byte
	b = append(b, indexMagic...)
	b = appendString(b, x.Version)
	b = binary.AppendUvarint(b, uint64(len(x.places)))
	for _, p := range x.places {
		b = binary.AppendUvarint(b, uint64(p.ID))
		k := byte(p.Kind)
		if p.Capital {
			k |= capitalBit
		}
		b = append(b, k)
		b = appendString(b, p.Country)
		b = binary.AppendUvarint(b, uint64(p.Division+1))
		b = binary.AppendVarint(b, int64(math.Round(p.Lat*coordScale)))
		b = binary.AppendVarint(b, int64(math.Round(p.Lon*coordScale)))
		b = binary.AppendUvarint(b, uint64(p.Population))
		b = appendString(b, p.Name)
	}
	b = binary.AppendUvarint(b, uint64(len(x.keys)))
	prev := ""
	for i, k := range x.keys {
		n := 0
		for n < len(k) && n < len(prev) && k[n] == prev[n] {
			n++
		}
		b = binary.AppendUvarint(b, uint64(n))
		b = appendString(b, k[n:])
		ps := x.posts[x.start[i]:x.start[i+1]]
		b = binary.AppendUvarint(b, uint64(len(ps)))
		last := uint32(0)
		for _, p := range ps { // ascending: delta-coded
			b = binary.AppendUvarint(b, uint64(p-last))
			last = p
		}
		prev = k
	}
	m, err := w.Write(b)
	return int64(m), err
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// ErrBadIndex is returned by Load for data that is not a valid index.
var ErrBadIndex = errors.New("places: bad index")

// Load reads an index written by WriteTo, checking every reference.
func Load(data []byte) (*Index, error) {
	r := &reader{b: data}
	if !bytes.HasPrefix(data, []byte(indexMagic)) {
		return nil, fmt.Errorf("%w: no magic", ErrBadIndex)
	}
	r.off = len(indexMagic)
	x := &Index{Version: r.str(), country: map[string]int32{}}
	n := r.count(12)
	x.places = make([]Place, n)
	for i := range x.places {
		p := &x.places[i]
		p.ID = int64(r.uvarint())
		k := r.byte()
		p.Kind, p.Capital = Kind(k&^capitalBit), k&capitalBit != 0
		p.Country = r.str()
		p.Division = int32(r.uvarint()) - 1
		p.Lat = float64(r.varint()) / coordScale
		p.Lon = float64(r.varint()) / coordScale
		p.Population = int64(r.uvarint())
		p.Name = r.str()
		if r.err != nil {
			break
		}
		if p.Kind < KindCountry || p.Kind > KindContinent || p.Division < -1 || int(p.Division) >= n ||
			math.Abs(p.Lat) > 90 || math.Abs(p.Lon) > 180 {
			return nil, fmt.Errorf("%w: place %d", ErrBadIndex, i)
		}
		if p.Kind == KindCountry {
			x.country[p.Country] = int32(i)
		}
	}
	nk := r.count(3)
	x.keys = make([]string, 0, nk)
	x.start = make([]uint32, 1, nk+1)
	// Most keys have one or two postings.
	x.posts = make([]uint32, 0, nk+nk/2)
	// One backing buffer for every key keeps the heap small.
	blob := make([]byte, 0, len(data)/2)
	prev := ""
	for i := 0; i < nk && r.err == nil; i++ {
		sh := r.uvarint()
		suffix := r.str()
		// Compared before the conversion: a huge count would wrap to a
		// negative int.
		if sh > uint64(len(prev)) {
			return nil, fmt.Errorf("%w: key %d", ErrBadIndex, i)
		}
		shared := int(sh)
		if len(blob)+shared+len(suffix) > cap(blob) {
			blob = make([]byte, 0, max(len(data)/4, shared+len(suffix)))
		}
		st := len(blob)
		blob = append(blob, prev[:shared]...)
		blob = append(blob, suffix...)
		k := unsafeString(blob[st:])
		if k == "" || (k <= prev && i > 0) {
			return nil, fmt.Errorf("%w: keys out of order at %d", ErrBadIndex, i)
		}
		x.keys = append(x.keys, k)
		np := r.count(1)
		last := uint32(0)
		for j := 0; j < np && r.err == nil; j++ {
			last += uint32(r.uvarint())
			if int(last>>1) >= n {
				return nil, fmt.Errorf("%w: posting of key %d", ErrBadIndex, i)
			}
			x.posts = append(x.posts, last)
		}
		x.start = append(x.start, uint32(len(x.posts)))
		prev = k
	}
	if r.err != nil {
		return nil, r.err
	}
	if r.off != len(data) {
		return nil, fmt.Errorf("%w: %d trailing bytes", ErrBadIndex, len(data)-r.off)
	}
	x.index()
	return x, nil
}

type reader struct {
	b   []byte
	off int
	err error
}

func (r *reader) fail() {
	if r.err == nil {
		r.err = fmt.Errorf("%w: truncated at byte %d", ErrBadIndex, r.off)
	}
}

func (r *reader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b[r.off:])
	if n <= 0 {
		r.fail()
		return 0
	}
	r.off += n
	return v
}

func (r *reader) varint() int64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Varint(r.b[r.off:])
	if n <= 0 {
		r.fail()
		return 0
	}
	r.off += n
	return v
}

func (r *reader) byte() byte {
	if r.err != nil || r.off >= len(r.b) {
		r.fail()
		return 0
	}
	r.off++
	return r.b[r.off-1]
}

// count reads a length and checks it against the bytes left, given that
// each item takes at least minBytes, so corrupt data cannot ask for a huge
// allocation.
func (r *reader) count(minBytes int) int {
	v := r.uvarint()
	if r.err == nil && v > uint64((len(r.b)-r.off)/minBytes) {
		r.fail()
		return 0
	}
	return int(v)
}

func (r *reader) str() string {
	n := r.count(1)
	if r.err != nil {
		return ""
	}
	s := string(r.b[r.off : r.off+n])
	r.off += n
	return s
}
