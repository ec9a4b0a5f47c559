package clickhouse

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/storetest"
)

// openStore gives a test the full store: a fresh catalog file and a fresh
// database on the cluster.
func openStore(t *testing.T) *Store {
	t.Helper()
	lines := openFresh(t)
	cat, err := duckdb.Open(context.Background(), filepath.Join(t.TempDir(), "catalog.duckdb"), duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cat.Close() })
	return NewStore(cat, lines)
}

// The analysis part of the conformance suite on the cluster: the same
// golden file as the embedded store's.
func TestAnalysisConformance(t *testing.T) {
	dsn(t)
	storetest.RunAnalysis(t, func(t *testing.T) cityspend.Store { return openStore(t) })
}

// The compliance part of the suite on the cluster: findings, contracts,
// lines, items and the plan export equal the embedded store's golden file.
func TestComplianceConformance(t *testing.T) {
	dsn(t)
	storetest.RunCompliance(t, func(t *testing.T) cityspend.Store { return openStore(t) })
}

// The core of the suite on the full store too (its import numbers the
// lines' dimensions in the catalog).
func TestConformanceFullStore(t *testing.T) {
	dsn(t)
	storetest.Run(t, func(t *testing.T) cityspend.LedgerStore { return openStore(t) })
}

// Every method of cityspend.Store is either served by the catalog as it is
// (catalogMethods: no lines, or lines through the rollup) or is Store's
// own: a method added to the interface later fails here until someone
// decides which, so none reads the catalog's empty ledger tables by
// accident.
func TestEveryMethodPlaced(t *testing.T) {
	fs := token.NewFileSet()
	f, err := parser.ParseFile(fs, "store.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	own := map[string]bool{}
	for _, d := range f.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv != nil {
			if star, ok := fn.Recv.List[0].Type.(*ast.StarExpr); ok && star.X.(*ast.Ident).Name == "Store" {
				own[fn.Name.Name] = true
			}
		}
	}
	it := reflect.TypeOf((*cityspend.Store)(nil)).Elem()
	for i := range it.NumMethod() {
		m := it.Method(i).Name
		switch {
		case own[m] && catalogMethods[m]:
			t.Errorf("%s is Store's own and listed as the catalog's", m)
		case !own[m] && !catalogMethods[m]:
			t.Errorf("cityspend.Store.%s is neither Store's own nor in catalogMethods: decide whether it reads lines", m)
		}
	}
	for m := range catalogMethods {
		if _, ok := it.MethodByName(m); !ok {
			t.Errorf("catalogMethods lists %s, which cityspend.Store does not have", m)
		}
	}
}
