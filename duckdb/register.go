// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"bufio"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
)

// orgColumns are the staged columns of organisations, with their types.
var orgColumns = []struct{ name, typ string }{
	{"scheme", "VARCHAR"}, {"id", "VARCHAR"}, {"name", "VARCHAR"}, {"legal_form", "VARCHAR"}, {"sector_code", "VARCHAR"},
	{"nace1", "VARCHAR"}, {"nace2", "VARCHAR"}, {"nace3", "VARCHAR"}, {"employees", "INTEGER"}, {"employees_known", "BOOLEAN"},
	{"employees_withheld", "BOOLEAN"}, {"employee_band", "VARCHAR"}, {"turnover_eur", "BIGINT"}, {"address", "VARCHAR"},
	{"postcode", "VARCHAR"}, {"locality", "VARCHAR"}, {"municipality", "VARCHAR"}, {"country", "VARCHAR"},
	{"vat_registered", "BOOLEAN"}, {"voluntary", "BOOLEAN"}, {"bankrupt", "BOOLEAN"}, {"liquidation", "BOOLEAN"},
	{"founded", "DATE"}, {"parent", "VARCHAR"}, {"source", "VARCHAR"},
	{"status", "VARCHAR"}, {"dissolved", "DATE"}, {"social_economy", "VARCHAR"}, {"industry_codes", "VARCHAR"},
	{"industry_scheme", "VARCHAR"}, {"size_category", "VARCHAR"}, {"company_number", "VARCHAR"}, {"head_office", "VARCHAR"},
}

var estColumns = []struct{ name, typ string }{
	{"scheme", "VARCHAR"}, {"id", "VARCHAR"}, {"parent_id", "VARCHAR"}, {"name", "VARCHAR"}, {"postcode", "VARCHAR"},
	{"locality", "VARCHAR"}, {"municipality", "VARCHAR"}, {"country", "VARCHAR"}, {"nace", "VARCHAR"}, {"employees", "INTEGER"},
	{"closed", "BOOLEAN"}, {"head_office", "BOOLEAN"},
}

// trackedFields are the organisation fields whose changes are kept.
var trackedFields = []struct{ field, expr string }{
	{"municipality", "municipality"},
	{"nace", "nace1"},
	{"employees", "CASE WHEN employees_withheld THEN 'withheld' ELSE CAST(employees AS VARCHAR) END"},
	{"bankrupt", "CAST(bankrupt AS VARCHAR)"},
	{"status", "status"},
}

// columnsStruct is read_csv's columns argument for a list of columns.
func columnsStruct(cols []struct{ name, typ string }) string {
	var b strings.Builder
	b.WriteString("{")
	for i, c := range cols {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "'%s': '%s'", c.name, c.typ)
	}
	b.WriteString("}")
	return b.String()
}

// ImportRegister implements cityspend.Store. Units are staged to files and
// loaded in one transaction; a unit already known is replaced and the
// changes of its tracked fields go to organisation_history. Units within one
// file are unique by id: a later one replaces an earlier one.
func (d *DB) ImportRegister(ctx context.Context, batch *cityspend.RegisterBatch, src cityspend.RegisterReader) (err error) {
	if batch.StartedAt.IsZero() {
		batch.StartedAt = time.Now().UTC()
	}
	orgFile, err := os.CreateTemp(d.tempDir(), d.stagingPattern())
	if err != nil {
		return fmt.Errorf("register import: %w", err)
	}
	defer os.Remove(orgFile.Name())
	estFile, err := os.CreateTemp(d.tempDir(), d.stagingPattern())
	if err != nil {
		orgFile.Close()
		return fmt.Errorf("register import: %w", err)
	}
	defer os.Remove(estFile.Name())
	var orgs, ests int64
	// Ids seen, to know whether a unit repeats within the file (rare: then
	// the last occurrence wins, which costs a window over the staged units).
	seen := map[cityspend.Identifier]struct{}{}
	repeated := false
	// Whether the file has units that take their address from a head
	// office, head offices, or units of the UK registers that link charities
	// and companies: each costs a statement more.
	var headOffices, estHeadOffices, charityLinks bool
	werr := func() error {
		ow, ew := bufio.NewWriterSize(orgFile, 1<<20), bufio.NewWriterSize(estFile, 1<<20)
		var line []byte
		for {
			rows, err := src.ReadUnits(ctx)
			if err == io.EOF {
				break
			}
			for _, r := range rows {
				batch.UnitsRead++
				switch {
				case r.Reject != nil:
					batch.UnitsRejected++
				case r.Organisation != nil:
					if _, dup := seen[r.Organisation.ID]; dup {
						repeated = true
					}
					seen[r.Organisation.ID] = struct{}{}
					line = appendOrg(line[:0], r.Organisation, batch.UnitsRead)
					if _, err := ow.Write(line); err != nil {
						return err
					}
					orgs++
					headOffices = headOffices || r.Organisation.HeadOffice != ""
					charityLinks = charityLinks || r.Organisation.CompanyNumber != "" || r.Organisation.ID.Scheme == cityspend.SchemeGBCOH
				case r.Establishment != nil:
					if _, dup := seen[r.Establishment.ID]; dup {
						repeated = true
					}
					seen[r.Establishment.ID] = struct{}{}
					line = appendEst(line[:0], r.Establishment, batch.UnitsRead)
					if _, err := ew.Write(line); err != nil {
						return err
					}
					ests++
					estHeadOffices = estHeadOffices || r.Establishment.HeadOffice
				}
			}
			if err != nil {
				return err
			}
		}
		return errors.Join(ow.Flush(), ew.Flush(), orgFile.Close(), estFile.Close())
	}()
	if werr != nil {
		orgFile.Close()
		estFile.Close()
		return fmt.Errorf("register import: %w", werr)
	}

	seen = nil
	return d.inTx(ctx, func(tx *sql.Tx) error {
		exec := func(q string, args ...any) (sql.Result, error) { return tx.ExecContext(ctx, q, args...) }
		if err := tx.QueryRowContext(ctx, `SELECT nextval('register_batch_id_seq')`).Scan(&batch.ID); err != nil {
			return err
		}
		now := time.Now().UTC()
		if orgs > 0 {
			staged := stagedRegister(orgFile.Name(), orgColumns, repeated)
			if headOffices {
				staged = withHeadOffice(staged)
			}
			var known bool
			if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM organisations)`).Scan(&known); err != nil {
				return err
			}
			if known {
				for _, f := range trackedFields {
					res, err := exec(`INSERT INTO organisation_history
						SELECT o.scheme, o.id, ?, `+prefixed("o.", f.expr)+`, `+prefixed("s.", f.expr)+`, ?, ?
						FROM organisations o JOIN `+staged+` s ON s.scheme = o.scheme AND s.id = o.id
						WHERE (`+prefixed("o.", f.expr)+`) IS DISTINCT FROM (`+prefixed("s.", f.expr)+`)`, f.field, batch.ID, now)
					if err != nil {
						return fmt.Errorf("history of %s: %w", f.field, err)
					}
					n, _ := res.RowsAffected()
					batch.UnitsChanged += n
				}
				if _, err := exec(`DELETE FROM organisations o WHERE EXISTS (
					SELECT 1 FROM ` + staged + ` s WHERE s.scheme = o.scheme AND s.id = o.id)`); err != nil {
					return fmt.Errorf("replace units: %w", err)
				}
			}
			res, err := exec(`INSERT INTO organisations BY NAME SELECT *, ? AS batch_id, ? AS updated_at FROM `+staged, batch.ID, now)
			if err != nil {
				return fmt.Errorf("insert units: %w", err)
			}
			n, _ := res.RowsAffected()
			batch.UnitsLoaded += n
		}
		if ests > 0 {
			staged := stagedRegister(estFile.Name(), estColumns, repeated)
			if _, err := exec(`DELETE FROM establishments e WHERE EXISTS (
				SELECT 1 FROM ` + staged + ` s WHERE s.scheme = e.scheme AND s.id = e.id)`); err != nil {
				return fmt.Errorf("replace sub-units: %w", err)
			}
			res, err := exec(`INSERT INTO establishments BY NAME SELECT *, ? AS batch_id, ? AS updated_at FROM `+staged, batch.ID, now)
			if err != nil {
				return fmt.Errorf("insert sub-units: %w", err)
			}
			n, _ := res.RowsAffected()
			batch.UnitsLoaded += n
			if estHeadOffices {
				// Units registered without an address (SIRENE's unités
				// légales) are where their head office is.
				res, err := exec(`INSERT INTO organisation_history
					SELECT o.scheme, o.id, 'municipality', o.municipality, e.municipality, ?, ?
					FROM organisations o JOIN `+staged+` e ON e.scheme = o.scheme AND e.id = o.head_office
					WHERE e.head_office AND o.municipality IS NOT NULL AND o.municipality IS DISTINCT FROM e.municipality`, batch.ID, now)
				if err != nil {
					return fmt.Errorf("history of head offices: %w", err)
				}
				n, _ := res.RowsAffected()
				batch.UnitsChanged += n
				if _, err := exec(`UPDATE organisations o SET postcode = e.postcode, locality = e.locality, municipality = e.municipality,
					country = e.country FROM ` + staged + ` e WHERE e.head_office AND e.scheme = o.scheme AND e.id = o.head_office`); err != nil {
					return fmt.Errorf("addresses of head offices: %w", err)
				}
			}
		}
		if charityLinks {
			if err := linkCharities(ctx, tx); err != nil {
				return err
			}
		}
		batch.FinishedAt = time.Now().UTC()
		if _, err := exec(`INSERT INTO register_batches VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, batch.ID, batch.Source, batch.FileName,
			batch.SHA256, batch.UnitsRead, batch.UnitsLoaded, batch.UnitsRejected, batch.UnitsChanged, batch.StartedAt, batch.FinishedAt); err != nil {
			return err
		}
		if batch.UnitsLoaded == 0 {
			return nil
		}
		// Every buyer's payees resolve against the register.
		return markFollowUp(ctx, tx, "", "register", batch.ID)
	})
}

// stagedRegister is a table expression over a staging file: the units, and
// when ids repeat in the file only the last occurrence of each.
func stagedRegister(path string, cols []struct{ name, typ string }, repeated bool) string {
	read := readStaged(path, append(cols, struct{ name, typ string }{"seq", "BIGINT"}))
	if !repeated {
		return `(SELECT * EXCLUDE (seq) FROM ` + read + `)`
	}
	return `(SELECT * EXCLUDE (seq) FROM ` + read + ` QUALIFY row_number() OVER (PARTITION BY scheme, id ORDER BY seq DESC) = 1)`
}

// withHeadOffice is a staged table expression whose units without a
// postcode, locality, municipality or country take their head office's.
func withHeadOffice(staged string) string {
	return `(SELECT s.* REPLACE (coalesce(s.postcode, h.postcode) AS postcode, coalesce(s.locality, h.locality) AS locality,
		coalesce(s.municipality, h.municipality) AS municipality, coalesce(s.country, h.country) AS country)
		FROM ` + staged + ` s LEFT JOIN establishments h ON s.head_office IS NOT NULL AND h.scheme = s.scheme AND h.id = s.head_office)`
}

// charitySchemes are the charity registers of the UK, whose charities may
// also be companies at Companies House.
const charitySchemes = `('GB-CHC', 'GB-SC', 'GB-NIC')`

// linkCharities marks each company that a loaded charity register names
// as the charity's company with that charity (the first, by identifier).
func linkCharities(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `UPDATE organisations o SET charity_number = c.charity
		FROM (SELECT company_number, min(scheme || ':' || id) AS charity FROM organisations
			WHERE company_number IS NOT NULL AND scheme IN `+charitySchemes+` GROUP BY company_number) c
		WHERE o.scheme = 'GB-COH' AND o.id = c.company_number AND o.charity_number IS DISTINCT FROM c.charity`); err != nil {
		return fmt.Errorf("link charities to companies: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE organisations o SET charity_number = NULL
		WHERE o.scheme = 'GB-COH' AND o.charity_number IS NOT NULL AND NOT EXISTS (
			SELECT 1 FROM organisations c WHERE c.scheme IN `+charitySchemes+` AND c.company_number = o.id)`); err != nil {
		return fmt.Errorf("link charities to companies: %w", err)
	}
	return nil
}

// prefixed qualifies the column names of a tracked-field expression.
func prefixed(p, expr string) string {
	for _, c := range []string{"municipality", "nace1", "employees_withheld", "employees", "bankrupt", "status"} {
		expr = replaceWord(expr, c, p+c)
	}
	return expr
}

// replaceWord replaces whole identifiers only.
func replaceWord(s, old, new string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, old)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		before := i > 0 && (isIdent(s[i-1]) || s[i-1] == '.')
		after := i+len(old) < len(s) && isIdent(s[i+len(old)])
		b.WriteString(s[:i])
		if before || after {
			b.WriteString(old)
		} else {
			b.WriteString(new)
		}
		s = s[i+len(old):]
	}
}

func isIdent(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, "true"...)
	}
	return append(b, "false"...)
}

func appendOrg(b []byte, o *cityspend.Organisation, seq int64) []byte {
	nace := [3]string{}
	copy(nace[:], o.NACE)
	for _, s := range []string{o.ID.Scheme, o.ID.ID, o.Name, o.LegalForm, o.SectorCode, nace[0], nace[1], nace[2]} {
		b = appendField(b, s)
		b = append(b, ',')
	}
	if o.EmployeesKnown && !o.EmployeesWithheld {
		b = strconv.AppendInt(b, int64(o.Employees), 10)
	}
	b = append(b, ',')
	b = appendBool(b, o.EmployeesKnown)
	b = append(b, ',')
	b = appendBool(b, o.EmployeesWithheld)
	b = append(b, ',')
	b = appendField(b, o.EmployeeBand)
	b = append(b, ',')
	if o.TurnoverEUR != 0 {
		b = strconv.AppendInt(b, int64(o.TurnoverEUR), 10)
	}
	for _, s := range []string{strings.Join(o.Address.Lines, "\n"), o.Address.Postcode, o.Address.Locality, o.Address.Municipality, o.Address.Country} {
		b = append(b, ',')
		b = appendField(b, s)
	}
	for _, v := range []bool{o.VATRegistered, o.Voluntary, o.Bankrupt, o.Liquidation} {
		b = append(b, ',')
		b = appendBool(b, v)
	}
	b = append(b, ',')
	b = appendDate(b, o.Founded)
	b = append(b, ',')
	b = appendField(b, o.Parent)
	b = append(b, ',')
	b = appendField(b, o.Source)
	b = append(b, ',')
	b = appendField(b, o.Status)
	b = append(b, ',')
	b = appendDate(b, o.Dissolved)
	for _, s := range []string{o.SocialEconomy, strings.Join(o.IndustryCodes, " "), o.IndustryScheme, o.SizeCategory, o.CompanyNumber, o.HeadOffice} {
		b = append(b, ',')
		b = appendField(b, s)
	}
	b = append(b, ',')
	b = strconv.AppendInt(b, seq, 10)
	return append(b, '\n')
}

func appendEst(b []byte, e *cityspend.Establishment, seq int64) []byte {
	for _, s := range []string{e.ID.Scheme, e.ID.ID, e.Parent.ID, e.Name, e.Address.Postcode, e.Address.Locality, e.Address.Municipality, e.Address.Country, e.NACE} {
		b = appendField(b, s)
		b = append(b, ',')
	}
	if e.EmployeesKnown {
		b = strconv.AppendInt(b, int64(e.Employees), 10)
	}
	b = append(b, ',')
	b = appendBool(b, e.Closed)
	b = append(b, ',')
	b = appendBool(b, e.HeadOffice)
	b = append(b, ',')
	b = strconv.AppendInt(b, seq, 10)
	return append(b, '\n')
}

const orgSelect = `scheme, id, name, coalesce(legal_form, ''), coalesce(sector_code, ''), coalesce(nace1, ''), coalesce(nace2, ''),
	coalesce(nace3, ''), coalesce(employees, 0), employees_known, employees_withheld, coalesce(employee_band, ''), coalesce(turnover_eur, 0),
	coalesce(address, ''), coalesce(postcode, ''), coalesce(locality, ''), coalesce(municipality, ''), coalesce(country, ''),
	vat_registered, voluntary, bankrupt, liquidation, founded, coalesce(parent, ''), source, coalesce(status, ''), dissolved,
	coalesce(social_economy, ''), coalesce(industry_codes, ''), coalesce(industry_scheme, ''), coalesce(size_category, ''),
	coalesce(company_number, ''), coalesce(charity_number, ''), coalesce(head_office, '')`

func scanOrg(rows interface{ Scan(...any) error }) (cityspend.Organisation, error) {
	var o cityspend.Organisation
	var n1, n2, n3, addr, industry string
	var turnover int64
	var founded, dissolved sql.NullTime
	err := rows.Scan(&o.ID.Scheme, &o.ID.ID, &o.Name, &o.LegalForm, &o.SectorCode, &n1, &n2, &n3, &o.Employees, &o.EmployeesKnown,
		&o.EmployeesWithheld, &o.EmployeeBand, &turnover, &addr, &o.Address.Postcode, &o.Address.Locality, &o.Address.Municipality,
		&o.Address.Country, &o.VATRegistered, &o.Voluntary, &o.Bankrupt, &o.Liquidation, &founded, &o.Parent, &o.Source,
		&o.Status, &dissolved, &o.SocialEconomy, &industry, &o.IndustryScheme, &o.SizeCategory, &o.CompanyNumber, &o.CharityNumber,
		&o.HeadOffice)
	if err != nil {
		return o, err
	}
	o.IndustryCodes = strings.Fields(industry)
	o.Dissolved = utcDate(dissolved)
	for _, n := range []string{n1, n2, n3} {
		if n != "" {
			o.NACE = append(o.NACE, n)
		}
	}
	if addr != "" {
		o.Address.Lines = strings.Split(addr, "\n")
	}
	o.TurnoverEUR = cityspend.Amount(turnover)
	o.Founded = utcDate(founded)
	return o, nil
}

// Organisations implements cityspend.Store.
func (d *DB) Organisations(ctx context.Context, visit func(*cityspend.Organisation) error) error {
	rows, err := d.db.QueryContext(ctx, `SELECT `+orgSelect+` FROM organisations`)
	if err != nil {
		return fmt.Errorf("organisations: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return fmt.Errorf("organisations: %w", err)
		}
		if err := visit(&o); err != nil {
			return err
		}
	}
	return rows.Err()
}

// RegisteredNames implements cityspend.Store.
func (d *DB) RegisteredNames(ctx context.Context, visit func(*cityspend.RegisteredName) error) error {
	for _, q := range []string{
		// A charity that is also a loaded company is found as the company
		// (which knows it is a charity): one unit, not two of the same name.
		`SELECT scheme, id, '', name, coalesce(legal_form, ''), coalesce(postcode, ''), coalesce(locality, ''),
			coalesce(municipality, ''), coalesce(country, '') FROM organisations o
			WHERE o.company_number IS NULL OR o.scheme NOT IN ` + charitySchemes + ` OR NOT EXISTS (
				SELECT 1 FROM organisations c WHERE c.scheme = 'GB-COH' AND c.id = o.company_number)`,
		`SELECT scheme, id, parent_id, name, '', coalesce(postcode, ''), coalesce(locality, ''),
			coalesce(municipality, ''), coalesce(country, '') FROM establishments`,
	} {
		if err := d.registeredNames(ctx, q, visit); err != nil {
			return fmt.Errorf("registered names: %w", err)
		}
	}
	return nil
}

func (d *DB) registeredNames(ctx context.Context, query string, visit func(*cityspend.RegisteredName) error) error {
	rows, err := d.db.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	var n cityspend.RegisteredName
	var parent string
	for rows.Next() {
		if err := rows.Scan(&n.ID.Scheme, &n.ID.ID, &parent, &n.Name, &n.LegalForm, &n.Address.Postcode, &n.Address.Locality,
			&n.Address.Municipality, &n.Address.Country); err != nil {
			return err
		}
		n.Parent = cityspend.Identifier{}
		if parent != "" {
			n.Parent = cityspend.Identifier{Scheme: n.ID.Scheme, ID: parent}
		}
		if err := visit(&n); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Organisation implements cityspend.Store.
func (d *DB) Organisation(ctx context.Context, id cityspend.Identifier) (cityspend.Organisation, error) {
	o, err := scanOrg(d.db.QueryRowContext(ctx, `SELECT `+orgSelect+` FROM organisations WHERE scheme = ? AND id = ?`, id.Scheme, id.ID))
	if errors.Is(err, sql.ErrNoRows) {
		return o, cityspend.Errorf(cityspend.ENOTFOUND, "no organisation %s in the loaded registers", id)
	}
	if err != nil {
		return o, fmt.Errorf("organisation %s: %w", id, err)
	}
	return o, nil
}

// withIDs runs fn on a connection holding the temporary table wanted_ids
// (scheme, id) filled with ids, for joins against long id lists.
func (d *DB) withIDs(ctx context.Context, ids []cityspend.Identifier, fn func(conn *sql.Conn) error) error {
	conn, err := d.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE wanted_ids (scheme VARCHAR, id VARCHAR)`); err != nil {
		return err
	}
	defer conn.ExecContext(context.Background(), `DROP TABLE IF EXISTS wanted_ids`)
	if err := appendOn(ctx, conn, "temp", "wanted_ids", len(ids), func(i int) []driver.Value {
		return []driver.Value{ids[i].Scheme, ids[i].ID}
	}); err != nil {
		return err
	}
	return fn(conn)
}

// OrganisationsByID implements cityspend.Store.
func (d *DB) OrganisationsByID(ctx context.Context, ids []cityspend.Identifier) ([]cityspend.Organisation, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var out []cityspend.Organisation
	err := d.withIDs(ctx, ids, func(conn *sql.Conn) error {
		rows, err := conn.QueryContext(ctx, `SELECT `+orgSelect+` FROM organisations o SEMI JOIN wanted_ids w ON w.scheme = o.scheme AND w.id = o.id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			o, err := scanOrg(rows)
			if err != nil {
				return err
			}
			out = append(out, o)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("organisations by id: %w", err)
	}
	return out, nil
}

// Establishments implements cityspend.Store.
func (d *DB) Establishments(ctx context.Context, parents []cityspend.Identifier) ([]cityspend.Establishment, error) {
	if len(parents) == 0 {
		return nil, nil
	}
	var out []cityspend.Establishment
	err := d.withIDs(ctx, parents, func(conn *sql.Conn) error {
		rows, err := conn.QueryContext(ctx, `SELECT e.scheme, e.id, e.parent_id, e.name, coalesce(e.postcode, ''), coalesce(e.locality, ''),
			coalesce(e.municipality, ''), coalesce(e.country, ''), coalesce(e.nace, ''), coalesce(e.employees, 0), e.employees IS NOT NULL,
			coalesce(e.closed, false), coalesce(e.head_office, false)
			FROM establishments e JOIN wanted_ids w ON w.scheme = e.scheme AND w.id = e.parent_id ORDER BY e.parent_id, e.id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e cityspend.Establishment
			if err := rows.Scan(&e.ID.Scheme, &e.ID.ID, &e.Parent.ID, &e.Name, &e.Address.Postcode, &e.Address.Locality,
				&e.Address.Municipality, &e.Address.Country, &e.NACE, &e.Employees, &e.EmployeesKnown, &e.Closed, &e.HeadOffice); err != nil {
				return err
			}
			e.Parent.Scheme = e.ID.Scheme
			out = append(out, e)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("establishments: %w", err)
	}
	return out, nil
}

// OrganisationHistory implements cityspend.Store.
func (d *DB) OrganisationHistory(ctx context.Context, id cityspend.Identifier) ([]cityspend.HistoryEntry, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT field, coalesce(old_value, ''), coalesce(new_value, ''), changed_at
		FROM organisation_history WHERE scheme = ? AND id = ? ORDER BY changed_at, field`, id.Scheme, id.ID)
	if err != nil {
		return nil, fmt.Errorf("history %s: %w", id, err)
	}
	defer rows.Close()
	var out []cityspend.HistoryEntry
	for rows.Next() {
		var h cityspend.HistoryEntry
		if err := rows.Scan(&h.Field, &h.Old, &h.New, &h.At); err != nil {
			return nil, fmt.Errorf("history %s: %w", id, err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}
