// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// backup → restore → the indicator JSON of analyse is byte-identical; a
// restore never overwrites a file; serve takes snapshots while it serves
// and keeps the newest.
func TestBackupRestoreCLI(t *testing.T) {
	t.Parallel() // a long test: it runs beside the package's other long ones
	if testing.Short() {
		t.Skip("builds the demo database")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "b.duckdb")
	demoCopy(t, db, "3000")
	year := time.Now().Year() - 1
	analyse := func(db string) string {
		return mustCLI(t, "analyse", "--db", db, "--buyer", "3909", "--year", strconv.Itoa(year), "--json")
	}
	before := analyse(db)
	bk := filepath.Join(dir, "backup")
	mustCLI(t, "backup", "--db", db, "-o", bk)
	if code, _, errs := cli(t, "backup", "--db", db, "-o", bk); code == 0 || !strings.Contains(errs, "exists") {
		t.Errorf("a backup over an existing folder: %d %s", code, errs)
	}
	restored := filepath.Join(dir, "restored.duckdb")
	if out := mustCLI(t, "restore", bk, "--db", restored); !strings.Contains(out, "4 buyers") {
		t.Errorf("restore: %q", out)
	}
	if after := analyse(restored); after != before {
		t.Errorf("analyse --json differs after backup and restore:\n%.300s\n%.300s", before, after)
	}
	if code, _, errs := cli(t, "restore", bk, "--db", db); code == 0 || !strings.Contains(errs, "exists") {
		t.Errorf("a restore over a file: %d %s", code, errs)
	}

	// serve --backup-every, as a child process.
	snaps := filepath.Join(dir, "snapshots")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c := child(ctx, "serve", "--db", restored, "--addr", "127.0.0.1:0", "--backup-dir", snaps, "--backup-every", "300ms", "--backup-keep", "2")
	stdout, _ := c.StdoutPipe()
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	defer stopServe(t, c)
	sc := bufio.NewScanner(stdout)
	for sc.Scan() && !strings.Contains(sc.Text(), "serving") {
	}
	// The finished snapshots (one being written is "….partial" until it is
	// renamed into place).
	finished := func() []string {
		all, _ := filepath.Glob(filepath.Join(snaps, "cityspend-*"))
		var done []string
		for _, g := range all {
			if !strings.HasSuffix(g, ".partial") {
				done = append(done, g)
			}
		}
		return done
	}
	deadline := time.Now().Add(30 * time.Second)
	var got []string
	for time.Now().Before(deadline) {
		got = finished()
		if len(got) == 2 {
			// A few more rounds: still two (a new one is renamed into place
			// just before the oldest goes, so look again for a moment).
			time.Sleep(1500 * time.Millisecond)
			for range 20 {
				if got = finished(); len(got) == 2 {
					break
				}
				time.Sleep(100 * time.Millisecond)
			}
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if len(got) != 2 {
		t.Fatalf("snapshots while serving: %v", got)
	}
	for _, g := range got {
		if _, err := os.Stat(filepath.Join(g, "cityspend-backup.json")); err != nil {
			t.Errorf("%s has no manifest", g)
		}
	}
}
