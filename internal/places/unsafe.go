package places

import "unsafe"

// unsafeString views b as a string; b is never written after the call.
func unsafeString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }
