package analysis

// PlaceStatus says how far a place name was resolved.
type PlaceStatus int

// Place statuses, matching docsift.v1.PlaceStatus.
const (
	PlaceStatusUnspecified PlaceStatus = iota
	// PlaceResolved: the place was chosen with at least the resolver's
	// confidence threshold.
	PlaceResolved
	// PlaceAmbiguous: the name has candidates but none is clearly right;
	// the best one is given with its (low) confidence, to be reviewed, not
	// put on a map as fact.
	PlaceAmbiguous
	// PlaceNotFound: the name matches no place of the gazetteer (a small
	// village, a street, a building, or not a place at all).
	PlaceNotFound
)

var placeStatusNames = [...]string{"UNSPECIFIED", "RESOLVED", "AMBIGUOUS", "NOT_FOUND"}

// String returns the status's name ("RESOLVED").
func (s PlaceStatus) String() string {
	if s < 0 || int(s) >= len(placeStatusNames) {
		return "UNSPECIFIED"
	}
	return placeStatusNames[s]
}

// PlaceKind is the kind of a resolved place.
type PlaceKind int

// Place kinds, matching docsift.v1.PlaceKind.
const (
	PlaceKindUnspecified PlaceKind = iota
	PlaceCountry
	// PlaceDivision is a first-level administrative division (state,
	// province, region, constituent country).
	PlaceDivision
	// PlaceCity is a populated place of at least 15,000 people.
	PlaceCity
	// PlaceContinent is a continent (no country code).
	PlaceContinent
)

var placeKindNames = [...]string{"UNSPECIFIED", "COUNTRY", "DIVISION", "CITY", "CONTINENT"}

// String returns the kind's name ("CITY").
func (k PlaceKind) String() string {
	if k < 0 || int(k) >= len(placeKindNames) {
		return "UNSPECIFIED"
	}
	return placeKindNames[k]
}

// Place is the gazetteer place an entity names. Fields other than Status
// are empty for PlaceNotFound.
type Place struct {
	Status PlaceStatus
	// GeoNamesID is the place's GeoNames id (https://www.geonames.org/<id>).
	GeoNamesID int64
	// Name is GeoNames' name of the place ("Paris").
	Name string
	Kind PlaceKind
	// CountryCode is the ISO 3166-1 alpha-2 code ("FR"); CountryName its
	// GeoNames name ("France").
	CountryCode, CountryName string
	// DivisionName is the first-level division the place lies in (or is),
	// "" when unknown or for a country; DivisionID its GeoNames id.
	DivisionName string
	DivisionID   int64
	// Latitude and Longitude are WGS84 degrees: a city's own point; for a
	// division or a country, a point derived from its cities (see the
	// places index's model card).
	Latitude, Longitude float64
	// Population is GeoNames' population (for a division, the sum of its
	// cities of at least 15,000 people).
	Population int64
	// Confidence in [0,1] is the resolver's probability that the place is
	// the right one among the name's candidates.
	Confidence float64
	// Demonym is set when the place was resolved from a demonym
	// ("Japanese" -> Japan).
	Demonym bool
	// Partial is set when the place is named inside the entity's longer
	// name ("US State Department" -> United States, "University of
	// Sheffield" -> Sheffield): the place the entity is of, not the entity.
	Partial bool
}
