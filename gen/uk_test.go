// SPDX-License-Identifier: EUPL-1.2

package gen_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/gen"
	"github.com/cityspend/cityspend/ingest/postcodes"
	"github.com/cityspend/cityspend/register/charity"
	"github.com/cityspend/cityspend/register/companieshouse"
)

// readAll reads every row of a register file, failing on a reject.
func readAll(t *testing.T, r cityspend.RegisterReader) []cityspend.RegisterRow {
	t.Helper()
	var all []cityspend.RegisterRow
	for {
		rows, err := r.ReadUnits(context.Background())
		all = append(all, rows...)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, row := range all {
		if row.Reject != nil {
			t.Errorf("rejected: line %d: %s", row.Reject.Line, row.Reject.Reason)
		}
	}
	return all
}

// The English council's files are read by the real readers of the
// official layouts without a reject: Companies House's BasicCompanyData
// in two parts (community interest companies in the social economy), the
// Charity Commission's extract (charitable companies with their company
// numbers), the ONS Postcode Directory and the IMD 2019 File 1.
func TestUKRegisterFiles(t *testing.T) {
	dir := t.TempDir()
	w := gen.NewUKWorld(1)
	files, err := gen.WriteCompaniesHouse(context.Background(), dir, w, 2)
	if err != nil || len(files) != 2 {
		t.Fatalf("%v %v", files, err)
	}
	companies, cics := 0, 0
	for _, f := range files {
		r, err := companieshouse.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range readAll(t, r) {
			companies++
			if row.Organisation.SocialEconomy == "community interest company" {
				cics++
			}
		}
		r.Close()
	}
	if companies < 400 || cics < 4 {
		t.Errorf("%d companies, %d community interest companies", companies, cics)
	}

	path := filepath.Join(dir, "publicextract.charity.txt")
	if err := gen.WriteCharityExtract(path, w); err != nil {
		t.Fatal(err)
	}
	r, err := charity.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	linked := 0
	rows := readAll(t, r)
	for _, row := range rows {
		if row.Organisation.CompanyNumber != "" {
			linked++
		}
	}
	r.Close()
	if r.Register != "ccew" || len(rows) < 5 || linked < 3 {
		t.Errorf("%s: %d charities, %d of them companies", r.Register, len(rows), linked)
	}

	pc := filepath.Join(dir, "ONSPD_DEMO_UK.csv")
	if err := gen.WritePostcodeDirectory(pc, w); err != nil {
		t.Fatal(err)
	}
	pr, err := postcodes.Open(pc)
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	home, n := 0, 0
	for {
		rows, err := pr.ReadPostcodes(context.Background())
		for _, row := range rows {
			if row.Reject != nil {
				t.Errorf("postcode rejected: %s", row.Reject.Reason)
				continue
			}
			n++
			if row.Postcode.Municipality == gen.Hollowmere.District && row.Postcode.County == gen.Hollowmere.County && row.Postcode.SmallArea2011 != "" {
				home++
			}
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if pr.Source != postcodes.ONSPD || home < 30 || n <= home {
		t.Errorf("%s: %d postcodes, %d in the district", pr.Source, n, home)
	}

	imd := filepath.Join(dir, "File_1_-_IMD2019_Index_of_Multiple_Deprivation.csv")
	if err := gen.WriteDeprivation(imd, w); err != nil {
		t.Fatal(err)
	}
	d, err := postcodes.ReadDeprivation(imd, "")
	if err != nil {
		t.Fatal(err)
	}
	deprived := 0
	for _, a := range d.Areas {
		if a.Decile <= 2 {
			deprived++
		}
	}
	if d.Index != "IMD2019" || len(d.Rejects) > 0 || len(d.Areas) < 10 || deprived == 0 {
		t.Errorf("%s: %d areas, %d deprived, rejects %v", d.Index, len(d.Areas), deprived, d.Rejects)
	}
}

// The ledger is a council's payments over £500 for two fiscal years from
// April, the same for a seed: every amount at least £500 (credit notes
// below -£500), every date in the years, HMRC paid monthly and the parish
// councils their precepts.
func TestUKLedger(t *testing.T) {
	write := func(seed uint64) (string, []byte) {
		path := filepath.Join(t.TempDir(), "spend.csv")
		n, err := gen.WriteUKLedgerFile(context.Background(), path, gen.NewUKWorld(seed), gen.UKLedgerOptions{FromYear: 2024, Years: 2, Lines: 3000})
		if err != nil || n < 3000 {
			t.Fatalf("%d lines, %v", n, err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return path, b
	}
	_, a := write(7)
	if _, b := write(7); !bytes.Equal(a, b) {
		t.Error("the same seed must give the same ledger")
	}
	recs, err := csv.NewReader(bytes.NewReader(a)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(recs[0], ",") != strings.Join(gen.UKLedgerHeader, ",") {
		t.Errorf("header %q", recs[0])
	}
	from, to := time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	hmrc, precepts := 0, 0
	for _, r := range recs[1:] {
		d, err := time.Parse("02/01/2006", r[3])
		if err != nil || d.Before(from) || !d.Before(to) {
			t.Fatalf("date %q outside the fiscal years 2024/25–2025/26 (%v)", r[3], err)
		}
		v, err := strconv.ParseFloat(r[4], 64)
		if err != nil || (v < 500 && v > -500) {
			t.Fatalf("amount %q", r[4])
		}
		if r[2] == "HM Revenue & Customs" {
			hmrc++
		}
		if r[1] == "Parish Precepts" {
			precepts++
		}
	}
	if hmrc != 24 || precepts != 16 {
		t.Errorf("HMRC paid %d times (want 24 months), %d precepts (want 4 councils × 2 × 2 years)", hmrc, precepts)
	}
}
