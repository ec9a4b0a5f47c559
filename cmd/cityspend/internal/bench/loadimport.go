// SPDX-License-Identifier: EUPL-1.2

package bench

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/enrich"
	"github.com/cityspend/cityspend/gen"
	"github.com/cityspend/cityspend/ingest/ledger"
)

// importLoop imports generated ledgers into the load test's store back to
// back while the clients run: when an import ends the next starts, each a
// ledger of new lines (a seed of its own, so that every import loads and
// makes the server's results stale), until the clients' deadline; the
// import in flight then is waited for. Each import is what `import
// ledger`, and so an upload to the server, does: the lines, then their
// follow-up (the buyer's payees resolved, its lines classified); the
// server's results are stale when it ends, as when an upload's job ends.
//
// The ledgers are generated before the clock, as many as the run should
// need (ahead). Generating them is the harness's work, not the server's: a
// real deployment receives the file (and parses it in the import, here as
// there) but never generates it, and generating costs about 10 µs a line
// on one core (2 s for 200,000 lines; in 20-second runs at a million
// lines with think time, generating two ledgers in the run cost as much
// CPU as a third import: docs/benchmarks.md). How many the run needs depends
// on how fast the imports go under the load (one in a minute at ten
// million lines without think time, a dozen or more with it, more on a
// small database), so when the imports use them all, the next ones are
// generated during the run, each while the import before runs, so that
// the imports still follow each other: those are counted and their CPU
// time estimated (from the ledgers generated before the clock, alone), so
// that it can be taken out of the process's CPU time.
type importLoop struct {
	st    *duckdb.DB
	buyer cityspend.Buyer
	dir   string
	year  int
	lines int64
	seed  uint64 // of the first ledger; the next ones seed+1, …
	stale func() // called after each import: the server's results predate it
	log   *slog.Logger

	pool      []string      // the ledgers generated before the clock
	genCPU    time.Duration // the CPU time of generating one, alone
	spans     []importSpan
	generated int // ledgers generated while the clock ran
	err       error
}

// The imports' pace, which sets how many ledgers are generated before the
// clock: an import costs about importFixed whatever its size (the layout,
// the de-duplication against the buyer's earlier lines, the cubes, the
// commit), then about importPerLine a line of its ledger, and its
// follow-up about followUpPerLine a line of the buyer's, its new ones
// included (the classifier reads every item again). Measured at ten
// million lines with 200 clients and think time (2026-12-07, 22:30–23:16):
// the lines of 200,000 took 2.6 s and of 4,000,000 15–17 s; with their
// follow-up, 29 s and 56 s. On a small database or with few clients they
// go faster, and the ledgers beyond are generated in the run (the next one
// while the last of the pool is imported, in case it ends before the
// clients).
const (
	importFixed     = time.Second
	importPerLine   = 3300 * time.Nanosecond
	followUpPerLine = 2600 * time.Nanosecond
)

// aheadFor is how many ledgers of lines lines a run of dur needs at that
// pace into a buyer of had lines: the imports that fit in it, and the one
// in flight at its end (at least two, at most 100).
func aheadFor(dur time.Duration, lines, had int64) int {
	each := importFixed + time.Duration(lines)*importPerLine + time.Duration(had+lines)*followUpPerLine
	n := int((dur+each-1)/each) + 1
	return min(max(n, 2), 100)
}

// importSpan is one import during the run.
type importSpan struct {
	start, end time.Time
	lines      int64 // rows loaded
}

// ledger generates the i-th ledger (its truth file is not kept).
func (l *importLoop) ledger(ctx context.Context, i int) (string, error) {
	file := filepath.Join(l.dir, fmt.Sprintf("during-%d.csv", i))
	seed := l.seed + uint64(i)
	st, err := gen.WriteLedgerFile(ctx, file, gen.NewUniverse(seed), gen.LedgerOptions{Seed: seed, Municipality: l.buyer.ID,
		FromYear: l.year, Years: 1, Lines: l.lines, Format: gen.FormatCSV})
	if err != nil {
		return "", fmt.Errorf("generate ledger %d: %w", i, err)
	}
	os.Remove(st.TruthFile)
	return file, nil
}

// ahead generates n ledgers before the clock, on every core, and times
// their CPU.
func (l *importLoop) ahead(ctx context.Context, n int) error {
	cpu0 := processCPU()
	l.pool = make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	sem := make(chan struct{}, max(runtime.GOMAXPROCS(0), 1))
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			l.pool[i], errs[i] = l.ledger(ctx, i)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	l.genCPU = (processCPU() - cpu0) / time.Duration(n)
	return nil
}

// run imports the ledgers until deadline; an error ends it in l.err.
func (l *importLoop) run(ctx context.Context, deadline time.Time) {
	type made struct {
		file string
		err  error
	}
	file := l.pool[0]
	for i := 1; ; i++ {
		// The next ledger: one of the pool, or generated now, while this
		// import runs.
		var next chan made
		stop := func() {}
		if i >= len(l.pool) {
			var gctx context.Context
			gctx, stop = context.WithCancel(ctx)
			next = make(chan made, 1)
			go func() {
				f, err := l.ledger(gctx, i)
				next <- made{f, err}
			}()
		}
		t0 := time.Now()
		res, err := ledger.ImportFile(ctx, l.st, l.buyer, file, ledger.ImportOptions{RejectsDir: l.dir})
		if err == nil && res.Batch.RowsLoaded > 0 {
			_, err = enrich.Run(ctx, l.st, enrich.Options{Buyers: []string{l.buyer.ID}, Log: l.log})
		}
		t1 := time.Now()
		os.Remove(file) // the disk holds the pool's ledgers not yet imported
		if err == nil {
			l.spans = append(l.spans, importSpan{start: t0, end: t1, lines: res.Batch.RowsLoaded})
			l.stale()
		}
		if err != nil || !t1.Before(deadline) || ctx.Err() != nil {
			// The next ledger is not wanted: its generation stops (when
			// it has ended, it is counted: its CPU was spent).
			stop()
			if next != nil {
				if m := <-next; m.err == nil {
					l.generated++
					os.Remove(m.file)
				}
			}
			if err != nil {
				l.err = fmt.Errorf("import %d: %w", i, err)
			}
			return
		}
		if next == nil {
			file = l.pool[i]
			continue
		}
		m := <-next
		stop()
		if m.err != nil {
			l.err = m.err
			return
		}
		l.generated++
		file = m.file
	}
}

// importSummary is what the imports during the run did.
type importSummary struct {
	count int
	lines int64         // rows loaded, all imports
	busy  time.Duration // the imports' times, the last one's to its end
	// share is the share of the clients' time [from, to] during which an
	// import ran.
	share     float64
	ahead     int           // ledgers generated before the clock
	generated int           // ledgers generated while the clock ran
	genCPU    time.Duration // their CPU time, estimated from the first's
}

func (l *importLoop) summary(from, to time.Time) importSummary {
	s := importSummary{count: len(l.spans), ahead: len(l.pool), generated: l.generated, genCPU: time.Duration(l.generated) * l.genCPU}
	var running time.Duration // the imports follow each other: their spans do not overlap
	for _, sp := range l.spans {
		s.lines += sp.lines
		s.busy += sp.end.Sub(sp.start)
		a, b := sp.start, sp.end
		if a.Before(from) {
			a = from
		}
		if b.After(to) {
			b = to
		}
		if b.After(a) {
			running += b.Sub(a)
		}
	}
	if to.After(from) {
		s.share = running.Seconds() / to.Sub(from).Seconds()
	}
	return s
}
