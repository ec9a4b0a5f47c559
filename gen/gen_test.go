// SPDX-License-Identifier: EUPL-1.2

package gen

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/cityspend/cityspend"
)

func genLedger(t *testing.T, seed uint64, format string, lines int64) (string, LedgerStats) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ledger."+map[string]string{FormatXLSX: "xlsx"}[format]+"csv")
	st, err := WriteLedgerFile(context.Background(), path, NewUniverse(seed), LedgerOptions{Seed: seed, Municipality: "3909",
		FromYear: 2024, Years: 2, Lines: lines, Format: format})
	if err != nil {
		t.Fatal(err)
	}
	return path, st
}

func TestLedgerDeterministic(t *testing.T) {
	a, _ := genLedger(t, 42, FormatCSV, 2000)
	b, _ := genLedger(t, 42, FormatCSV, 2000)
	c, _ := genLedger(t, 43, FormatCSV, 2000)
	ba, _ := os.ReadFile(a)
	bb, _ := os.ReadFile(b)
	bc, _ := os.ReadFile(c)
	if !bytes.Equal(ba, bb) {
		t.Error("the same seed must give the same ledger")
	}
	if bytes.Equal(ba, bc) {
		t.Error("another seed must give another ledger")
	}
	ta, _ := os.ReadFile(a + ".truth.csv")
	tb, _ := os.ReadFile(b + ".truth.csv")
	if !bytes.Equal(ta, tb) {
		t.Error("the same seed must give the same truth")
	}
}

func TestLedgerRealism(t *testing.T) {
	path, st := genLedger(t, 1, FormatCSV, 20000)
	f, _ := os.Open(path)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header, rows := recs[0], recs[1:]
	if len(rows) != 20000 || st.Lines != 20000 {
		t.Fatalf("%d rows", len(rows))
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	noOrg := 0
	accounts := map[string]bool{}
	names := map[string]map[string]bool{} // org → names
	for _, r := range rows {
		org := r[col["Org.nr"]]
		if org == "" {
			noOrg++
		} else {
			id, ok := cityspend.NormalizeOrgNumber(org, "NO")
			if !ok {
				t.Fatalf("invalid organisation number %q", org)
			}
			if names[id.ID] == nil {
				names[id.ID] = map[string]bool{}
			}
			names[id.ID][r[col["Leverandørnavn"]]] = true
		}
		accounts[r[col["Konto"]][:1]] = true
	}
	share := float64(noOrg) / float64(len(rows))
	if share < 0.12 || share > 0.30 {
		t.Errorf("%.0f%% of lines without organisation number, want about 20%%", share*100)
	}
	if !accounts["1"] || !accounts["3"] {
		t.Errorf("account classes %v: want operating (1) and investment (3)", accounts)
	}
	variants := 0
	for _, ns := range names {
		if len(ns) > 1 {
			variants++
		}
	}
	if variants < 10 {
		t.Errorf("only %d suppliers appear under more than one spelling", variants)
	}
	if st.Credits == 0 {
		t.Error("no credit notes")
	}
	// The truth file: a header and one row per line, with a valid CPV code
	// wherever the line is procurement.
	tf, _ := os.Open(path + ".truth.csv")
	defer tf.Close()
	truth, err := csv.NewReader(tf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(truth[0], ",") != strings.Join(TruthHeader, ",") || len(truth) != len(rows)+1 {
		t.Fatalf("truth header %v, %d rows", truth[0], len(truth)-1)
	}
	for _, r := range truth[1:] {
		if r[6] != "" && (len(r[6]) != 10 || r[6][8] != '-') {
			t.Fatalf("truth cpv %q", r[6])
		}
		if !cityspend.ValidNorwegianOrgNumber(r[1]) {
			t.Fatalf("truth org %q", r[1])
		}
	}
}

func TestCatalogueCPVCodes(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range categories {
		if c.outOfScope {
			continue
		}
		if len(c.cpv) != 10 || c.cpv[8] != '-' {
			t.Errorf("%s: cpv %q", c.key, c.cpv)
		}
		if seen[c.cpv] {
			t.Errorf("%s: cpv %s used twice", c.key, c.cpv)
		}
		seen[c.cpv] = true
	}
}

func TestMessyFormat(t *testing.T) {
	path, _ := genLedger(t, 1, FormatMessy, 500)
	raw, _ := os.ReadFile(path)
	if bytes.Contains(raw, []byte("Leverandør")) {
		t.Error("messy must not be UTF-8")
	}
	text, err := charmap.Windows1252.NewDecoder().Bytes(raw)
	if err != nil || !bytes.Contains(text, []byte("Leverandør")) || !bytes.Contains(text, []byte("\r\n")) {
		t.Fatal("messy must be Windows-1252 with CRLF")
	}
	lines := strings.Split(string(text), "\r\n")
	if !strings.Contains(lines[3], ";") || !strings.Contains(lines[3], ",") {
		t.Errorf("data line %q: want ';' separators and decimal commas", lines[3])
	}
}

func TestXLSXLimit(t *testing.T) {
	_, err := WriteLedgerFile(context.Background(), filepath.Join(t.TempDir(), "x.xlsx"), NewUniverse(1),
		LedgerOptions{Municipality: "3909", FromYear: 2024, Lines: MaxXLSXLines + 1, Format: FormatXLSX})
	if err == nil {
		t.Error("a sheet cannot hold that many lines")
	}
}

func TestRegister(t *testing.T) {
	u := NewUniverse(1)
	var buf bytes.Buffer
	n, err := WriteRegister(context.Background(), &buf, u, RegisterOptions{Units: int64(len(u.Suppliers)) + 500})
	if err != nil {
		t.Fatal(err)
	}
	var units []map[string]any
	if err := json.Unmarshal(buf.Bytes(), &units); err != nil {
		t.Fatal(err)
	}
	if int64(len(units)) != n || n != int64(len(u.Suppliers))+500 {
		t.Fatalf("%d units, n = %d", len(units), n)
	}
	orgs := map[string]bool{}
	for _, x := range units {
		org := x["organisasjonsnummer"].(string)
		if !cityspend.ValidNorwegianOrgNumber(org) || orgs[org] {
			t.Fatalf("organisation number %q invalid or repeated", org)
		}
		orgs[org] = true
		addr := x["forretningsadresse"].(map[string]any)
		if addr["landkode"] == "NO" && len(addr["kommunenummer"].(string)) != 4 {
			t.Fatalf("unit %s has no kommunenummer", org)
		}
	}
	// Every supplier of the ledgers is in the register.
	for _, s := range u.Suppliers {
		if !orgs[s.Org] {
			t.Fatalf("%s missing from the register", s.Name)
		}
	}
}
