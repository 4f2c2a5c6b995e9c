package main

import (
	"testing"

	docsiftv1 "github.com/docsift/docsift/proto/docsift/v1"
)

func TestPlaceText(t *testing.T) {
	tests := []struct {
		name string
		in   *docsiftv1.Place
		want string
	}{
		{"none", nil, ""},
		{"not found", &docsiftv1.Place{Status: docsiftv1.PlaceStatus_PLACE_STATUS_NOT_FOUND}, " -> not in gazetteer"},
		{"city", &docsiftv1.Place{Status: docsiftv1.PlaceStatus_PLACE_STATUS_RESOLVED, Name: "Paris", Kind: docsiftv1.PlaceKind_PLACE_KIND_CITY,
			CountryCode: "US", DivisionName: "Texas", Latitude: 33.66, Longitude: -95.55, GeonamesId: 4717560, Confidence: 0.93},
			" -> Paris, Texas, US (city, 33.66, -95.55, geonames 4717560, 0.93)"},
		{"country demonym", &docsiftv1.Place{Status: docsiftv1.PlaceStatus_PLACE_STATUS_RESOLVED, Name: "Japan", Kind: docsiftv1.PlaceKind_PLACE_KIND_COUNTRY,
			CountryCode: "JP", Latitude: 36.25, Longitude: 135.75, GeonamesId: 1861060, Confidence: 1, Demonym: true},
			" -> demonym: Japan (country, 36.25, 135.75, geonames 1861060, 1.00)"},
		{"ambiguous", &docsiftv1.Place{Status: docsiftv1.PlaceStatus_PLACE_STATUS_AMBIGUOUS, Name: "Springfield", Kind: docsiftv1.PlaceKind_PLACE_KIND_CITY,
			CountryCode: "US", DivisionName: "Missouri", Latitude: 37.22, Longitude: -93.3, GeonamesId: 4409896, Confidence: 0.31},
			" -> ambiguous: Springfield, Missouri, US (city, 37.22, -93.30, geonames 4409896, 0.31)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := placeText(tc.in); got != tc.want {
				t.Errorf("placeText = %q, want %q", got, tc.want)
			}
		})
	}
}
