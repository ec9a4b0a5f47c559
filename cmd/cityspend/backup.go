// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/clickhouse"
	"github.com/cityspend/cityspend/duckdb"
)

func (a *app) backupCommand() *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "backup -o DIR",
		Short: "Write a consistent snapshot of the database (every table, every audit record) to a new folder",
		Long: `Write a consistent snapshot of the database to a new folder: every table
as Parquet with the schema and a manifest (DuckDB's EXPORT DATABASE, in one
transaction). Beside a running server the command runs in the server
(docs/operations.md); "serve --backup-dir DIR --backup-every 24h" takes the
same snapshots on a schedule. Restore with "cityspend restore DIR --db NEW.duckdb".`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.openEmbedded(cmd.Context(), "")
			if err != nil {
				return err
			}
			defer a.closeEmbedded(st)
			if err := st.Backup(cmd.Context(), out); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "backup written to %s\n", out)
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "the new folder (required)")
	cmd.MarkFlagRequired("output")
	return cmd
}

func (a *app) restoreCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "restore DIR --db NEW.duckdb",
		Short: "Build a new database file from a backup folder (an existing file is never overwritten)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := duckdb.Restore(cmd.Context(), args[0], a.cfg.DB); err != nil {
				return err
			}
			st, err := a.openEmbedded(cmd.Context(), "")
			if err != nil {
				return err
			}
			defer st.Close()
			bs, err := st.Buyers(cmd.Context())
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "restored %s into %s (%d buyers)\n", args[0], a.cfg.DB, len(bs))
			return nil
		},
	}
}

// backups takes a snapshot into dir every period while ctx lives, keeping
// the newest keep ones (older snapshots made this way are removed).
func (a *app) backups(ctx context.Context, st *duckdb.DB, dir string, every time.Duration, keep int) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			name := filepath.Join(dir, "cityspend-"+time.Now().UTC().Format("20060102T150405Z"))
			start := time.Now()
			if err := st.Backup(ctx, name); err != nil {
				a.log.Error("backup failed", "dir", name, "err", err)
				continue
			}
			a.log.Info("backup written", "dir", name, "seconds", time.Since(start).Seconds())
			old, _ := filepath.Glob(filepath.Join(dir, "cityspend-*"))
			var done []string
			for _, o := range old {
				if !strings.HasSuffix(o, ".partial") {
					done = append(done, o)
				}
			}
			sort.Strings(done)
			for len(done) > keep {
				if _, err := duckdb.ReadManifest(done[0]); err == nil {
					os.RemoveAll(done[0])
				}
				done = done[1:]
			}
		}
	}
}

func (a *app) exportCommand() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "export --format parquet DIR",
		Short: "Write every table of the embedded store as Parquet to a new folder (the backup format), for a move to another store",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "parquet" {
				return usageError{fmt.Errorf("--format %q: parquet", format)}
			}
			st, err := a.openEmbedded(cmd.Context(), "")
			if err != nil {
				return err
			}
			defer a.closeEmbedded(st)
			if err := st.Backup(cmd.Context(), args[0]); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "exported to %s\n", args[0])
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "parquet", "parquet")
	return cmd
}

func (a *app) importParquetCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "parquet DIR [--store clickhouse://…]",
		Short: "Load an export (or backup) folder: into a new embedded file (--db), or into the ClickHouse store of --store",
		Long: `Load a folder written by "cityspend export --format parquet" or "cityspend
backup". Into the embedded store it is a restore: every table, every audit
record, into a new file (--db; an existing file is never overwritten).

Into the ClickHouse store (--store clickhouse://…) it is a move: when the
catalog file (--db) does not exist yet, every table is restored into it
(register, resolutions, profiles, scope, decisions, plan, accounts,
broker, audit) and the ledger lines go to the cluster with the same
payee, account and unit ids; into an existing catalog it adds the buyers
that are missing and moves the lines. Lines are de-duplicated as in any
import: a second run adds nothing.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if !a.distributed() {
				if err := duckdb.Restore(ctx, args[0], a.cfg.DB); err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "loaded %s into %s\n", args[0], a.cfg.DB)
				return nil
			}
			restored := false
			if _, err := os.Stat(a.cfg.DB); errors.Is(err, fs.ErrNotExist) {
				if err := duckdb.Restore(ctx, args[0], a.cfg.DB); err != nil {
					return err
				}
				restored = true
			}
			st, err := a.openStore(ctx, "")
			if err != nil {
				return err
			}
			defer st.Close()
			cat := st.(*clickhouse.Store).DB
			if restored {
				// The restored file's own lines move to the cluster below.
				if err := cat.ClearLines(ctx); err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "restored the catalog into %s\n", a.cfg.DB)
			}
			var batches, loaded, dups, skipped int64
			err = duckdb.ReadLedger(ctx, args[0], func(b cityspend.Buyer, batch cityspend.ImportBatch, rows cityspend.RowReader) error {
				if _, err := st.Buyer(ctx, b.ID); cityspend.ErrorCode(err) == cityspend.ENOTFOUND {
					if err := st.CreateBuyer(ctx, b); err != nil {
						return err
					}
				} else if err != nil {
					return err
				}
				nb := cityspend.ImportBatch{BuyerID: b.ID, Kind: batch.Kind, FileName: batch.FileName, SHA256: batch.SHA256, Bytes: batch.Bytes,
					Currency: batch.Currency, Details: batch.Details, StartedAt: batch.StartedAt}
				// A batch the catalog knows (restored from this export, on this
				// run or an earlier one that stopped) keeps its id: its
				// rejected rows and the line ids in stored findings point to
				// it. One the cluster has already is left as it is.
				if keep, err := knownBatch(ctx, cat, b.ID, batch); err != nil {
					return err
				} else if keep {
					onCluster, err := st.Batches(ctx, b.ID)
					if err != nil {
						return err
					}
					if slices.ContainsFunc(onCluster, func(k cityspend.ImportBatch) bool { return k.ID == batch.ID }) {
						a.log.Info("batch already moved", "buyer", b.ID, "file", batch.FileName)
						skipped++
						return nil
					}
					nb.ID, nb.RowsRejected, nb.RowsDuplicate, nb.RejectsFile = batch.ID, batch.RowsRejected, batch.RowsDuplicate, batch.RejectsFile
					nb.RowsRead = batch.RowsRejected + batch.RowsDuplicate // the export has the loaded lines
				}
				if err := st.ImportPayments(ctx, &nb, rows, false); err != nil {
					return fmt.Errorf("buyer %s, %s: %w", b.ID, batch.FileName, err)
				}
				batches++
				loaded += nb.RowsLoaded
				dups += nb.RowsDuplicate
				a.log.Info("batch moved", "buyer", b.ID, "file", batch.FileName, "lines", nb.RowsLoaded, "duplicates", nb.RowsDuplicate)
				return nil
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "moved %d batches: %d lines loaded, %d already there", batches, loaded, dups)
			if skipped > 0 {
				fmt.Fprintf(a.stdout, "; %d batches were on the cluster already", skipped)
			}
			fmt.Fprintln(a.stdout)
			return nil
		},
	}
}

// knownBatch reports whether the catalog records a buyer's batch with the
// same id and file contents.
func knownBatch(ctx context.Context, cat *duckdb.DB, buyerID string, batch cityspend.ImportBatch) (bool, error) {
	bs, err := cat.Batches(ctx, buyerID)
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(bs, func(k cityspend.ImportBatch) bool { return k.ID == batch.ID && k.SHA256 == batch.SHA256 }), nil
}
