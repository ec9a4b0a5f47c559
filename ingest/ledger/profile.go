// SPDX-License-Identifier: EUPL-1.2

package ledger

import (
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/ingest/tabular"
)

// profileRows is how many data rows the content of the columns is judged on.
const profileRows = 2000

// colProfile is what a column holds in the first data rows: how many of its
// values read as amounts, dates, text, organisation names.
type colProfile struct {
	values   int // non-empty
	distinct int
	amounts  int // read as an amount, in either decimal convention
	decimals int // amounts written with a fractional part
	dates    int // read as a written date (not a bare number)
	serials  int // numbers that read as spreadsheet dates
	text     int // with two letters or more
	orgLike  int // with a legal form or an organisation word (Ltd, AS, GmbH, Council…)
	words    int // with more than one word
	top      string
	topN     int
	first    []string // the first few distinct values, for messages
	// meanDate is the mean of the written dates in days, to tell invoice
	// from payment dates (a payment follows its invoice).
	meanDate float64
}

func (p colProfile) share(n int) float64 {
	if p.values == 0 {
		return 0
	}
	return float64(n) / float64(p.values)
}

// legalForms are words of organisation names in the languages the importer
// reads: company forms and a few nouns that name organisations.
var legalForms = map[string]bool{
	"ltd": true, "limited": true, "plc": true, "llp": true, "llc": true, "inc": true, "cic": true, "corp": true, "corporation": true,
	"co": true, "company": true, "lp": true, "cio": true,
	"as": true, "asa": true, "ans": true, "da": true, "sa": true, "ab": true, "hb": true, "oy": true, "oyj": true, "ky": true, "tmi": true, "aps": true, "amba": true, "is": true,
	"gmbh": true, "ag": true, "kg": true, "ohg": true, "ev": true, "ug": true, "gbr": true, "mbh": true, "kgaa": true,
	"bv": true, "nv": true, "vof": true, "cv": true,
	"sarl": true, "sas": true, "sasu": true, "eurl": true, "sci": true, "snc": true, "scop": true,
	"srl": true, "spa": true, "srls": true, "sapa": true, "scarl": true, "onlus": true, "scs": true,
	"sl": true, "slu": true, "ead": true, "ood": true, "eood": true, "ад": true, "еад": true, "оод": true, "еоод": true, "ет": true,
	"ay": true, "ry": true, "osk": true, "kb": true, "ivs": true, "ba": true, "ks": true, "iks": true, "kf": true, "sf": true,
	"borettslag": true, "sameie": true, "forening": true, "stichting": true, "vereniging": true, "verein": true, "cooperativa": true, "societa": true, "societe": true,
	"council": true, "kommune": true, "gemeente": true, "kunta": true, "trust": true, "association": true, "foundation": true, "stiftelse": true, "stiftung": true,
	"university": true, "society": true, "partnership": true, "group": true, "holdings": true, "bros": true, "brothers": true, "sons": true, "services": true,
}

// nameWords mark a column of names in a header: "Name", "Navn", "Nimi".
var nameWords = map[string]bool{"name": true, "names": true, "navn": true, "namn": true, "nimi": true, "naam": true, "nom": true, "nome": true, "nombre": true}

// profileColumns profiles the first width columns of up to profileRows
// records.
func profileColumns(recs []tabular.Record, width int, xlsx bool) []colProfile {
	out := make([]colProfile, width)
	counts := make([]map[string]int, width)
	for i := range counts {
		counts[i] = map[string]int{}
	}
	n := 0
	for _, rec := range recs {
		if rec.Problem != "" {
			continue
		}
		if n++; n > profileRows {
			break
		}
		for i := 0; i < width && i < len(rec.Fields); i++ {
			v := strings.TrimSpace(rec.Fields[i])
			if v == "" {
				continue
			}
			p := &out[i]
			p.values++
			if counts[i][v]++; counts[i][v] == 1 {
				p.distinct++
				if len(p.first) < 3 {
					p.first = append(p.first, v)
				}
			}
			if counts[i][v] > p.topN {
				p.top, p.topN = v, counts[i][v]
			}
			profileValue(p, v, xlsx)
		}
	}
	for i := range out {
		if out[i].dates > 0 {
			out[i].meanDate /= float64(out[i].dates)
		}
	}
	return out
}

func profileValue(p *colProfile, v string, xlsx bool) {
	amount := false
	if xlsx {
		if _, err := cityspend.ParseSpreadsheetNumber(v); err == nil {
			amount = true
		}
	}
	if !amount {
		if _, err := cityspend.ParseWrittenAmount(v, cityspend.DecimalPoint); err == nil {
			amount = true
		} else if _, err := cityspend.ParseWrittenAmount(v, cityspend.DecimalComma); err == nil {
			amount = true
		}
	}
	if amount {
		p.amounts++
		if i := strings.LastIndexAny(v, ".,"); i >= 0 && len(v)-i-1 <= 2 && len(v)-i-1 >= 1 {
			p.decimals++
		}
	}
	if t, ok := writtenDate(v); ok {
		p.dates++
		p.meanDate += float64(t.Unix() / 86400)
	} else if _, ok := readDate(v, DateSerial); ok && !strings.ContainsAny(v, "-+") {
		p.serials++
	}
	letters, words, org := 0, 1, false
	prevSpace := false
	for _, r := range v {
		switch {
		case unicode.IsLetter(r):
			letters++
		case r == ' ':
			if !prevSpace {
				words++
			}
		}
		prevSpace = r == ' '
	}
	if letters >= 2 {
		p.text++
		// "B.V.", "S.p.A.", "A/S" are the forms bv, spa, as.
		for _, t := range tabular.HeaderTokens(formMarks.Replace(v)) {
			if legalForms[t] {
				org = true
				break
			}
		}
		if !org && strings.Contains(v, "&") {
			org = true
		}
	}
	if org {
		p.orgLike++
	}
	if words > 1 {
		p.words++
	}
}

// formMarks drops the dots and slashes of legal forms ("B.V.", "A/S"); one
// replacer for every value (building one costs more than using it).
var formMarks = strings.NewReplacer(".", "", "/", "")

// writtenDate reads a date written in any form but a bare number.
func writtenDate(v string) (time.Time, bool) {
	if len(v) < 6 || len(v) > 30 {
		return time.Time{}, false
	}
	for _, f := range AllDateFormats {
		if f == DateSerial || f == DateCompact {
			continue
		}
		if d, ok := readDate(v, f); ok {
			return d, true
		}
	}
	if d, ok := readDate(v, DateCompact); ok && len(v) == 8 {
		return d, true
	}
	return time.Time{}, false
}

// defaultName reports whether a header is empty or a name a spreadsheet or
// a data tool gives a column it was not given one ("Column1", "Unnamed: 7",
// "F7", "Kolonne3"): such a column is a helper beside the data.
func defaultName(h string) bool {
	toks := tabular.HeaderTokens(h)
	switch len(toks) {
	case 0:
		return true
	case 1:
		t := strings.TrimRightFunc(toks[0], unicode.IsDigit)
		return t != toks[0] && (t == "f" || defaultWords[t])
	case 2:
		return defaultWords[toks[0]] && allDigits(toks[1])
	}
	return false
}

var defaultWords = map[string]bool{"column": true, "col": true, "kolonne": true, "kolumn": true, "spalte": true, "sarake": true, "kolom": true,
	"colonne": true, "colonna": true, "columna": true, "field": true, "feld": true, "felt": true, "falt": true, "unnamed": true}

// decided is a column's field and why.
type decided struct {
	field  Field
	how    string // exact, qualifier, close, keyword, content, mapping file
	reason string
}

// columnPlan decides the field of each column: by its header (a synonym,
// whole or among other words), then by the mapping file, then by content
// for the amount, the date and the supplier when no header names them.
type columnPlan struct {
	header     []string
	prof       []colProfile // nil: no content to judge (the header alone)
	mapping    *Mapping
	haveHeader bool
	noSupplier bool

	byCol   map[int]decided
	byField map[Field]int
	ignored map[int]bool
	// textOf: a dimension's text column, left unused, and the header of
	// its value column (byTextColumns).
	textOf map[int]string
	// amountCands are the columns of amounts when no header names one.
	amountCands []int
}

func (c *columnPlan) assign(i int, d decided) {
	if old, ok := c.byCol[i]; ok {
		delete(c.byField, old.field)
	}
	if j, ok := c.byField[d.field]; ok {
		delete(c.byCol, j)
	}
	c.byCol[i], c.byField[d.field] = d, i
}

func (c *columnPlan) named(i int) bool {
	return c.haveHeader && !defaultName(c.header[i])
}

func (c *columnPlan) content(i int) (colProfile, bool) {
	if c.prof == nil || i >= len(c.prof) || c.prof[i].values == 0 {
		return colProfile{}, false
	}
	return c.prof[i], true
}

// decide runs the plan; the error says what is missing and which columns
// could be it.
func (c *columnPlan) decide() (map[Field]int, []ColumnMap, error) {
	c.byCol, c.byField, c.ignored, c.textOf = map[int]decided{}, map[Field]int{}, map[int]bool{}, map[int]string{}
	m := c.mapping
	if m != nil {
		for _, name := range m.Ignore {
			i := c.findRef(name)
			if i < 0 {
				return nil, nil, fmt.Errorf("mapping %s: ignore: no column %q in the header", m.Source, name)
			}
			c.ignored[i] = true
		}
	}
	exact := m != nil && m.exact
	if c.haveHeader && !exact {
		c.byNames()
		c.byTextColumns()
		c.byKeywords()
	}
	if err := c.byMapping(); err != nil {
		return nil, nil, err
	}
	if !exact {
		c.byContent()
	} else {
		c.noSupplier = true // as it was read before
	}
	out := make([]ColumnMap, len(c.header))
	for i, h := range c.header {
		out[i] = ColumnMap{Index: i + 1, Header: h}
		if d, ok := c.byCol[i]; ok {
			out[i].Field, out[i].How, out[i].Reason = d.field, d.how, d.reason
		} else {
			out[i].Reason = c.unused(i)
		}
	}
	cols := make(map[Field]int, len(c.byField))
	for f, i := range c.byField {
		cols[f] = i
	}
	if err := c.check(cols); err != nil {
		return nil, nil, err
	}
	return cols, out, nil
}

// findRef finds a column by header text or #N (N may be past the header, a
// spreadsheet's helper column: the header is widened to it).
func (c *columnPlan) findRef(name string) int {
	if ref, err := parseColumnRef(strings.TrimSpace(name)); err == nil && ref.Index > 0 {
		for len(c.header) < ref.Index {
			c.header = append(c.header, "")
			if c.prof != nil {
				c.prof = append(c.prof, colProfile{})
			}
		}
		return ref.Index - 1
	}
	if !c.haveHeader {
		return -1
	}
	return findColumn(c.header, name)
}

func (c *columnPlan) byNames() {
	rank := map[int]int{}
	matched := map[int]headerMatch{}
	for i, h := range c.header {
		if c.ignored[i] {
			continue
		}
		hm, ok := matchHeader(h)
		if !ok {
			continue
		}
		matched[i] = hm
		r := 2 * hm.score
		if _, weak := weakNames[tabular.NormHeader(h)]; weak {
			r-- // yields to a column that names the field as surely
		}
		if j, seen := c.byField[hm.field]; seen && r <= rank[j] {
			continue
		}
		reason := fmt.Sprintf("the header names %s", hm.field)
		switch hm.score {
		case scoreQualifier:
			reason += ", with a VAT qualifier"
		case scoreClose:
			reason += " but for a typo"
		}
		c.assign(i, decided{hm.field, howNames[hm.score], reason})
		rank[i] = r
	}
	// A weak name that another column outranked names its second field,
	// when no column names that.
	for i := range c.header {
		hm, ok := matched[i]
		alt, weak := weakNames[tabular.NormHeader(c.header[i])]
		if _, done := c.byCol[i]; done || !ok || !weak {
			continue
		}
		if _, taken := c.byField[alt]; taken {
			continue
		}
		j := c.byField[hm.field]
		c.assign(i, decided{alt, howNames[hm.score], fmt.Sprintf("the header names %s when no other column does; column %q does, so here %s", hm.field, c.header[j], alt)})
	}
}

// weakNames are headers that name a field only when no other column names
// it as surely, and else a second field: "Expense Area" is the name of the
// account in some councils' files, and the service area beside an
// "Expense Type" in others (Local Government Transparency Code 2015).
var weakNames = map[string]Field{tabular.NormHeader("Expense Area"): FOrgUnit}

// textSuffix finds a text column's base header: Unit4 (Agresso) exports a
// dimension as two columns, its value ("Leverandør", "Konto") and its text
// ("Leverandør(T)", "Konto(T)").
func textSuffix(h string) (string, bool) {
	h = strings.TrimSpace(h)
	for _, suf := range []string{"(T)", "(t)", " (T)", " (t)"} {
		if base, ok := strings.CutSuffix(h, suf); ok && strings.TrimSpace(base) != "" {
			return strings.TrimSpace(base), true
		}
	}
	return "", false
}

// byTextColumns reads a dimension's text column beside its value column
// (textSuffix): the supplier's text is its name, and its value then the
// supplier's number; an account's text is the account's name. Another
// dimension's text (a unit's, a function's) is left unused: the value is
// the code the ledger keeps.
func (c *columnPlan) byTextColumns() {
	for i, h := range c.header {
		base, ok := textSuffix(h)
		if !ok || c.ignored[i] {
			continue
		}
		j := findColumn(c.header, base)
		if j < 0 || j == i {
			continue
		}
		d, named := c.byCol[j]
		if !named {
			continue
		}
		why := fmt.Sprintf("the text of column %q (a value and its text, as Unit4 exports a dimension)", c.header[j])
		switch d.field {
		case FSupplierName:
			c.assign(i, decided{FSupplierName, "text column", why + ": the supplier's name"})
			if _, taken := c.byField[FSupplierID]; !taken {
				c.assign(j, decided{FSupplierID, "text column", fmt.Sprintf("the value beside its text, column %q: the supplier's number", h)})
			}
		case FAccount:
			if _, taken := c.byField[FAccountText]; !taken || c.byCol[i].field == FAccountText {
				c.assign(i, decided{FAccountText, "text column", why + ": the account's name"})
			}
		default:
			if cur, ok := c.byCol[i]; ok && cur.field != d.field {
				continue // named a field of its own
			}
			c.ignored[i] = true
			c.textOf[i] = c.header[j]
		}
	}
}

// byKeywords maps columns whose header has a synonym among other words,
// when no header names the field and the content agrees: amounts for an
// amount, dates for a date, distinct values for a transaction id (else it
// is a voucher reference), text for an account (then its name).
func (c *columnPlan) byKeywords() {
	for i, h := range c.header {
		if _, done := c.byCol[i]; done || c.ignored[i] || defaultName(h) {
			continue
		}
		hm, ok := matchKeyword(h)
		if !ok {
			continue
		}
		f := hm.field
		why := fmt.Sprintf("the header has the words %q", hm.phrase)
		if p, ok := c.content(i); ok {
			switch {
			case isAmount(f):
				if p.share(p.amounts) < 0.8 {
					continue
				}
				why += fmt.Sprintf(", and %d of %d values are amounts", p.amounts, p.values)
			case f == FPaymentDate || f == FInvoiceDate:
				if p.share(p.dates+p.serials) < 0.8 {
					continue
				}
				why += fmt.Sprintf(", and %d of %d values are dates", p.dates+p.serials, p.values)
			case f == FTransactionID && p.distinct < p.values:
				f = FVoucherNo
				why += fmt.Sprintf(", but values repeat (%d distinct of %d): a voucher reference, not a transaction id", p.distinct, p.values)
			case f == FAccount && p.share(p.words) >= 0.5 && p.share(p.amounts) < 0.2:
				f = FAccountText
				why += ", and its values are words: the account's name"
			case f == FSupplierName && (p.distinct*10 < p.values || p.share(p.text) < 0.8):
				continue // "Supplier Type": a few categories, not names
			}
		}
		if _, taken := c.byField[f]; taken {
			continue
		}
		c.assign(i, decided{f, "keyword", why})
	}
}

func isAmount(f Field) bool { return f == FAmount || f == FAmountGross || f == FVAT }

// byMapping applies the mapping file's columns over what was detected.
func (c *columnPlan) byMapping() error {
	m := c.mapping
	if m == nil {
		return nil
	}
	fields := make([]Field, 0, len(m.Columns))
	for f := range m.Columns {
		fields = append(fields, f)
	}
	sort.Slice(fields, func(a, b int) bool { return fields[a] < fields[b] })
	for _, f := range fields {
		ref := m.Columns[f]
		i := ref.Index - 1
		if ref.Index == 0 {
			if !c.haveHeader {
				return fmt.Errorf("mapping %s: %s = %s: the file has no header row, name columns as #N", m.Source, f, ref)
			}
			i = findColumn(c.header, ref.Header)
			if i < 0 {
				return fmt.Errorf("mapping %s: %s = %s: no such column in the header (%s)", m.Source, f, ref, quoteList(c.header))
			}
		} else if i >= len(c.header) {
			return fmt.Errorf("mapping %s: %s = %s: the file has only %d columns", m.Source, f, ref, len(c.header))
		}
		c.assign(i, decided{f, "mapping file", "set in the mapping file"})
	}
	return nil
}

// mapped reports whether the mapping file names the field.
func (c *columnPlan) mapped(f Field) bool {
	if c.mapping == nil {
		return false
	}
	_, ok := c.mapping.Columns[f]
	return ok
}

// free lists the columns content may decide: named (or the file has no
// header), not ignored, not taken.
func (c *columnPlan) free() []int {
	var out []int
	for i := range c.header {
		if _, taken := c.byCol[i]; taken || c.ignored[i] {
			continue
		}
		if c.haveHeader && !c.named(i) {
			continue
		}
		if _, ok := c.content(i); ok {
			out = append(out, i)
		}
	}
	return out
}

// byContent finds the amount, the date and the supplier by what the
// columns hold, when neither names nor the mapping file gave them.
func (c *columnPlan) byContent() {
	if c.prof == nil {
		return
	}
	if _, ok := c.byField[FAmount]; !ok {
		if _, ok := c.byField[FAmountGross]; !ok {
			// One column of amounts with decimals is the amount; of several
			// (debit and credit, net and gross), content cannot tell which:
			// check says so.
			var cand []int
			for _, i := range c.free() {
				p := c.prof[i]
				if p.share(p.amounts) >= 0.9 && p.share(p.dates) <= 0.1 && p.share(p.decimals) >= 0.1 {
					cand = append(cand, i)
				}
			}
			if len(cand) == 1 {
				p := c.prof[cand[0]]
				c.assign(cand[0], decided{FAmount, "content", fmt.Sprintf("%d of %d values are amounts, %d with decimals, and no other column's are", p.amounts, p.values, p.decimals)})
			}
			c.amountCands = cand
		}
	}
	if _, ok := c.byField[FPaymentDate]; !ok {
		if _, ok := c.byField[FInvoiceDate]; !ok {
			var cand []int
			for _, i := range c.free() {
				if p := c.prof[i]; p.share(p.dates) >= 0.9 {
					cand = append(cand, i)
				}
			}
			// The latest dates are the payments: a payment follows its invoice.
			sort.SliceStable(cand, func(a, b int) bool { return c.prof[cand[a]].meanDate > c.prof[cand[b]].meanDate })
			for k, i := range cand {
				if k == 2 {
					break
				}
				p := c.prof[i]
				f, why := FPaymentDate, fmt.Sprintf("%d of %d values are dates", p.dates, p.values)
				if k == 1 {
					f, why = FInvoiceDate, why+", earlier than those of the payment date"
				} else if len(cand) > 1 {
					why += ", the latest of the date columns"
				}
				c.assign(i, decided{f, "content", why})
			}
		}
	}
	if _, ok := c.byField[FSupplierName]; !ok && !c.mapped(FSupplierName) {
		best, bestScore := -1, 0.0
		for _, i := range c.free() {
			score, ok := c.supplierScore(i)
			if ok && score > bestScore {
				best, bestScore = i, score
			}
		}
		if best >= 0 {
			p := c.prof[best]
			why := fmt.Sprintf("%d distinct values of %d, %d of them organisation names", p.distinct, p.values, p.orgLike)
			if c.hasNameWord(best) {
				why = "the header says name; " + why
			}
			c.assign(best, decided{FSupplierName, "content", why + fmt.Sprintf(" (%s)", quoteList(p.first))})
		}
	}
}

func (c *columnPlan) hasNameWord(i int) bool {
	for _, t := range tabular.HeaderTokens(c.header[i]) {
		if nameWords[t] {
			return true
		}
	}
	return false
}

// supplierScore judges a column as the payees: text, many distinct values,
// organisation names (legal forms), or a header that says "name".
func (c *columnPlan) supplierScore(i int) (float64, bool) {
	p := c.prof[i]
	if p.share(p.text) < 0.8 || p.share(p.amounts) > 0.2 || p.share(p.dates) > 0.2 {
		return 0, false
	}
	if p.values >= 3 && p.distinct == 1 {
		return 0, false // one value throughout: the paying body, a fund
	}
	org := p.share(p.orgLike)
	named := c.hasNameWord(i)
	if org < 0.15 && !(named && p.distinct*5 >= p.values) {
		return 0, false
	}
	score := 3*org + float64(p.distinct)/float64(p.values)
	if named {
		score++
	}
	return score, true
}

// unused says why a column maps to no field.
func (c *columnPlan) unused(i int) string {
	switch {
	case c.textOf[i] != "":
		return fmt.Sprintf("the text of column %q, whose value is kept", c.textOf[i])
	case c.ignored[i]:
		return "ignored by the mapping file"
	case c.haveHeader && !c.named(i):
		return "a helper column without a name: never used"
	}
	p, ok := c.content(i)
	if !ok {
		return "empty in the sample"
	}
	switch {
	case p.share(p.amounts) >= 0.9:
		return fmt.Sprintf("numbers (%d of %d values), no field named", p.amounts, p.values)
	case p.share(p.dates) >= 0.9:
		return "dates, another date column is used"
	case p.distinct*10 <= p.values && p.distinct > 1:
		return fmt.Sprintf("repeats %d category texts", p.distinct)
	}
	return fmt.Sprintf("%d distinct values; no field named", p.distinct)
}

// check says what is missing: an amount, a date, a supplier (unless the
// import allows none), with the columns that could be it.
func (c *columnPlan) check(cols map[Field]int) error {
	_, net := cols[FAmount]
	_, gross := cols[FAmountGross]
	if !net && !gross {
		if len(c.amountCands) > 1 {
			var names []string
			for _, i := range c.amountCands {
				names = append(names, c.header[i])
			}
			return fmt.Errorf("no amount column: no header names one, and several columns hold amounts (%s); name the amount column (net of VAT if the file has one) in a mapping file (amount = …)", quoteList(names))
		}
		return fmt.Errorf("no amount column: no header names one (%s) and no column holds amounts with decimals; name it in a mapping file (amount = …)", quoteList(c.header))
	}
	_, pay := cols[FPaymentDate]
	_, inv := cols[FInvoiceDate]
	if !pay && !inv {
		return fmt.Errorf("no date column: no header names a payment or invoice date (%s) and no column holds dates; name it in a mapping file (payment_date = …)", quoteList(c.header))
	}
	if _, ok := cols[FSupplierName]; ok || c.noSupplier {
		return nil
	}
	if _, ok := cols[FSupplierID]; ok {
		return nil // the buyer's supplier numbers identify the payees
	}
	if _, ok := cols[FOrgNumber]; ok {
		return nil
	}
	var cand []string
	for i, h := range c.header {
		d, taken := c.byCol[i]
		if taken && (isAmount(d.field) || d.field == FPaymentDate || d.field == FInvoiceDate) || c.ignored[i] || (c.haveHeader && !c.named(i)) {
			continue
		}
		now := ""
		if taken {
			now = ", now " + string(d.field)
		}
		if p, ok := c.content(i); ok {
			if p.share(p.text) >= 0.5 && p.share(p.amounts) < 0.5 {
				cand = append(cand, fmt.Sprintf("%q (%d distinct values, e.g. %s%s)", h, p.distinct, quoteList(firstN(p.first, 2)), now))
			}
		} else if c.prof == nil {
			cand = append(cand, fmt.Sprintf("%q", h))
		}
	}
	msg := "no supplier column: no header names the payee (supplier, payee, vendor, creditor, leverandør…) and no column holds organisation names"
	if len(cand) > 0 {
		msg += "; the candidates are " + strings.Join(cand, ", ")
	}
	return fmt.Errorf("%s. Every analysis needs the payee: name its column in a mapping file (supplier_name = …), or import with --no-supplier to load the file without one", msg)
}
