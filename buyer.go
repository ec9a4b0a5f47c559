// SPDX-License-Identifier: EUPL-1.2

package cityspend

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Buyer is a contracting authority: a municipality, county or other public
// body whose spend cityspend analyses.
type Buyer struct {
	ID           string    `json:"id"`                     // chosen by the user, e.g. "3909"; stable key
	OrgNumber    string    `json:"org_number,omitempty"`   // national organisation number
	Name         string    `json:"name"`                   //
	Country      string    `json:"country"`                // ISO 3166-1 alpha-2, upper case
	Municipality string    `json:"municipality,omitempty"` // national municipality code (Norway: kommunenummer; UK: the district's GSS code)
	Currency     string    `json:"currency"`               // ISO 4217
	FiscalStart  int       `json:"fiscal_year_start"`      // month the fiscal year starts, 1–12
	Synthetic    bool      `json:"synthetic,omitempty"`    // generated demo data, labelled as such in the UI
	CreatedAt    time.Time `json:"created_at"`
}

var (
	buyerIDRe  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)
	countryRe  = regexp.MustCompile(`^[A-Z]{2}$`)
	currencyRe = regexp.MustCompile(`^[A-Z]{3}$`)
)

// Validate reports the first problem with b as an EINVALID error.
func (b *Buyer) Validate() error {
	switch {
	case !buyerIDRe.MatchString(b.ID):
		return Errorf(EINVALID, "buyer id %q: use 1–64 letters, digits, '.', '_' or '-'", b.ID)
	case strings.TrimSpace(b.Name) == "":
		return Errorf(EINVALID, "buyer %s: name is required", b.ID)
	case !countryRe.MatchString(b.Country):
		return Errorf(EINVALID, "buyer %s: country %q is not an ISO 3166 two-letter code", b.ID, b.Country)
	case !currencyRe.MatchString(b.Currency):
		return Errorf(EINVALID, "buyer %s: currency %q is not an ISO 4217 three-letter code", b.ID, b.Currency)
	case b.FiscalStart < 1 || b.FiscalStart > 12:
		return Errorf(EINVALID, "buyer %s: fiscal year start month %d is not 1–12", b.ID, b.FiscalStart)
	}
	return nil
}

// FiscalYear returns the buyer's fiscal year that starts in calendar year y.
func (b *Buyer) FiscalYear(y int) Period {
	start := b.FiscalStart
	if start == 0 {
		start = 1
	}
	from := time.Date(y, time.Month(start), 1, 0, 0, 0, 0, time.UTC)
	return Period{From: from, To: from.AddDate(1, 0, 0)}
}

// FiscalYearOf returns the label year of the fiscal year that contains d.
func (b *Buyer) FiscalYearOf(d time.Time) int {
	if b.FiscalStart > 1 && int(d.Month()) < b.FiscalStart {
		return d.Year() - 1
	}
	return d.Year()
}

// Period is a half-open interval of dates [From, To).
type Period struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"` // exclusive
}

// Label names the period as people do: "2024" for a calendar year,
// "2024/25" for a fiscal year that does not start in January.
func (p Period) Label() string {
	if p.From.Month() == time.January && p.From.Day() == 1 && p.To.Equal(p.From.AddDate(1, 0, 0)) {
		return fmt.Sprint(p.From.Year())
	}
	if p.To.Equal(p.From.AddDate(1, 0, 0)) {
		return fmt.Sprintf("%d/%02d", p.From.Year(), p.To.Year()%100)
	}
	return p.From.Format("2006-01-02") + "–" + p.To.AddDate(0, 0, -1).Format("2006-01-02")
}

// Contains reports whether d falls in the period.
func (p Period) Contains(d time.Time) bool {
	return !d.Before(p.From) && d.Before(p.To)
}
