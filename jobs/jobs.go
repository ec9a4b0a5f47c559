// SPDX-License-Identifier: EUPL-1.2

// Package jobs runs the server's background work — imports above all — one
// writer at a time, and keeps what each job did for whoever asks later: its
// state, its progress (rows read so far) and its result. The store has one
// writer (DuckDB): writes queue in one lane, first come first served, while
// reads go on beside them; a job's page can be left and come back.
package jobs

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cityspend/cityspend"
)

// States of a job.
const (
	Queued  = "queued"
	Running = "running"
	Done    = "done"
	Failed  = "failed"
)

// Result is what an import did: the rows of all its files (and sheets), the
// batches it made, and each file's own summary as the importer reports it.
type Result struct {
	RowsRead      int64 `json:"rows_read"`
	RowsLoaded    int64 `json:"rows_loaded"`
	RowsRejected  int64 `json:"rows_rejected"`
	RowsDuplicate int64 `json:"rows_duplicate"`
	// BatchIDs are the batches it made: their rejected rows are the job's.
	BatchIDs []int64 `json:"batch_ids,omitempty"`
	// Files are the importer's summaries, one per file or sheet (for a
	// dry run with the layout it read: the header mapping).
	Files []json.RawMessage `json:"files,omitempty"`
	// Output is what the importer wrote for people.
	Output string `json:"output,omitempty"`
}

// Job is a snapshot of one job.
type Job struct {
	ID       string    `json:"id"`
	BuyerID  string    `json:"buyer_id"`
	Kind     string    `json:"kind"`
	Files    []string  `json:"files"`
	DryRun   bool      `json:"dry_run,omitempty"`
	By       string    `json:"by,omitempty"`
	State    string    `json:"state"`
	RowsRead int64     `json:"rows_read_so_far"`
	Created  time.Time `json:"created"`
	Started  time.Time `json:"started,omitzero"`
	Finished time.Time `json:"finished,omitzero"`
	Result   *Result   `json:"result,omitempty"`
	Error    string    `json:"error,omitempty"`
}

// Progress is how a job's work tells the rows it has read so far.
type Progress struct{ rows atomic.Int64 }

// Rows sets the rows read so far.
func (p *Progress) Rows(n int64) { p.rows.Store(n) }

// Work is a job's work; it reports its rows through p.
type Work func(ctx context.Context, p *Progress) (Result, error)

type job struct {
	Job
	progress Progress
	work     Work
	end      func()
	write    bool
}

// Runner runs jobs: writes one at a time in submission order (the store's
// one writer), reads (dry runs) at once. It keeps the last Keep finished
// jobs of each buyer.
type Runner struct {
	log  *slog.Logger
	ctx  context.Context
	stop context.CancelFunc
	// lane is the one writer: a job that writes, or a command that does
	// (Write), holds it.
	lane chan struct{}
	// Done is called after each job that wrote finished (the server forgets
	// its results then).
	Done func(Job)

	mu   sync.Mutex
	seq  int64
	jobs map[string]*job
	wg   sync.WaitGroup
}

// Keep is how many finished jobs of a buyer a runner remembers.
const Keep = 200

// New starts a runner; Close stops it.
func New(log *slog.Logger) *Runner {
	ctx, stop := context.WithCancel(context.Background())
	return &Runner{log: log, ctx: ctx, stop: stop, lane: make(chan struct{}, 1), jobs: map[string]*job{}}
}

// Close cancels the jobs still running or queued and waits for them.
func (r *Runner) Close() {
	r.stop()
	r.wg.Wait()
}

// Write runs fn in the writer lane, after the writes before it; it waits
// no longer than ctx, and says so (fn then did not run).
func (r *Runner) Write(ctx context.Context, fn func()) error {
	select {
	case r.lane <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-r.lane }()
	if err := ctx.Err(); err != nil {
		return err // the lane came free as ctx ended: do not start now
	}
	fn()
	return nil
}

// Submit queues a job of a buyer: write says whether it changes the store
// (and so waits for the writer lane). end, when not nil, is called once the
// job has ended in any state, its work run or not (Close before its turn):
// it frees what the job holds, its uploaded files say. It returns the job
// as queued.
func (r *Runner) Submit(j Job, write bool, work Work, end func()) Job {
	r.mu.Lock()
	r.seq++
	j.ID = fmt.Sprintf("%d-%d", time.Now().Unix(), r.seq)
	j.State, j.Created = Queued, time.Now().UTC()
	jb := &job{Job: j, work: work, end: end, write: write}
	r.jobs[j.ID] = jb
	r.forget(j.BuyerID)
	snap := jb.snapshot()
	r.mu.Unlock()
	r.wg.Add(1)
	go r.run(jb)
	return snap
}

func (r *Runner) run(jb *job) {
	defer r.wg.Done()
	if jb.end != nil {
		defer jb.end() // before Close hears the job ended
	}
	do := func() {
		r.set(jb, func(j *job) { j.State, j.Started = Running, time.Now().UTC() })
		res, err := jb.work(r.ctx, &jb.progress)
		r.set(jb, func(j *job) {
			j.Finished = time.Now().UTC()
			j.Result = &res
			j.State = Done
			if err != nil {
				j.State, j.Error = Failed, cityspend.ErrorMessage(err)
				if cityspend.ErrorCode(err) == cityspend.EINTERNAL {
					j.Error = err.Error()
				}
			}
		})
		if err != nil {
			r.log.Warn("job failed", "job", jb.ID, "buyer", jb.BuyerID, "kind", jb.Kind, "err", err)
		} else {
			r.log.Info("job done", "job", jb.ID, "buyer", jb.BuyerID, "kind", jb.Kind, "rows_loaded", res.RowsLoaded)
		}
	}
	if !jb.write {
		do()
		return
	}
	if err := r.Write(r.ctx, do); err != nil {
		r.set(jb, func(j *job) {
			j.State, j.Error, j.Finished = Failed, "the server stopped before the job ran", time.Now().UTC()
		})
		return
	}
	if r.Done != nil {
		r.Done(jb.snapshot())
	}
}

func (r *Runner) set(jb *job, fn func(*job)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	fn(jb)
}

// snapshot copies a job with its progress; the caller holds r.mu or owns
// the job.
func (jb *job) snapshot() Job {
	j := jb.Job
	j.Files = slices.Clone(j.Files)
	if j.State == Running {
		j.RowsRead = jb.progress.rows.Load()
	} else if j.Result != nil {
		j.RowsRead = j.Result.RowsRead
	}
	return j
}

// Get is one job of a buyer.
func (r *Runner) Get(buyerID, id string) (Job, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	jb, ok := r.jobs[id]
	if !ok || jb.BuyerID != buyerID {
		return Job{}, cityspend.Errorf(cityspend.ENOTFOUND, "no job %q of buyer %s", id, buyerID)
	}
	return jb.snapshot(), nil
}

// List is a buyer's jobs, newest first.
func (r *Runner) List(buyerID string) []Job {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := []Job{}
	for _, jb := range r.jobs {
		if jb.BuyerID == buyerID {
			out = append(out, jb.snapshot())
		}
	}
	slices.SortFunc(out, func(a, b Job) int {
		if c := b.Created.Compare(a.Created); c != 0 {
			return c
		}
		return compareIDs(b.ID, a.ID)
	})
	return out
}

func compareIDs(a, b string) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// forget drops a buyer's oldest finished jobs beyond Keep; the caller
// holds r.mu.
func (r *Runner) forget(buyerID string) {
	var finished []*job
	for _, jb := range r.jobs {
		if jb.BuyerID == buyerID && (jb.State == Done || jb.State == Failed) {
			finished = append(finished, jb)
		}
	}
	if len(finished) <= Keep {
		return
	}
	slices.SortFunc(finished, func(a, b *job) int { return a.Finished.Compare(b.Finished) })
	for _, jb := range finished[:len(finished)-Keep] {
		delete(r.jobs, jb.ID)
	}
}
