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
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
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

// Caller is who sends a command line or an import: the command records
// them as its author (the batch's importer, a decision's --who).
type Caller struct {
	// Who is the user's e-mail ("operator" for the operator's token).
	Who string
	// Via is how the request came, as the audit log says it.
	Via string
	// Operator: the installation's operator, who may name another author
	// (--who).
	Operator bool
}

// callerOf is the request's caller.
func callerOf(r *http.Request) Caller {
	id := me(r)
	return Caller{Who: id.User.Email, Via: viaOf(id), Operator: id.Operator}
}

// Import is an import of a buyer's files run as a job.
type Import struct {
	// By is who uploaded the files: the batches' importer.
	By      Caller
	BuyerID string
	// Kind is what the files are: ledger, ehf, contracts, survey, ocds,
	// eforms.
	Kind  string
	Files []string
	// Map is a mapping file (ledger, contracts), "" for none.
	Map        string
	DryRun     bool
	Year       int    // survey, population
	DateFormat string // ledger
	NoSupplier bool   // ledger
	Country    string // postcodes
}

// ImportKinds are the kinds POST /api/v1/buyers/{id}/imports accepts.
var ImportKinds = []string{"ledger", "ehf", "contracts", "survey", "ocds", "eforms"}

// RefKinds are the installation's registers and reference data, which an
// installation admin loads (POST /admin/imports, serve --drop-dir): an
// Import of one of them has no buyer. register-X is `cityspend import
// register X`, the others `cityspend import KIND`.
var RefKinds = []string{"register-brreg", "register-companies-house", "register-charities", "register-sirene", "register-csv",
	"postcodes", "population", "municipalities", "deprivation"}

// Commands runs the command line inside the server (cmd/cityspend sets
// it): the same commands as the CLI, against the server's store.
type Commands interface {
	// Check reads a command line (with placeholders for its files) and
	// says what it touches; it refuses a command that cannot run in the
	// server, and a file named by anything but a placeholder.
	Check(args []string) (Command, error)
	// Run runs a command line (placeholders replaced) for by and returns
	// its exit status.
	Run(ctx context.Context, by Caller, args []string, stdout, stderr io.Writer) int
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

// Close stops the server's background jobs, cancelling those that have not
// finished, and removes the files kept for dry runs.
func (s *Server) Close() {
	s.jobs.Close()
	s.kept.close()
}

func (s *Server) noCommands() error {
	return cityspend.Errorf(cityspend.EINVALID, "this server runs no commands or imports (it was not started by `cityspend serve`)")
}

// apiRun runs a command line in the server: a multipart form with "args"
// (a JSON array, files as placeholders) and the input files; the answer
// streams as JSON lines: {"stdout": …}, {"stderr": …}, {"file": "@out:0",
// "name": …, "data": base64}, and last {"exit": N}.
func (s *Server) apiRun(w http.ResponseWriter, r *http.Request) {
	// The results go stale only when a command that writes has run, which
	// says so itself (below), once.
	done(w, "", "", false)
	if s.commands == nil {
		s.error(w, r, s.noCommands())
		return
	}
	// The body is read only now, after the route's access check, and its
	// files only after the command's (mayRun): "args" comes first.
	mr, err := r.MultipartReader()
	if err != nil {
		s.error(w, r, cityspend.Errorf(cityspend.EINVALID, `send a multipart form with the command line as its first part, "args"`))
		return
	}
	var args []string
	first, err := mr.NextPart()
	if err != nil {
		s.uploadError(w, r, bodyError(err))
		return
	}
	raw, err := io.ReadAll(io.LimitReader(first, maxJSON))
	if err != nil {
		s.uploadError(w, r, bodyError(err))
		return
	}
	if first.FormName() != "args" || json.Unmarshal(raw, &args) != nil || len(args) == 0 {
		s.error(w, r, cityspend.Errorf(cityspend.EINVALID, `send the command line as the form's first part "args", a JSON array of strings`))
		return
	}
	cmd, err := s.commands.Check(args)
	if err != nil {
		s.error(w, r, err)
		return
	}
	// Its audit row (the route's one) names the command.
	done(w, "run "+cmd.Path, cmd.BuyerID, false)
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
	got := parts{files: map[string][]string{}, values: url.Values{}}
	err = readParts(mr, got.values, func(field, name string) (string, error) {
		kind, n, _ := strings.Cut(field, ":")
		if _, err := strconv.ParseUint(n, 10, 32); err != nil || (kind != "in" && kind != "dir") {
			return "", cityspend.Errorf(cityspend.EINVALID, "part %q: files are sent as in:N or dir:N", field)
		}
		p := filepath.Join(tmp, kind+n, safeName(name))
		got.files[field] = append(got.files[field], p)
		return p, nil
	})
	if err != nil {
		s.uploadError(w, r, err)
		return
	}
	args, outs, placed, err := placeFiles(got, args, tmp)
	if err != nil {
		s.error(w, r, err)
		return
	}
	// The command may run long: no write deadline.
	http.NewResponseController(w).SetWriteDeadline(time.Time{})
	w.Header().Set("Content-Type", "application/x-ndjson")
	w.WriteHeader(http.StatusOK)
	out := &frames{w: w, flush: http.NewResponseController(w).Flush}
	// The client tells its own names for the files in what it prints.
	out.send(map[string]any{"paths": placed})
	code := 0
	run := func() {
		code = s.commands.Run(r.Context(), callerOf(r), args, out.stream("stdout"), out.stream("stderr"))
	}
	if cmd.Write {
		if err := s.jobs.Write(r.Context(), run); err != nil {
			out.send(map[string]any{"stderr": "cityspend: " + err.Error() + "\n"})
			code = 1
		}
		// Before the client hears the command ended (its next request
		// sees the change), not after the answer as the route would.
		s.Invalidate()
		if cmd.BuyerID == "" {
			// A change to the installation (a register, the municipality
			// codes) may change what the register index holds.
			s.resolvers.drop()
		}
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

// parts are the parts of a request's form: the paths its files were
// written to, by form name, and its values.
type parts struct {
	files  map[string][]string
	values url.Values
}

// placeFiles puts the paths of a request's files (written into dir) for
// the placeholders of args; it returns the outputs' placeholders with the
// paths the command will write, and every path with its placeholder.
func placeFiles(form parts, args []string, dir string) ([]string, map[string]string, map[string]string, error) {
	outs := map[string]string{}
	paths := map[string]string{}
	place := func(ph string) (string, error) {
		if p, ok := paths[ph]; ok {
			return p, nil
		}
		n := ph[strings.LastIndex(ph, ":")+1:]
		if _, err := strconv.ParseUint(n, 10, 32); err != nil {
			return "", cityspend.Errorf(cityspend.EINVALID, "placeholder %q: want a number after the colon", ph)
		}
		field := strings.TrimPrefix(ph, "@")
		files := form.files[field]
		var p string
		switch {
		case strings.HasPrefix(ph, InFile):
			if len(files) != 1 {
				return "", cityspend.Errorf(cityspend.EINVALID, "the file of %s is missing: send it as the part %q", ph, field)
			}
			p = files[0]
		case strings.HasPrefix(ph, InDir):
			p = filepath.Join(dir, "dir"+n)
			if err := os.MkdirAll(p, 0o700); err != nil {
				return "", err
			}
		case strings.HasPrefix(ph, OutFile):
			name := "out"
			if v := form.values.Get(field); v != "" {
				name = safeName(v)
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

// safeName is a file name from a client: its last element, never a path.
func safeName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	if name == "." || name == ".." || name == "/" || name == "" {
		return "file"
	}
	return name
}

// readParts reads the rest of a streamed multipart body (see streamed)
// part by part: each file is written straight to the path place gives for
// its form and file name (an error refuses it), each value kept in values
// (maxJSON of them in all).
func readParts(mr *multipart.Reader, values url.Values, place func(field, name string) (string, error)) error {
	var size int64
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return bodyError(err)
		}
		if part.FileName() == "" {
			b, err := io.ReadAll(io.LimitReader(part, maxJSON-size+1))
			if err != nil {
				return bodyError(err)
			}
			if size += int64(len(b)); size > maxJSON {
				return cityspend.Errorf(cityspend.EINVALID, "the form's values are longer than %d kB", maxJSON>>10)
			}
			values.Add(part.FormName(), string(b))
			continue
		}
		path, err := place(part.FormName(), part.FileName())
		if err != nil {
			return err
		}
		if err := writePart(part, path); err != nil {
			return err
		}
	}
}

// writePart writes a file part to a new file at path.
func writePart(part io.Reader, path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("upload: %w", err)
	}
	out, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return cityspend.Errorf(cityspend.EINVALID, "the file %s is sent twice", filepath.Base(path))
	}
	if err != nil {
		return fmt.Errorf("upload: %w", err)
	}
	in := &reading{r: part}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		if in.err != nil {
			return bodyError(in.err)
		}
		return fmt.Errorf("upload: %w", err)
	}
	if err := out.Close(); err != nil {
		return fmt.Errorf("upload: %w", err)
	}
	return nil
}

// reading keeps the error of the body it reads (not of the file written).
type reading struct {
	r   io.Reader
	err error
}

func (x *reading) Read(p []byte) (int, error) {
	n, err := x.r.Read(p)
	if err != nil && err != io.EOF {
		x.err = err
	}
	return n, err
}

// bodyError is an error reading a request's body: beyond its limit (413,
// see uploadError), else a form that could not be read.
func bodyError(err error) error {
	if tooLarge := new(http.MaxBytesError); errors.As(err, &tooLarge) {
		return err
	}
	return cityspend.Errorf(cityspend.EINVALID, "the form could not be read: %v", err)
}

// uploadError answers a streamed body that could not be read or placed.
func (s *Server) uploadError(w http.ResponseWriter, r *http.Request, err error) {
	if tooLarge := new(http.MaxBytesError); errors.As(err, &tooLarge) {
		s.tooLarge(w, r, tooLarge.Limit)
		return
	}
	s.error(w, r, err)
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
	// The body is read only now, after the route's access check.
	mr, err := r.MultipartReader()
	if err != nil {
		s.error(w, r, cityspend.Errorf(cityspend.EINVALID, `send the files as a multipart form's "file" parts`))
		return
	}
	up, err := readImport(mr, r.PathValue("id"))
	if err != nil {
		s.uploadError(w, r, err)
		return
	}
	j := s.submitImport(r, up, func() { os.RemoveAll(up.dir) })
	w.Header().Set("Location", "/api/v1/buyers/"+up.imp.BuyerID+"/jobs/"+j.ID)
	s.json(w, http.StatusAccepted, j)
}

// upload is an import's files, written into dir, with what to do with
// them.
type upload struct {
	imp   Import
	names []string // the files' own names, in imp.Files' order
	dir   string
}

// withoutPaths is a text with the paths of the upload's files replaced by
// the files' own names: what a job's result and error tell people.
func (up upload) withoutPaths(t string) string {
	for i, p := range up.imp.Files {
		t = strings.ReplaceAll(t, p, up.names[i])
	}
	if up.imp.Map != "" {
		t = strings.ReplaceAll(t, up.imp.Map, filepath.Base(up.imp.Map))
	}
	if up.dir != "" {
		t = strings.ReplaceAll(t, up.dir+string(filepath.Separator), "")
	}
	return t
}

// rejectsFile is where an importer's summary names the file it wrote the
// rejected rows to, on the server (they are downloaded through the API).
var rejectsFile = regexp.MustCompile(`("rejects_file":\s*")([^"]*)"`)

// pathless is a job's result and error as people see them (withoutPaths,
// and a rejects file by its name); the error keeps its kind.
func (up upload) pathless(res jobs.Result, err error) (jobs.Result, error) {
	clean := func(t string) string {
		return rejectsFile.ReplaceAllStringFunc(up.withoutPaths(t), func(m string) string {
			sm := rejectsFile.FindStringSubmatch(m)
			if strings.HasPrefix(sm[2], "/api/") {
				return m // the batch's download, which the importer names in a server
			}
			return sm[1] + filepath.Base(sm[2]) + `"`
		})
	}
	res.Output = clean(res.Output)
	for i, f := range res.Files {
		res.Files[i] = json.RawMessage(clean(string(f)))
	}
	if err != nil {
		msg := cityspend.ErrorMessage(err)
		if cityspend.ErrorCode(err) == cityspend.EINTERNAL {
			msg = err.Error()
		}
		err = cityspend.Errorf(cityspend.ErrorCode(err), "%s", up.withoutPaths(msg))
	}
	return res, err
}

// readImport reads the rest of a streamed import form (see apiImport) into
// a new temporary folder: the files, the mapping and the values. On an
// error nothing is left on disk.
func readImport(mr *multipart.Reader, buyerID string) (upload, error) {
	dir, err := os.MkdirTemp("", "cityspend-import-")
	if err != nil {
		return upload{}, fmt.Errorf("import: %w", err)
	}
	up := upload{dir: dir}
	imp := &up.imp
	form := url.Values{}
	err = readParts(mr, form, func(field, name string) (string, error) {
		switch {
		case field == "file":
			p := filepath.Join(dir, strconv.Itoa(len(imp.Files)), safeName(name))
			imp.Files = append(imp.Files, p)
			up.names = append(up.names, safeName(name))
			return p, nil
		case field == "map" && imp.Map == "":
			imp.Map = filepath.Join(dir, "map", safeName(name))
			return imp.Map, nil
		}
		return "", cityspend.Errorf(cityspend.EINVALID, `part %q: send the files as "file" parts and one mapping as "map"`, field)
	})
	if err == nil {
		err = importOptions(imp, buyerID, form)
	}
	if err != nil {
		os.RemoveAll(dir)
		return upload{}, err
	}
	return up, nil
}

// importOptions fills an import from its form's values.
func importOptions(imp *Import, buyerID string, form url.Values) error {
	if len(imp.Files) == 0 {
		return cityspend.Errorf(cityspend.EINVALID, `send the files as a multipart form's "file" parts`)
	}
	imp.BuyerID, imp.Kind, imp.DryRun = buyerID, form.Get("kind"), truthy(form.Get("dry_run"))
	imp.DateFormat, imp.NoSupplier = form.Get("date_format"), truthy(form.Get("no_supplier"))
	imp.Country = strings.ToUpper(strings.TrimSpace(form.Get("country")))
	kinds := ImportKinds
	if buyerID == "" {
		kinds = RefKinds
		if imp.DryRun {
			return cityspend.Errorf(cityspend.EINVALID, "a dry run is for ledgers; registers and reference data import or not")
		}
	} else if imp.Kind == "" {
		imp.Kind = "ledger"
	}
	if !slices.Contains(kinds, imp.Kind) {
		return cityspend.Errorf(cityspend.EINVALID, "kind %q: use one of %s", imp.Kind, strings.Join(kinds, ", "))
	}
	if buyerID == "" && !strings.HasPrefix(imp.Kind, "register-") && len(imp.Files) != 1 {
		return cityspend.Errorf(cityspend.EINVALID, "%s: send one file", imp.Kind)
	}
	if y := form.Get("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil {
			return cityspend.Errorf(cityspend.EINVALID, "year %q: give a year such as 2025", y)
		}
		imp.Year = n
	}
	return nil
}

// submitImport queues an upload's import as a job of the request's user;
// done is called when the job has finished with the files (it removes
// them, or keeps a dry run's for its confirmation). The API and the
// browser's upload both start their imports here.
func (s *Server) submitImport(r *http.Request, up upload, done func()) jobs.Job {
	up.imp.By = callerOf(r)
	return s.submit(up, done)
}

// submit queues an upload's import as a job of its caller. Its result
// names the files by their own names, never by where the server put them.
func (s *Server) submit(up upload, done func()) jobs.Job {
	cmds, imp := s.commands, up.imp
	return s.jobs.Submit(jobs.Job{BuyerID: imp.BuyerID, Kind: imp.Kind, Files: up.names, DryRun: imp.DryRun, By: imp.By.Who}, !imp.DryRun,
		func(ctx context.Context, p *jobs.Progress) (jobs.Result, error) {
			return up.pathless(cmds.Import(ctx, imp, p))
		}, done)
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

// apiJobRejects downloads the rows a job's import rejected (CSV): those
// of its batches (Result.BatchIDs) still loaded, as each batch's own
// download gives them.
func (s *Server) apiJobRejects(w http.ResponseWriter, r *http.Request) {
	buyerID, id := r.PathValue("id"), r.PathValue("job")
	j, err := s.jobs.Get(buyerID, id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if j.Result == nil || j.Result.RowsRejected == 0 {
		s.error(w, r, cityspend.Errorf(cityspend.ENOTFOUND, "job %s rejected no rows (or has not finished)", id))
		return
	}
	bs, err := s.store.Batches(r.Context(), buyerID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	var ids []int64
	for _, b := range bs {
		if slices.Contains(j.Result.BatchIDs, b.ID) && !b.Undone() {
			ids = append(ids, b.ID)
		}
	}
	if len(ids) == 0 {
		s.error(w, r, cityspend.Errorf(cityspend.ENOTFOUND, "job %s stored no rejected rows (a dry run stores none; an undone batch's went with it)", id))
		return
	}
	s.sendRejects(w, r, "rejects-job-"+id+".csv", ids...)
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
