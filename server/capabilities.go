package main

import (
	"github.com/docsift/docsift/internal/analysis"
	"github.com/docsift/docsift/internal/language"
	docsiftv1 "github.com/docsift/docsift/proto/docsift/v1"
)

// capabilities returns the description of the running server, built once
// and again after every reload (it is read-only once published, so calls
// share it).
func (a *app) capabilities() *docsiftv1.GetCapabilitiesResponse {
	if c := a.caps.Load(); c != nil {
		return c
	}
	c := a.buildCapabilities()
	a.caps.Store(c)
	return c
}

func (a *app) buildCapabilities() *docsiftv1.GetCapabilitiesResponse {
	st := a.stages
	out := &docsiftv1.GetCapabilitiesResponse{
		ServerVersion: version,
		Limits: &docsiftv1.Limits{
			MaxTextBytes:      int32(a.cfg.limits.MaxTextBytes),
			MaxHtmlBytes:      int32(a.cfg.limits.MaxHTMLBytes),
			MaxBatchDocuments: int32(a.cfg.limits.MaxBatchDocuments),
			MaxRequestBytes:   int32(a.cfg.maxRequestBytes),
		},
		Models:    modelVersions(st.Models()),
		Languages: st.Content.Info().Languages,
	}
	if len(out.Languages) == 0 {
		// Content is extracted in any language (its model lists none); the
		// languages it can also name are the detector's. Topic and entity
		// models list theirs in Models, and the language gate refuses
		// those stages for the others.
		out.Languages = language.Languages()
	}
	for _, t := range st.Topics.Taxonomies() {
		tx := &docsiftv1.Taxonomy{Model: t.Model.Name, Version: t.Model.Version}
		for _, l := range t.Labels {
			tx.Labels = append(tx.Labels, &docsiftv1.TaxonomyLabel{
				Id: l.ID, Name: l.Name, Threshold: float32(l.Threshold),
				Precision: float32(l.Precision), Recall: float32(l.Recall),
			})
		}
		out.Taxonomies = append(out.Taxonomies, tx)
	}
	for _, t := range analysis.EntityTypes() {
		out.EntityTypes = append(out.EntityTypes, docsiftv1.EntityType(t))
	}
	return out
}
