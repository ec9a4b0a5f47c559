// SPDX-License-Identifier: EUPL-1.2

// Package bench is the benchmark harness behind `cityspend bench`: each
// benchmark times our code against a baseline in the same run on the same
// machine (DuckDB reading the same file, hand-written SQL, encoding/json)
// and reports both and their ratio. Its databases are embedded DuckDB
// files it builds from generated data; the imports are timed in child
// processes of the cityspend program, so that a peak RSS is the importer's
// own. See docs/benchmarks.md.
package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"slices"
	"syscall"
	"time"
)

// Harness runs the benchmarks.
type Harness struct {
	// Log receives the harness's progress.
	Log *slog.Logger
	// MemoryLimit and Threads configure the benchmark databases the harness
	// opens itself ("" and 0: DuckDB's defaults).
	MemoryLimit string
	Threads     int
	// Exe is the cityspend program the child processes run; "" is this
	// program.
	Exe string
	// Wrong, when set, receives the first wrong matches of Resolve.
	Wrong io.Writer
}

// Buyer is the buyer of the benchmark databases.
const Buyer = "3909"

// Result is what one benchmark measured.
type Result struct {
	// Figures are the object --json prints; its keys are a contract.
	Figures map[string]any
	text    func(w io.Writer)
}

// Write prints the result: Figures as one line of JSON, or the report for
// people.
func (r *Result) Write(w io.Writer, asJSON bool) error {
	if asJSON {
		return json.NewEncoder(w).Encode(r.Figures)
	}
	r.text(w)
	return nil
}

func (h *Harness) log() *slog.Logger {
	if h.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return h.Log
}

// child runs the cityspend program with args and returns its wall time,
// peak RSS and standard output.
func (h *Harness) child(ctx context.Context, args ...string) (time.Duration, int64, []byte, error) {
	r, err := h.run(ctx, args...)
	return r.wall, r.rss, r.out, err
}

// childRun is what a child process took and printed.
type childRun struct {
	wall time.Duration
	cpu  time.Duration // user and system, every thread
	rss  int64         // peak
	out  []byte
}

// run runs the cityspend program with args.
func (h *Harness) run(ctx context.Context, args ...string) (childRun, error) {
	exe := h.Exe
	if exe == "" {
		var err error
		if exe, err = os.Executable(); err != nil {
			return childRun{}, err
		}
	}
	c := exec.CommandContext(ctx, exe, args...)
	var out, errb bytes.Buffer
	c.Stdout, c.Stderr = &out, &errb
	start := time.Now()
	err := c.Run()
	r := childRun{wall: time.Since(start), out: out.Bytes()}
	if err != nil {
		return r, fmt.Errorf("%v: %w: %s", args, err, errb.String())
	}
	r.cpu = c.ProcessState.UserTime() + c.ProcessState.SystemTime()
	if ru, ok := c.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.rss = ru.Maxrss * 1024 // kilobytes on Linux
	}
	return r, nil
}

// tempDir makes a folder for a benchmark's files; cleanup removes it
// unless keep.
func (h *Harness) tempDir(keep bool) (string, func(), error) {
	dir, err := os.MkdirTemp("", "cityspend-bench-")
	if err != nil {
		return "", nil, err
	}
	if keep {
		h.log().Info("keeping bench files", "dir", dir)
		return dir, func() {}, nil
	}
	return dir, func() { os.RemoveAll(dir) }, nil
}

func round(v float64, digits int) float64 {
	p := 1.0
	for i := 0; i < digits; i++ {
		p *= 10
	}
	return float64(int64(v*p+0.5)) / p
}

// median runs f once to warm up, then runs times, and returns the median.
func median(runs int, f func() error) (time.Duration, error) {
	if err := f(); err != nil {
		return 0, err
	}
	ds := make([]time.Duration, 0, runs)
	for range runs {
		start := time.Now()
		if err := f(); err != nil {
			return 0, err
		}
		ds = append(ds, time.Since(start))
	}
	slices.Sort(ds)
	return ds[len(ds)/2], nil
}

// medianPair runs f and g in turns after a warm-up of each and returns
// their median times.
func medianPair(runs int, f, g func() error) (time.Duration, time.Duration, error) {
	if err := f(); err != nil {
		return 0, 0, err
	}
	if err := g(); err != nil {
		return 0, 0, err
	}
	fs := make([]time.Duration, 0, runs)
	gs := make([]time.Duration, 0, runs)
	for range runs {
		for _, x := range []struct {
			fn func() error
			ds *[]time.Duration
		}{{f, &fs}, {g, &gs}} {
			start := time.Now()
			if err := x.fn(); err != nil {
				return 0, 0, err
			}
			*x.ds = append(*x.ds, time.Since(start))
		}
	}
	slices.Sort(fs)
	slices.Sort(gs)
	return fs[len(fs)/2], gs[len(gs)/2], nil
}
