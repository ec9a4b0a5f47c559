// SPDX-License-Identifier: EUPL-1.2

package cityspend_test

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/cityspend/cityspend"

// goList lists the module's packages with their imports and all their
// dependencies.
func goList(t *testing.T) map[string][2][]string {
	t.Helper()
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}}|{{join .Imports \",\"}}|{{join .Deps \",\"}}", module+"/...").Output()
	if err != nil {
		if e, ok := err.(*exec.ExitError); ok {
			t.Fatalf("go list: %v\n%s", err, e.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	pkgs := map[string][2][]string{}
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Split(l, "|")
		if len(f) != 3 {
			t.Fatalf("go list: %q", l)
		}
		pkgs[f[0]] = [2][]string{strings.Split(f[1], ","), strings.Split(f[2], ",")}
	}
	return pkgs
}

func within(path string, dirs ...string) bool {
	for _, d := range dirs {
		if path == module+"/"+d || strings.HasPrefix(path, module+"/"+d+"/") {
			return true
		}
	}
	return false
}

// The direction of imports (docs: PRODUCT.md's map of packages): the
// analysis core never links the spreadsheet library or the file readers;
// the root imports only the standard library; reference data imports only
// the root; the file readers import no analysis package.
func TestImportDirection(t *testing.T) {
	pkgs := goList(t)
	for _, p := range []string{"indicator", "plan", "broker", "classify", "strategy", "compliance"} {
		deps, ok := pkgs[module+"/"+p]
		if !ok {
			t.Errorf("no package %s", p)
			continue
		}
		for _, d := range deps[1] {
			if strings.HasPrefix(d, "github.com/xuri/excelize") || within(d, "ingest") {
				t.Errorf("%s links %s", p, d)
			}
		}
	}
	for p, deps := range pkgs {
		for _, imp := range deps[0] {
			own := strings.HasPrefix(imp, module+"/") || imp == module
			switch {
			case p == module && strings.Contains(strings.Split(imp, "/")[0], "."):
				t.Errorf("the root imports %s", imp)
			case within(p, "refdata") && own && imp != module && !within(imp, "refdata"):
				t.Errorf("%s imports %s", p, imp)
			case within(p, "ingest") && own && imp != module && !within(imp, "refdata", "ingest", "internal/osa"):
				t.Errorf("%s imports %s", p, imp)
			}
		}
	}
	if !slices.Contains(pkgs[module+"/ingest/tabular"][1], "github.com/xuri/excelize/v2") {
		t.Error("the test looks for the wrong spreadsheet library")
	}
}
