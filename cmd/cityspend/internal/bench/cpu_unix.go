// SPDX-License-Identifier: EUPL-1.2

//go:build unix

package bench

import (
	"syscall"
	"time"
)

// processCPU is the CPU time this process has used (user and system, every
// thread: DuckDB's workers too), 0 when the system does not say.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
