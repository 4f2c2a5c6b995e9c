//go:build !linux

package shapes

import "time"

const threadCPUSupported = false

func threadCPU() time.Duration { return 0 }
