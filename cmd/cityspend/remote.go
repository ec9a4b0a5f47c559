// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime/multipart"
	"net"
	"net/http"
	neturl "net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/auth"
	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/jobs"
	"github.com/cityspend/cityspend/web"
)

// One writer, many ways in. A running server owns the store; a command run
// beside it is sent to it (POST /api/v1/run) and runs there, the same
// command against the server's store, with its files sent along and the
// files it writes sent back. The server tells the commands on its machine
// where it is and how to prove they may in a hand-over file beside the
// database (handover); elsewhere --server and --token say it.

// Who may run a command in the server.
const (
	atBuyerRead  = iota + 1 // the buyer's viewers and up
	atBuyerWrite            // the buyer's analysts and up (a change)
	atBuyerAdmin            // the buyer's admins (a change)
	atInstall               // the installation's operator only (a change or a read of every buyer)
)

// remoteSpec says how a command runs in the server: who may run it, which
// flag names its buyer, and which of its arguments are files.
type remoteSpec struct {
	level int
	// buyer is the flag naming the buyer ("buyer" when empty); "arg" the
	// first argument. Without a buyer a buyer's command is the operator's.
	buyer string
	// in are flags naming files read ("-": standard input), out flags
	// naming a file (or folder) written.
	in, out []string
	// args: "in" the arguments from argsFrom on are files or folders read.
	args     string
	argsFrom int
}

// remoteCommands are the commands that run in a server; the others
// (serve, demo, gen, bench, restore, …) run only where they are started.
// TestEveryCommandDecided holds every command to a decision.
var remoteCommands = map[string]remoteSpec{
	"cityspend alerts send":           {level: atInstall, in: []string{"smtp-password-file", "smtp-ca-file"}, out: []string{"mail-dir"}},
	"cityspend feeds add":             {level: atInstall},
	"cityspend feeds list":            {level: atInstall},
	"cityspend feeds refresh":         {level: atInstall},
	"cityspend feeds remove":          {level: atInstall},
	"cityspend import batches":        {level: atBuyerRead},
	"cityspend import population":     {level: atInstall, args: "in"},
	"cityspend import undo":           {level: atBuyerWrite},
	"cityspend mail queue":            {level: atInstall},
	"cityspend mail send":             {level: atInstall, in: []string{"smtp-password-file", "smtp-ca-file"}, out: []string{"mail-dir"}},
	"cityspend analyse":               {level: atBuyerRead},
	"cityspend audit":                 {level: atInstall},
	"cityspend backup":                {level: atInstall, out: []string{"output"}},
	"cityspend buyer add":             {level: atInstall},
	"cityspend buyer list":            {level: atInstall},
	"cityspend buyer places":          {level: atBuyerWrite, buyer: "id"},
	"cityspend buyer publish":         {level: atBuyerAdmin, buyer: "arg"},
	"cityspend buyer scope":           {level: atBuyerWrite, buyer: "id"},
	"cityspend classify":              {level: atBuyerWrite},
	"cityspend classify evaluate":     {level: atBuyerRead, in: []string{"truth"}},
	"cityspend classify rules":        {level: atBuyerWrite},
	"cityspend classify train":        {level: atBuyerWrite},
	"cityspend climate":               {level: atBuyerRead},
	"cityspend climate factors":       {level: atInstall},
	"cityspend climate use":           {level: atBuyerWrite},
	"cityspend contracts":             {level: atBuyerRead},
	"cityspend findings":              {level: atBuyerWrite},
	"cityspend findings decide":       {level: atBuyerWrite},
	"cityspend import concordance":    {level: atInstall, args: "in"},
	"cityspend import contracts":      {level: atBuyerWrite, in: []string{"map"}, args: "in"},
	"cityspend import cpv":            {level: atInstall, args: "in"},
	"cityspend import deprivation":    {level: atInstall, args: "in"},
	"cityspend import eforms":         {level: atBuyerWrite, args: "in"},
	"cityspend import ehf":            {level: atBuyerWrite, args: "in"},
	"cityspend import factors":        {level: atInstall, args: "in"},
	"cityspend import ledger":         {level: atBuyerWrite, in: []string{"map"}, args: "in"},
	"cityspend import municipalities": {level: atInstall, args: "in"},
	"cityspend import ocds":           {level: atBuyerWrite, args: "in"},
	"cityspend import postcodes":      {level: atInstall, args: "in"},
	"cityspend import rates":          {level: atInstall, args: "in"},
	"cityspend import register":       {level: atInstall, args: "in", argsFrom: 1},
	"cityspend import survey":         {level: atBuyerWrite, args: "in"},
	"cityspend plan add":              {level: atBuyerWrite},
	"cityspend plan edit":             {level: atBuyerWrite},
	"cityspend plan export":           {level: atBuyerRead, out: []string{"output"}},
	"cityspend plan generate":         {level: atBuyerWrite},
	"cityspend plan list":             {level: atBuyerRead},
	"cityspend plan merge":            {level: atBuyerWrite},
	"cityspend plan publish":          {level: atBuyerWrite},
	"cityspend plan publisher":        {level: atBuyerWrite},
	"cityspend plan show":             {level: atBuyerRead},
	"cityspend plan split":            {level: atBuyerWrite},
	"cityspend report":                {level: atBuyerRead, out: []string{"output"}},
	"cityspend resolve":               {level: atBuyerWrite},
	"cityspend resolve decide":        {level: atBuyerWrite},
	"cityspend resolve evaluate":      {level: atInstall, in: []string{"truth"}},
	"cityspend resolve review":        {level: atBuyerRead},
	"cityspend status":                {level: atInstall},
	"cityspend strategy":              {level: atBuyerRead},
	"cityspend strategy remove":       {level: atBuyerWrite},
	"cityspend strategy set":          {level: atBuyerWrite},
	"cityspend suppliers":             {level: atBuyerRead},
	"cityspend suppliers override":    {level: atBuyerWrite},
	"cityspend suppliers payees":      {level: atBuyerRead},
	"cityspend survey template":       {level: atBuyerRead, out: []string{"output"}},
	"cityspend thresholds":            {level: atInstall},
	"cityspend export":                {level: atInstall, args: "outdir"},
	"cityspend user add":              {level: atInstall, in: []string{"password-file"}},
	"cityspend user disable":          {level: atInstall},
	"cityspend user grant":            {level: atInstall},
	"cityspend user list":             {level: atInstall},
	"cityspend user password":         {level: atInstall, in: []string{"password-file"}},
	"cityspend user revoke-token":     {level: atInstall},
	"cityspend user token":            {level: atInstall},
	"cityspend user tokens":           {level: atInstall},
}

// localGlobals are the global flags about the local process or file: a
// command sent to a server leaves them behind, and the server refuses them.
var localGlobals = map[string]bool{"db": true, "store": true, "memory-limit": true, "threads": true, "cpu-profile": true,
	"read-only": true, "config-dump": true, "server": true, "token": true}

// handover is the file a server writes beside its database
// (<db>.serve.json, readable by its owner only) for the commands run on
// its machine: where it listens and the operator's token.
type handover struct {
	PID     int       `json:"pid"`
	URL     string    `json:"url"`
	Token   string    `json:"token"`
	DB      string    `json:"db"`
	Started time.Time `json:"started"`
}

func handoverPath(db string) string { return db + ".serve.json" }

// writeHandover writes the hand-over file of a server at url: a new file
// of its own (0600) in the folder, renamed over the old one, so that no
// file or link already there is written through.
func writeHandover(db, url, token string) error {
	b, err := json.MarshalIndent(handover{PID: os.Getpid(), URL: url, Token: token, DB: db, Started: time.Now().UTC()}, "", "  ")
	if err != nil {
		return err
	}
	path := handoverPath(db)
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("hand-over file: %w", err)
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("hand-over file: %w", err)
	}
	return nil
}

// readHandover reads the hand-over file of the server holding db: ok is
// false when there is none, or its server's process is gone (the file is
// then stale, and removed). A file the token must not be taken from (a
// link, another user's, readable by others) or that sends it anywhere but
// this machine is an error.
func readHandover(db string) (h handover, ok bool, err error) {
	path := handoverPath(db)
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return handover{}, false, nil
	}
	if err != nil {
		return handover{}, false, fmt.Errorf("the hand-over file %s (a link?): %w", path, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return handover{}, false, fmt.Errorf("the hand-over file %s: %w", path, err)
	}
	st, _ := info.Sys().(*syscall.Stat_t)
	if !info.Mode().IsRegular() || info.Mode().Perm() != 0o600 || st == nil || int(st.Uid) != os.Getuid() {
		return handover{}, false, fmt.Errorf("the hand-over file %s is not a file of yours that only you may read (mode 0600): remove it", path)
	}
	b, err := io.ReadAll(io.LimitReader(f, 1<<16))
	if err != nil {
		return handover{}, false, fmt.Errorf("the hand-over file %s: %w", path, err)
	}
	if json.Unmarshal(b, &h) != nil || h.PID <= 0 || h.URL == "" {
		return handover{}, false, nil
	}
	if !loopback(h.URL) {
		return handover{}, false, fmt.Errorf("the hand-over file %s sends the operator's token to %s, not to this machine: remove it", path, h.URL)
	}
	if err := syscall.Kill(h.PID, 0); err != nil && !errors.Is(err, syscall.EPERM) {
		os.Remove(path)
		return handover{}, false, nil
	}
	return h, true, nil
}

// loopback reports whether a URL is of this machine: http on a loopback
// address or localhost.
func loopback(raw string) bool {
	u, err := neturl.Parse(raw)
	if err != nil || u.Scheme != "http" && u.Scheme != "https" {
		return false
	}
	host := u.Hostname()
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// minOperatorToken is the shortest CITYSPEND_OPERATOR_TOKEN a server takes.
const minOperatorToken = 32

// operatorToken is the operator's token of a server: CITYSPEND_OPERATOR_TOKEN
// (for an operator elsewhere; at least minOperatorToken characters), else a
// new one for each start.
func operatorToken() (string, error) {
	if t := os.Getenv("CITYSPEND_OPERATOR_TOKEN"); t != "" {
		if len(t) < minOperatorToken {
			return "", usageError{fmt.Errorf("CITYSPEND_OPERATOR_TOKEN is %d characters long: give one of at least %d (openssl rand -hex 32)", len(t), minOperatorToken)}
		}
		return t, nil
	}
	return auth.NewToken(), nil
}

// forwardTo decides, before a command runs, whether it runs in a server:
// with --server, or when a server on this machine holds the database
// (its hand-over file). It returns the server's URL and token ("" for
// none).
func (a *app) forwardTo(cmd *cobra.Command) (url, token string, auto bool, err error) {
	if a.shared != nil {
		return "", "", false, nil // already in the server
	}
	_, forwardable := remoteCommands[cmd.CommandPath()]
	if a.server != "" {
		if !forwardable && !cmd.Flags().Changed("server") {
			return "", "", false, nil // CITYSPEND_SERVER is for the commands that run in a server
		}
		if !forwardable {
			return "", "", false, usageError{fmt.Errorf("%s runs where it is started, not through --server", cmd.CommandPath())}
		}
		if a.token == "" {
			return "", "", false, usageError{errors.New("--server needs a token: --token or CITYSPEND_TOKEN (`cityspend user token EMAIL`, or the server's operator token)")}
		}
		return strings.TrimRight(a.server, "/"), a.token, false, nil
	}
	if !forwardable {
		return "", "", false, nil
	}
	h, ok, err := readHandover(a.cfg.DB)
	if err != nil || !ok {
		return "", "", false, err
	}
	tok := h.Token
	if a.token != "" {
		tok = a.token
	}
	return h.URL, tok, true, nil
}

// forward runs a parsed command in the server at url: its flags and
// arguments are sent with the files they name, and its output and the
// files it writes come back.
func (a *app) forward(cmd *cobra.Command, args []string, url, token string) error {
	spec := remoteCommands[cmd.CommandPath()]
	line := strings.Fields(strings.TrimPrefix(cmd.CommandPath(), "cityspend"))
	n := 0
	outs := map[string]string{}  // placeholder → local path
	names := map[string]string{} // placeholder → the argument given, for the output
	// The form's parts after "args" (which the server reads first, to
	// check the command before it takes any file): the output files'
	// names, then the files sent.
	type part struct{ field, name, path string }
	var values, files []part
	upload := func(local string) (string, error) {
		ph := fmt.Sprintf("%s%d", web.InFile, n)
		n++
		if local == "-" {
			files = append(files, part{strings.TrimPrefix(ph, "@"), "stdin", "-"})
			names[ph] = local
			return ph, nil
		}
		info, err := os.Stat(local)
		if err != nil {
			return "", err
		}
		if info.IsDir() {
			ph = fmt.Sprintf("%s%d", web.InDir, n-1)
			err := filepath.WalkDir(local, func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				files = append(files, part{strings.TrimPrefix(ph, "@"), filepath.Base(p), p})
				return nil
			})
			names[ph] = local
			return ph, err
		}
		files = append(files, part{strings.TrimPrefix(ph, "@"), filepath.Base(local), local})
		names[ph] = local
		return ph, nil
	}
	output := func(local string) string {
		ph := fmt.Sprintf("%s%d", web.OutFile, n)
		n++
		values = append(values, part{field: strings.TrimPrefix(ph, "@"), name: filepath.Base(local)})
		outs[ph], names[ph] = local, local
		return ph
	}
	var ferr error
	cmd.Flags().Visit(func(f *pflag.Flag) {
		if ferr != nil || localGlobals[f.Name] {
			return
		}
		switch {
		case slices.Contains(spec.in, f.Name):
			ph, err := upload(f.Value.String())
			if err != nil {
				ferr = fmt.Errorf("--%s: %w", f.Name, err)
				return
			}
			line = append(line, "--"+f.Name+"="+ph)
		case slices.Contains(spec.out, f.Name):
			line = append(line, "--"+f.Name+"="+output(f.Value.String()))
		default:
			if sv, ok := f.Value.(pflag.SliceValue); ok {
				for _, v := range sv.GetSlice() {
					line = append(line, "--"+f.Name+"="+v)
				}
				return
			}
			line = append(line, "--"+f.Name+"="+f.Value.String())
		}
	})
	if ferr != nil {
		return usageError{ferr}
	}
	line = append(line, "--")
	for i, arg := range args {
		switch {
		case spec.args == "in" && i >= spec.argsFrom:
			ph, err := upload(arg)
			if err != nil {
				return err
			}
			line = append(line, ph)
		case spec.args == "outdir":
			ph := output(arg)
			dir := strings.Replace(ph, web.OutFile, web.OutDir, 1)
			line = append(line, dir)
			outs[dir], names[dir] = arg, arg
		default:
			line = append(line, arg)
		}
	}
	lb, err := json.Marshal(line)
	if err != nil {
		return err
	}
	// The files stream to the server as they are read: a year's ledgers
	// are not held in memory.
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		pw.CloseWithError(func() error {
			if err := mw.WriteField("args", string(lb)); err != nil {
				return err
			}
			for _, v := range values {
				if err := mw.WriteField(v.field, v.name); err != nil {
					return err
				}
			}
			for _, f := range files {
				if err := a.sendFile(mw, f.field, f.name, f.path); err != nil {
					return err
				}
			}
			return mw.Close()
		}())
	}()
	req, err := http.NewRequestWithContext(cmd.Context(), http.MethodPost, url+"/api/v1/run", pr)
	if err != nil {
		pr.Close()
		return usageError{fmt.Errorf("--server %q: %w", url, err)}
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("the server at %s: %w", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var e struct {
			Error string `json:"error"`
		}
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		if json.Unmarshal(b, &e) != nil || e.Error == "" {
			e.Error = strings.TrimSpace(string(b))
		}
		return cityspend.Errorf(cityspend.EINVALID, "the server at %s refused the command (%s): %s", url, resp.Status, e.Error)
	}
	return a.receive(resp.Body, outs, names)
}

// sendFile writes a file ("-": standard input) as a part of the form.
func (a *app) sendFile(mw *multipart.Writer, field, name, path string) error {
	r := a.stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	w, err := mw.CreateFormFile(field, name)
	if err != nil {
		return err
	}
	_, err = io.Copy(w, r)
	return err
}

// exitStatus ends a command with the status the server's run of it ended
// with (its message is already on standard error).
type exitStatus int

func (e exitStatus) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// receive reads the server's answer to POST /api/v1/run: the command's
// output, the files it wrote, its exit status.
func (a *app) receive(body io.Reader, outs, names map[string]string) error {
	var rename *strings.Replacer // the server's paths → the names given here
	sc := bufio.NewScanner(body)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	open := map[string]*os.File{}
	defer func() {
		for _, f := range open {
			f.Close()
		}
	}()
	for sc.Scan() {
		var fr struct {
			Paths  map[string]string `json:"paths"`
			Stdout *string           `json:"stdout"`
			Stderr *string           `json:"stderr"`
			File   string            `json:"file"`
			Name   string            `json:"name"`
			Data   string            `json:"data"`
			Exit   *int              `json:"exit"`
		}
		if err := json.Unmarshal(sc.Bytes(), &fr); err != nil {
			return fmt.Errorf("the server's answer: %w", err)
		}
		switch {
		case fr.Paths != nil:
			var pairs []string
			for server, ph := range fr.Paths {
				if local, ok := names[ph]; ok {
					pairs = append(pairs, server, local)
				}
			}
			rename = strings.NewReplacer(pairs...)
		case fr.Stdout != nil:
			io.WriteString(a.stdout, replace(rename, *fr.Stdout))
		case fr.Stderr != nil:
			io.WriteString(a.stderr, replace(rename, *fr.Stderr))
		case fr.File != "":
			local, ok := outs[fr.File]
			if !ok {
				return fmt.Errorf("the server sent a file no argument asked for (%s)", fr.File)
			}
			path := local
			if fr.Name != "" {
				rel := filepath.Clean(filepath.FromSlash(fr.Name))
				if filepath.IsAbs(rel) || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
					return fmt.Errorf("the server sent a file outside %s (%s)", local, fr.Name)
				}
				path = filepath.Join(local, rel)
			}
			data, err := base64.StdEncoding.DecodeString(fr.Data)
			if err != nil {
				return fmt.Errorf("the server's answer: %w", err)
			}
			f, ok := open[path]
			if !ok {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					return err
				}
				if f, err = os.Create(path); err != nil {
					return err
				}
				open[path] = f
			}
			if _, err := f.Write(data); err != nil {
				return err
			}
		case fr.Exit != nil:
			for p, f := range open {
				delete(open, p)
				if err := f.Close(); err != nil {
					return err
				}
			}
			if *fr.Exit != 0 {
				return exitStatus(*fr.Exit)
			}
			return nil
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("the server's answer: %w", err)
	}
	return errors.New("the server ended the command's answer early (did it stop?)")
}

func replace(r *strings.Replacer, s string) string {
	if r == nil {
		return s
	}
	return r.Replace(s)
}

// inServer runs the command line inside the server (web.Commands): the
// same commands as the CLI against the server's store.
type inServer struct {
	a  *app // the serving app: its configuration and log
	st cityspend.Store
	db *duckdb.DB // the embedded store, nil with ClickHouse
}

var _ web.Commands = (*inServer)(nil)

// Check parses a command line and says who may run it; every file it names
// must be a placeholder (the server reads and writes no file a client
// names).
func (s *inServer) Check(args []string) (web.Command, error) {
	root := (&app{}).rootCommand()
	cmd, rest, err := root.Find(args)
	if err != nil || cmd == root {
		return web.Command{}, cityspend.Errorf(cityspend.EINVALID, "unknown command %q", strings.Join(args, " "))
	}
	spec, ok := remoteCommands[cmd.CommandPath()]
	if !ok {
		return web.Command{}, cityspend.Errorf(cityspend.EINVALID, "%s does not run in the server: run it where the database is", cmd.CommandPath())
	}
	if err := cmd.ParseFlags(rest); err != nil {
		return web.Command{}, cityspend.Errorf(cityspend.EINVALID, "%s: %v", cmd.CommandPath(), err)
	}
	var bad error
	cmd.Flags().Visit(func(f *pflag.Flag) {
		switch {
		case localGlobals[f.Name]:
			bad = cityspend.Errorf(cityspend.EINVALID, "--%s is about the client's machine: the server runs the command on its own store", f.Name)
		case slices.Contains(spec.in, f.Name) && !strings.HasPrefix(f.Value.String(), web.InFile),
			slices.Contains(spec.out, f.Name) && !strings.HasPrefix(f.Value.String(), web.OutFile):
			bad = cityspend.Errorf(cityspend.EINVALID, "--%s must name a file sent with the command (%sN or %sN)", f.Name, web.InFile, web.OutFile)
		}
	})
	if bad != nil {
		return web.Command{}, bad
	}
	pos := cmd.Flags().Args()
	for i, arg := range pos {
		switch {
		case spec.args == "in" && i >= spec.argsFrom && !strings.HasPrefix(arg, web.InFile) && !strings.HasPrefix(arg, web.InDir),
			spec.args == "outdir" && !strings.HasPrefix(arg, web.OutDir):
			return web.Command{}, cityspend.Errorf(cityspend.EINVALID, "argument %q must name a file sent with the command", arg)
		}
	}
	c := web.Command{Path: cmd.CommandPath(), Write: spec.level != atBuyerRead, Role: cityspend.RoleAnalyst}
	if spec.level == atBuyerRead {
		c.Role = cityspend.RoleViewer
	}
	if spec.level == atInstall {
		return c, nil
	}
	switch spec.buyer {
	case "arg":
		if len(pos) > 0 {
			c.BuyerID = pos[0]
		}
	case "":
		c.BuyerID, _ = cmd.Flags().GetString("buyer")
	default:
		c.BuyerID, _ = cmd.Flags().GetString(spec.buyer)
	}
	if spec.level == atBuyerAdmin {
		c.Role = cityspend.RoleAdmin
	}
	return c, nil
}

// Run runs a command line in the server for by.
func (s *inServer) Run(ctx context.Context, by web.Caller, args []string, stdout, stderr io.Writer) int {
	return s.run(ctx, by, args, stdout, stderr, nil)
}

func (s *inServer) run(ctx context.Context, by web.Caller, args []string, stdout, stderr io.Writer, progress func(int64)) int {
	b := &app{stdout: stdout, stderr: stderr, shared: s.st, sharedDB: s.db, sharedPath: s.a.cfg.DB, progress: progress, caller: by}
	return b.execute(ctx, args)
}

// Import runs an import as a job: the import command of its kind, with
// --json where the command has it, its summaries gathered.
func (s *inServer) Import(ctx context.Context, imp web.Import, p *jobs.Progress) (jobs.Result, error) {
	args := []string{"import", imp.Kind, "--buyer", imp.BuyerID}
	if imp.BuyerID == "" {
		// The installation's registers and reference data (web.RefKinds).
		if !slices.Contains(web.RefKinds, imp.Kind) {
			return jobs.Result{}, cityspend.Errorf(cityspend.EINVALID, "kind %q: use one of %s", imp.Kind, strings.Join(web.RefKinds, ", "))
		}
		args = []string{"import", imp.Kind}
		if src, ok := strings.CutPrefix(imp.Kind, "register-"); ok {
			args = []string{"import", "register", src}
		}
		if imp.Country != "" && imp.Kind == "postcodes" {
			args = append(args, "--country", imp.Country)
		}
		if imp.Year != 0 && imp.Kind == "population" {
			args = append(args, "--year", strconv.Itoa(imp.Year))
		}
	}
	switch imp.Kind {
	case "ledger":
		if imp.DryRun {
			args = append(args, "--dry-run")
		}
		if imp.DateFormat != "" {
			args = append(args, "--date-format", imp.DateFormat)
		}
		if imp.NoSupplier {
			args = append(args, "--no-supplier")
		}
		fallthrough
	case "contracts":
		if imp.Map != "" {
			args = append(args, "--map", imp.Map)
		}
	case "survey":
		args = append(args, "--year", strconv.Itoa(imp.Year))
	}
	if imp.DryRun && imp.Kind != "ledger" {
		return jobs.Result{}, cityspend.Errorf(cityspend.EINVALID, "a dry run is for ledgers; %s files import or not", imp.Kind)
	}
	root := (&app{}).rootCommand()
	if c, _, err := root.Find(args[:2]); err == nil && c.Flags().Lookup("json") != nil {
		args = append(args, "--json")
	}
	args = append(append(args, "--"), imp.Files...)
	var out, errb bytes.Buffer
	code := s.run(ctx, imp.By, args, &out, &errb, p.Rows)
	res := jobs.Result{Output: strings.TrimSpace(out.String() + errb.String())}
	for _, line := range bytes.Split(out.Bytes(), []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] != '{' || !json.Valid(line) {
			continue
		}
		res.Files = append(res.Files, json.RawMessage(line))
		var sum ledgerSummary
		json.Unmarshal(line, &sum)
		res.RowsRead += sum.RowsRead
		res.RowsLoaded += sum.RowsLoaded
		res.RowsRejected += sum.RowsRejected
		res.RowsDuplicate += sum.RowsDuplicate
		if sum.BatchID != 0 {
			res.BatchIDs = append(res.BatchIDs, sum.BatchID)
		}
	}
	if code != 0 {
		msg := strings.TrimSpace(errb.String())
		if msg == "" {
			msg = fmt.Sprintf("the import ended with status %d", code)
		}
		return res, cityspend.Errorf(cityspend.EINVALID, "%s", msg)
	}
	return res, nil
}

// serveHandover writes the hand-over file of a server listening at ad and
// returns what removes it.
func (a *app) serveHandover(ad net.Addr, token string) func() {
	host := ad.String()
	if tcp, ok := ad.(*net.TCPAddr); ok && tcp.IP.IsUnspecified() {
		host = fmt.Sprintf("127.0.0.1:%d", tcp.Port)
	} else if !ok || !tcp.IP.IsLoopback() {
		// The token is handed over only to a server on this machine's
		// loopback (readHandover): this one is not listening there.
		a.log.Info("no hand-over file: the server does not listen on the loopback; commands beside it need --server and --token", "addr", host)
		return func() {}
	}
	if err := writeHandover(a.cfg.DB, "http://"+host, token); err != nil {
		a.log.Warn("no hand-over file: commands beside the server need --server and --token", "err", err)
		return func() {}
	}
	return func() { os.Remove(handoverPath(a.cfg.DB)) }
}
