// SPDX-License-Identifier: EUPL-1.2

package bench

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"path/filepath"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/gen"
	"github.com/cityspend/cityspend/register"
)

// Resolve generates a register of units units, loads it (`cityspend import
// register brreg` in a child process), and resolves payees distinct payee
// names made from registered names as clerks write them. The baseline is an
// exact name join in DuckDB over the same names. keep leaves the files.
func (h *Harness) Resolve(ctx context.Context, units, payees int64, keep bool) (*Result, error) {
	log := h.log()
	dir, cleanup, err := h.tempDir(keep)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	u := gen.NewUniverse(7)
	file := filepath.Join(dir, "enheter.json.gz")
	log.Info("generating register", "units", units)
	if _, err := gen.WriteRegisterFile(ctx, file, u, gen.RegisterOptions{Units: units}); err != nil {
		return nil, err
	}
	db := filepath.Join(dir, "r.duckdb")
	if _, _, _, err := h.child(ctx, "import", "register", "brreg", "--db", db, "--no-resolve", file); err != nil {
		return nil, err
	}
	// Payee names: every k-th unit, as a clerk might have typed it. A fresh
	// universe hands out the same organisation numbers as the file's.
	u = gen.NewUniverse(7)
	type truth struct {
		name, org, postcode string
	}
	step := max(units/payees, 1)
	rng := rand.New(rand.NewPCG(7, 11))
	var names []truth
	seen := map[string]bool{}
	var i int64
	err = gen.Units(ctx, u, units, func(s *gen.Supplier) error {
		i++
		if i%step != 0 || int64(len(names)) >= payees {
			return nil
		}
		n := gen.NameVariant(rng, s.DisplayName(), rng.IntN(7), "")
		if seen[n] {
			return nil
		}
		seen[n] = true
		names = append(names, truth{n, s.Org, s.Postcode})
		return nil
	})
	if err != nil {
		return nil, err
	}
	st, err := duckdb.Open(ctx, db, duckdb.Options{Logger: log})
	if err != nil {
		return nil, err
	}
	defer st.Close()
	log.Info("resolving with cityspend", "payees", len(names))
	start := time.Now()
	ix, err := register.LoadIndex(ctx, st)
	if err != nil {
		return nil, err
	}
	indexed := time.Since(start)
	var resolved, correct int
	for _, n := range names {
		m := ix.Resolve(register.Query{Name: n.name, Postcode: n.postcode})
		if m.Method == cityspend.MatchNone {
			continue
		}
		resolved++
		if m.ID.ID == n.org {
			correct++
		} else if h.Wrong != nil && resolved-correct <= 25 {
			fmt.Fprintf(h.Wrong, "wrong: %q (%s) → %s: %s\n", n.name, n.org, m.ID.ID, m.Reason)
		}
	}
	ours := time.Since(start)

	exact := make([]duckdb.BaselineName, len(names))
	for i, n := range names {
		exact[i] = duckdb.BaselineName{Name: n.name, Org: n.org}
	}
	log.Info("exact join in DuckDB")
	start = time.Now()
	baseCorrect, err := st.BaselineExactNames(ctx, exact)
	if err != nil {
		return nil, err
	}
	baseline := time.Since(start)
	res := map[string]any{
		"units": units, "payees": len(names), "ours_s": round(ours.Seconds(), 2), "index_s": round(indexed.Seconds(), 2),
		"baseline_s": round(baseline.Seconds(), 2), "ratio": round(ours.Seconds()/baseline.Seconds(), 2),
		"precision": round(float64(correct)/float64(max(resolved, 1)), 4), "recall": round(float64(correct)/float64(len(names)), 4),
		"baseline_recall": round(float64(baseCorrect)/float64(len(names)), 4),
	}
	return &Result{Figures: res, text: func(w io.Writer) {
		fmt.Fprintf(w, "resolving %d payee names against %d units\n", len(names), units)
		fmt.Fprintf(w, "  cityspend   %6.1f s (index %.1f s)  precision %.4f  recall %.4f\n", ours.Seconds(), indexed.Seconds(), res["precision"], res["recall"])
		fmt.Fprintf(w, "  exact join  %6.1f s                  recall %.4f\n", baseline.Seconds(), res["baseline_recall"])
	}}, nil
}
