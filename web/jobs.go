// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/jobs"
)

// The server owns the store: the command line reaches it through the API
// (POST /api/v1/run runs a command of the CLI in the server, against the
// server's store), and imports run as background jobs, one writer at a
// time, while the pages answer.

// Placeholders stand for files in a command line sent to POST /api/v1/run:
// InFile+N is the request's part "in:N" (a file, written to a temporary
// folder), InDir+N the parts "dir:N" (the files of a folder), OutFile+N a
// file the command writes, OutDir+N a folder it writes, both sent back.
const (
	InFile  = "@in:"
	InDir   = "@dir:"
	OutFile = "@out:"
	OutDir  = "@outdir:"
)

// Command says what a command line sent to the server touches.
type Command struct {
	// Path is the command ("cityspend import ledger").
	Path string
	// BuyerID is the buyer it is about; "" for the installation (buyers,
	// users, registers, reference data), which only the operator may run.
	BuyerID string
	// Write: it changes the store (it waits for the writer lane).
	Write bool
	// Role is the least role at the buyer it needs.
	Role string
}

// Import is an import of a buyer's files run as a job.
type Import struct {
	BuyerID string
	// Kind is what the files are: ledger, ehf, contracts, survey, ocds,
	// eforms.
	Kind  string
	Files []string
	// Map is a mapping file (ledger, contracts), "" for none.
	Map        string
	DryRun     bool
	Year       int    // survey
	DateFormat string // ledger
	NoSupplier bool   // ledger
}

// ImportKinds are the kinds POST /api/v1/buyers/{id}/imports accepts.
var ImportKinds = []string{"ledger", "ehf", "contracts", "survey", "ocds", "eforms"}

// Commands runs the command line inside the server (cmd/cityspend sets
// it): the same commands as the CLI, against the server's store.
type Commands interface {
	// Check reads a command line (with placeholders for its files) and
	// says what it touches; it refuses a command that cannot run in the
	// server, and a file named by anything but a placeholder.
	Check(args []string) (Command, error)
	// Run runs a command line (placeholders replaced) and returns its exit
	// status.
	Run(ctx context.Context, args []string, stdout, stderr io.Writer) int
	// Import runs an import, reporting the rows read through p.
	Import(ctx context.Context, imp Import, p *jobs.Progress) (jobs.Result, error)
}

// SetCommands lets the server run the command line's commands and imports.
func (s *Server) SetCommands(c Commands) { s.commands = c }

// SetOperatorToken sets the token of the installation's operator: a
// request with it as its bearer token may do anything a buyer's admin may
// at every buyer, and run every command (the CLI on the server's machine
// reads it from the hand-over file beside the database).
func (s *Server) SetOperatorToken(tok string) { s.operatorToken = tok }

// Jobs is the server's job runner (the writer lane).
func (s *Server) Jobs() *jobs.Runner { return s.jobs }

// Close stops the server's background jobs, cancelling those that have not
// finished.
func (s *Server) Close() { s.jobs.Close() }

func (s *Server) noCommands() error {
	return cityspend.Errorf(cityspend.EINVALID, "this server runs no commands or imports (it was not started by `cityspend serve`)")
}

// apiRun runs a command line in the server: a multipart form with "args"
// (a JSON array, files as placeholders) and the input files; the answer
// streams as JSON lines: {"stdout": …}, {"stderr": …}, {"file": "@out:0",
// "name": …, "data": base64}, and last {"exit": N}.
func (s *Server) apiRun(w http.ResponseWriter, r *http.Request) {
	if s.commands == nil {
		s.error(w, r, s.noCommands())
		return
	}
	var args []string
	if err := json.Unmarshal([]byte(r.PostFormValue("args")), &args); err != nil || len(args) == 0 {
		s.error(w, r, cityspend.Errorf(cityspend.EINVALID, `send the command line as the form field "args", a JSON array of strings`))
		return
	}
	cmd, err := s.commands.Check(args)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.mayRun(r, cmd); err != nil {
		s.error(w, r, err)
		return
	}
	tmp, err := os.MkdirTemp("", "cityspend-run-")
	if err != nil {
		s.error(w, r, fmt.Errorf("run: %w", err))
		return
	}
	defer os.RemoveAll(tmp)
	args, outs, placed, err := placeFiles(r.MultipartForm, args, tmp)
	if err != nil {
		s.error(w, r, err)
		return
	}
	id := me(r)
	e := cityspend.AuditEntry{At: time.Now().UTC(), Who: id.User.Email, Action: "run " + cmd.Path,
		BuyerID: cmd.BuyerID, Path: r.URL.Path, Status: http.StatusOK, Addr: s.clientAddr(r), Via: viaOf(id)}
	if err := s.store.Audit(context.WithoutCancel(r.Context()), e); err != nil {
		s.log.Error("audit log not written", "entry", e, "err", err)
	}
	// The command may run long: no write deadline.
	http.NewResponseController(w).SetWriteDeadline(time.Time{})
	w.Header().Set("Content-Type", "application/x-ndjson")
	w.WriteHeader(http.StatusOK)
	out := &frames{w: w, flush: http.NewResponseController(w).Flush}
	// The client tells its own names for the files in what it prints.
	out.send(map[string]any{"paths": placed})
	code := 0
	run := func() error {
		code = s.commands.Run(r.Context(), args, out.stream("stdout"), out.stream("stderr"))
		return nil
	}
	if cmd.Write {
		if err := s.jobs.Write(r.Context(), run); err != nil {
			out.send(map[string]any{"stderr": "cityspend: " + err.Error() + "\n"})
			code = 1
		}
		s.Invalidate()
	} else {
		run()
	}
	if code == 0 {
		for ph, path := range outs {
			if err := out.files(ph, path); err != nil {
				out.send(map[string]any{"stderr": fmt.Sprintf("cityspend: sending %s: %v\n", ph, err)})
				code = 1
			}
		}
	}
	out.send(map[string]any{"exit": code})
}

// viaOf is how a request came, for the audit log.
func viaOf(id *identity) string {
	switch {
	case id.Operator:
		return "operator"
	case id.Token != nil:
		return "token:" + id.Token.Name
	}
	return "session"
}

// mayRun checks a command against the request's identity: the operator
// runs anything; a buyer's staff reads (viewer) and writes (analyst) the
// buyer's own data; the installation's commands are the operator's.
func (s *Server) mayRun(r *http.Request, c Command) error {
	id := me(r)
	if c.BuyerID == "" {
		if id.Operator {
			return nil
		}
		return cityspend.Errorf(cityspend.EFORBIDDEN, "%s works on the whole installation: run it with the operator's token (see docs/operations.md)", c.Path)
	}
	want := c.Role
	if want == "" {
		want = cityspend.RoleAdmin
	}
	if !cityspend.RoleAtLeast(id.roleAt(c.BuyerID), want) {
		return cityspend.Errorf(cityspend.EFORBIDDEN, "%s needs the %s role at buyer %s", c.Path, want, c.BuyerID)
	}
	return nil
}

// placeFiles writes a request's files into dir and puts their paths for
// the placeholders of args; it returns the outputs' placeholders with the
// paths the command will write, and every path with its placeholder.
func placeFiles(form *multipart.Form, args []string, dir string) ([]string, map[string]string, map[string]string, error) {
	outs := map[string]string{}
	paths := map[string]string{}
	place := func(ph string) (string, error) {
		if p, ok := paths[ph]; ok {
			return p, nil
		}
		n := ph[strings.LastIndex(ph, ":")+1:]
		if _, err := strconv.Atoi(n); err != nil {
			return "", cityspend.Errorf(cityspend.EINVALID, "placeholder %q: want a number after the colon", ph)
		}
		var files []*multipart.FileHeader
		if form != nil {
			files = form.File[strings.TrimPrefix(ph, "@")]
		}
		var p string
		switch {
		case strings.HasPrefix(ph, InFile):
			if len(files) != 1 {
				return "", cityspend.Errorf(cityspend.EINVALID, "the file of %s is missing: send it as the part %q", ph, strings.TrimPrefix(ph, "@"))
			}
			p = filepath.Join(dir, "in"+n, safeName(files[0].Filename))
			if err := saveUpload(files[0], p); err != nil {
				return "", err
			}
		case strings.HasPrefix(ph, InDir):
			p = filepath.Join(dir, "dir"+n)
			if err := os.MkdirAll(p, 0o700); err != nil {
				return "", err
			}
			for _, f := range files {
				if err := saveUpload(f, filepath.Join(p, safeName(f.Filename))); err != nil {
					return "", err
				}
			}
		case strings.HasPrefix(ph, OutFile):
			name := "out"
			if form != nil && len(form.Value[strings.TrimPrefix(ph, "@")]) > 0 {
				name = safeName(form.Value[strings.TrimPrefix(ph, "@")][0])
			}
			if err := os.MkdirAll(filepath.Join(dir, "out"+n), 0o700); err != nil {
				return "", err
			}
			p = filepath.Join(dir, "out"+n, name)
			outs[ph] = p
		case strings.HasPrefix(ph, OutDir):
			p = filepath.Join(dir, "outdir"+n)
			outs[ph] = p
		default:
			return "", cityspend.Errorf(cityspend.EINVALID, "placeholder %q: use %sN, %sN, %sN or %sN", ph, InFile, InDir, OutFile, OutDir)
		}
		paths[ph] = p
		return p, nil
	}
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = a
		prefix, v := "", a
		if strings.HasPrefix(a, "-") {
			if name, val, ok := strings.Cut(a, "="); ok {
				prefix, v = name+"=", val
			}
		}
		if !isPlaceholder(v) {
			continue
		}
		p, err := place(v)
		if err != nil {
			return nil, nil, nil, err
		}
		out[i] = prefix + p
	}
	placed := map[string]string{}
	for ph, p := range paths {
		placed[p] = ph
	}
	return out, outs, placed, nil
}

// isPlaceholder reports whether an argument stands for a file.
func isPlaceholder(v string) bool {
	for _, p := range []string{InFile, InDir, OutFile, OutDir} {
		if strings.HasPrefix(v, p) {
			return true
		}
	}
	return false
}

// IsPlaceholder reports whether a command line's argument stands for a
// file sent with it (or sent back).
func IsPlaceholder(v string) bool { return isPlaceholder(v) }

// safeName is a file name from a client: its last element, never a path.
func safeName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	if name == "." || name == ".." || name == "/" || name == "" {
		return "file"
	}
	return name
}

func saveUpload(fh *multipart.FileHeader, path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	in, err := fh.Open()
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// frames writes the JSON lines of apiRun, one at a time, flushed.
type frames struct {
	mu    sync.Mutex
	w     io.Writer
	flush func() error
}

func (f *frames) send(v any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	b, _ := json.Marshal(v)
	f.w.Write(append(b, '\n'))
	f.flush()
}

type streamWriter struct {
	f    *frames
	name string
}

func (s streamWriter) Write(p []byte) (int, error) {
	s.f.send(map[string]string{s.name: string(p)})
	return len(p), nil
}

func (f *frames) stream(name string) io.Writer { return streamWriter{f, name} }

// files sends what a command wrote at path (a file, or a folder's files)
// in pieces.
func (f *frames) files(ph, path string) error {
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // the command wrote nothing there
	}
	if err != nil {
		return err
	}
	send := func(file, name string) error {
		in, err := os.Open(file)
		if err != nil {
			return err
		}
		defer in.Close()
		buf := make([]byte, 256<<10)
		first := true
		for {
			n, err := io.ReadFull(in, buf)
			if n > 0 || first {
				f.send(map[string]any{"file": ph, "name": name, "data": base64.StdEncoding.EncodeToString(buf[:n])})
				first = false
			}
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				return nil
			}
			if err != nil {
				return err
			}
		}
	}
	if !info.IsDir() {
		return send(path, "")
	}
	return filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(path, p)
		if err != nil {
			return err
		}
		return send(p, filepath.ToSlash(rel))
	})
}

// apiImport starts an import of a buyer's files as a job: a multipart
// form with "kind", the files ("file", many), optional "map", "dry_run",
// "year", "date_format", "no_supplier". It answers 202 with the job.
func (s *Server) apiImport(w http.ResponseWriter, r *http.Request) {
	if s.commands == nil {
		s.error(w, r, s.noCommands())
		return
	}
	buyerID := r.PathValue("id")
	form := r.MultipartForm
	if form == nil || len(form.File["file"]) == 0 {
		s.error(w, r, cityspend.Errorf(cityspend.EINVALID, `send the files as a multipart form's "file" parts`))
		return
	}
	imp := Import{BuyerID: buyerID, Kind: r.PostFormValue("kind"), DryRun: truthy(r.PostFormValue("dry_run")),
		DateFormat: r.PostFormValue("date_format"), NoSupplier: truthy(r.PostFormValue("no_supplier"))}
	if imp.Kind == "" {
		imp.Kind = "ledger"
	}
	known := false
	for _, k := range ImportKinds {
		known = known || k == imp.Kind
	}
	if !known {
		s.error(w, r, cityspend.Errorf(cityspend.EINVALID, "kind %q: use one of %s", imp.Kind, strings.Join(ImportKinds, ", ")))
		return
	}
	if y := r.PostFormValue("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil {
			s.error(w, r, cityspend.Errorf(cityspend.EINVALID, "year %q: give a year such as 2025", y))
			return
		}
		imp.Year = n
	}
	dir, err := os.MkdirTemp("", "cityspend-import-")
	if err != nil {
		s.error(w, r, fmt.Errorf("import: %w", err))
		return
	}
	var names []string
	for i, fh := range form.File["file"] {
		p := filepath.Join(dir, strconv.Itoa(i), safeName(fh.Filename))
		if err := saveUpload(fh, p); err != nil {
			os.RemoveAll(dir)
			s.error(w, r, fmt.Errorf("import: %w", err))
			return
		}
		imp.Files = append(imp.Files, p)
		names = append(names, safeName(fh.Filename))
	}
	if ms := form.File["map"]; len(ms) > 0 {
		imp.Map = filepath.Join(dir, "map", safeName(ms[0].Filename))
		if err := saveUpload(ms[0], imp.Map); err != nil {
			os.RemoveAll(dir)
			s.error(w, r, fmt.Errorf("import: %w", err))
			return
		}
	}
	cmds := s.commands
	j := s.jobs.Submit(jobs.Job{BuyerID: buyerID, Kind: imp.Kind, Files: names, DryRun: imp.DryRun, By: who(r)}, !imp.DryRun,
		func(ctx context.Context, p *jobs.Progress) (jobs.Result, error) {
			defer os.RemoveAll(dir)
			return cmds.Import(ctx, imp, p)
		})
	w.Header().Set("Location", "/api/v1/buyers/"+buyerID+"/jobs/"+j.ID)
	s.json(w, http.StatusAccepted, j)
}

func truthy(v string) bool { return v == "true" || v == "1" || v == "yes" || v == "on" }

// apiJobs lists a buyer's jobs, newest first (those since the server
// started; the batches themselves stay in the store).
func (s *Server) apiJobs(w http.ResponseWriter, r *http.Request) {
	s.json(w, http.StatusOK, s.jobs.List(r.PathValue("id")))
}

// apiJob is one job: its state, the rows read so far, its result.
func (s *Server) apiJob(w http.ResponseWriter, r *http.Request) {
	j, err := s.jobs.Get(r.PathValue("id"), r.PathValue("job"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.json(w, http.StatusOK, j)
}

// apiJobRejects downloads a job's rejected rows (CSV).
func (s *Server) apiJobRejects(w http.ResponseWriter, r *http.Request) {
	path, err := s.jobs.RejectsFile(r.PathValue("id"), r.PathValue("job"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.sendRejects(w, r, path, "rejects-"+r.PathValue("job")+".csv")
}

// batchView is an import batch as the API shows it: the rejects as a link,
// not the server's file.
type batchView struct {
	cityspend.ImportBatch
	RejectsFile string `json:"rejects_file,omitempty"` // hides the embedded one
	Rejects     string `json:"rejects,omitempty"`
}

// apiBatches is the history of a buyer's imports: every batch in the
// store, newest first, whoever made it (the CLI, the API, a job).
func (s *Server) apiBatches(w http.ResponseWriter, r *http.Request) {
	bs, err := s.store.Batches(r.Context(), r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	out := []batchView{}
	for _, b := range bs {
		v := batchView{ImportBatch: b}
		if b.RejectsFile != "" {
			v.Rejects = fmt.Sprintf("/api/v1/buyers/%s/batches/%d/rejects", b.BuyerID, b.ID)
		}
		out = append(out, v)
	}
	s.json(w, http.StatusOK, out)
}

// apiBatchRejects downloads the rows a batch rejected (CSV).
func (s *Server) apiBatchRejects(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("bid"), 10, 64)
	if err != nil {
		s.error(w, r, cityspend.Errorf(cityspend.ENOTFOUND, "no batch %q", r.PathValue("bid")))
		return
	}
	bs, err := s.store.Batches(r.Context(), r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	for _, b := range bs {
		if b.ID == id && b.RejectsFile != "" {
			s.sendRejects(w, r, b.RejectsFile, fmt.Sprintf("rejects-batch-%d.csv", id))
			return
		}
	}
	s.error(w, r, cityspend.Errorf(cityspend.ENOTFOUND, "batch %d of buyer %s has no rejected rows", id, r.PathValue("id")))
}

// sendRejects sends a rejects file of the server's.
func (s *Server) sendRejects(w http.ResponseWriter, r *http.Request, path, name string) {
	f, err := os.Open(path)
	if err != nil {
		s.error(w, r, cityspend.Errorf(cityspend.ENOTFOUND, "the rejected rows are no longer on the server"))
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename=%q`, name))
	io.Copy(w, f)
}
