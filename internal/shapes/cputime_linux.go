package shapes

import (
	"syscall"
	"time"
	"unsafe"
)

const threadCPUSupported = true

// clockThreadCPUTime is Linux's CLOCK_THREAD_CPUTIME_ID: the calling
// thread's CPU time, read from the scheduler's nanosecond run-time
// accounting. getrusage(RUSAGE_THREAD) is not used: its user and system
// times advance in scheduler ticks (4 ms at 250 Hz), coarse enough to move
// a 20 ms measurement by 20% and the ratio of two by more.
const clockThreadCPUTime = 3

// threadCPU returns the calling thread's CPU time.
func threadCPU() time.Duration {
	var ts syscall.Timespec
	if _, _, errno := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTime, uintptr(unsafe.Pointer(&ts)), 0); errno != 0 {
		return 0
	}
	return time.Duration(ts.Nano())
}
