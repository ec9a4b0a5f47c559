// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"sync/atomic"
	"time"
)

// Staging by month. A ledger's lines are rarely in date order (an annual
// export sorted by supplier or account, a generated file dated at random),
// and the engine stores lines in the order it loads them: a file loaded as
// read leaves every month in every row group, and a query of one month
// (the lines page) skips none of them. So a file's lines are staged in one
// part per month of their period date and the parts are loaded in month
// order: each row group then holds one or two months, and the row groups'
// zonemaps skip the rest. The engine sorts nothing.
const (
	// maxOpenParts bounds the parts being written at once (a buffer and a
	// file each). A file spanning more months puts two, then four, … months
	// in a part, so that it still has at most this many.
	maxOpenParts = 128
	// partBuffer is a part's buffer, written out when full.
	partBuffer = 64 << 10
)

// monthKey is the month of t as a number that orders months.
func monthKey(t time.Time) int {
	y, m, _ := t.Date()
	return y*12 + int(m) - 1
}

// monthStage writes staging lines to files, one part per month (or per
// span of months, see maxOpenParts), through a goroutine of its own: the
// next lines are formatted while the system copies the last buffer, so the
// one goroutine that stages every row does not wait for it.
type monthStage struct {
	dir, pattern string
	maxOpen      int
	width        int                // months per part
	open         map[int]*stagePart // by month / width
	parts        []*stagePart       // every part, open or done
	jobs         chan stageJob
	free         chan []byte
	done         chan error
	failed       atomic.Bool
	err          error
	closed       bool
}

// stagePart is one staging file.
type stagePart struct {
	first int // the month of its first line; parts load in this order
	name  string
	f     *os.File
	buf   []byte
}

// stageJob is a buffer to write to a file, and whether to close the file
// after it.
type stageJob struct {
	f     *os.File
	buf   []byte
	close bool
}

func newMonthStage(dir, pattern string, maxOpen int) *monthStage {
	s := &monthStage{dir: dir, pattern: pattern, maxOpen: maxOpen, width: 1, open: map[int]*stagePart{},
		jobs: make(chan stageJob, 4), free: make(chan []byte, 8), done: make(chan error, 1)}
	go func() {
		var err error
		for j := range s.jobs {
			if err == nil && len(j.buf) > 0 {
				if _, err = j.f.Write(j.buf); err != nil {
					s.failed.Store(true)
				}
			}
			if j.buf != nil {
				select {
				case s.free <- j.buf[:0]:
				default:
				}
			}
			if j.close {
				if cerr := j.f.Close(); cerr != nil && err == nil {
					err = cerr
					s.failed.Store(true)
				}
			}
		}
		s.done <- err
	}()
	return s
}

// buffer is an empty buffer, reused when one is free.
func (s *monthStage) buffer() []byte {
	select {
	case b := <-s.free:
		return b
	default:
		return make([]byte, 0, partBuffer)
	}
}

// Write stages a line of the given month. Once a write of a file has
// failed, it returns that error.
func (s *monthStage) Write(month int, line []byte) error {
	if s.failed.Load() {
		return s.Close()
	}
	p := s.open[month/s.width]
	if p == nil {
		if len(s.open) >= s.maxOpen {
			s.widen()
		}
		if p = s.open[month/s.width]; p == nil {
			f, err := os.CreateTemp(s.dir, s.pattern)
			if err != nil {
				return err
			}
			p = &stagePart{first: month, name: f.Name(), f: f, buf: s.buffer()}
			s.parts = append(s.parts, p)
			s.open[month/s.width] = p
		}
	}
	p.buf = append(p.buf, line...)
	if len(p.buf) >= partBuffer-partBuffer/16 {
		s.jobs <- stageJob{f: p.f, buf: p.buf}
		p.buf = s.buffer()
	}
	return nil
}

// widen doubles the months of a part until fewer parts are open than the
// cap. Of the open parts whose months now share a part, the earliest takes
// the later lines; the others are written out and closed. Every part's
// months still lie in one span, and parts load in the order of their
// first month, so the spans load in order.
func (s *monthStage) widen() {
	for len(s.open) >= s.maxOpen {
		s.width *= 2
		open := make([]*stagePart, 0, len(s.open))
		for _, p := range s.open {
			open = append(open, p)
		}
		slices.SortFunc(open, func(a, b *stagePart) int { return a.first - b.first })
		clear(s.open)
		for _, p := range open {
			k := p.first / s.width
			if s.open[k] == nil {
				s.open[k] = p
				continue
			}
			s.jobs <- stageJob{f: p.f, buf: p.buf, close: true}
			p.f, p.buf = nil, nil
		}
	}
}

// Close writes what is buffered, closes the files, waits for the writes
// and returns their first error. A second Close returns the first's error.
func (s *monthStage) Close() error {
	if s.closed {
		return s.err
	}
	s.closed = true
	for _, p := range s.parts {
		if p.f != nil {
			s.jobs <- stageJob{f: p.f, buf: p.buf, close: true}
			p.f, p.buf = nil, nil
		}
	}
	close(s.jobs)
	s.err = <-s.done
	return s.err
}

// Files are the staging files in the order to load them: by month.
func (s *monthStage) Files() []string {
	parts := slices.Clone(s.parts)
	slices.SortStableFunc(parts, func(a, b *stagePart) int { return a.first - b.first })
	names := make([]string, len(parts))
	for i, p := range parts {
		names[i] = p.name
	}
	return names
}

// Remove deletes the staging files.
func (s *monthStage) Remove() error {
	var errs []error
	for _, p := range s.parts {
		if err := os.Remove(p.name); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, fmt.Errorf("staging file: %w", err))
		}
	}
	return errors.Join(errs...)
}
