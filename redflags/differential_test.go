// SPDX-License-Identifier: EUPL-1.2

package redflags

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"reflect"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"
)

// normalizeAll parses JSON output, keeping Meta, dropping empty objects.
func normalizeAll(t testing.TB, data []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("invalid JSON %q: %v", data, err)
	}
	return dropEmpty(v)
}

// mutate rewrites a release at random so that the indicators meet odd and
// broken data: missing members, members of the wrong type, other statuses,
// identifiers, amounts, currencies and dates.
func mutate(r *rand.Rand, v any, key string) any {
	switch x := v.(type) {
	case map[string]any:
		for k, c := range x {
			switch {
			case r.IntN(40) == 0:
				delete(x, k)
			case r.IntN(60) == 0:
				x[k] = randomValue(r, k)
			default:
				x[k] = mutate(r, c, k)
			}
		}
		return x
	case []any:
		if len(x) > 0 && r.IntN(30) == 0 {
			x = append(x, x[r.IntN(len(x))]) // a repeated element
		}
		if len(x) > 0 && r.IntN(30) == 0 {
			i := r.IntN(len(x))
			x = append(x[:i], x[i+1:]...)
		}
		if r.IntN(80) == 0 {
			x = append(x, randomValue(r, ""))
		}
		for i := range x {
			x[i] = mutate(r, x[i], key)
		}
		return x
	case string:
		if r.IntN(25) == 0 {
			return randomValue(r, key)
		}
	case json.Number:
		if r.IntN(25) == 0 {
			return randomValue(r, key)
		}
	}
	return v
}

var (
	mutStatuses = []any{"active", "valid", "disqualified", "pending", "invited", "withdrawn", "cancelled", "unsuccessful", "complete", "", json.Number("1"), nil}
	mutIDs      = []any{"A", "B", "C", "DO-RPE-1", "DO-RPE-2", "DO-UC-1", "", json.Number("7"), nil}
	mutAmounts  = []any{json.Number("0"), json.Number("-0"), json.Number("1"), json.Number("1.0"), json.Number("2"), json.Number("-5"), json.Number("1e3"), json.Number("0.1"), "1", nil}
	mutDates    = []any{"2020-01-01T00:00:00Z", "2020-01-16T00:00:00Z", "2020-01-15T23:59:59.999999999Z", "2020-01-01T00:00:00+23:59",
		"2020-01-01t00:00:00z", "2020-01-01 00:00:00-05:00", "2016-12-31T23:59:60Z", "2017-01-15T00:00:00Z", "2020-02-30T00:00:00Z",
		"2020-01-01T00:00:00", "2020-01-01", "invalid", "", "2020-01-01T00:00:00.Z", "2020-01-01T00:00:00+24:00", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z"}
	mutMethods = []any{"open", "selective", "limited", "direct", "", nil}
	mutDetails = []any{"NPC", "EXC", "PC", "Licitación Pública", "", nil}
	mutCur     = []any{"DOP", "USD", "EUR", "", nil}
	mutNTend   = []any{json.Number("1"), json.Number("1.0"), json.Number("1e0"), json.Number("2"), json.Number("-1"), "1", nil}
	mutOther   = []any{nil, true, json.Number("3"), "x", []any{}, map[string]any{}, []any{map[string]any{}}}
)

func randomValue(r *rand.Rand, key string) any {
	pick := func(s []any) any { return s[r.IntN(len(s))] }
	if r.IntN(5) == 0 {
		return pick(mutOther)
	}
	switch key {
	case "status":
		return pick(mutStatuses)
	case "id":
		return pick(mutIDs)
	case "amount":
		return pick(mutAmounts)
	case "startDate", "endDate", "date":
		return pick(mutDates)
	case "procurementMethod":
		return pick(mutMethods)
	case "procurementMethodDetails":
		return pick(mutDetails)
	case "currency":
		return pick(mutCur)
	case "numberOfTenderers":
		return pick(mutNTend)
	}
	return pick(mutOther)
}

// mutated generates n releases and mutates about half of them. Small id
// pools make organisations recur, so that the organisation-level
// indicators have something to work with.
func mutated(t testing.TB, seed uint64, n int) []byte {
	r := rand.New(rand.NewPCG(seed, 7))
	var out bytes.Buffer
	lines := bytes.Split(bytes.TrimSuffix(generated(t, n), []byte("\n")), []byte("\n"))
	for i, line := range lines {
		if r.IntN(2) == 0 {
			out.Write(line)
			out.WriteByte('\n')
			continue
		}
		d := json.NewDecoder(bytes.NewReader(line))
		d.UseNumber()
		var v any
		if err := d.Decode(&v); err != nil {
			t.Fatal(err)
		}
		v = mutate(r, v, "")
		if r.IntN(50) == 0 { // a repeated ocid
			if m, ok := v.(map[string]any); ok && i > 0 {
				m["ocid"] = fmt.Sprintf("ocds-gen-%08d", r.IntN(i))
			}
		}
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if r.IntN(40) == 0 { // a duplicated member: the last one wins
			b = bytes.Replace(b, []byte(`"status":"active"`), []byte(`"status":"active","status":"pending"`), 1)
		}
		out.Write(b)
		out.WriteByte('\n')
	}
	return out.Bytes()
}

func ptr[T any](v T) *T { return &v }

// settingsVariants exercises defaults, thresholds, currencies and lists.
func settingsVariants() map[string]*Settings {
	all := AllSettings
	v := map[string]*Settings{"defaults": all()}
	s := all()
	s.Currency = ptr("USD")
	s.NoPriceComparisonProcurementMethods = ptr("Compra Menor|Sorteo de Obras")
	s.Exclusions.ProcurementMethodDetails = ptr("Proceso de Excepción|")
	v["currency and lists"] = s
	s = all()
	s.PriceComparisonProcurementMethods = ptr("Licitación Pública|Subasta Inversa")
	s.R003 = &R003Settings{Threshold: ptr(int64(20)), ProcurementMethods: ptr("open|selective"),
		ProcurementMethodDetails: map[string]int64{"Compra Menor": 5, "Licitación Pública": 30}}
	s.R018 = &R018Settings{ProcurementMethods: ptr("")}
	s.R024 = &FenceSettings{Threshold: ptr(0.05)}
	s.R025 = &R025Settings{Percentile: ptr(uint64(50)), Threshold: ptr(0.2)}
	s.R035 = &R035Settings{Threshold: ptr(uint64(2))}
	s.R038 = &R038Settings{Threshold: ptr(0.3), MinimumSubmittedBids: ptr(uint64(1)), MinimumContractingProcesses: ptr(uint64(5))}
	s.R048 = &R048Settings{Digits: ptr(uint64(3)), Threshold: ptr(uint64(4)), MinimumContractingProcesses: ptr(uint64(3))}
	s.R058 = &FenceSettings{Threshold: ptr(0.4)}
	v["thresholds"] = s
	s = all()
	s.R025 = &R025Settings{Percentile: ptr(uint64(90))}
	s.R038 = &R038Settings{MinimumSubmittedBids: ptr(uint64(3)), MinimumContractingProcesses: ptr(uint64(10))}
	s.R048 = &R048Settings{Digits: ptr(uint64(1)), MinimumContractingProcesses: ptr(uint64(2))}
	v["computed fences"] = s
	return v
}

func compareWithOracle(t testing.TB, s *Settings, input []byte, workers int) {
	t.Helper()
	res, err := Run(context.Background(), bytes.NewReader(input), s, Options{Workers: workers})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	res.WriteJSON(&out, true)
	got := normalizeAll(t, out.Bytes())
	want := normalizeAll(t, runOracle(s, input).json())
	if !reflect.DeepEqual(got, want) {
		t.Errorf("results differ from the oracle:\n%s", diffJSON(got, want, ""))
	}
}

// diffJSON lists the paths where two decoded JSON values differ.
func diffJSON(got, want any, path string) string {
	gm, ok1 := got.(map[string]any)
	wm, ok2 := want.(map[string]any)
	if !ok1 || !ok2 {
		if reflect.DeepEqual(got, want) {
			return ""
		}
		return fmt.Sprintf("%s: got %v, want %v\n", path, got, want)
	}
	keys := map[string]bool{}
	for k := range gm {
		keys[k] = true
	}
	for k := range wm {
		keys[k] = true
	}
	var ks []string
	for k := range keys {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	var b strings.Builder
	for _, k := range ks {
		if b.Len() > 4000 {
			b.WriteString("…\n")
			break
		}
		b.WriteString(diffJSON(gm[k], wm[k], path+"/"+k))
	}
	return b.String()
}

func TestAgainstOracle(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 600
	}
	inputs := map[string][]byte{
		"generated": generated(t, n),
		"mutated":   mutated(t, 1, n),
		"mutated2":  mutated(t, 2, n),
	}
	for vname, s := range settingsVariants() {
		for iname, input := range inputs {
			t.Run(vname+"/"+iname, func(t *testing.T) {
				compareWithOracle(t, s, input, 0)
				compareWithOracle(t, s, input, 1)
			})
		}
	}
}

// FuzzDecode checks the line decoder against encoding/json: it must accept
// exactly the lines that are valid JSON (bar the cases where a strict
// reader is stricter than encoding/json) and read the same ocid.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{"ocid":"a"}`, `{"ocid":1}`, `[]`, `{}`, `{"ocid":"a","ocid":"b"}`, `{"ocid":"\u00e9\ud83d\ude00"}`,
		`{"ocid":"\ud800"}`, `{"ocid":"a","x":1e400}`, `{"ocid":"a","x":-0.0e-5}`, ` {"ocid" : "a" } `,
		`{"ocid":"a",}`, `{"ocid":"a"}x`, `{"ocid":"a","tender":{"numberOfTenderers":1}}`, `"x"`, `nul`,
		`{"ocid":"a","bids":{"details":[{"status":"valid","value":{"amount":01}}]}}`,
		`{"ocid":"a","awards":[{"items":[{"classification":{"id":"1234"}}]},1,null]}`,
		strings.Repeat("[", 127) + strings.Repeat("]", 127), strings.Repeat("[", 128) + strings.Repeat("]", 128),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		if !utf8.Valid(line) {
			return
		}
		var d decoder
		r, kind := d.decode(line)
		valid := json.Valid(line) && !strictRejects(line)
		if valid != (kind != lineInvalid) {
			t.Fatalf("decode(%q): kind %d (%s), json.Valid %v", line, kind, d.s.msg, json.Valid(line))
		}
		if !valid {
			return
		}
		var v any
		if err := json.Unmarshal(line, &v); err != nil {
			t.Fatal(err)
		}
		m, isObj := v.(map[string]any)
		ocid, hasOCID := m["ocid"].(string)
		switch {
		case !isObj:
			if kind != lineNotObject {
				t.Fatalf("decode(%q): kind %d, want not an object", line, kind)
			}
		case !hasOCID:
			if kind != lineNoOCID {
				t.Fatalf("decode(%q): kind %d, want no ocid", line, kind)
			}
		default:
			if kind != lineRelease || r.ocid.v != ocid {
				t.Fatalf("decode(%q): kind %d ocid %q, want %q", line, kind, r.ocid.v, ocid)
			}
		}
	})
}

// strictRejects reports valid JSON that a strict reader still rejects:
// unpaired surrogate escapes, numbers beyond float64 and nesting deeper
// than 127 levels.
func strictRejects(line []byte) bool {
	if hasLoneSurrogate(line) {
		return true
	}
	d := json.NewDecoder(bytes.NewReader(line))
	d.UseNumber()
	depth := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return false
		}
		if err != nil {
			return true
		}
		switch x := tok.(type) {
		case json.Delim:
			if x == '[' || x == '{' {
				depth++
				if depth > 127 {
					return true
				}
			} else {
				depth--
			}
		case json.Number:
			if _, err := x.Float64(); err != nil {
				return true
			}
		}
	}
}

// hasLoneSurrogate scans the \u escapes of the strings in a valid JSON text.
func hasLoneSurrogate(b []byte) bool {
	in := false
	for i := 0; i < len(b); i++ {
		c := b[i]
		if !in {
			if c == '"' {
				in = true
			}
			continue
		}
		switch c {
		case '"':
			in = false
		case '\\':
			if i+1 < len(b) && b[i+1] == 'u' && i+5 < len(b) {
				r := hex4(b[i+2 : i+6])
				switch {
				case r >= 0xDC00 && r <= 0xDFFF:
					return true
				case r >= 0xD800 && r <= 0xDBFF:
					if i+11 >= len(b) || b[i+6] != '\\' || b[i+7] != 'u' {
						return true
					}
					r2 := hex4(b[i+8 : i+12])
					if r2 < 0xDC00 || r2 > 0xDFFF {
						return true
					}
					i += 6
				}
				i += 5
			} else {
				i++
			}
		}
	}
	return false
}

func hex4(b []byte) rune {
	var r rune
	for _, c := range b {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c-'a') + 10
		case c >= 'A' && c <= 'F':
			r |= rune(c-'A') + 10
		}
	}
	return r
}

// FuzzRun feeds arbitrary lines to the whole engine and checks the results
// against the oracle, for lines both read the same way.
func FuzzRun(f *testing.F) {
	f.Add([]byte(`{"ocid":"F","bids":{"details":[{"status":"valid","tenderers":[{"id":"W"}],"value":{"amount":1,"currency":"USD"}},{"status":"valid","tenderers":[{"id":"L"}],"value":{"amount":2,"currency":"USD"}}]},"awards":[{"status":"active","suppliers":[{"id":"W"}]}]}
{"ocid":"G","bids":{"details":[{"status":"disqualified","tenderers":[{"id":"D"}],"value":{"amount":1,"currency":"USD"}},{"status":"valid","tenderers":[{"id":"W"}],"value":{"amount":1,"currency":"USD"}}]},"awards":[{"status":"active","suppliers":[{"id":"W"}],"items":[{"classification":{"id":"12"}}]}],"buyer":{"id":"B"}}
{"ocid":"H","tender":{"numberOfTenderers":1,"procurementMethod":"open","tenderPeriod":{"startDate":"2000-01-01T00:00:00Z","endDate":"2000-01-02T00:00:00Z"}}}`))
	f.Add(mutated(f, 3, 20))
	f.Fuzz(func(t *testing.T, input []byte) {
		// Keep to lines that encoding/json and a strict reader read alike.
		for _, line := range bytes.Split(input, []byte("\n")) {
			if !utf8.Valid(line) || bytes.IndexByte(line, '\r') >= 0 || (json.Valid(line) && strictRejects(line)) {
				return
			}
		}
		for _, s := range settingsVariants() {
			compareWithOracle(t, s, input, 2)
		}
	})
}
