// SPDX-License-Identifier: EUPL-1.2

// Command cityspend is the one binary of the cityspend system: the CLI for
// batch work and `serve` for the web UI and API. This is the only place that
// knows the concrete store, and the only place that wires things together.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/term"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/clickhouse"
	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/web"
)

// config is built once from flags, then the environment, then defaults, and
// validated at start-up.
type config struct {
	ConfigDump  bool
	DB          string
	Store       string // "" or duckdb: the embedded store at DB; clickhouse://…: the distributed store
	LogLevel    string
	LogFormat   string
	MemoryLimit string
	Threads     int
	CPUProfile  string
	ReadOnly    bool // open the database without changing it
}

// envFor names the environment variable behind each global flag.
var envFor = map[string]string{
	"db":           "CITYSPEND_DB",
	"store":        "CITYSPEND_STORE",
	"log-level":    "CITYSPEND_LOG_LEVEL",
	"log-format":   "CITYSPEND_LOG_FORMAT",
	"memory-limit": "CITYSPEND_MEMORY_LIMIT",
	"threads":      "CITYSPEND_THREADS",
	"read-only":    "CITYSPEND_READ_ONLY",
	// Mail (serve, alerts send, mail send); the password only in
	// CITYSPEND_SMTP_PASSWORD or its file.
	"smtp-addr":          "CITYSPEND_SMTP_ADDR",
	"smtp-user":          "CITYSPEND_SMTP_USER",
	"smtp-password-file": "CITYSPEND_SMTP_PASSWORD_FILE",
	"smtp-from":          "CITYSPEND_SMTP_FROM",
	"smtp-tls":           "CITYSPEND_SMTP_TLS",
	"smtp-ca-file":       "CITYSPEND_SMTP_CA_FILE",
	"smtp-timeout":       "CITYSPEND_SMTP_TIMEOUT",
	"smtp-dial-timeout":  "CITYSPEND_SMTP_DIAL_TIMEOUT",
	// The server to send a command to, and its token.
	"server": "CITYSPEND_SERVER",
	"token":  "CITYSPEND_TOKEN",
}

type app struct {
	cfg         config
	publicURL   string // serve --public-url
	metricsAddr string // serve --metrics-addr
	// apiRate and apiBurst are serve's --api-rate and --api-burst (when
	// apiRateSet; otherwise the server's defaults).
	apiRate    float64
	apiBurst   int
	apiRateSet bool
	// trustedProxies are serve\'s --trusted-proxy.
	trustedProxies []string
	stopProfile    func()
	log            *slog.Logger
	stdin          io.Reader // where a command asks (a terminal only: stdinTerminal)
	stdout         io.Writer
	stderr         io.Writer
	// command is the path of the command running ("cityspend analyse").
	command string

	// feedsEvery is serve's --feeds-every: how often other installations'
	// feeds are read (0: never while serving).
	feedsEvery time.Duration
	// dropDir and dropEvery are serve's --drop-dir and --drop-every: where
	// registers and reference data are dropped to load, and how often it
	// is looked at.
	dropDir   string
	dropEvery time.Duration

	// server and token are --server and --token: the server to send the
	// command to, and the API token that may run it there.
	server, token string
	// shared is set when the command runs inside a server (POST
	// /api/v1/run): the server's store, which the command uses and does
	// not close; sharedDB is it when embedded, sharedPath its file.
	shared     cityspend.Store
	sharedDB   *duckdb.DB
	sharedPath string
	// caller is who the command runs for in a server (the request's
	// user): its author in what it records.
	caller web.Caller
	// progress, when set, is told the rows an import has read so far (a
	// job's progress).
	progress func(rows int64)
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// usageError marks errors in how the command was called (exit status 2).
type usageError struct{ error }

// errDumped ends a command after --config-dump printed its configuration.
var errDumped = errors.New("configuration printed")

// run executes the command line and returns the exit status: 0 success,
// 1 failure, 2 usage error.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	a := &app{stdin: os.Stdin, stdout: stdout, stderr: stderr}
	return a.execute(ctx, args)
}

// execute runs a command line with the app's streams and returns its exit
// status (see run).
func (a *app) execute(ctx context.Context, args []string) int {
	stdout, stderr := a.stdout, a.stderr
	root := a.rootCommand()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil || errors.Is(err, errDumped) {
		return 0
	}
	var es exitStatus
	if errors.As(err, &es) {
		return int(es) // the server's run said why
	}
	var ue usageError
	if errors.As(err, &ue) || strings.HasPrefix(err.Error(), "unknown command") || strings.HasPrefix(err.Error(), "unknown flag") ||
		strings.Contains(err.Error(), "flag needs an argument") || strings.Contains(err.Error(), "required flag") ||
		strings.Contains(err.Error(), "invalid argument") || strings.Contains(err.Error(), "accepts ") || strings.Contains(err.Error(), " arg(s)") {
		fmt.Fprintln(stderr, "cityspend:", err)
		fmt.Fprintln(stderr, "Run 'cityspend --help' for usage.")
		return 2
	}
	if a.log != nil && cityspend.ErrorCode(err) == cityspend.EINTERNAL {
		a.log.Debug("command failed", "err", err)
	}
	fmt.Fprintln(stderr, "cityspend:", message(err))
	return 1
}

// message is what the user sees of an error: the user-facing message of a
// cityspend.Error, else the wrapped chain (which names the operation).
func message(err error) string {
	var e *cityspend.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}

func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:           "cityspend",
		Short:         "Where a city's procurement money goes, and what it does for the place",
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			return a.configure(cmd)
		},
	}
	pf := root.PersistentFlags()
	pf.StringVar(&a.cfg.DB, "db", "cityspend.duckdb", "database file (env CITYSPEND_DB)")
	pf.StringVar(&a.cfg.Store, "store", "", "the store: the embedded DuckDB file of --db (default), or clickhouse://[user@]host:9000/db?cluster=NAME[&secure=true]: the lines on ClickHouse, the catalog in the file of --db (env CITYSPEND_STORE; the password in env CITYSPEND_CLICKHOUSE_PASSWORD)")
	pf.StringVar(&a.cfg.LogLevel, "log-level", "info", "log level: debug, info, warn, error (env CITYSPEND_LOG_LEVEL)")
	pf.StringVar(&a.cfg.LogFormat, "log-format", "text", "log format: text or json (env CITYSPEND_LOG_FORMAT)")
	pf.StringVar(&a.cfg.MemoryLimit, "memory-limit", "", "cap on the database engine's memory, e.g. 2GB; default: 80% of RAM, 256MB for imports, 128MB and 36MB a thread for a ledger's (env CITYSPEND_MEMORY_LIMIT)")
	pf.IntVar(&a.cfg.Threads, "threads", 0, "database worker threads; default: all cores (env CITYSPEND_THREADS)")
	pf.StringVar(&a.cfg.CPUProfile, "cpu-profile", "", "write a CPU profile of the command to this file")
	pf.MarkHidden("cpu-profile")
	pf.BoolVar(&a.cfg.ReadOnly, "read-only", false, "open the database without changing it (a snapshot, say): no migrations, no pending follow-up completed (figures then say they are provisional); commands that change data fail (env CITYSPEND_READ_ONLY)")
	pf.StringVar(&a.server, "server", "", "run the command in the cityspend server at this URL (e.g. https://cityspend.example.org) with --token; a server on this machine that holds --db is found without it (env CITYSPEND_SERVER)")
	pf.StringVar(&a.token, "token", "", "the API token for --server: a user's token (`cityspend user token`) or the server's operator token (env CITYSPEND_TOKEN; prefer the environment, which other users cannot see)")
	pf.BoolVar(&a.cfg.ConfigDump, "config-dump", false, "print the command's configuration (every flag: value, and whether it came from the flag, the environment or the default) as JSON, and stop")
	root.PersistentPostRunE = func(cmd *cobra.Command, args []string) error {
		if a.stopProfile != nil {
			a.stopProfile()
		}
		return nil
	}
	root.AddCommand(a.buyerCommand(), a.importCommand(), a.genCommand(), a.demoCommand(), a.analyseCommand(),
		a.serveCommand(), a.benchCommand(), a.resolveCommand(), a.suppliersCommand(), a.surveyCommand(), a.reportCommand(), a.classifyCommand(),
		a.contractsCommand(), a.findingsCommand(), a.thresholdsCommand(), a.flagsCommand(), a.planCommand(), a.climateCommand(), a.strategyCommand(), a.userCommand(), a.backupCommand(), a.restoreCommand(), a.auditCommand(), a.exportCommand(), a.statusCommand(), a.alertsCommand(), a.mailCommand(), a.feedsCommand())
	return root
}

// configure applies the environment to flags the user did not set, checks
// the configuration and sets up the logger.
func (a *app) configure(cmd *cobra.Command) error {
	a.command = cmd.CommandPath()
	var ferr error
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		env, ok := envFor[f.Name]
		if !ok || f.Changed {
			return
		}
		if v, set := os.LookupEnv(env); set {
			if err := f.Value.Set(v); err != nil && ferr == nil {
				ferr = usageError{fmt.Errorf("%s=%q: %v", env, v, err)}
			}
		}
	})
	if ferr != nil {
		return ferr
	}
	if a.cfg.ConfigDump {
		return a.dumpConfig(cmd)
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(a.cfg.LogLevel)); err != nil {
		return usageError{fmt.Errorf("--log-level %q: use debug, info, warn or error", a.cfg.LogLevel)}
	}
	opts := &slog.HandlerOptions{Level: level}
	switch a.cfg.LogFormat {
	case "text":
		a.log = slog.New(slog.NewTextHandler(a.stderr, opts))
	case "json":
		a.log = slog.New(slog.NewJSONHandler(a.stderr, opts))
	default:
		return usageError{fmt.Errorf("--log-format %q: use text or json", a.cfg.LogFormat)}
	}
	if a.cfg.DB == "" {
		return usageError{errors.New("--db must name a database file")}
	}
	if a.cfg.Threads < 0 {
		return usageError{errors.New("--threads must be 0 or more")}
	}
	if a.cfg.CPUProfile != "" {
		f, err := os.Create(a.cfg.CPUProfile)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return err
		}
		a.stopProfile = func() { pprof.StopCPUProfile(); f.Close() }
	}
	if a.shared != nil {
		a.cfg.DB = a.sharedPath // the server's file (its rejects folder, say)
		// The request's user is the author; only the operator names another.
		if f := cmd.Flags().Lookup("who"); f != nil && f.Changed && !a.caller.Operator {
			return usageError{fmt.Errorf("--who: the server records who sent the command (%s); only the operator names someone else", a.caller.Who)}
		}
		return nil
	}
	// A server holds the store: the command runs there.
	url, token, auto, err := a.forwardTo(cmd)
	if err != nil || url == "" {
		return err
	}
	local := cmd.RunE
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if auto {
			a.log.Info("a cityspend server holds the database: the command runs there", "db", a.cfg.DB, "server", url)
		}
		if cmd.CommandPath() == "cityspend import undo" {
			if err := a.confirmUndo(cmd, args); err != nil {
				return err
			}
		}
		err := a.forward(cmd, args, url, token)
		var ne net.Error
		if auto && local != nil && (errors.As(err, &ne) || errors.Is(err, syscall.ECONNREFUSED)) {
			// The hand-over file's server does not answer: the lock decides.
			a.log.Warn("the server of the hand-over file does not answer; opening the database here", "server", url, "err", err)
			return local(cmd, args)
		}
		return err
	}
	return nil
}

// openStore opens the store of --store: the embedded DuckDB file of --db,
// or with clickhouse://… the ClickHouse store, whose lines are on the
// cluster and whose catalog is the file of --db. memDefault is the memory
// cap used when the user set none (imports keep memory bounded). A command
// that reads figures first completes a pending follow-up (followUp).
func (a *app) openStore(ctx context.Context, memDefault string) (cityspend.Store, error) {
	if a.shared != nil {
		return sharedStore{a.shared}, nil
	}
	if a.cfg.Store != "" && a.cfg.Store != "duckdb" && !a.distributed() {
		return nil, usageError{fmt.Errorf("--store %q: leave it out (the DuckDB file of --db), or give clickhouse://host:9000/db?cluster=NAME", clickhouse.Redact(a.cfg.Store))}
	}
	cat, err := a.openCatalog(ctx, memDefault)
	if err != nil {
		return nil, err
	}
	var st cityspend.Store = cat
	if a.distributed() {
		lines, err := clickhouse.Open(ctx, a.cfg.Store, a.log, clickhouse.Options{})
		if err != nil {
			cat.Close()
			return nil, err
		}
		st = clickhouse.NewStore(cat, lines)
	}
	if err := a.followUp(ctx, st); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

// openBuyer opens the store (as openStore) and finds a buyer, for the
// commands about one buyer; the caller closes the store. When the buyer is
// not found the store is closed and the error is the store's (no buyer
// "…").
func (a *app) openBuyer(ctx context.Context, buyerID, memDefault string) (cityspend.Store, cityspend.Buyer, error) {
	st, err := a.openStore(ctx, memDefault)
	if err != nil {
		return nil, cityspend.Buyer{}, err
	}
	b, err := st.Buyer(ctx, buyerID)
	if err != nil {
		st.Close()
		return nil, cityspend.Buyer{}, err
	}
	return st, b, nil
}

// openEmbedded opens the embedded store for the commands that work on the
// DuckDB file itself (backup, restore, export, demo, bench).
func (a *app) openEmbedded(ctx context.Context, memDefault string) (*duckdb.DB, error) {
	if a.shared != nil {
		if a.sharedDB == nil {
			return nil, usageError{fmt.Errorf("this command works on the embedded store only; the server runs on --store clickhouse://…")}
		}
		return a.sharedDB, nil
	}
	if a.distributed() {
		return nil, usageError{fmt.Errorf("this command works on the embedded store (--db) only, not on --store clickhouse://…")}
	}
	db, err := a.openCatalog(ctx, memDefault)
	if err != nil {
		return nil, err
	}
	if err := a.followUp(ctx, db); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// closeEmbedded closes a store of openEmbedded, unless it is the server's.
func (a *app) closeEmbedded(db *duckdb.DB) {
	if db != a.sharedDB {
		db.Close()
	}
}

// sharedStore is the server's store lent to a command run in the server:
// closing it leaves it open.
type sharedStore struct{ cityspend.Store }

func (sharedStore) Close() error { return nil }

func (a *app) openCatalog(ctx context.Context, memDefault string) (*duckdb.DB, error) {
	mem := a.cfg.MemoryLimit
	if mem == "" {
		mem = memDefault
	}
	db, err := duckdb.Open(ctx, a.cfg.DB, duckdb.Options{MemoryLimit: mem, Threads: a.cfg.Threads, ReadOnly: a.cfg.ReadOnly, Logger: a.log})
	if cityspend.ErrorCode(err) == cityspend.ECONFLICT {
		if _, serr := os.Stat(handoverPath(a.cfg.DB)); serr == nil {
			// A server holds it, but this user cannot read its hand-over.
			return nil, cityspend.Errorf(cityspend.ECONFLICT, "%s: a cityspend server holds the database; run the command as the server's user "+
				"(its hand-over file %s is readable by that user only) or with --server URL and --token (docs/operations.md)", message(err), handoverPath(a.cfg.DB))
		}
	}
	return db, err
}

// interactive reports whether progress bars make sense: both output streams
// are terminals.
func (a *app) interactive() bool {
	out, ok1 := a.stdout.(*os.File)
	errf, ok2 := a.stderr.(*os.File)
	return ok1 && ok2 && term.IsTerminal(int(out.Fd())) && term.IsTerminal(int(errf.Fd()))
}

// dumpConfig prints every flag of a command with its value and source.
func (a *app) dumpConfig(cmd *cobra.Command) error {
	type setting struct {
		Value  string `json:"value"`
		Source string `json:"source"` // flag, env, default
		Env    string `json:"env,omitempty"`
	}
	out := map[string]setting{}
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if f.Name == "config-dump" || f.Name == "help" || f.Hidden {
			return
		}
		s := setting{Value: f.Value.String(), Source: "default", Env: envFor[f.Name]}
		if f.Name == "store" {
			s.Value = clickhouse.Redact(s.Value) // no password in the dump
		}
		if f.Changed {
			s.Source = "flag"
		}
		if _, set := os.LookupEnv(s.Env); s.Env != "" && set && !f.Changed {
			s.Source = "env"
		}
		out[f.Name] = s
	})
	enc := json.NewEncoder(a.stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(map[string]any{"command": cmd.CommandPath(), "settings": out}); err != nil {
		return err
	}
	return errDumped
}

// buyers is a --buyer flag as a list of buyers: none when it is empty
// (every buyer).
func buyers(id string) []string {
	if id == "" {
		return nil
	}
	return []string{id}
}

// distributed reports whether --store names the ClickHouse store.
func (a *app) distributed() bool { return strings.HasPrefix(a.cfg.Store, "clickhouse://") }
