// SPDX-License-Identifier: EUPL-1.2

package gen

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
)

// Ledger formats.
const (
	FormatCSV   = "csv"   // UTF-8, comma, decimal point, ISO dates
	FormatXLSX  = "xlsx"  // one sheet, real dates and numbers
	FormatMessy = "messy" // Windows-1252, semicolon, decimal comma with thousands spaces, dd.mm.yyyy, a title line
)

// LedgerOptions describe a ledger to generate.
type LedgerOptions struct {
	Seed         uint64
	Municipality string // kommunenummer of the buyer, e.g. "3909"
	FromYear     int
	Years        int
	Lines        int64
	Format       string
	// Progress, when set, is called now and then with the lines written.
	Progress func(done, total int64)
}

// RecentYear is the first of the two most recent complete years: where
// generated ledgers start unless told otherwise.
func RecentYear() int { return time.Now().Year() - 2 }

// TruthHeader is the header of the truth file written beside a ledger.
var TruthHeader = []string{"name", "org_number", "postcode", "description", "account", "amount", "cpv"}

// LedgerStats summarises a generated ledger.
type LedgerStats struct {
	Lines     int64  `json:"lines"`
	NoOrg     int64  `json:"lines_without_org_number"`
	Credits   int64  `json:"credit_notes"`
	Suppliers int    `json:"suppliers"`
	TruthFile string `json:"truth_file"`
}

// MaxXLSXLines is the most lines one sheet holds (with its header).
const MaxXLSXLines = 1_048_575

// WriteLedgerFile generates a ledger into path and its truth into
// path+".truth.csv". Both are complete or removed.
func WriteLedgerFile(ctx context.Context, path string, u *Universe, opts LedgerOptions) (st LedgerStats, err error) {
	if err := opts.validate(); err != nil {
		return st, err
	}
	truthPath := path + ".truth.csv"
	tf, err := os.Create(truthPath)
	if err != nil {
		return st, err
	}
	defer func() {
		if cerr := tf.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(truthPath)
			os.Remove(path)
		}
	}()
	tw := bufio.NewWriterSize(tf, 1<<20)
	truth := csv.NewWriter(tw)
	if err := truth.Write(TruthHeader); err != nil {
		return st, err
	}
	g := newLedgerGen(u, opts)
	var rows rowSink
	var finish func() error
	if opts.Format == FormatXLSX {
		rows, finish, err = newXLSXSink(path)
	} else {
		rows, finish, err = newCSVSink(path, opts.Format)
	}
	if err != nil {
		return st, err
	}
	if err := rows.header(g.header()); err != nil {
		return st, err
	}
	for i := int64(0); i < opts.Lines; i++ {
		if i%65536 == 0 {
			if err := ctx.Err(); err != nil {
				return st, err
			}
			if opts.Progress != nil {
				opts.Progress(i, opts.Lines)
			}
		}
		l := g.next()
		if err := rows.row(l); err != nil {
			return st, err
		}
		if err := truth.Write(l.truth()); err != nil {
			return st, err
		}
		if l.orgOnLine == "" {
			st.NoOrg++
		}
		if l.amount < 0 {
			st.Credits++
		}
	}
	if err := finish(); err != nil {
		return st, err
	}
	truth.Flush()
	if err := truth.Error(); err != nil {
		return st, err
	}
	if err := tw.Flush(); err != nil {
		return st, err
	}
	st.Lines = opts.Lines
	st.Suppliers = len(g.records)
	st.TruthFile = truthPath
	return st, nil
}

func (o *LedgerOptions) validate() error {
	if _, ok := Municipality(o.Municipality); !ok {
		return fmt.Errorf("the generator knows the Vestfold municipalities %s, not %q", strings.Join(Municipalities(), ", "), o.Municipality)
	}
	switch o.Format {
	case FormatCSV, FormatMessy:
	case FormatXLSX:
		if o.Lines > MaxXLSXLines {
			return fmt.Errorf("an XLSX sheet holds at most %d lines; use --format csv for %d", MaxXLSXLines, o.Lines)
		}
	default:
		return fmt.Errorf("format %q: use csv, xlsx or messy", o.Format)
	}
	if o.Lines < 1 {
		return errors.New("lines must be at least 1")
	}
	if o.Years < 1 {
		o.Years = 1
	}
	if o.FromYear < 1990 || o.FromYear > 2100 {
		return fmt.Errorf("year %d is out of range", o.FromYear)
	}
	return nil
}

// erpRecord is how the buyer's ERP knows a supplier: a supplier number, a
// name as typed, and the organisation number or not. A firm may have several.
type erpRecord struct {
	localID string
	name    string
	hasOrg  bool
	orgForm int // 0 plain, 1 spaced, 2 with NO…MVA
	nextInv int
}

type line struct {
	voucher     int
	booked      time.Time
	invoiced    time.Time
	invoiceNo   string
	rec         *erpRecord
	sup         *Supplier
	orgOnLine   string
	account     string
	art         string
	ansvar      string
	ansvarName  string
	funksjon    string
	project     string
	amount      int64 // øre
	vat         int64
	description string
	cpv         string
}

func (l *line) truth() []string {
	return []string{l.rec.name, l.sup.Org, l.sup.Postcode, l.description, l.account, formatOre(l.amount, '.', false), l.cpv}
}

type ledgerGen struct {
	u                                *Universe
	opts                             LedgerOptions
	rng                              *rand.Rand
	home                             place
	records                          map[*Supplier][]*erpRecord
	nextID                           int
	voucher                          int
	catCum                           []float64
	monthCum                         [][]float64
	pools                            []catPools
	buildings, schools, homes, roads []string
}

type catPools struct {
	local, regional, national []*Supplier
	lw, rw, nw                []float64 // cumulative Zipf weights
}

func newLedgerGen(u *Universe, opts LedgerOptions) *ledgerGen {
	g := &ledgerGen{u: u, opts: opts, rng: seeded(u.Seed, "ledger", opts.Municipality, strconv.Itoa(opts.FromYear)),
		records: map[*Supplier][]*erpRecord{}, nextID: 10000, voucher: 100000}
	for _, p := range vestfold {
		if p.code == opts.Municipality {
			g.home = p
		}
	}
	sum := 0.0
	for _, c := range categories {
		sum += c.weight
		g.catCum = append(g.catCum, sum)
		season := c.season
		if season == nil {
			season = []float64{1, 1, 1, 1, 1, 1, 0.6, 0.9, 1, 1, 1, 1.1}
		}
		g.monthCum = append(g.monthCum, cumulative(season))
	}
	g.pools = make([]catPools, len(categories))
	for ci := range categories {
		p := &g.pools[ci]
		p.local = u.local[ci][opts.Municipality]
		p.regional = u.regional[ci]
		p.national = u.national[ci]
		p.lw, p.rw, p.nw = zipf(len(p.local)), zipf(len(p.regional)), zipf(len(p.national))
	}
	places := append([]string{g.home.name}, g.home.villages...)
	for _, v := range places {
		g.schools = append(g.schools, v+" skole", v+" ungdomsskole", v+" barneskole")
		g.homes = append(g.homes, v+" sykehjem", v+" omsorgssenter")
		g.roads = append(g.roads, v+"veien", "Fv. "+strconv.Itoa(300+len(g.roads)), v+" sentrum")
		g.buildings = append(g.buildings, v+" barnehage", v+" skole", v+" idrettshall")
	}
	g.buildings = append(g.buildings, "Rådhuset", "Kulturhuset", "Brannstasjonen", g.home.name+" bad", "Bibliotek", "Driftsstasjonen")
	return g
}

func cumulative(w []float64) []float64 {
	out := make([]float64, len(w))
	s := 0.0
	for i, x := range w {
		s += x
		out[i] = s
	}
	return out
}

func zipf(n int) []float64 {
	w := make([]float64, n)
	for i := range w {
		w[i] = 1 / math.Pow(float64(i+1), 1.1)
	}
	return cumulative(w)
}

func draw(rng *rand.Rand, cum []float64) int {
	x := rng.Float64() * cum[len(cum)-1]
	lo, hi := 0, len(cum)-1
	for lo < hi {
		m := (lo + hi) / 2
		if cum[m] > x {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return lo
}

var monthNames = []string{"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"}

var ansvarFor = map[string][2]string{
	"120": {"1100", "Rådmannens stab"}, "130": {"6100", "Eiendom"}, "201": {"2300", "Barnehager"}, "221": {"2300", "Barnehager"},
	"202": {"2100", "Grunnskole"}, "213": {"2100", "Grunnskole"}, "222": {"2100", "Grunnskole"}, "223": {"2100", "Grunnskole"},
	"241": {"3200", "Hjemmetjenesten"}, "254": {"3200", "Hjemmetjenesten"}, "252": {"3500", "Barnevern"}, "261": {"3300", "Sykehjem"},
	"265": {"6200", "Kommunale boliger"}, "333": {"6300", "Vei og park"}, "335": {"6300", "Vei og park"}, "339": {"6500", "Brann og beredskap"},
	"345": {"6400", "Vann og avløp"}, "353": {"6400", "Vann og avløp"}, "355": {"6600", "Renovasjon"}, "370": {"5100", "Kultur"},
	"380": {"5100", "Kultur"}, "385": {"5100", "Kultur"},
}

var genericDescr = []string{"Faktura {inv}", "Iht. avtale", "Diverse", "Se vedlegg", "Månedsfaktura", "Bestilling {n}", "Ref. {person}", "Varer iht ordre", "Tjenester {month}"}

func (g *ledgerGen) header() []string {
	if g.opts.Format == FormatMessy {
		return []string{"Bilag", "Dato", "Fakt.dato", "Fakt.nr", "Lev.nr", "Leverandør", "Orgnr", "Postnummer", "Landkode",
			"Art", "Artsnavn", "Ansvar", "Ansvar navn", "Funksjon", "Prosjekt", "Beløp", "MVA-beløp", "Tekst"}
	}
	return []string{"Bilagsnr", "Bilagsdato", "Fakturadato", "Fakturanr", "Leverandørnr", "Leverandørnavn", "Org.nr", "Postnr", "Land",
		"Konto", "Kontonavn", "Ansvar", "Ansvarsnavn", "Funksjon", "Prosjekt", "Beløp eks. mva", "Mva", "Beskrivelse"}
}

// next invents one ledger line.
func (g *ledgerGen) next() *line {
	rng := g.rng
	ci := draw(rng, g.catCum)
	c := &categories[ci]
	sup := g.supplier(ci)
	recs := g.recordsFor(sup)
	rec := recs[0]
	if len(recs) > 1 && rng.Float64() < 0.35 {
		rec = recs[1+rng.IntN(len(recs)-1)]
	}
	l := &line{sup: sup, rec: rec, cpv: c.cpv}
	// Dates: an invoice in a month by season, booked 10–30 days later.
	year := g.opts.FromYear + rng.IntN(g.opts.Years)
	month := draw(rng, g.monthCum[ci])
	day := 1 + rng.IntN(daysIn(year, month+1))
	l.invoiced = time.Date(year, time.Month(month+1), day, 0, 0, 0, 0, time.UTC)
	l.booked = weekday(l.invoiced.AddDate(0, 0, 10+rng.IntN(21)))
	last := time.Date(g.opts.FromYear+g.opts.Years-1, 12, 31, 0, 0, 0, 0, time.UTC)
	if l.booked.After(last) {
		l.booked = last
	}
	g.voucher++
	l.voucher = g.voucher
	rec.nextInv += 1 + rng.IntN(40)
	l.invoiceNo = strconv.Itoa(rec.nextInv)
	// Accounting.
	l.art = c.arts[0]
	if len(c.arts) > 1 && rng.IntN(3) == 0 {
		l.art = c.arts[1+rng.IntN(len(c.arts)-1)]
	}
	class := "1"
	if c.invest > 0 && rng.Float64() < c.invest {
		class = "3"
	}
	l.account = class + l.art
	if g.opts.Format == FormatMessy {
		l.account += strconv.Itoa(rng.IntN(3))
	}
	l.funksjon = pick(rng, c.funcs)
	a := ansvarFor[l.funksjon]
	l.ansvar, l.ansvarName = a[0], a[1]
	if class == "3" || rng.IntN(20) == 0 {
		l.project = fmt.Sprintf("P%04d", 1000+rng.IntN(60))
	}
	// Money.
	amt := c.median * math.Exp(c.sigma*rng.NormFloat64())
	if sup.Scope == "national" {
		amt *= 1.3
	}
	amt = math.Min(amt, 25_000_000)
	ore := int64(math.Round(amt * 100))
	if rng.IntN(2) == 0 {
		ore = ore / 100 * 100
	}
	if ore < 100 {
		ore = 100 + int64(rng.IntN(9900))
	}
	l.description = g.describe(c, l)
	if rng.Float64() < 0.02 {
		ore = -ore / int64(1+rng.IntN(4))
		l.description = pick(rng, []string{"Kreditnota ", "Kreditering ", "Kreditnota fakt. "}) + l.description
	}
	l.amount = ore
	l.vat = ore * int64(vatRate(c.key)) / 100
	if rec.hasOrg {
		switch rec.orgForm {
		case 1:
			l.orgOnLine = sup.Org[:3] + " " + sup.Org[3:6] + " " + sup.Org[6:]
		case 2:
			l.orgOnLine = "NO" + sup.Org + "MVA"
		default:
			l.orgOnLine = sup.Org
		}
	}
	return l
}

func daysIn(y, m int) int { return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day() }

func weekday(t time.Time) time.Time {
	switch t.Weekday() {
	case time.Saturday:
		return t.AddDate(0, 0, 2)
	case time.Sunday:
		return t.AddDate(0, 0, 1)
	}
	return t
}

func vatRate(cat string) int {
	switch cat {
	case "food", "bakery", "catering":
		return 15
	case "schooltransport", "travel":
		return 12
	case "healthcare", "childwelfare", "kindergarten", "insurance", "rent", "grants", "intermunicipal", "fire", "training", "postal", "medicines", "legal":
		return 0
	}
	return 25
}

// supplier picks the firm a line goes to: local with the category's local
// share, else county or national firms; within a pool a few firms take most.
func (g *ledgerGen) supplier(ci int) *Supplier {
	c := &categories[ci]
	p := &g.pools[ci]
	rng := g.rng
	switch {
	case len(p.local) > 0 && (rng.Float64() < c.localShare || len(p.regional)+len(p.national) == 0):
		return p.local[draw(rng, p.lw)]
	case len(p.regional) > 0 && (len(p.national) == 0 || rng.Float64() < 0.4):
		return p.regional[draw(rng, p.rw)]
	case len(p.national) > 0:
		return p.national[draw(rng, p.nw)]
	}
	return p.local[draw(rng, p.lw)]
}

// recordsFor returns the ERP's records of a firm, made on first use with a
// generator of their own, so they do not depend on the order of lines.
func (g *ledgerGen) recordsFor(s *Supplier) []*erpRecord {
	if r, ok := g.records[s]; ok {
		return r
	}
	rng := seeded(g.u.Seed, "erp", g.opts.Municipality, s.Org)
	n := 1
	switch x := rng.Float64(); {
	case x < 0.25:
		n = 2
	case x < 0.32:
		n = 3
	}
	var village string
	if len(g.home.villages) > 0 {
		village = pick(rng, g.home.villages)
	}
	var recs []*erpRecord
	for i := 0; i < n; i++ {
		g.nextID++
		r := &erpRecord{localID: strconv.Itoa(g.nextID), name: s.Display, nextInv: 1000 + rng.IntN(90000)}
		if i > 0 || rng.IntN(5) == 0 {
			r.name = nameVariant(rng, s.Display, rng.IntN(7), village)
		}
		hasOrg := rng.Float64() < 0.88
		if i > 0 {
			hasOrg = rng.Float64() < 0.45
		}
		r.hasOrg = hasOrg
		r.orgForm = 0
		if x := rng.IntN(10); x == 0 {
			r.orgForm = 1
		} else if x == 1 {
			r.orgForm = 2
		}
		recs = append(recs, r)
	}
	g.records[s] = recs
	return recs
}

// describe writes the line's text as a clerk would.
func (g *ledgerGen) describe(c *category, l *line) string {
	rng := g.rng
	t := pick(rng, c.descr)
	if rng.Float64() < 0.06 {
		t = pick(rng, genericDescr)
	}
	_, week := l.invoiced.ISOWeek()
	month := monthNames[l.invoiced.Month()-1]
	if rng.IntN(4) == 0 {
		month = month[:3]
	}
	// The placeholders' values, drawn in this order whether the template
	// uses them or not (the seed's data depends on the draws).
	vals := [...]string{
		"unit", l.ansvarName, "building", pick(rng, g.buildings), "school", pick(rng, g.schools),
		"home", pick(rng, g.homes), "road", pick(rng, g.roads), "place", pick(rng, append(g.home.villages, g.home.name)),
		"month", month, "week", strconv.Itoa(week), "year", strconv.Itoa(l.invoiced.Year()),
		"n", strconv.Itoa(1 + rng.IntN(30)), "grade", strconv.Itoa(1 + rng.IntN(10)),
		"reg", pick(rng, []string{"EL", "EK", "EV", "AB", "DN"}) + " " + strconv.Itoa(10000+rng.IntN(89999)),
		"inv", l.invoiceNo, "person", pick(rng, firstNames) + " " + pick(rng, surnames),
	}
	d := fillTemplate(t, vals[:])
	if rng.Float64() < 0.3 {
		d = abbreviations.Replace(d)
	}
	if rng.Float64() < 0.15 {
		d = typoRep[rng.IntN(len(typoRep))](rng, d)
	}
	return d
}

// fillTemplate replaces each {name} in t whose name vals lists (name,
// value, name, value, …) by its value, as a strings.Replacer of "{name}"
// would, without building one for every line (which cost more than the
// rest of the generator).
func fillTemplate(t string, vals []string) string {
	if strings.IndexByte(t, '{') < 0 {
		return t
	}
	var b strings.Builder
	b.Grow(len(t) + 16)
	for {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			break
		}
		b.WriteString(t[:i])
		t = t[i:]
		j := strings.IndexByte(t, '}')
		v, ok := "", false
		if j > 0 {
			for k := 0; k+1 < len(vals); k += 2 {
				if vals[k] == t[1:j] {
					v, ok = vals[k+1], true
					break
				}
			}
		}
		if !ok {
			b.WriteByte('{')
			t = t[1:]
			continue
		}
		b.WriteString(v)
		t = t[j+1:]
	}
	b.WriteString(t)
	return b.String()
}

// formatOre writes øre as a decimal: point or comma, with thousands spaces.
func formatOre(ore int64, dec byte, thousands bool) string {
	neg := ore < 0
	if neg {
		ore = -ore
	}
	whole := strconv.FormatInt(ore/100, 10)
	if thousands && len(whole) > 3 {
		var b strings.Builder
		for i, c := range whole {
			if i > 0 && (len(whole)-i)%3 == 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(c)
		}
		whole = b.String()
	}
	s := whole + string(dec) + fmt.Sprintf("%02d", ore%100)
	if neg {
		return "-" + s
	}
	return s
}

type rowSink interface {
	header([]string) error
	row(*line) error
}

type csvSink struct {
	w      *csv.Writer
	messy  bool
	record []string
}

func newCSVSink(path, format string) (rowSink, func() error, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, nil, err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	var out io.Writer = bw
	s := &csvSink{messy: format == FormatMessy}
	if s.messy {
		out = charmap.Windows1252.NewEncoder().Writer(bw)
	}
	s.w = csv.NewWriter(out)
	if s.messy {
		s.w.Comma = ';'
		s.w.UseCRLF = true
	}
	finish := func() error {
		s.w.Flush()
		err := s.w.Error()
		if s.messy && err == nil {
			_, err = io.WriteString(out, "\r\n\r\n")
		}
		if err == nil {
			err = bw.Flush()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		return err
	}
	return s, finish, nil
}

func (s *csvSink) header(h []string) error {
	if s.messy {
		if err := s.w.Write([]string{"Leverandørreskontro - utbetalinger"}); err != nil {
			return err
		}
		if err := s.w.Write([]string{""}); err != nil {
			return err
		}
	}
	return s.w.Write(h)
}

func (s *csvSink) row(l *line) error {
	r := s.record[:0]
	if s.messy {
		r = append(r, strconv.Itoa(l.voucher), l.booked.Format("02.01.2006"), l.invoiced.Format("02.01.2006"), l.invoiceNo,
			l.rec.localID, l.rec.name, l.orgOnLine, l.sup.Postcode, l.sup.Country,
			l.account, artNames[l.art], l.ansvar, l.ansvarName, l.funksjon, l.project,
			formatOre(l.amount, ',', true), formatOre(l.vat, ',', true), l.description)
	} else {
		r = append(r, strconv.Itoa(l.voucher), l.booked.Format("2006-01-02"), l.invoiced.Format("2006-01-02"), l.invoiceNo,
			l.rec.localID, l.rec.name, l.orgOnLine, l.sup.Postcode, l.sup.Country,
			l.account, artNames[l.art], l.ansvar, l.ansvarName, l.funksjon, l.project,
			formatOre(l.amount, '.', false), formatOre(l.vat, '.', false), l.description)
	}
	s.record = r
	return s.w.Write(r)
}

type xlsxSink struct {
	f     *excelize.File
	sw    *excelize.StreamWriter
	row_  int
	style int
	path  string
}

func newXLSXSink(path string) (rowSink, func() error, error) {
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return nil, nil, err
	}
	style, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		return nil, nil, err
	}
	s := &xlsxSink{f: f, sw: sw, style: style, path: path}
	finish := func() error {
		if err := sw.Flush(); err != nil {
			return err
		}
		if err := f.SaveAs(path); err != nil {
			return err
		}
		return f.Close()
	}
	return s, finish, nil
}

func (s *xlsxSink) header(h []string) error {
	s.row_ = 1
	vals := make([]any, len(h))
	for i, v := range h {
		vals[i] = v
	}
	return s.sw.SetRow("A1", vals)
}

func (s *xlsxSink) row(l *line) error {
	s.row_++
	cell, _ := excelize.CoordinatesToCellName(1, s.row_)
	num := func(ore int64) any { return float64(ore) / 100 } // spreadsheets store doubles; the importer rounds to øre
	return s.sw.SetRow(cell, []any{
		l.voucher, excelize.Cell{StyleID: s.style, Value: l.booked}, excelize.Cell{StyleID: s.style, Value: l.invoiced}, l.invoiceNo,
		l.rec.localID, l.rec.name, l.orgOnLine, l.sup.Postcode, l.sup.Country,
		l.account, artNames[l.art], l.ansvar, l.ansvarName, l.funksjon, l.project,
		num(l.amount), num(l.vat), l.description,
	})
}
