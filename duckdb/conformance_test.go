// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/storetest"
)

// The store conformance suite on the embedded store.
func TestConformance(t *testing.T) {
	t.Parallel() // a database of its own: beside the package's other long tests
	storetest.Run(t, func(t *testing.T) cityspend.LedgerStore { return openTest(t) })
}

// The analysis part of the suite on the embedded store.
func TestAnalysisConformance(t *testing.T) {
	t.Parallel() // a database of its own: beside the package's other long tests
	storetest.RunAnalysis(t, func(t *testing.T) cityspend.Store { return openTest(t) })
}

// The compliance part of the suite on the embedded store.
func TestComplianceConformance(t *testing.T) {
	t.Parallel() // a database of its own: beside the package's other long tests
	storetest.RunCompliance(t, func(t *testing.T) cityspend.Store { return openTest(t) })
}

// The pending follow-up part of the suite on the embedded store.
func TestFollowUpConformance(t *testing.T) {
	t.Parallel() // a database of its own: beside the package's other long tests
	storetest.RunFollowUp(t, func(t *testing.T) cityspend.Store { return openTest(t) })
}

// What resolution reads, on the embedded store.
func TestResolveInputsConformance(t *testing.T) {
	t.Parallel() // a database of its own: beside the package's other long tests
	storetest.RunResolveInputs(t, func(t *testing.T) cityspend.Store { return openTest(t) })
}

// The undo part of the suite on the embedded store.
func TestUndoConformance(t *testing.T) {
	t.Parallel() // a database of its own: beside the package's other long tests
	storetest.RunUndo(t, func(t *testing.T) cityspend.Store { return openTest(t) })
}

// The outbox and the alerts on the embedded store.
func TestMailConformance(t *testing.T) {
	t.Parallel() // a database of its own: beside the package's other long tests
	storetest.RunMail(t, func(t *testing.T) cityspend.Store { return openTest(t) })
}
