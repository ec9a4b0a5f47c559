// SPDX-License-Identifier: EUPL-1.2

package climate_test

import (
	"context"
	"sync"
	"testing"

	"github.com/cityspend/cityspend/climate"
	"github.com/cityspend/cityspend/internal/fixture"
)

// Many first requests at once install the shipped set once, without
// errors (found by the load test).
func TestLoadConcurrently(t *testing.T) {
	m := fixture.Build(t, fixture.Options{})
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := climate.Load(context.Background(), m.Store, m.Buyer.ID); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
