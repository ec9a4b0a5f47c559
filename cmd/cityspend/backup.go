package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cityspend/cityspend/duckdb"
)

func (a *app) backupCommand() *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "backup -o DIR",
		Short: "Write a consistent snapshot of the database (every table, every audit record) to a new folder",
		Long: `Write a consistent snapshot of the database to a new folder: every table
as Parquet with the schema and a manifest (DuckDB's EXPORT DATABASE, in one
transaction). A running server holds the database: there, use
"serve --backup-dir DIR --backup-every 24h", which takes the same snapshots
while it serves. Restore with "cityspend restore DIR --db NEW.duckdb".`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.openStore(cmd.Context(), "")
			if err != nil {
				return err
			}
			defer st.Close()
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
			st, err := a.openStore(cmd.Context(), "")
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
