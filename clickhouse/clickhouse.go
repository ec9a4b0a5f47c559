// SPDX-License-Identifier: EUPL-1.2

// Package clickhouse is the distributed store: cityspend on ClickHouse,
// for an installation serving many cities (Store: the lines on the
// cluster, DB; everything else in a DuckDB catalog beside it). Each
// shard holds MergeTree tables partitioned by buyer and month; Distributed
// tables over the cluster (sharding key: the buyer) are what queries read
// and imports write, so all of a buyer's lines live on one shard. The SQL
// runs on current releases and on the ClickHouse that Debian 12 packages
// (18.16): no window functions, no server-side parameters (the client
// binds them), no positional ORDER BY.
//
// An import is all or nothing without transactions: its lines are written
// under a new batch id, and a batch becomes visible only when its row in
// the batches table is written, after the last line; readers see only the
// lines of recorded batches. The lines of a failed import are deleted (a
// mutation) and, until then, never read.
package clickhouse

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	ch "github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/cityspend/cityspend"
)

// Options tune the store.
type Options struct {
	// ReadTimeout bounds every read on a connection (default 5 minutes).
	ReadTimeout time.Duration
	// ChunkRows is how many lines an import checks and sends at once
	// (default 50,000).
	ChunkRows int
}

// DB is the ClickHouse store.
type DB struct {
	conn    driver.Conn
	db      string
	cluster string
	shards  []string // host:port of each shard's first replica
	hosts   []string // host:port of every replica of every shard
	// replicated: the local tables are ReplicatedMergeTree.
	replicated bool
	opt        Options
	log        *slog.Logger
	access     access
}

// DSN is a parsed clickhouse://[user[:password]@]host:port/db?cluster=NAME
// &read_timeout=60s&secure=true&ca=FILE&replicated=true (secure: TLS; ca:
// the PEM certificates of a private CA to trust, which implies secure). A password not in the DSN comes from
// $CITYSPEND_CLICKHOUSE_PASSWORD (so that it stays out of command lines).
type DSN struct {
	Addr, Database, Cluster string
	ReadTimeout             time.Duration
	// Replicated makes the local tables ReplicatedMergeTree (replicated=true):
	// for clusters whose shards have replicas, with ZooKeeper and the
	// {shard} and {replica} macros set on every server.
	Replicated bool
	access
}

// access is how the store logs in to every server.
type access struct {
	user, password string
	secure         bool           // TLS (the native protocol's secure port, 9440)
	roots          *x509.CertPool // the CAs a server's certificate must come from (nil: the system's)
}

// PasswordEnv holds the ClickHouse password when the DSN has none.
const PasswordEnv = "CITYSPEND_CLICKHOUSE_PASSWORD"

// ParseDSN reads a DSN; its errors never show the password.
func ParseDSN(dsn string) (DSN, error) {
	u, err := url.Parse(dsn)
	if err != nil || u.Scheme != "clickhouse" || u.Host == "" {
		return DSN{}, fmt.Errorf("store %q: write clickhouse://[user[:password]@]host:9000/database?cluster=NAME", Redact(dsn))
	}
	shown := u.Redacted()
	d := DSN{Addr: u.Host, Database: strings.Trim(u.Path, "/")}
	q := u.Query()
	if v := q.Get("secure"); v != "" {
		if d.secure, err = strconv.ParseBool(v); err != nil {
			return DSN{}, fmt.Errorf("store %q: secure %q: true or false", shown, v)
		}
	}
	if v := q.Get("replicated"); v != "" {
		if d.Replicated, err = strconv.ParseBool(v); err != nil {
			return DSN{}, fmt.Errorf("store %q: replicated %q: true or false", shown, v)
		}
	}
	if v := q.Get("ca"); v != "" { // a private CA's certificates (PEM)
		pem, err := os.ReadFile(v)
		if err != nil {
			return DSN{}, fmt.Errorf("store %q: ca: %w", shown, err)
		}
		d.roots = x509.NewCertPool()
		if !d.roots.AppendCertsFromPEM(pem) {
			return DSN{}, fmt.Errorf("store %q: ca %s holds no PEM certificate", shown, v)
		}
		d.secure = true
	}
	if !strings.Contains(d.Addr, ":") {
		d.Addr += ":9000"
		if d.secure {
			d.Addr = u.Host + ":9440"
		}
	}
	if u.User != nil {
		d.user = u.User.Username()
		if pw, ok := u.User.Password(); ok {
			d.password = pw
		} else {
			d.password = os.Getenv(PasswordEnv)
		}
	}
	if d.Database == "" {
		d.Database = "cityspend"
	}
	if strings.Trim(d.Database, "abcdefghijklmnopqrstuvwxyz0123456789_") != "" {
		return DSN{}, fmt.Errorf("store %q: the database name is lower-case letters, digits and '_'", shown)
	}
	d.Cluster = q.Get("cluster")
	if strings.Trim(d.Cluster, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") != "" {
		return DSN{}, fmt.Errorf("store %q: cluster %q", shown, d.Cluster)
	}
	if v := q.Get("read_timeout"); v != "" {
		if d.ReadTimeout, err = time.ParseDuration(v); err != nil {
			return DSN{}, fmt.Errorf("store %q: read_timeout %q", shown, v)
		}
	}
	return d, nil
}

// Redact hides the password of a DSN (for logs, errors and --config-dump).
func Redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		if at := strings.LastIndex(dsn, "@"); at >= 0 {
			return "clickhouse://…" + dsn[at:]
		}
		return dsn
	}
	return u.Redacted()
}

func dial(addr string, readTimeout time.Duration, a access) (driver.Conn, error) {
	o := &ch.Options{Addr: []string{addr}, DialTimeout: 10 * time.Second, ReadTimeout: readTimeout,
		Auth: ch.Auth{Username: a.user, Password: a.password},
		// Writes through a Distributed table reach the shards before the
		// insert returns, so that the batch row written last is a commit.
		Settings: ch.Settings{"insert_distributed_sync": 1}}
	if a.secure {
		o.TLS = &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: a.roots}
	}
	return ch.Open(o)
}

// Open connects to ClickHouse (one server, or the cluster named in the
// DSN) and creates the database and tables that are missing.
func Open(ctx context.Context, dsn string, log *slog.Logger, o Options) (*DB, error) {
	dsnc, err := ParseDSN(dsn)
	if err != nil {
		return nil, cityspend.Errorf(cityspend.EINVALID, "%v", err)
	}
	addr, db, cluster, rt := dsnc.Addr, dsnc.Database, dsnc.Cluster, dsnc.ReadTimeout
	if o.ReadTimeout == 0 {
		o.ReadTimeout = 5 * time.Minute
	}
	if rt != 0 {
		o.ReadTimeout = rt
	}
	if o.ChunkRows <= 0 {
		o.ChunkRows = 50_000
	}
	conn, err := dial(addr, o.ReadTimeout, dsnc.access)
	if err != nil {
		return nil, fmt.Errorf("clickhouse %s: %w", addr, err)
	}
	if err := conn.Ping(ctx); err != nil {
		conn.Close()
		return nil, fmt.Errorf("clickhouse %s: %w", addr, err)
	}
	d := &DB{conn: conn, db: db, cluster: cluster, shards: []string{addr}, hosts: []string{addr}, opt: o, log: log, access: dsnc.access,
		replicated: dsnc.Replicated}
	if cluster != "" {
		rows, err := conn.Query(ctx, `SELECT host_address, port, replica_num FROM system.clusters WHERE cluster = ? ORDER BY shard_num, replica_num`, cluster)
		if err != nil {
			conn.Close()
			return nil, fmt.Errorf("clickhouse cluster %s: %w", cluster, err)
		}
		d.shards, d.hosts = nil, nil
		for rows.Next() {
			var host string
			var port uint16
			var replica uint32
			if err := rows.Scan(&host, &port, &replica); err != nil {
				rows.Close()
				conn.Close()
				return nil, fmt.Errorf("clickhouse cluster %s: %w", cluster, err)
			}
			a := host + ":" + strconv.Itoa(int(port))
			d.hosts = append(d.hosts, a)
			if replica == 1 {
				d.shards = append(d.shards, a)
			}
		}
		rerr := rows.Err()
		rows.Close()
		if rerr != nil {
			conn.Close()
			return nil, fmt.Errorf("clickhouse cluster %s: %w", cluster, rerr)
		}
		if len(d.shards) == 0 {
			conn.Close()
			return nil, cityspend.Errorf(cityspend.EINVALID, "clickhouse %s has no cluster %q (see system.clusters)", addr, cluster)
		}
	}
	if err := d.migrate(ctx); err != nil {
		conn.Close()
		return nil, err
	}
	if d.replicated {
		// Reads must see what was just written: both should go to a
		// shard's first replica while it answers. (Old servers take this
		// setting from the user's profile only, not from the client.)
		var lb string
		if err := conn.QueryRow(ctx, `SELECT value FROM system.settings WHERE name = 'load_balancing'`).Scan(&lb); err == nil && lb != "in_order" {
			log.Warn("clickhouse: with replicas set load_balancing = in_order in the user's profile, or a read may miss a write that has not reached its replica",
				"load_balancing", lb)
		}
	}
	return d, nil
}

// Close closes the connection.
func (d *DB) Close() error { return d.conn.Close() }

// tables of the store: the local table on every shard, and what queries
// name (the Distributed table over the cluster, or the local one).
var tables = []struct{ name, columns, engine string }{
	{"buyers", `id String, org_number String, name String, country String, municipality String, currency String,
		fiscal_start UInt8, synthetic UInt8, created_at DateTime`, `MergeTree() ORDER BY id`},
	{"batches", `id UInt64, buyer_id String, kind String, file_name String, sha256 String, bytes Int64, rows_read Int64,
		rows_loaded Int64, rows_rejected Int64, rows_duplicate Int64, amount_loaded Int64, currency String, rejects_file String,
		details String, started_at DateTime, finished_at DateTime, imported_by String`, `MergeTree() ORDER BY (buyer_id, id)`},
	// An undone batch: its lines are no longer visible (committed), and
	// are deleted; its row in batches stays, for the history.
	{"undone", `batch_id UInt64, buyer_id String, undone_at DateTime, undone_by String`, `MergeTree() ORDER BY (buyer_id, batch_id)`},
	{"payments", `buyer_id String, batch_id UInt64, line UInt32, key_hi UInt64, key_lo UInt64, key_occ UInt32,
		supplier_key String, supplier_name String, account_code String, account_text String, org_unit String, service_code String,
		period_date Date, amount Int64, vat Int64, currency String, description String,
		payee_id Int32, account_id Int32, unit_id Int32, item_id Int32, invoice_date Nullable(Date), payment_date Nullable(Date),
		has_vat UInt8, transaction_id String, voucher_no String, invoice_no String, contract_ref String, expenditure_type String,
		cpv String, unspsc String, order_ref String, quantity String, unit_code String`,
		`MergeTree() PARTITION BY (buyer_id, toYYYYMM(period_date)) ORDER BY (buyer_id, period_date, key_hi, key_lo, key_occ)`},
}

// shardKey is each table's sharding expression: the buyer.
var shardKey = map[string]string{"buyers": "cityHash64(id)", "batches": "cityHash64(buyer_id)", "undone": "cityHash64(buyer_id)",
	"payments": "cityHash64(buyer_id)"}

// t names a table for queries.
func (d *DB) t(name string) string {
	if d.cluster == "" {
		return d.db + "." + name + "_local"
	}
	return d.db + "." + name
}

// engine is a local table's engine: replicated (its path in ZooKeeper by
// the server's {shard} macro, the replica by {replica}) when asked.
func (d *DB) engine(name, engine string) string {
	if !d.replicated {
		return engine
	}
	return strings.Replace(engine, "MergeTree()",
		fmt.Sprintf("ReplicatedMergeTree('/clickhouse/tables/{shard}/%s/%s_local', '{replica}')", d.db, name), 1)
}

// migrate creates what is missing on every server: the database, the
// local tables (on every replica) and the Distributed tables.
func (d *DB) migrate(ctx context.Context) error {
	for _, addr := range d.hosts {
		first := slices.Contains(d.shards, addr) // a shard's first replica
		conn := d.conn
		if addr != d.hosts[0] || d.cluster != "" {
			c, err := dial(addr, d.opt.ReadTimeout, d.access)
			if err != nil {
				return fmt.Errorf("clickhouse shard %s: %w", addr, err)
			}
			defer c.Close()
			conn = c
		}
		if err := conn.Exec(ctx, `CREATE DATABASE IF NOT EXISTS `+d.db); err != nil {
			return fmt.Errorf("clickhouse shard %s: %w", addr, err)
		}
		for _, tb := range tables {
			if err := conn.Exec(ctx, fmt.Sprintf(`CREATE TABLE IF NOT EXISTS %s.%s_local (%s) ENGINE = %s`, d.db, tb.name, tb.columns, d.engine(tb.name, tb.engine))); err != nil {
				return fmt.Errorf("clickhouse shard %s: table %s: %w", addr, tb.name, err)
			}
			if d.cluster != "" {
				if err := conn.Exec(ctx, fmt.Sprintf(`CREATE TABLE IF NOT EXISTS %s.%s AS %s.%s_local ENGINE = Distributed(%s, %s, %s_local, %s)`,
					d.db, tb.name, d.db, tb.name, d.cluster, d.db, tb.name, shardKey[tb.name])); err != nil {
					return fmt.Errorf("clickhouse shard %s: table %s: %w", addr, tb.name, err)
				}
			}
			// Tables made by an earlier cityspend get the columns added since
			// (a replicated table's change goes to its replicas by itself).
			var names []string
			if first || !d.replicated {
				names = append(names, tb.name+"_local")
			}
			if d.cluster != "" {
				names = append(names, tb.name)
			}
			for _, name := range names {
				if err := addColumns(ctx, conn, d.db, name, tb.columns); err != nil {
					return fmt.Errorf("clickhouse shard %s: table %s: %w", addr, name, err)
				}
			}
		}
	}
	return nil
}

// addColumns adds to a table the columns of its definition it lacks.
func addColumns(ctx context.Context, conn driver.Conn, db, table, columns string) error {
	rows, err := conn.Query(ctx, `SELECT name FROM system.columns WHERE database = ? AND table = ?`, db, table)
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return err
		}
		have[n] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	prev := ""
	for _, c := range splitColumns(columns) {
		name, typ, _ := strings.Cut(c, " ")
		if !have[name] {
			// In the definition's place, so every shard's table has the
			// same column order (inserts between shards go by position).
			q := fmt.Sprintf(`ALTER TABLE %s.%s ADD COLUMN %s %s`, db, table, name, typ)
			if prev != "" {
				q += " AFTER " + prev
			}
			if err := conn.Exec(ctx, q); err != nil {
				return fmt.Errorf("add column %s: %w", name, err)
			}
		}
		prev = name
	}
	return nil
}

// splitColumns splits a column list at the commas outside parentheses
// (Decimal(18, 2) is one type).
func splitColumns(columns string) []string {
	var out []string
	depth, start := 0, 0
	for i, r := range columns {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, strings.TrimSpace(columns[start:i]))
				start = i + 1
			}
		}
	}
	if last := strings.TrimSpace(columns[start:]); last != "" {
		out = append(out, last)
	}
	return out
}

// DropDatabase removes the store's database from every server (for tests
// and `cityspend` tools that start over).
func (d *DB) DropDatabase(ctx context.Context) error {
	var errs []error
	for _, addr := range d.hosts {
		c, err := dial(addr, d.opt.ReadTimeout, d.access)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		errs = append(errs, c.Exec(ctx, `DROP DATABASE IF EXISTS `+d.db))
		c.Close()
	}
	return errors.Join(errs...)
}
