// SPDX-License-Identifier: EUPL-1.2

package redflags

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// The reference fixtures live outside the repository, next to it.
const fixturesDir = "../../shared/data/cardinal"

func fixtures(t *testing.T, sub string) string {
	t.Helper()
	dir := filepath.Join(fixturesDir, sub)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("SKIP: fixtures %s not found (%v)", dir, err)
	}
	return dir
}

// settingsForFixture builds the settings a fixture's name stands for, the
// way the reference's test suite does: "R003" enables R003; "R003-threshold-10"
// also sets threshold = 10; "R003-procurement_method_details-x-5-y-10" fills
// the [R003.procurement_method_details] map; "+" in a name stands for "|";
// a single extra word ("R038-tenderer") is only a label.
func settingsForFixture(name string) string {
	name = strings.ReplaceAll(name, "+", "|")
	parts := strings.Split(name, "-")
	ident, parts := parts[0], parts[1:]
	var b strings.Builder
	b.WriteString("no_price_comparison_procurement_methods = NPC\n[exclusions]\nprocurement_method_details = EXC\n[" + ident + "]\n")
	switch {
	case len(parts) == 2:
		b.WriteString(parts[0] + " = " + parts[1] + "\n")
	case len(parts) > 2:
		field, rest := parts[0], parts[1:]
		b.WriteString("[" + ident + "." + field + "]\n")
		for i := 0; i+1 < len(rest); i += 2 {
			b.WriteString(rest[i] + " = " + rest[i+1] + "\n")
		}
	}
	return b.String()
}

// docsExamplesSettings is the reference's docs/examples/settings.ini: every
// indicator on with default settings (it also turns on R044, which this
// package does not implement and which none of the examples exercises).
const docsExamplesSettings = `[R003]
[R018]
[R024]
[R025]
[R028]
[R030]
[R035]
[R036]
[R038]
[R048]
[R058]
`

// normalize parses JSON output and drops "Meta" and empty objects, so that
// results compare regardless of key order.
func normalize(t *testing.T, data []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("invalid JSON %q: %v", data, err)
	}
	if m, ok := v.(map[string]any); ok {
		delete(m, "Meta")
	}
	return dropEmpty(v)
}

func dropEmpty(v any) any {
	m, ok := v.(map[string]any)
	if !ok {
		return v
	}
	for k, x := range m {
		x = dropEmpty(x)
		if xm, ok := x.(map[string]any); ok && len(xm) == 0 {
			delete(m, k)
			continue
		}
		m[k] = x
	}
	return m
}

// runJSON runs the indicators and returns the output without Meta.
func runJSON(t *testing.T, settings string, input []byte) []byte {
	t.Helper()
	s, err := ParseSettings(strings.NewReader(settings))
	if err != nil {
		t.Fatalf("settings: %v\n%s", err, settings)
	}
	res, err := Run(context.Background(), bytes.NewReader(input), s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := res.WriteJSON(&out, false); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func TestIndicatorFixtures(t *testing.T) {
	dir := fixtures(t, "indicators")
	files, _ := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if len(files) == 0 {
		t.Skipf("SKIP: no fixtures in %s", dir)
	}
	sort.Strings(files)
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".jsonl")
		t.Run(name, func(t *testing.T) {
			input, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(strings.TrimSuffix(f, ".jsonl") + ".expected")
			if err != nil {
				t.Skipf("SKIP: %s.expected not found", name)
			}
			got := runJSON(t, settingsForFixture(name), input)
			if g, w := normalize(t, got), normalize(t, want); !reflect.DeepEqual(g, w) {
				t.Errorf("got  %s\nwant %s", bytes.TrimSpace(got), bytes.TrimSpace(want))
			}
		})
	}
}

func TestExamples(t *testing.T) {
	dir := fixtures(t, filepath.Join("examples", "R"))
	files, _ := filepath.Glob(filepath.Join(dir, "*.demo-output.txt"))
	if len(files) == 0 {
		t.Skipf("SKIP: no examples in %s", dir)
	}
	sort.Strings(files)
	for _, f := range files {
		num := strings.TrimSuffix(filepath.Base(f), ".demo-output.txt")
		t.Run(num, func(t *testing.T) {
			demo, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.SplitN(string(demo), "\n", 3)
			if len(lines) < 2 {
				t.Fatalf("%s: expected a command line and an output line", f)
			}
			command, want := lines[0], lines[1]
			settings := docsExamplesSettings
			if !strings.Contains(command, "docs/examples/settings.ini") {
				ini, err := os.ReadFile(filepath.Join(dir, num+".ini"))
				if err != nil {
					t.Fatalf("the command %q needs %s.ini: %v", command, num, err)
				}
				settings = string(ini)
			}
			if !strings.Contains(command, "--no-meta") {
				t.Fatalf("the command %q should use --no-meta", command)
			}
			input, err := os.ReadFile(filepath.Join(dir, num+".jsonl"))
			if err != nil {
				t.Fatal(err)
			}
			got := runJSON(t, settings, input)
			if g, w := normalize(t, got), normalize(t, []byte(want)); !reflect.DeepEqual(g, w) {
				t.Errorf("got  %s\nwant %s", bytes.TrimSpace(got), want)
			}
			// The examples are printed with --no-meta: the output must be
			// identical, key order aside, so also check the number format.
			if len(bytes.TrimSpace(got)) != len(strings.TrimSpace(want)) {
				t.Errorf("length differs: got %s, want %s", bytes.TrimSpace(got), want)
			}
		})
	}
}
