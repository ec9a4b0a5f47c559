// SPDX-License-Identifier: EUPL-1.2

package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/gen"
	"github.com/cityspend/cityspend/ingest/ledger"
)

// importLoop imports generated ledgers into the load test's store back to
// back while the clients run: when an import ends the next starts, each a
// ledger of new lines (a seed of its own, so that every import loads and
// makes the server's results stale), until the clients' deadline; the
// import in flight then is waited for.
//
// The first ledger is generated before the clock. Each next one is
// generated while the import before it runs, in this process, so that the
// imports follow each other without a gap. That CPU is the harness's, not
// the server's: a real deployment receives the file (and parses it in the
// import, here as there) but never generates it; on two cores it takes from
// the server (about 10 µs a line, 2 s for 200,000 lines). Generating every
// ledger before the clock would keep it out of the run, but how many the
// run needs depends on how fast the imports go under the load (one or two in
// a minute at ten million lines without think time, a dozen or more with
// it, more on a small database), so it would cost minutes of setup and
// gigabytes of disk for ledgers never imported. So the generation stays in
// the run, and its CPU time is reported (ledgers generated while the clock
// ran times the first one's CPU time, measured alone before the clock) so
// that it can be taken out of the process's CPU time.
type importLoop struct {
	st    *duckdb.DB
	buyer cityspend.Buyer
	dir   string
	year  int
	lines int64
	seed  uint64 // of the first ledger; the next ones seed+1, …
	stale func() // called after each import: the server's results predate it

	file      string        // the next ledger to import
	genCPU    time.Duration // the first ledger's generation, alone before the clock
	spans     []importSpan
	generated int // ledgers generated while the clock ran
	err       error
}

// importSpan is one import during the run.
type importSpan struct {
	start, end time.Time
	lines      int64 // rows loaded
}

// ledger generates the i-th ledger.
func (l *importLoop) ledger(ctx context.Context, i int) (string, error) {
	file := filepath.Join(l.dir, fmt.Sprintf("during-%d.csv", i))
	seed := l.seed + uint64(i)
	if _, err := gen.WriteLedgerFile(ctx, file, gen.NewUniverse(seed), gen.LedgerOptions{Seed: seed, Municipality: l.buyer.ID,
		FromYear: l.year, Years: 1, Lines: l.lines, Format: gen.FormatCSV}); err != nil {
		return "", fmt.Errorf("generate ledger %d: %w", i, err)
	}
	return file, nil
}

// first generates the first ledger, before the clock, and times its CPU.
func (l *importLoop) first(ctx context.Context) error {
	cpu0 := processCPU()
	file, err := l.ledger(ctx, 0)
	if err != nil {
		return err
	}
	l.genCPU, l.file = processCPU()-cpu0, file
	return nil
}

// removeLedger removes an imported ledger and its truth file: the disk
// holds two ledgers at most.
func removeLedger(file string) {
	os.Remove(file)
	os.Remove(file + ".truth.csv")
}

// run imports the ledgers until deadline; an error ends it in l.err.
func (l *importLoop) run(ctx context.Context, deadline time.Time) {
	type made struct {
		file string
		err  error
	}
	for i := 1; ; i++ {
		gctx, stop := context.WithCancel(ctx)
		next := make(chan made, 1)
		go func() {
			f, err := l.ledger(gctx, i)
			next <- made{f, err}
		}()
		t0 := time.Now()
		res, err := ledger.ImportFile(ctx, l.st, l.buyer, l.file, ledger.ImportOptions{RejectsDir: l.dir})
		t1 := time.Now()
		removeLedger(l.file)
		if err == nil {
			l.spans = append(l.spans, importSpan{start: t0, end: t1, lines: res.Batch.RowsLoaded})
			l.stale()
		}
		if err != nil || !t1.Before(deadline) || ctx.Err() != nil {
			// The next ledger is not wanted: its generation stops (when
			// it has ended, it is counted, its CPU was spent).
			stop()
			if m := <-next; m.err == nil {
				l.generated++
				removeLedger(m.file)
			}
			if err != nil {
				l.err = fmt.Errorf("import %d: %w", i, err)
			}
			return
		}
		m := <-next
		stop()
		if m.err != nil {
			l.err = m.err
			return
		}
		l.generated++
		l.file = m.file
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
	generated int           // ledgers generated while the clock ran
	genCPU    time.Duration // their CPU time, estimated from the first's
}

func (l *importLoop) summary(from, to time.Time) importSummary {
	s := importSummary{count: len(l.spans), generated: l.generated, genCPU: time.Duration(l.generated) * l.genCPU}
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
