// SPDX-License-Identifier: EUPL-1.2

package redflags

// R003: the tender period is shorter than a threshold in whole days (15 by
// default, or the threshold configured for the process's
// procurementMethodDetails), optionally only for some procurement methods.
// Both dates must be valid RFC 3339 timestamps.
func (w *worker) foldR003(r *release) {
	e := w.e
	t := &r.tender
	if !matchesMethod(r, e.r003Methods) || !t.startDate.ok || !t.endDate.ok {
		return
	}
	start, ok := parseRFC3339(t.startDate.v)
	if !ok {
		return
	}
	end, ok := parseRFC3339(t.endDate.v)
	if !ok {
		return
	}
	threshold := e.r003Threshold
	if t.methodDetails.ok {
		if v, ok := e.r003Details[t.methodDetails.v]; ok {
			threshold = v
		}
	}
	if wholeDaysBetween(start, end) < threshold {
		w.set(OCID, r.ocid.v, r003, 1)
	}
}
