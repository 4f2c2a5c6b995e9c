//go:build !benchceiling

package main

import docsiftv1 "github.com/docsift/docsift/proto/docsift/v1"

// The service's build: no memo (see ceiling.go, bench/run.sh --ceiling).

const ceilingBuild = false

func ceilingGet(*docsiftv1.AnalyzeDocumentRequest) *docsiftv1.AnalyzeDocumentResponse { return nil }

func ceilingPut(*docsiftv1.AnalyzeDocumentRequest, *docsiftv1.AnalyzeDocumentResponse) {}
