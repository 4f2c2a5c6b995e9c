package places

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// City is one row of GeoNames' cities15000 table.
type City struct {
	ID              int64
	Name, ASCIIName string
	AltNames        []string
	Lat, Lon        float64
	Feature         string // feature code: PPL, PPLC (capital), PPLA (division seat) ...
	Country, Admin1 string // ISO code; the division's code within the country ("TX")
	Population      int64
}

// Country is one row of GeoNames' countryInfo table.
type Country struct {
	Code, Name, Capital string
	// Continent is GeoNames' continent code (AF, AS, EU, NA, OC, SA, AN).
	Continent  string
	ID         int64
	Population int64
}

// Division is one row of GeoNames' admin1CodesASCII table.
type Division struct {
	Code            string // "US.TX"
	Name, ASCIIName string
	ID              int64
}

// Source is the loaded GeoNames data the index is built from.
type Source struct {
	// Version names the data ("geonames cities15000 2025-11-19").
	Version   string
	Cities    []City
	Countries []Country
	Divisions []Division
}

// continents are GeoNames' continents (codes as in countryInfo).
var continents = []struct {
	code, name string
	id         int64
}{
	{"AF", "Africa", 6255146}, {"AS", "Asia", 6255147}, {"EU", "Europe", 6255148}, {"NA", "North America", 6255149},
	{"SA", "South America", 6255150}, {"OC", "Oceania", 6255151}, {"AN", "Antarctica", 6255152},
}

// minDivisionCities is how many cities a division or a country needs for
// its point to be the centre of its cities' extent; with fewer it is their
// population-weighted mean.
const minDivisionCities = 5

// Build makes the index. The output depends only on src (sorted inputs,
// no maps iterated in order-dependent ways), so the same data gives the same
// bytes.
//
// Divisions and countries have no coordinates in GeoNames' tables: their
// point is derived from their cities as the middle of the 5th-95th
// percentile range of the cities' latitudes and longitudes (on the side of
// the antimeridian where that range is narrower), which lands near the
// geographic centre that gazetteers give for a region rather than on its
// largest city; when that point is more than snapKM from all of the
// region's cities (it may lie outside a concave region), the nearest city's
// point; with fewer than minDivisionCities cities, the population-weighted
// mean. A large country whose derived point is far from the one GeoNames
// gives its country feature takes that point instead, from the hand-written
// countryPoints table. Their population is the country table's, or for
// a division the sum of its cities'. Places without any city cannot be
// placed and are left out.
func Build(src Source) (*Index, error) {
	cities := append([]City(nil), src.Cities...)
	sort.Slice(cities, func(i, j int) bool { return cities[i].ID < cities[j].ID })
	countries := append([]Country(nil), src.Countries...)
	sort.Slice(countries, func(i, j int) bool { return countries[i].Code < countries[j].Code })
	divs := append([]Division(nil), src.Divisions...)
	sort.Slice(divs, func(i, j int) bool { return divs[i].Code < divs[j].Code })

	byCountry := map[string][]*City{}
	byDiv := map[string][]*City{}
	for i := range cities {
		c := &cities[i]
		byCountry[c.Country] = append(byCountry[c.Country], c)
		if c.Admin1 != "" && c.Admin1 != "00" {
			byDiv[c.Country+"."+c.Admin1] = append(byDiv[c.Country+"."+c.Admin1], c)
		}
	}

	x := &Index{Version: src.Version, country: map[string]int32{}}
	names := map[string]map[uint32]bool{} // key -> posting -> true
	add := func(name string, place int, alt bool) {
		k := Normalize(name)
		if k == "" || stopKeys[k] {
			return
		}
		m := names[k]
		if m == nil {
			m = map[uint32]bool{}
			names[k] = m
		}
		p := uint32(place) << 1
		if alt {
			if m[p] { // a primary name already
				return
			}
			m[p|1] = true
			return
		}
		delete(m, p|1)
		m[p] = true
	}

	for _, c := range countries {
		cs := byCountry[c.Code]
		if len(cs) == 0 {
			continue
		}
		lat, lon := centre(cs)
		if p, ok := countryPoints[c.Code]; ok {
			lat, lon = p.Lat, p.Lon
		}
		i := len(x.places)
		x.places = append(x.places, Place{ID: c.ID, Name: c.Name, Kind: KindCountry, Country: c.Code, Division: -1, Lat: lat, Lon: lon, Population: c.Population})
		x.country[c.Code] = int32(i)
		add(c.Name, i, false)
		for _, a := range countryAliases[c.Code] {
			add(a, i, false)
		}
	}
	// Continents: GeoNames ids (hand-written: the continent table is not
	// among the data files), point and population from their countries.
	for _, k := range continents {
		var cs []*City
		var pop int64
		for _, c := range countries {
			if c.Continent == k.code && x.Country(c.Code) >= 0 {
				cs = append(cs, byCountry[c.Code]...)
				pop += c.Population
			}
		}
		if len(cs) == 0 {
			continue
		}
		lat, lon := centre(cs)
		i := len(x.places)
		x.places = append(x.places, Place{ID: k.id, Name: k.name, Kind: KindContinent, Division: -1, Lat: lat, Lon: lon, Population: pop})
		add(k.name, i, false)
	}
	divIndex := map[string]int32{}
	for _, d := range divs {
		cs := byDiv[d.Code]
		cc, _, _ := strings.Cut(d.Code, ".")
		if len(cs) == 0 || x.Country(cc) < 0 {
			continue
		}
		lat, lon := centre(cs)
		var pop int64
		for _, c := range cs {
			pop += c.Population
		}
		i := len(x.places)
		divIndex[d.Code] = int32(i)
		x.places = append(x.places, Place{ID: d.ID, Name: d.Name, Kind: KindDivision, Country: cc, Division: int32(i), Lat: lat, Lon: lon, Population: pop})
		add(d.Name, i, false)
		add(d.ASCIIName, i, false)
		for _, v := range divisionVariants(d.ASCIIName) {
			add(v, i, true)
		}
		for _, a := range divisionAliases[d.Code] {
			add(a, i, false)
		}
	}
	for _, c := range cities {
		if x.Country(c.Country) < 0 {
			continue
		}
		div, ok := divIndex[c.Country+"."+c.Admin1]
		if !ok {
			div = -1
		}
		i := len(x.places)
		x.places = append(x.places, Place{ID: c.ID, Name: c.Name, Kind: KindCity, Country: c.Country, Division: div, Lat: c.Lat, Lon: c.Lon, Population: c.Population, Capital: c.Feature == "PPLC"})
		add(c.Name, i, false)
		add(c.ASCIIName, i, false)
		main := Normalize(c.Name)
		for _, a := range c.AltNames {
			if usableAltName(a) {
				// "New York" for "New York City": the leading words of the
				// main name are as good as the main name.
				add(a, i, !strings.HasPrefix(main, Normalize(a)+" "))
			}
		}
		for _, a := range cityAliases[c.ID] {
			add(a, i, false)
		}
	}
	if len(x.places) == 0 {
		return nil, fmt.Errorf("places: build: no places")
	}

	x.keys = make([]string, 0, len(names))
	for k := range names {
		x.keys = append(x.keys, k)
	}
	sort.Strings(x.keys)
	x.start = make([]uint32, 1, len(x.keys)+1)
	for _, k := range x.keys {
		ps := make([]uint32, 0, len(names[k]))
		for p := range names[k] {
			ps = append(ps, p)
		}
		sort.Slice(ps, func(i, j int) bool { return ps[i] < ps[j] })
		x.posts = append(x.posts, ps...)
		x.start = append(x.start, uint32(len(x.posts)))
	}
	x.index()
	return x, nil
}

// usableAltName keeps the alternate names an English text could use: Latin
// script, no digits, not an all-capital code of up to four letters (airport
// and other codes would collide with acronyms), at least three letters.
func usableAltName(a string) bool {
	if !latinName(a) || strings.ContainsAny(a, "0123456789") {
		return false
	}
	if len(a) <= 4 && strings.ToUpper(a) == a {
		return false
	}
	return len(Normalize(a)) >= 3
}

// divisionSuffixes are generic words GeoNames division names carry that a
// text often leaves out ("Hebei Province" is "Hebei").
var divisionSuffixes = []string{" province", " prefecture", " region", " governorate", " oblast", " kray", " krai",
	" state", " county", " district", " department", " voivodeship", " municipality", " autonomous region", " republic"}

func divisionVariants(name string) []string {
	k := strings.ToLower(name)
	var out []string
	for _, s := range divisionSuffixes {
		if strings.HasSuffix(k, s) && len(k) > len(s)+2 {
			out = append(out, name[:len(name)-len(s)])
		}
	}
	for _, p := range []string{"state of ", "province of ", "region of ", "republic of "} {
		if strings.HasPrefix(k, p) && len(k) > len(p)+2 {
			out = append(out, name[len(p):])
		}
	}
	return out
}

// centre returns the point of a region from its cities (see Build).
func centre(cs []*City) (lat, lon float64) {
	if len(cs) < minDivisionCities {
		var w, sx, sy, sz float64
		for _, c := range cs {
			pw := float64(max(c.Population, 1))
			la, lo := c.Lat*math.Pi/180, c.Lon*math.Pi/180
			sx += pw * math.Cos(la) * math.Cos(lo)
			sy += pw * math.Cos(la) * math.Sin(lo)
			sz += pw * math.Sin(la)
			w += pw
		}
		return math.Atan2(sz, math.Hypot(sx, sy)) * 180 / math.Pi, math.Atan2(sy, sx) * 180 / math.Pi
	}
	lats := make([]float64, len(cs))
	lons := make([]float64, len(cs))
	lons360 := make([]float64, len(cs))
	for i, c := range cs {
		lats[i], lons[i] = c.Lat, c.Lon
		lons360[i] = math.Mod(c.Lon+360, 360)
	}
	lo1, hi1 := pctRange(lons)
	lo2, hi2 := pctRange(lons360)
	lon = (lo1 + hi1) / 2
	if hi2-lo2 < hi1-lo1 {
		lon = (lo2 + hi2) / 2
		if lon > 180 {
			lon -= 360
		}
	}
	la, ha := pctRange(lats)
	lat = (la + ha) / 2
	// The middle of a concave or scattered region can fall outside it
	// (Russia's lands in Kazakhstan): far from every one of its cities, take
	// the nearest city instead, so the point stays inside.
	best, bestKM := -1, math.Inf(1)
	for i, c := range cs {
		if d := DistanceKM(lat, lon, c.Lat, c.Lon); d < bestKM {
			best, bestKM = i, d
		}
	}
	if bestKM > snapKM {
		return cs[best].Lat, cs[best].Lon
	}
	return lat, lon
}

// snapKM is how far a region's derived point may be from its nearest city.
const snapKM = 150

// pctRange returns the 5th and 95th percentiles of v (sorted in place).
func pctRange(v []float64) (lo, hi float64) {
	sort.Float64s(v)
	n := len(v) - 1
	return v[int(math.Round(0.05*float64(n)))], v[int(math.Round(0.95*float64(n)))]
}
