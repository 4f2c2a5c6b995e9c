package places

import "sort"

// countryPoints are the points GeoNames gives its own country features
// (largely the CIA World Factbook's whole-degree centres), for the large
// countries whose point derived from their cities (see Build) is far from
// it: Russia's cities are mostly in the west, so the middle of their range
// is 1,792 km from GeoNames' (60, 100), and an evaluation that scores
// against GeoNames' point would count every right "Russia" wrong.
//
// Hand-written from reference (GeoNames, CC BY 4.0, like the rest of the
// index) because the data folder's countryInfo.tsv has no coordinates.
// Every point is checked against the country's own cities by
// placesdata's TestCountryPoints (inside their range of latitudes and
// longitudes widened by 3 degrees), so a typo cannot ship. Greenland's
// (72, -40) is left out: it fails that check (its one city of 15,000
// people, Nuuk, is at (64.2, -51.7)).
var countryPoints = map[string]Point{
	"US": {39.76, -98.5},
	"RU": {60, 100},
	"CN": {35, 105},
	"IN": {22, 79},
	"CA": {60.10867, -113.64258},
	"BR": {-10, -55},
	"AU": {-25, 135},
	"MX": {23, -102},
	"JP": {35.68536, 139.75309},
	"GB": {54.75844, -2.69531},
	"FR": {46, 2},
	"DE": {51.5, 10.5},
	"IT": {42.83333, 12.83333},
	"ES": {40, -4},
	"IQ": {33, 44},
	"IR": {32, 53},
	"AF": {33, 66},
	"PK": {30, 70},
	"IL": {31.5, 34.75},
	"EG": {27, 30},
	"UA": {49, 32},
	"KZ": {48, 68},
	"AR": {-34, -64},
	"ZA": {-29, 24},
	"ID": {-5, 120},
	"SA": {25, 45},
	"TR": {39, 35},
	"KP": {40, 127},
	"KR": {36.5, 127.75},
	"VN": {16.16667, 107.83333},
	"SY": {35, 38},
	"NG": {10, 8},
	"KE": {1, 38},
	"ET": {8, 38},
	"SD": {16, 30},
	"DZ": {28, 3},
	"LY": {28, 17},
	"CO": {4, -73.25},
	"VE": {8, -66},
	"PE": {-10, -75.25},
	"CL": {-30, -71},
	"MN": {46, 105},
	"PL": {52, 20},
	"SE": {62, 15},
	"NO": {62, 10},
	"FI": {64, 26},
	"CD": {-2.5, 23.5},
	"AO": {-12.5, 18.5},
	"ML": {17, -4},
	"NE": {18, 9},
	"TD": {15, 19},
	"TZ": {-6, 35},
	"BO": {-17, -65},
	"MR": {20, -12},
	"MM": {21, 96},
	"TH": {15, 100},
	"PH": {13, 122},
	"NZ": {-42, 174},
	"SO": {6, 48},
	"YE": {15.5, 47.5},
}

// Point is a WGS84 latitude and longitude in degrees.
type Point struct{ Lat, Lon float64 }

// CountryPoint returns the hand-written point of a country (ISO code) that
// Build uses in place of the one derived from its cities; ok is false for
// the countries whose point is derived.
func CountryPoint(code string) (p Point, ok bool) {
	p, ok = countryPoints[code]
	return p, ok
}

// CountryPointCodes returns the codes of the countries with a hand-written
// point, sorted.
func CountryPointCodes() []string {
	out := make([]string, 0, len(countryPoints))
	for c := range countryPoints {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// Centre returns the point Build derives for a region (a country or a
// division) from its cities; see Build.
func Centre(cs []*City) Point {
	lat, lon := centre(cs)
	return Point{lat, lon}
}
