package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/gen"
	"github.com/cityspend/cityspend/ingest/ledger"
	"github.com/cityspend/cityspend/register/brreg"
)

// demoBuyers are the three neighbouring municipalities of the demo; each
// ledger comes in another format, so the demo walks every import path.
var demoBuyers = []struct {
	code, name, format string
}{
	{"3909", "Larvik kommune", gen.FormatCSV},
	{"3907", "Sandefjord kommune", gen.FormatMessy},
	{"3905", "Tønsberg kommune", gen.FormatXLSX},
}

const demoDB = "cityspend-demo.duckdb"

func (a *app) demoCommand() *cobra.Command {
	var addr string
	var noServe, rebuild bool
	var seed uint64
	var lines int64
	cmd := &cobra.Command{
		Use:   "demo [--db FILE] [--addr 127.0.0.1:8080] [--no-serve]",
		Short: "Build a demo database of three synthetic municipalities and serve the UI",
		Long: `Build a demo database with three neighbouring municipalities (Larvik 3909,
Sandefjord 3907, Tønsberg 3905) and two years of synthetic ledger lines each,
then serve the web UI. The database defaults to ./cityspend-demo.duckdb (not
your working database); an existing demo database is reused unless --rebuild.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if !cmd.Flags().Changed("db") && os.Getenv("CITYSPEND_DB") == "" {
				a.cfg.DB = demoDB
			}
			st, err := a.buildDemo(ctx, seed, lines, rebuild)
			if err != nil {
				return err
			}
			defer st.Close()
			if noServe {
				fmt.Fprintf(a.stdout, "demo database ready: %s\n", a.cfg.DB)
				return nil
			}
			return a.serve(ctx, st, addr)
		},
	}
	f := cmd.Flags()
	f.StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on")
	f.BoolVar(&noServe, "no-serve", false, "build the database and exit")
	f.BoolVar(&rebuild, "rebuild", false, "rebuild the demo database even if it exists")
	f.Uint64Var(&seed, "seed", 1, "seed of the synthetic data")
	f.Int64Var(&lines, "lines", 40000, "ledger lines per municipality (over two years)")
	return cmd
}

// buildDemo opens the demo database, building it when it has no demo buyers
// yet. It refuses to touch a database that holds real (non-synthetic) buyers.
func (a *app) buildDemo(ctx context.Context, seed uint64, lines int64, rebuild bool) (*duckdb.DB, error) {
	path := a.cfg.DB
	if _, err := os.Stat(path); err == nil {
		st, err := a.openStore(ctx, "")
		if err != nil {
			return nil, err
		}
		buyers, err := st.Buyers(ctx)
		if err != nil {
			st.Close()
			return nil, err
		}
		for _, b := range buyers {
			if !b.Synthetic {
				st.Close()
				return nil, cityspend.Errorf(cityspend.ECONFLICT, "%s holds real data (buyer %s); the demo needs its own database: use --db", path, b.ID)
			}
		}
		if len(buyers) == len(demoBuyers) && !rebuild {
			a.log.Info("using the existing demo database", "db", path)
			return st, nil
		}
		st.Close()
		for _, p := range []string{path, path + ".wal"} {
			if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
				return nil, fmt.Errorf("demo: remove old demo database: %w", err)
			}
		}
	}
	tmp, err := os.MkdirTemp("", "cityspend-demo-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	st, err := a.openStore(ctx, "")
	if err != nil {
		return nil, err
	}
	u := gen.NewUniverse(seed)
	// The business register the suppliers resolve against: every supplier of
	// the synthetic municipalities and some thousands of other firms.
	regFile := filepath.Join(tmp, "enheter.json.gz")
	if _, err := gen.WriteRegisterFile(ctx, regFile, u, gen.RegisterOptions{Units: int64(len(u.Suppliers)) + 20000}); err != nil {
		st.Close()
		return nil, fmt.Errorf("demo: generate register: %w", err)
	}
	rr, err := brreg.Open(regFile)
	if err != nil {
		st.Close()
		return nil, err
	}
	rb := cityspend.RegisterBatch{Source: "brreg", FileName: "enheter.json.gz (synthetic)"}
	err = st.ImportRegister(ctx, &rb, rr)
	rr.Close()
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("demo: import register: %w", err)
	}
	a.log.Info("demo register ready", "units", rb.UnitsLoaded)
	from := time.Now().Year() - 2
	for _, d := range demoBuyers {
		start := time.Now()
		file := filepath.Join(tmp, d.code+"-ledger."+map[string]string{gen.FormatCSV: "csv", gen.FormatMessy: "csv", gen.FormatXLSX: "xlsx"}[d.format])
		if _, err := gen.WriteLedgerFile(ctx, file, u, gen.LedgerOptions{Seed: seed, Municipality: d.code, FromYear: from, Years: 2, Lines: lines, Format: d.format}); err != nil {
			st.Close()
			return nil, fmt.Errorf("demo: generate %s: %w", d.name, err)
		}
		b := cityspend.Buyer{ID: d.code, Name: d.name, Country: "NO", Municipality: d.code, Currency: "NOK", FiscalStart: 1, Synthetic: true}
		for _, s := range u.Suppliers {
			if s.Form == "KOMM" && s.Municipality == d.code {
				b.OrgNumber = s.Org
			}
		}
		if err := st.CreateBuyer(ctx, b); err != nil {
			st.Close()
			return nil, err
		}
		res, err := ledger.ImportFile(ctx, st, b, file, ledger.ImportOptions{RejectsDir: tmp})
		if err != nil {
			st.Close()
			return nil, fmt.Errorf("demo: import %s: %w", d.name, err)
		}
		a.log.Info("demo municipality ready", "buyer", d.code, "name", d.name, "format", d.format,
			"rows_loaded", res.Batch.RowsLoaded, "rows_rejected", res.Batch.RowsRejected, "seconds", time.Since(start).Round(time.Millisecond).Seconds())
	}
	if err := a.enrich(ctx, st, ""); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}
