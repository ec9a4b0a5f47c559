// SPDX-License-Identifier: EUPL-1.2

package tabular

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/cityspend/cityspend"
)

// HeaderTokens lower-cases a column header, folds accents and Nordic
// letters, and splits it into alphanumeric tokens.
func HeaderTokens(s string) []string {
	s = strings.ToLower(s)
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case r == 'æ':
			b.WriteString("ae")
		case r == 'ø':
			b.WriteByte('o')
		case r == 'ß':
			b.WriteString("ss")
		case unicode.Is(unicode.Mn, r):
			// accent: dropped (å→a, ä→a, ö→o, é→e)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		default:
			b.WriteByte(' ')
		}
	}
	return strings.Fields(b.String())
}

// NormHeader reduces a column header to lower-case letters and digits, for
// matching headers against names ("Leverandør-nr." → "leverandornr",
// "org_number" and "Org number" → "orgnumber").
func NormHeader(s string) string { return strings.Join(HeaderTokens(s), "") }

// Column is a column a file is read by: the field's name, the other
// headers that stand for it, and whether a file must have it. Headers
// match after NormHeader, so case, accents, spaces, "_" and "-" do not
// matter.
type Column struct {
	Field    string
	Aliases  []string
	Required bool
	// Or is another field that may stand in for a required one: a file
	// needs one of the two.
	Or string
}

// Layout is the columns of a kind of file.
type Layout struct {
	Columns []Column
	// Hint ends the message of a missing column: what a file needs, or how
	// to get one that has it ("use the template from cityspend survey
	// template").
	Hint string
	// Mapping names a field's column where the aliases do not: field →
	// header text, or "#N" for the N-th column.
	Mapping map[string]string
}

// Named is a table read by the names of its columns: the first row is the
// header, and every later row gives its fields by name.
type Named struct {
	// File names the file in messages.
	File string
	// Header is the header row.
	Header Record
	t      *Table
	col    map[string]int // field → index of its column
}

// OpenNamed opens a CSV or XLSX file (see Open) and reads its header (see
// Layout). Closing the Named closes the file.
func OpenNamed(path string, opts Options, l Layout) (*Named, error) {
	t, err := Open(path, opts)
	if err != nil {
		return nil, err
	}
	n, err := readHeader(t, path, l)
	if err != nil {
		t.Close()
		return nil, err
	}
	return n, nil
}

// readHeader reads the header of an open table and finds the layout's
// columns: the column the Mapping names, else the first whose header is a
// field's name or one of its aliases. A required field without a column
// (nor its Or) is an error (EINVALID) naming the file, the header's line
// and what it has, and the missing fields.
func readHeader(t *Table, file string, l Layout) (*Named, error) {
	head, _, err := t.Next(nil)
	if err != nil {
		if errors.Is(err, io.EOF) {
			err = errors.New("the file is empty")
		}
		return nil, fmt.Errorf("%s: no header row: %w", file, err)
	}
	n := &Named{File: file, Header: head, t: t, col: map[string]int{}}
	names := map[string][]string{} // normalised header → fields
	for _, c := range l.Columns {
		for _, h := range append([]string{c.Field}, c.Aliases...) {
			k := NormHeader(h)
			names[k] = append(names[k], c.Field)
		}
	}
	for i, h := range head.Fields {
		for _, f := range names[NormHeader(h)] {
			if _, taken := n.col[f]; !taken {
				n.col[f] = i
			}
		}
	}
	for _, f := range sortedKeys(l.Mapping) {
		ref := l.Mapping[f]
		if strings.HasPrefix(ref, "#") {
			i, err := strconv.Atoi(ref[1:])
			if err != nil || i < 1 || i > len(head.Fields) {
				return nil, fmt.Errorf("%s: mapping %s = %s: no such column", file, f, ref)
			}
			n.col[f] = i - 1
			continue
		}
		found := false
		for i, h := range head.Fields {
			if NormHeader(h) == NormHeader(ref) {
				n.col[f], found = i, true // the last of equal headers
			}
		}
		if !found {
			return nil, fmt.Errorf("%s: mapping %s = %q: no such header", file, f, ref)
		}
	}
	var missing []string
	for _, c := range l.Columns {
		switch {
		case !c.Required || n.Has(c.Field):
		case c.Or == "":
			missing = append(missing, c.Field)
		case !n.Has(c.Or):
			missing = append(missing, c.Field+" or "+c.Or)
		}
	}
	if len(missing) == 0 {
		return n, nil
	}
	msg := fmt.Sprintf("%s: no %s column (line %d has %s)", file, strings.Join(missing, " column, no "), head.Line, strings.Join(head.Fields, ", "))
	if l.Hint != "" {
		msg += "; " + l.Hint
	}
	return nil, cityspend.Errorf(cityspend.EINVALID, "%s", msg)
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Column is the index of the field's column (-1 when the file has none).
func (n *Named) Column(field string) int {
	if i, ok := n.col[field]; ok {
		return i
	}
	return -1
}

// Has reports whether the file has the field's column.
func (n *Named) Has(field string) bool {
	_, ok := n.col[field]
	return ok
}

// Next returns the next row, or io.EOF at the end.
func (n *Named) Next() (Row, error) {
	rec, _, err := n.t.Next(nil)
	if errors.Is(err, io.EOF) {
		return Row{}, io.EOF
	}
	if err != nil {
		return Row{}, fmt.Errorf("%s: %w", n.File, err)
	}
	return Row{Record: rec, n: n}, nil
}

// Each calls fn with every row, and stops at the first error fn returns.
// It closes the table.
func (n *Named) Each(fn func(Row) error) error {
	defer n.Close()
	for {
		r, err := n.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(r); err != nil {
			return err
		}
	}
}

// Close releases the file.
func (n *Named) Close() error { return n.t.Close() }

// Batch reads up to max rows of n, converting each with conv: the batch
// readers of the registers. It returns io.EOF when no row is left, and the
// rows read so far with a read error.
func Batch[T any](ctx context.Context, n *Named, max int, conv func(Row) T) ([]T, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []T
	for len(out) < max {
		r, err := n.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return out, err
		}
		out = append(out, conv(r))
	}
	if len(out) == 0 {
		return nil, io.EOF
	}
	return out, nil
}

// Row is a data row of a Named table. Its Record has the line number, the
// raw text and the Problem of a row that could not be split.
type Row struct {
	Record
	n *Named
}

// Reason is the row's Problem, naming its column by its header.
func (r Row) Reason() string { return r.Record.Reason(r.n.Header.Fields) }

// ProblemError is the row's Problem as an error naming the file and the
// line, for readers that stop at the first bad row; nil when it has none.
func (r Row) ProblemError() error {
	if r.Problem == "" {
		return nil
	}
	return cityspend.Errorf(cityspend.EINVALID, "%s:%d: %s", r.n.File, r.Line, r.Reason())
}

// Get returns a field's value, trimmed; "" when the file has no such
// column or the row ends before it.
func (r Row) Get(field string) string {
	i, ok := r.n.col[field]
	if !ok || i >= len(r.Fields) {
		return ""
	}
	return strings.TrimSpace(r.Fields[i])
}

// Errorf is an error in a field of the row, naming the file, the line and
// the field: "muni.csv:3: valid_from: …".
func (r Row) Errorf(field, format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s: %w", r.n.File, r.Line, field, fmt.Errorf(format, args...))
}
