// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/duckdb/duckdbtest"
	"github.com/cityspend/cityspend/enrich"
	"github.com/cityspend/cityspend/ingest/ledger"
)

// hostile are supplier names a spreadsheet would take for formulas.
var hostile = []string{`=HYPERLINK("http://x","click") AS`, "+SUM(1;2) AS", "-2+3 Bygg AS", "@SUM(A1:A9) AS", "\t=1+2 Tab AS", "\r=1+2 CR AS"}

// importHostile imports a ledger of 2025 whose payees carry the hostile
// names, each with a large spend (so that it ranks among the top
// suppliers) and the first with a credit note of -1234.50, and enriches
// it as every import is.
func importHostile(t *testing.T, st cityspend.Store) {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	w := csv.NewWriter(&b)
	w.Write([]string{"Bilagsnr", "Bilagsdato", "Fakturadato", "Fakturanr", "Leverandørnr", "Leverandørnavn", "Org.nr", "Postnr", "Land",
		"Konto", "Kontonavn", "Ansvar", "Ansvarsnavn", "Funksjon", "Prosjekt", "Beløp eks. mva", "Mva", "Beskrivelse"})
	for i, name := range hostile {
		w.Write([]string{fmt.Sprint(990001 + i), "2025-05-02", "2025-04-20", fmt.Sprint(880001 + i), fmt.Sprint(77001 + i), name, "", "3256", "NO",
			"1270", "Andre tjenester", "6100", "Eiendom", "130", "", "90000000.00", "0.00", "=cmd|' /C calc'!A0"})
	}
	w.Write([]string{"990100", "2025-06-02", "2025-05-20", "880100", "77001", hostile[0], "", "3256", "NO",
		"1270", "Andre tjenester", "6100", "Eiendom", "130", "", "-1234.50", "0.00", "Kreditnota"})
	w.Flush()
	file := filepath.Join(t.TempDir(), "hostile.csv")
	if err := os.WriteFile(file, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	buyer, err := st.Buyer(ctx, "3909")
	if err != nil {
		t.Fatal(err)
	}
	res, err := ledger.ImportFile(ctx, st, buyer, file, ledger.ImportOptions{RejectsDir: t.TempDir()})
	if err != nil || res.Batch.RowsLoaded != int64(len(hostile)+1) {
		t.Fatalf("import: %v %+v", err, res)
	}
	if _, err := enrich.Run(ctx, st, enrich.Options{Buyers: []string{"3909"}}); err != nil {
		t.Fatal(err)
	}
}

// formulaStart is a cell a spreadsheet would read as a formula, unless it
// is a plain number.
var (
	formulaStart = regexp.MustCompile(`^[=+\-@\t\r\x00]`)
	number       = regexp.MustCompile(`^[+-]?[0-9]+(\.[0-9]+)?$`)
)

// Suppliers named as formulas come out neutralised in every CSV export (a
// leading quote), while a credit note's negative amount stays a number;
// in XLSX they are text cells, never formulas.
func TestExportsNeutraliseFormulas(t *testing.T) {
	m := duckdbtest.Build(t, duckdbtest.Options{})
	importHostile(t, m.Store)
	srv, _ := serveStore(t, m.Store, nil)
	// The names as the import stored them (it may trim spaces).
	stored := map[string]bool{}
	lines, err := m.Store.Payments(context.Background(), cityspend.SpendFilter{BuyerID: "3909", SupplierKey: "", Scope: cityspend.ScopeAll,
		Period: cityspend.Period{From: time.Date(2025, 5, 2, 0, 0, 0, 0, time.UTC), To: time.Date(2025, 6, 3, 0, 0, 0, 0, time.UTC)}}, 0, 10_000)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range lines {
		for _, h := range hostile {
			if strings.Contains(l.Supplier.Name, strings.TrimSpace(h)) {
				stored[l.Supplier.Name] = true
			}
		}
	}
	if len(stored) != len(hostile) {
		t.Fatalf("stored names %v", stored)
	}
	for _, export := range []struct{ path, column string }{
		{"/buyers/3909/export/suppliers.csv?year=2025", "name"},
		{"/buyers/3909/export/top_suppliers.csv?year=2025", "name"},
		{"/buyers/3909/export/lines.csv?year=2025&scope=all", "supplier_name"},
	} {
		recs, err := csv.NewReader(strings.NewReader(get(t, srv.URL+export.path, 200))).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", export.path, err)
		}
		col := -1
		for i, k := range recs[0] {
			if k == export.column {
				col = i
			}
		}
		found := map[string]bool{}
		credit := false
		for _, rec := range recs[1:] {
			for i, cell := range rec {
				if formulaStart.MatchString(cell) && !number.MatchString(cell) {
					t.Errorf("%s: column %s holds a formula %q", export.path, recs[0][i], cell)
				}
			}
			if name, ok := strings.CutPrefix(rec[col], "'"); ok && stored[name] {
				found[name] = true
			}
			if export.column == "supplier_name" && rec[col] == "'"+hostile[0] && rec[8] == "-1234.50" {
				credit = true
			}
		}
		if len(found) != len(stored) {
			t.Errorf("%s: neutralised names %v, want all of %v", export.path, found, stored)
		}
		if export.column == "supplier_name" && (recs[0][8] != "amount" || !credit) {
			t.Errorf("%s: the credit note's amount is not -1234.50", export.path)
		}
	}

	// XLSX: the same names as text cells, as stored; the credit note a number.
	x := get(t, srv.URL+"/buyers/3909/export/lines.xlsx?year=2025&scope=all", 200)
	f, err := excelize.OpenReader(strings.NewReader(x))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	found, credit := map[string]bool{}, false
	for i, row := range rows[1:] {
		if len(row) < 9 || !stored[row[2]] {
			continue
		}
		name, _ := excelize.CoordinatesToCellName(3, i+2)
		typ, _ := f.GetCellType(sheet, name)
		formula, _ := f.GetCellFormula(sheet, name)
		if typ != excelize.CellTypeInlineString || formula != "" {
			t.Errorf("%s %q: type %v, formula %q", name, row[2], typ, formula)
		}
		found[row[2]] = true
		amount, _ := excelize.CoordinatesToCellName(9, i+2)
		if v, _ := f.GetCellValue(sheet, amount, excelize.Options{RawCellValue: true}); v == "-1234.5" {
			credit = true
		}
	}
	if len(found) != len(stored) || !credit {
		t.Errorf("lines.xlsx: names %v, credit note %v", found, credit)
	}
}

// hookedStore is the real store with EachPayment passed through a hook.
type hookedStore struct {
	cityspend.Store
	each func(ctx context.Context, f cityspend.SpendFilter, fn func(cityspend.Payment) error) error
}

func (h *hookedStore) EachPayment(ctx context.Context, f cityspend.SpendFilter, fn func(cityspend.Payment) error) error {
	return h.each(ctx, f, fn)
}

// The lines export streams: its first bytes reach the client before the
// store has given the last line.
func TestExportStreams(t *testing.T) {
	m := duckdbtest.Build(t, duckdbtest.Options{})
	received, last := make(chan struct{}), make(chan struct{})
	var held atomic.Int64
	st := &hookedStore{Store: m.Store}
	st.each = func(ctx context.Context, f cityspend.SpendFilter, fn func(cityspend.Payment) error) error {
		// Each line is passed on when the next one comes; the last waits
		// until the client has received bytes.
		var prev *cityspend.Payment
		err := m.Store.EachPayment(ctx, f, func(p cityspend.Payment) error {
			if prev != nil {
				if err := fn(*prev); err != nil {
					return err
				}
			}
			prev = &p
			return nil
		})
		if err != nil || prev == nil {
			return err
		}
		held.Add(1)
		select {
		case <-received:
		case <-time.After(10 * time.Second):
		}
		close(last)
		return fn(*prev)
	}
	srv, _ := serveStore(t, st, nil)
	c := clientFor(srv.URL)
	req, _ := http.NewRequest("GET", srv.URL+"/buyers/3909/export/lines.csv?year=2025&scope=all", nil)
	resp, err := c.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	first := make([]byte, 1024)
	if _, err := io.ReadFull(resp.Body, first); err != nil {
		t.Fatal(err)
	}
	select {
	case <-last:
		t.Fatal("the export's first bytes came only after the store's last line")
	default:
	}
	close(received)
	rest, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 || held.Load() != 1 {
		t.Fatalf("%d, %v, last line held %d times", resp.StatusCode, err, held.Load())
	}
	all := string(first) + string(rest)
	if !strings.HasPrefix(all, "date,supplier_id,") || strings.Count(all, "\n") < 100 {
		t.Errorf("the export: %d lines, starting %.80q", strings.Count(all, "\n"), all)
	}
}

// gatedExports serves the test store with every lines export held at a
// gate until release (also called when the test ends, before the server
// closes); started counts the exports that reached the store.
func gatedExports(t *testing.T, setup func(*Server)) (srv *httptest.Server, s *Server, started *atomic.Int64, release func()) {
	t.Helper()
	m := duckdbtest.Build(t, duckdbtest.Options{})
	gate := make(chan struct{})
	started = new(atomic.Int64)
	st := &hookedStore{Store: m.Store}
	st.each = func(ctx context.Context, f cityspend.SpendFilter, fn func(cityspend.Payment) error) error {
		started.Add(1)
		<-gate
		return m.Store.EachPayment(ctx, f, fn)
	}
	srv, s = serveStore(t, st, setup)
	var open sync.Once
	release = func() { open.Do(func() { close(gate) }) }
	t.Cleanup(release)
	return srv, s, started, release
}

// waitExports waits up to ten seconds for ok, else fails the test.
func waitExports(t *testing.T, s *Server, started *atomic.Int64, what string, ok func() bool) {
	t.Helper()
	for range 1000 {
		if ok() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("waited in vain for %s (%d started, %d waiting)", what, started.Load(), s.exports.queued.Load())
}

// Lines exports run a few at once: the next waits for a place, beyond the
// waiting room (or after the wait) it is refused with 503 and Retry-After.
func TestExportsAtOnce(t *testing.T) {
	srv, s, started, release := gatedExports(t, func(s *Server) { s.exports = newExportQueue(1, 1, time.Minute) })
	c := clientFor(srv.URL)
	export := func(lang string) (int, http.Header, string) {
		req, _ := http.NewRequest("GET", srv.URL+"/buyers/3909/export/lines.csv?year=2025&lang="+lang, nil)
		resp, err := c.hc.Do(req)
		if err != nil {
			t.Error(err)
			return 0, nil, ""
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header, string(b)
	}
	waitFor := func(what string, ok func() bool) { t.Helper(); waitExports(t, s, started, what, ok) }
	var wg sync.WaitGroup
	codes := make([]int, 2)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i], _, _ = export("en")
		}()
		if i == 0 {
			waitFor("the first export to start", func() bool { return started.Load() == 1 })
		}
	}
	waitFor("the second export to wait", func() bool { return s.exports.queued.Load() == 1 })
	// A third: the one place runs, the one waiting place is taken.
	code, h, body := export("nb")
	if code != http.StatusServiceUnavailable || h.Get("Retry-After") == "" || !strings.Contains(body, "uttrekk av bilagslinjer") {
		t.Errorf("a third export at once: %d, Retry-After %q, %.300s", code, h.Get("Retry-After"), body)
	}
	if started.Load() != 1 {
		t.Errorf("%d exports running, want 1", started.Load())
	}
	release()
	wg.Wait()
	if codes[0] != 200 || codes[1] != 200 || started.Load() != 2 {
		t.Errorf("the running and the waiting export: %v, %d started", codes, started.Load())
	}
	// A wait has an end.
	s.exports.wait = 50 * time.Millisecond
	s.exports.slots <- struct{}{}
	code, h, _ = export("en")
	<-s.exports.slots
	if code != http.StatusServiceUnavailable || h.Get("Retry-After") == "" {
		t.Errorf("after the wait: %d, Retry-After %q", code, h.Get("Retry-After"))
	}
}

// Under load, lines exports queue for their turn rather than being
// refused: with the server's own queue, five times as many exports as
// places all wait and are all written once the places free (before, the
// ninth waiting one was refused with 503). A refusal comes at once, with
// the expected wait as Retry-After, only when the exports ahead would take
// too long; a client that leaves gives up its turn.
func TestExportsQueue(t *testing.T) {
	srv, s, started, release := gatedExports(t, nil)
	c := clientFor(srv.URL)
	export := func(ctx context.Context) (int, http.Header, error) {
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/buyers/3909/export/lines.csv?year=2025", nil)
		resp, err := c.hc.Do(req)
		if err != nil {
			return 0, nil, err
		}
		defer resp.Body.Close()
		_, err = io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header, err
	}
	waitFor := func(what string, ok func() bool) { t.Helper(); waitExports(t, s, started, what, ok) }
	places := cap(s.exports.slots)
	n := max(5*places, 12)
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			if codes[i], _, err = export(context.Background()); err != nil {
				t.Error(err)
			}
		}()
	}
	waitFor("every place taken and the rest waiting", func() bool {
		return started.Load() == int64(places) && s.exports.queued.Load() == int64(n-places)
	})
	release()
	wg.Wait()
	for i, code := range codes {
		if code != http.StatusOK {
			t.Errorf("export %d of %d at once: %d, want 200 after its turn", i+1, n, code)
		}
	}
	if started.Load() != int64(n) {
		t.Errorf("%d exports written, want %d", started.Load(), n)
	}
	if s.exports.expected(0) <= 0 {
		t.Errorf("no time of an export recorded")
	}

	// Every place taken, and the exports ahead would take an hour: refused
	// at once, told when to come back.
	for range places {
		s.exports.slots <- struct{}{}
	}
	s.exports.mu.Lock()
	s.exports.took = time.Hour
	s.exports.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	code, h, err := export(ctx)
	cancel()
	if err != nil || code != http.StatusServiceUnavailable {
		t.Fatalf("an export that would wait %s: %d, %v; want 503 at once", s.exports.expected(0), code, err)
	}
	if ra, _ := strconv.Atoi(h.Get("Retry-After")); ra < int(s.exports.expected(0).Seconds()) {
		t.Errorf("Retry-After %q, want the expected wait, %s", h.Get("Retry-After"), s.exports.expected(0))
	}

	// A short wait is waited; a client that leaves gives up its turn.
	s.exports.mu.Lock()
	s.exports.took = time.Second
	s.exports.mu.Unlock()
	ctx, cancel = context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, _, err := export(ctx)
		done <- err
	}()
	waitFor("the export to wait its turn", func() bool { return s.exports.queued.Load() == 1 })
	cancel()
	if err := <-done; err == nil {
		t.Errorf("the export that was left answered")
	}
	waitFor("the turn given up", func() bool { return s.exports.queued.Load() == 0 })
	for range places {
		<-s.exports.slots
	}
}

// A published dashboard is public to the end: its tables download without
// logging in (aggregates only), its figures link to the lines only for
// those who may open them, and a Norwegian reader's CSV opens in a
// Norwegian spreadsheet (byte-order mark, ";", decimal commas, bokmål
// headers).
func TestPublicFiguresAndLocalCSV(t *testing.T) {
	srv, st, s := newTestServerWith(t, nil)
	if err := st.SetSetting(context.Background(), "3909", cityspend.SettingPublish, "yes"); err != nil {
		t.Fatal(err)
	}
	s.Invalidate()
	anon := newClient(t, srv.URL)
	fetch := func(c *client, path string) (int, string) {
		t.Helper()
		code, b, _ := c.send("GET", path, "", "", nil)
		return code, b
	}
	for _, page := range []string{"/buyers/3909?year=2025", "/buyers/3909/geography?year=2025", "/buyers/3909/business-types?year=2025",
		"/buyers/3909/sectors?year=2025", "/buyers/3909/categories?year=2025", "/buyers/3909/climate?year=2025"} {
		code, body := fetch(anon, page)
		if code != 200 {
			t.Fatalf("%s as a visitor: %d", page, code)
		}
		for _, private := range []string{`/buyers/3909/lines`, `/buyers/3909/suppliers`, `/buyers/3909/export/`} {
			if strings.Contains(body, private) {
				t.Errorf("%s shows a visitor a link to %s, which asks them to log in", page, private)
			}
		}
		for _, m := range regexp.MustCompile(`href="(/buyers/3909/figures/[^"]+)"`).FindAllStringSubmatch(body, -1) {
			href := strings.ReplaceAll(m[1], "&amp;", "&")
			if code, _ := fetch(anon, href); code != 200 {
				t.Errorf("%s: the visitor's download %s: %d", page, href, code)
			}
		}
		if _, staff := fetch(clientFor(srv.URL), page); !strings.Contains(staff, `/buyers/3909/lines`) {
			t.Errorf("%s: the staff lost the drill-down to the lines", page)
		}
	}
	if code, _ := fetch(anon, "/buyers/3909/figures/lines.csv?year=2025"); code != 404 {
		t.Errorf("the lines as a published table: %d, want 404", code)
	}
	if code, _ := fetch(anon, "/buyers/3909/export/lines.csv?year=2025"); code != 303 && code != 401 {
		t.Errorf("the lines' export as a visitor: %d, want a request to log in", code)
	}
	_, en := fetch(anon, "/buyers/3909/figures/bands.csv?year=2025&lang=en")
	_, nb := fetch(anon, "/buyers/3909/figures/bands.csv?year=2025&lang=nb")
	if !strings.HasPrefix(en, "band,spend,share,") {
		t.Errorf("English CSV: %q", strings.SplitN(en, "\n", 2)[0])
	}
	head, rest, _ := strings.Cut(nb, "\n")
	if !strings.HasPrefix(head, "\uFEFF") || !strings.Contains(head, ";") || strings.Contains(head, "spend") || !strings.Contains(strings.ToLower(head), "andel") {
		t.Errorf("Norwegian CSV header: %q", head)
	}
	enRows := strings.Split(strings.TrimSpace(en), "\n")[1:]
	nbRows := strings.Split(strings.TrimSpace(rest), "\n")
	if len(enRows) != len(nbRows) || len(nbRows) == 0 {
		t.Fatalf("%d English rows, %d Norwegian", len(enRows), len(nbRows))
	}
	for i := range nbRows {
		// The same cells, written for a Norwegian spreadsheet.
		enCells, nbCells := strings.Split(enRows[i], ","), strings.Split(nbRows[i], ";")
		if len(enCells) != len(nbCells) {
			t.Fatalf("row %d: %q against %q", i, nbRows[i], enRows[i])
		}
		for j := range nbCells {
			if nbCells[j] != strings.Replace(enCells[j], ".", ",", 1) {
				t.Errorf("row %d cell %d: %q, want %q", i, j, nbCells[j], strings.Replace(enCells[j], ".", ",", 1))
			}
		}
	}
}
