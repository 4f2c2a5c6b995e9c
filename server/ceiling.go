//go:build benchceiling

package main

import (
	"sync"

	docsiftv1 "github.com/docsift/docsift/proto/docsift/v1"
)

// This file is built only with -tags benchceiling, by `bench/run.sh
// --ceiling`, never into the service: AnalyzeDocument answers a text it has
// seen before with the response it built then, so a load run measures what
// the req/s ratio to GetCapabilities would be if the analysis cost nothing
// (gRPC, the request, the response's encoding and the load generator's
// decoding remain).

const ceilingBuild = true

var ceilingMemo sync.Map // document text -> *docsiftv1.AnalyzeDocumentResponse

func ceilingGet(req *docsiftv1.AnalyzeDocumentRequest) *docsiftv1.AnalyzeDocumentResponse {
	if v, ok := ceilingMemo.Load(req.GetDocument().GetText()); ok {
		return v.(*docsiftv1.AnalyzeDocumentResponse)
	}
	return nil
}

func ceilingPut(req *docsiftv1.AnalyzeDocumentRequest, res *docsiftv1.AnalyzeDocumentResponse) {
	ceilingMemo.Store(req.GetDocument().GetText(), res)
}
