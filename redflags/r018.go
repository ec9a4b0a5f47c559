// SPDX-License-Identifier: EUPL-1.2

package redflags

// R018: a single tenderer in a competitive procedure. numberOfTenderers must
// be the JSON integer 1 (1.0 does not count) and the procurement method one
// of the configured ones (open and selective by default).
func (w *worker) foldR018(r *release) {
	if r.tender.oneTenderer && matchesMethod(r, w.e.r018Methods) {
		w.set(OCID, r.ocid.v, r018, 1)
	}
}
