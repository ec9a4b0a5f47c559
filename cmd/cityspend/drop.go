// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/jobs"
	"github.com/cityspend/cityspend/web"
)

// The drop folder (serve --drop-dir): registers and reference data placed
// in a subfolder named after their kind (web.RefKinds: postcodes,
// register-brreg, …) are loaded on a schedule through the same jobs as an
// upload at /admin, then moved to the subfolder's done/ or failed/ with a
// note of the result beside them.

// makeDropDirs makes the drop folder's subfolders, one per kind.
func makeDropDirs(dir string) error {
	for _, k := range web.RefKinds {
		if err := os.MkdirAll(filepath.Join(dir, k), 0o750); err != nil {
			return fmt.Errorf("drop folder: %w", err)
		}
	}
	return nil
}

// drops loads what is dropped every so often until ctx ends.
func (a *app) drops(ctx context.Context, st cityspend.Store, srv *web.Server, dir string, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		a.dropOnce(ctx, st, srv, dir)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// dropOnce loads the files waiting in the drop folder, oldest first within
// each kind. A name starting with "." is not ready (a copy in progress
// writes there and renames the file when done).
func (a *app) dropOnce(ctx context.Context, st cityspend.Store, srv *web.Server, dir string) {
	for _, kind := range web.RefKinds {
		sub := filepath.Join(dir, kind)
		entries, err := os.ReadDir(sub)
		if err != nil {
			if !os.IsNotExist(err) {
				a.log.Error("drop folder not read", "dir", sub, "err", err)
			}
			continue
		}
		var files []os.DirEntry
		for _, e := range entries {
			if e.Type().IsRegular() && !strings.HasPrefix(e.Name(), ".") {
				files = append(files, e)
			}
		}
		slices.SortFunc(files, func(x, y os.DirEntry) int { return strings.Compare(x.Name(), y.Name()) })
		for _, e := range files {
			if ctx.Err() != nil {
				return
			}
			a.dropFile(ctx, st, srv, kind, filepath.Join(sub, e.Name()))
		}
	}
}

// dropFile loads one dropped file and moves it with its note.
func (a *app) dropFile(ctx context.Context, st cityspend.Store, srv *web.Server, kind, path string) {
	start := time.Now()
	j, err := srv.LoadFile(ctx, web.Caller{Who: "drop", Via: "drop folder"}, kind, path)
	if ctx.Err() != nil {
		return // the server stops: the file waits for the next start
	}
	state, note := jobs.Failed, ""
	switch {
	case err != nil:
		note = err.Error()
	default:
		state = j.State
		note = j.Error
		if j.Result != nil && j.Result.Output != "" {
			note = strings.TrimSpace(note + "\n" + j.Result.Output)
		}
	}
	to := "done"
	if state != jobs.Done {
		to = "failed"
	}
	stamp := time.Now().UTC().Format("20060102T150405Z")
	dest := filepath.Join(filepath.Dir(path), to, stamp+"-"+filepath.Base(path))
	moved := os.MkdirAll(filepath.Dir(dest), 0o750)
	if moved == nil {
		moved = os.Rename(path, dest)
	}
	if moved != nil {
		// Not moved, it would load again and again: log it loudly.
		a.log.Error("dropped file not moved", "file", path, "to", dest, "err", moved)
		return
	}
	// The audit entry first: the note beside the file says the drop is
	// done, and whoever reads it finds the entry already written.
	code := http.StatusOK
	if state != jobs.Done {
		code = http.StatusUnprocessableEntity
	}
	if err := st.Audit(context.WithoutCancel(ctx), cityspend.AuditEntry{At: time.Now().UTC(), Who: "drop", Action: "load " + kind + " " + filepath.Base(path),
		Path: dest, Status: code, Via: "drop folder"}); err != nil {
		a.log.Error("audit log not written", "err", err)
	}
	text := fmt.Sprintf("%s %s: %s (job %s, %.1f s)\n%s\n", kind, filepath.Base(path), state, j.ID, time.Since(start).Seconds(), note)
	if err := os.WriteFile(dest+".txt", []byte(text), 0o640); err != nil {
		a.log.Error("drop note not written", "file", dest+".txt", "err", err)
	}
	if state == jobs.Done {
		a.log.Info("dropped file loaded", "kind", kind, "file", filepath.Base(path), "moved_to", dest, "job", j.ID)
	} else {
		a.log.Warn("dropped file failed", "kind", kind, "file", filepath.Base(path), "moved_to", dest, "job", j.ID, "error", note)
	}
}
