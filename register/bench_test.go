// SPDX-License-Identifier: EUPL-1.2

package register

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/gen"
)

// BenchmarkResolve resolves names as clerks write them against an index
// of 200,000 generated units (the hot path of cityspend bench resolve).
func BenchmarkResolve(b *testing.B) {
	ix := NewIndex()
	u := gen.NewUniverse(7)
	rng := rand.New(rand.NewPCG(7, 11))
	var qs []Query
	var i int
	if err := gen.Units(context.Background(), u, 200000, func(s *gen.Supplier) error {
		ix.Add(&cityspend.Organisation{ID: cityspend.Identifier{Scheme: cityspend.SchemeNOBRC, ID: s.Org}, Name: s.Name, LegalForm: s.Form,
			Address: cityspend.Address{Postcode: s.Postcode, Locality: s.Poststed, Municipality: s.Municipality, Country: "NO"}})
		if i++; i%10 == 0 {
			qs = append(qs, Query{Name: gen.NameVariant(rng, s.DisplayName(), rng.IntN(7), ""), Postcode: s.Postcode})
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		ix.Resolve(qs[n%len(qs)])
	}
}
