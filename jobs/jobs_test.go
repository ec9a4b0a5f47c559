// SPDX-License-Identifier: EUPL-1.2

package jobs

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
)

func wait(t *testing.T, r *Runner, buyer, id string) Job {
	t.Helper()
	for i := 0; i < 500; i++ {
		j, err := r.Get(buyer, id)
		if err != nil {
			t.Fatal(err)
		}
		if j.State == Done || j.State == Failed {
			return j
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("job %s did not finish", id)
	return Job{}
}

// Writes run one at a time, in the order they came, whatever their buyer;
// a read (a dry run) runs beside a write; a running job tells its rows; a
// failed job says why; a buyer sees only its own jobs.
func TestRunnerOneWriter(t *testing.T) {
	r := New(slog.New(slog.DiscardHandler))
	defer r.Close()
	var done atomic.Int64
	r.Done = func(Job) { done.Add(1) }
	var writing, most atomic.Int64
	var order []string
	release := make(chan struct{})
	write := func(name string) Work {
		return func(ctx context.Context, p *Progress) (Result, error) {
			n := writing.Add(1)
			defer writing.Add(-1)
			if n > most.Load() {
				most.Store(n)
			}
			order = append(order, name) // under the lane: no race
			p.Rows(42)
			<-release
			return Result{RowsRead: 42, RowsLoaded: 40, RowsRejected: 2}, nil
		}
	}
	a := r.Submit(Job{BuyerID: "A", Kind: "ledger"}, true, write("a"), nil)
	time.Sleep(20 * time.Millisecond)
	b := r.Submit(Job{BuyerID: "B", Kind: "ledger"}, true, write("b"), nil)
	// A read runs while the write of A holds the lane.
	read := r.Submit(Job{BuyerID: "B", Kind: "ledger", DryRun: true}, false, func(ctx context.Context, p *Progress) (Result, error) {
		return Result{RowsRead: 7}, nil
	}, nil)
	if j := wait(t, r, "B", read.ID); j.State != Done || j.RowsRead != 7 {
		t.Errorf("the read beside a write: %+v", j)
	}
	time.Sleep(20 * time.Millisecond)
	ja, _ := r.Get("A", a.ID)
	jb, _ := r.Get("B", b.ID)
	if ja.State != Running || ja.RowsRead != 42 || jb.State != Queued {
		t.Errorf("while A writes: A %s (%d rows), B %s", ja.State, ja.RowsRead, jb.State)
	}
	close(release)
	wait(t, r, "A", a.ID)
	if j := wait(t, r, "B", b.ID); j.State != Done || j.Result.RowsLoaded != 40 || j.RowsRead != 42 {
		t.Errorf("B: %+v", j)
	}
	if most.Load() != 1 || len(order) != 2 || order[0] != "a" || order[1] != "b" {
		t.Errorf("writes at once: %d, order %v", most.Load(), order)
	}
	if done.Load() != 2 {
		t.Errorf("Done called %d times for 2 writes", done.Load())
	}
	if _, err := r.Get("B", a.ID); cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		t.Errorf("A's job as B's: %v", err)
	}
	if l := r.List("B"); len(l) != 2 || l[0].ID != read.ID {
		t.Errorf("B's jobs, newest first: %+v", l)
	}
	f := r.Submit(Job{BuyerID: "A", Kind: "ehf"}, true, func(ctx context.Context, p *Progress) (Result, error) {
		return Result{}, cityspend.Errorf(cityspend.EINVALID, "not an invoice")
	}, nil)
	if j := wait(t, r, "A", f.ID); j.State != Failed || j.Error != "not an invoice" {
		t.Errorf("a failed job: %+v", j)
	}
}

// Write waits for the lane no longer than its context; Close cancels the
// running job's context; a job's end is called whether it ran or was still
// queued at Close (an upload's files are removed either way).
func TestRunnerClose(t *testing.T) {
	r := New(slog.New(slog.DiscardHandler))
	started := make(chan struct{})
	var ended sync.Map
	end := func(name string) func() { return func() { ended.Store(name, true) } }
	j := r.Submit(Job{BuyerID: "A"}, true, func(ctx context.Context, p *Progress) (Result, error) {
		close(started)
		<-ctx.Done()
		return Result{}, ctx.Err()
	}, end("running"))
	<-started
	queued := r.Submit(Job{BuyerID: "A"}, true, func(ctx context.Context, p *Progress) (Result, error) {
		t.Error("a job queued at Close ran")
		return Result{}, nil
	}, end("queued"))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if err := r.Write(ctx, func() {}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Write while the lane is held: %v", err)
	}
	r.Close()
	if got, _ := r.Get("A", j.ID); got.State != Failed {
		t.Errorf("a job running at Close: %+v", got)
	}
	if got, _ := r.Get("A", queued.ID); got.State != Failed {
		t.Errorf("a job queued at Close: %+v", got)
	}
	for _, name := range []string{"running", "queued"} {
		if _, ok := ended.Load(name); !ok {
			t.Errorf("the %s job's end was not called by the time Close returned", name)
		}
	}
}
