// SPDX-License-Identifier: EUPL-1.2

package redflags

// An independent, deliberately naive implementation of the indicators, used
// as an oracle in differential tests. It decodes each line into generic Go
// values (maps, slices, json.Number), checks value types at each access and
// folds the releases one after the other, the way ocdscardinal does on one
// thread. It shares no code with the package except the settings types.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
)

type oracle struct {
	s        *Settings
	currency *string
	results  map[string]map[string]map[string]float64
	meta     map[string]map[string]float64
	ratios   map[string]float64
	pair     map[string][2]string
	r025     map[string]*[2]uint64
	r038     map[string]map[string]*[2]uint64 // group → id → (disqualified, submitted)
	r048     map[string]*oracleClasses
	prices   map[string]bool // scratch
}

type oracleClasses struct {
	count int
	codes map[string]bool
}

func oGet(v any, key string) any {
	if m, ok := v.(map[string]any); ok {
		return m[key]
	}
	return nil
}

func oStr(v any, key string) (string, bool) {
	s, ok := oGet(v, key).(string)
	return s, ok
}

func oArr(v any, key string) ([]any, bool) {
	a, ok := oGet(v, key).([]any)
	return a, ok
}

func oObj(v any, key string) (map[string]any, bool) {
	m, ok := oGet(v, key).(map[string]any)
	return m, ok
}

func oNum(v any, key string) (float64, bool) {
	n, ok := oGet(v, key).(json.Number)
	if !ok {
		return 0, false
	}
	f, err := strconv.ParseFloat(string(n), 64)
	return f, err == nil
}

func oSplit(v *string, def string) map[string]bool {
	s := def
	if v != nil {
		s = *v
	}
	out := map[string]bool{}
	parts := strings.Split(s, "|")
	if len(parts) > 0 && parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1] // split_terminator drops one empty tail
	}
	for _, p := range parts {
		out[p] = true
	}
	return out
}

func runOracle(s *Settings, input []byte) *oracle {
	o := &oracle{
		s:       s,
		results: map[string]map[string]map[string]float64{},
		meta:    map[string]map[string]float64{},
		ratios:  map[string]float64{},
		pair:    map[string][2]string{},
		r025:    map[string]*[2]uint64{},
		r038:    map[string]map[string]*[2]uint64{"Buyer": {}, "ProcuringEntity": {}, "Tenderer": {}},
		r048:    map[string]*oracleClasses{},
	}
	exclude := oSplit(s.Exclusions.ProcurementMethodDetails, "")
	sc := bufio.NewScanner(bytes.NewReader(input))
	sc.Buffer(nil, 1<<30)
	for sc.Scan() {
		line := bytes.TrimSuffix(sc.Bytes(), []byte("\r"))
		d := json.NewDecoder(bytes.NewReader(line))
		d.UseNumber()
		var v any
		if err := d.Decode(&v); err != nil {
			continue
		}
		if _, err := d.Token(); err != io.EOF {
			continue // trailing characters
		}
		rel, ok := v.(map[string]any)
		if !ok {
			continue
		}
		ocid, ok := rel["ocid"].(string)
		if !ok {
			continue
		}
		if st, _ := oStr(rel["tender"], "status"); st == "cancelled" {
			continue
		}
		if !oMatchesDetails(rel, nil, exclude) {
			continue
		}
		o.fold(rel, ocid)
	}
	o.finalize()
	return o
}

func (o *oracle) set(group, id, code string, v float64) {
	g := o.results[group]
	if g == nil {
		g = map[string]map[string]float64{}
		o.results[group] = g
	}
	if g[id] == nil {
		g[id] = map[string]float64{}
	}
	g[id][code] = v
}

func (o *oracle) setMeta(code, key string, v float64) {
	if o.meta[code] == nil {
		o.meta[code] = map[string]float64{}
	}
	o.meta[code][key] = v
}

func oMatchesDetails(rel map[string]any, include, exclude map[string]bool) bool {
	if d, ok := oStr(rel["tender"], "procurementMethodDetails"); ok {
		if len(include) == 0 {
			return !exclude[d]
		}
		return include[d]
	}
	return len(include) == 0
}

func oMatchesMethod(tender map[string]any, methods map[string]bool) bool {
	if len(methods) == 0 {
		return true
	}
	m, ok := tender["procurementMethod"].(string)
	return ok && methods[m]
}

// oFinal returns the active awards and the bids, or ok=false when an award
// is still pending (or awards or bids are missing).
func oFinal(rel map[string]any) (complete []any, details []any, ok bool) {
	awards, ok1 := rel["awards"].([]any)
	details, ok2 := oArr(rel["bids"], "details")
	if !ok1 || !ok2 {
		return nil, nil, false
	}
	if _, isObj := rel["bids"].(map[string]any); !isObj {
		return nil, nil, false
	}
	for _, a := range awards {
		st, ok := oStr(a, "status")
		if !ok {
			continue
		}
		switch st {
		case "active":
			complete = append(complete, a)
		case "cancelled", "unsuccessful":
		default:
			return nil, nil, false
		}
	}
	return complete, details, true
}

func oSubmitted(rel map[string]any) []any {
	var out []any
	details, _ := oArr(rel["bids"], "details")
	for _, b := range details {
		if st, ok := oStr(b, "status"); ok && st != "invited" && st != "withdrawn" {
			out = append(out, b)
		}
	}
	return out
}

func (o *oracle) observe(c string) bool {
	if o.currency == nil {
		if o.s.Currency != nil {
			v := *o.s.Currency
			o.currency = &v
		} else {
			o.currency = &c
		}
	}
	return c == *o.currency
}

func (o *oracle) fold(rel map[string]any, ocid string) {
	s := o.s
	include := oSplit(s.PriceComparisonProcurementMethods, "")
	exclude := oSplit(s.NoPriceComparisonProcurementMethods, "")
	tender, _ := rel["tender"].(map[string]any)

	if s.R024 != nil || s.R058 != nil {
		o.foldRatio(rel, ocid, include, exclude)
	}

	if x := s.R003; x != nil && tender != nil && oMatchesMethod(tender, oSplit(x.ProcurementMethods, "")) {
		start, ok1 := oStr(tender["tenderPeriod"], "startDate")
		end, ok2 := oStr(tender["tenderPeriod"], "endDate")
		if ok1 && ok2 {
			a, ok1 := oracleTime(start)
			b, ok2 := oracleTime(end)
			if ok1 && ok2 {
				days := oracleDays(a, b)
				threshold := int64(15)
				if x.Threshold != nil {
					threshold = *x.Threshold
				}
				if d, ok := tender["procurementMethodDetails"].(string); ok {
					if t, ok := x.ProcurementMethodDetails[d]; ok {
						threshold = t
					}
				}
				if days < threshold {
					o.set("OCID", ocid, "R003", 1)
				}
			}
		}
	}

	if x := s.R018; x != nil && tender != nil && oMatchesMethod(tender, oSplit(x.ProcurementMethods, "open|selective")) {
		if n, ok := tender["numberOfTenderers"].(json.Number); ok {
			if u, err := strconv.ParseUint(string(n), 10, 64); err == nil && u == 1 {
				o.set("OCID", ocid, "R018", 1)
			}
		}
	}

	if s.R025 != nil {
		if complete, details, ok := oFinal(rel); ok && len(complete) == 1 {
			sup, _ := oArr(complete[0], "suppliers")
			if len(sup) == 1 {
				if supplier, ok := oStr(sup[0], "id"); ok {
					valid := map[string]bool{}
					for _, b := range details {
						st, _ := oStr(b, "status")
						ts, ok := oArr(b, "tenderers")
						if st == "valid" && ok && len(ts) == 1 {
							if id, ok := oStr(ts[0], "id"); ok {
								valid[id] = true
							}
						}
					}
					for id := range valid {
						f := o.r025[id]
						if f == nil {
							f = &[2]uint64{}
							o.r025[id] = f
						}
						if id == supplier {
							f[0]++
						}
						f[1]++
					}
				}
			}
		}
	}

	if s.R028 != nil && oMatchesDetails(rel, include, exclude) {
		prices := map[string][]string{}
		for _, b := range oSubmitted(rel) {
			ts, ok1 := oArr(b, "tenderers")
			value, ok2 := oObj(b, "value")
			amount, ok3 := oNum(value, "amount")
			cur, ok4 := oStr(value, "currency")
			if !ok1 || !ok2 || !ok3 || !ok4 {
				continue
			}
			idset := map[string]bool{}
			for _, t := range ts {
				if id, ok := oStr(t, "id"); ok {
					idset[id] = true
				}
			}
			if len(idset) == 0 {
				continue
			}
			var ids []string
			for id := range idset {
				ids = append(ids, id)
			}
			sort.Strings(ids)
			if amount == 0 {
				amount = 0 // -0 and 0 are the same price
			}
			key := fmt.Sprint(math.Float64bits(amount), "\x00", cur)
			if other, ok := prices[key]; ok && strings.Join(other, "\x00") != strings.Join(ids, "\x00") {
				o.set("OCID", ocid, "R028", 1)
				for _, id := range append(append([]string{}, ids...), other...) {
					o.set("Tenderer", id, "R028", 1)
				}
			}
			prices[key] = ids
		}
	}

	if s.R030 != nil {
		end, ok1 := oStr(oGet(rel["tender"], "tenderPeriod"), "endDate")
		awards, ok2 := rel["awards"].([]any)
		details, ok3 := oArr(rel["bids"], "details")
		if ok1 && ok2 && ok3 {
			winners := map[string]bool{}
			for _, a := range awards {
				st, _ := oStr(a, "status")
				sup, ok := oArr(a, "suppliers")
				if st == "active" && ok {
					for _, x := range sup {
						if id, ok := oStr(x, "id"); ok {
							winners[id] = true
						}
					}
				}
			}
			for _, b := range details {
				st, _ := oStr(b, "status")
				date, ok := oStr(b, "date")
				ts, ok2 := oArr(b, "tenderers")
				if st == "valid" && ok && ok2 && date > end {
					for _, t := range ts {
						if id, ok := oStr(t, "id"); ok && winners[id] {
							o.set("OCID", ocid, "R030", 1)
							o.set("Tenderer", id, "R030", 1)
						}
					}
				}
			}
		}
	}

	if x := s.R035; x != nil {
		threshold := uint64(1)
		if x.Threshold != nil {
			threshold = max(*x.Threshold, 1)
		}
		winners, valid, disq := map[string]bool{}, map[string]bool{}, map[string]bool{}
		if complete, details, ok := oFinal(rel); ok {
			for _, a := range complete {
				sup, _ := oArr(a, "suppliers")
				for _, x := range sup {
					if id, ok := oStr(x, "id"); ok {
						winners[id] = true
					}
				}
			}
			for _, b := range details {
				st, ok := oStr(b, "status")
				ts, ok2 := oArr(b, "tenderers")
				if !ok || !ok2 {
					continue
				}
				var set map[string]bool
				switch st {
				case "valid":
					set = valid
				case "disqualified":
					set = disq
				default:
					continue
				}
				for _, t := range ts {
					if id, ok := oStr(t, "id"); ok {
						set[id] = true
					}
				}
			}
		}
		if len(valid) == 1 && len(winners) == 1 {
			var v string
			for id := range valid {
				v = id
			}
			if winners[v] {
				n := uint64(0)
				for id := range disq {
					if !valid[id] {
						n++
					}
				}
				if n >= threshold {
					o.set("OCID", ocid, "R035", float64(n))
					o.set("Tenderer", v, "R035", 0)
				}
			}
		}
	}

	if s.R036 != nil && oMatchesDetails(rel, include, exclude) {
		awards, _ := rel["awards"].([]any)
		active := false
		for _, a := range awards {
			if st, _ := oStr(a, "status"); st == "active" {
				active = true
			}
		}
		var lowest *float64
		lowestDisq, hasValid := false, false
		if active {
			for _, b := range oSubmitted(rel) {
				st, _ := oStr(b, "status")
				value, ok := oObj(b, "value")
				amount, ok2 := oNum(value, "amount")
				cur, ok3 := oStr(value, "currency")
				if !ok || !ok2 || !ok3 || !o.observe(cur) {
					continue
				}
				if lowest == nil || amount < *lowest {
					a := amount
					lowest = &a
					lowestDisq = st == "disqualified"
				}
				if st == "valid" {
					hasValid = true
				}
			}
		}
		if hasValid && lowestDisq {
			o.set("OCID", ocid, "R036", 1)
		}
	}

	if s.R038 != nil {
		submitted := oSubmitted(rel)
		if len(submitted) > 0 {
			disq := uint64(0)
			for _, b := range submitted {
				inc := uint64(0)
				if st, _ := oStr(b, "status"); st == "disqualified" {
					inc = 1
				}
				disq += inc
				ts, _ := oArr(b, "tenderers")
				for _, t := range ts {
					if id, ok := oStr(t, "id"); ok {
						o.frac038("Tenderer", id, inc, 1)
					}
				}
			}
			if id, ok := oStr(rel["buyer"], "id"); ok {
				o.frac038("Buyer", id, disq, uint64(len(submitted)))
			}
			if id, ok := oStr(oGet(rel["tender"], "procuringEntity"), "id"); ok {
				o.frac038("ProcuringEntity", id, disq, uint64(len(submitted)))
			}
		}
	}

	if x := s.R048; x != nil {
		digits := uint64(2)
		if x.Digits != nil {
			digits = *x.Digits
		}
		seen := map[string]bool{}
		awards, _ := rel["awards"].([]any)
		for _, a := range awards {
			st, _ := oStr(a, "status")
			items, ok1 := oArr(a, "items")
			sup, ok2 := oArr(a, "suppliers")
			if st != "active" || !ok1 || !ok2 || len(sup) != 1 {
				continue
			}
			id, ok := oStr(sup[0], "id")
			if !ok {
				continue
			}
			for _, it := range items {
				cid, ok := oStr(oGet(it, "classification"), "id")
				if _, isObj := oGet(it, "classification").(map[string]any); !ok || !isObj {
					continue
				}
				c := o.r048[id]
				if c == nil {
					c = &oracleClasses{codes: map[string]bool{}}
					o.r048[id] = c
				}
				if !seen[id] {
					seen[id] = true
					c.count++
				}
				runes := []rune(cid)
				if uint64(len(runes)) > digits {
					runes = runes[:digits]
				}
				c.codes[string(runes)] = true
			}
		}
	}
}

func (o *oracle) frac038(group, id string, num, den uint64) {
	f := o.r038[group][id]
	if f == nil {
		f = &[2]uint64{}
		o.r038[group][id] = f
	}
	f[0] += num
	f[1] += den
}

func (o *oracle) foldRatio(rel map[string]any, ocid string, include, exclude map[string]bool) {
	if !oMatchesDetails(rel, include, exclude) {
		return
	}
	complete, details, ok := oFinal(rel)
	if !ok || len(complete) != 1 {
		return
	}
	sup, _ := oArr(complete[0], "suppliers")
	if len(sup) != 1 {
		return
	}
	supplier, ok := oStr(sup[0], "id")
	if !ok {
		return
	}
	var win, lose *float64
	var winner, loser string
	for _, b := range details {
		st, ok0 := oStr(b, "status")
		value, ok1 := oObj(b, "value")
		amount, ok2 := oNum(value, "amount")
		cur, ok3 := oStr(value, "currency")
		ts, ok4 := oArr(b, "tenderers")
		if !ok0 || !ok1 || !ok2 || !ok3 || !ok4 || len(ts) != 1 || st != "valid" {
			continue
		}
		id, ok := oStr(ts[0], "id")
		if !ok || !o.observe(cur) {
			continue
		}
		a := amount
		if id == supplier {
			if win == nil || a < *win {
				win, winner = &a, id
			}
		} else if lose == nil || a < *lose {
			lose, loser = &a, id
		}
	}
	if win != nil && lose != nil && *lose >= *win {
		o.ratios[ocid] = (*lose - *win) / *win
		o.pair[ocid] = [2]string{winner, loser}
	}
}

// oracleQuantile sorts a copy and interpolates at h = (n + 1/3)·tau + 1/3.
func oracleQuantile(data []float64, tau float64) float64 {
	if len(data) == 0 || tau < 0 || tau > 1 {
		return math.NaN()
	}
	x := append([]float64(nil), data...)
	sort.Float64s(x)
	for _, v := range x {
		if math.IsNaN(v) {
			return math.NaN()
		}
	}
	n := float64(len(x))
	h := (n+1.0/3.0)*tau + 1.0/3.0
	i := int(h)
	if i <= 0 || tau == 0 {
		return x[0]
	}
	if i >= len(x) || tau == 1 {
		return x[len(x)-1]
	}
	return x[i-1] + (h-float64(i))*(x[i]-x[i-1])
}

func (o *oracle) finalize() {
	s := o.s
	var ratios []float64
	for _, r := range o.ratios {
		ratios = append(ratios, r)
	}
	if x := s.R024; x != nil {
		fence, q1 := 0.0, 1.0
		if x.Threshold != nil {
			fence = *x.Threshold
		} else {
			q1 = oracleQuantile(ratios, 0.25)
			q3 := oracleQuantile(ratios, 0.75)
			o.setMeta("R024", "q1", q1)
			o.setMeta("R024", "q3", q3)
			fence = math.FMA(q3-q1, -1.5, q1)
		}
		o.setMeta("R024", "lower_fence", fence)
		if q1 > 0 && fence > 0 {
			for ocid, r := range o.ratios {
				if r <= fence {
					o.set("OCID", ocid, "R024", r)
					o.set("Tenderer", o.pair[ocid][0], "R024", 0)
					o.set("Tenderer", o.pair[ocid][1], "R024", 0)
				}
			}
		}
	}
	if x := s.R025; x != nil {
		var dens, rs []float64
		for _, f := range o.r025 {
			dens = append(dens, float64(f[1]))
			rs = append(rs, float64(f[0])/float64(f[1]))
		}
		p := uint64(75)
		if x.Percentile != nil {
			p = *x.Percentile
		}
		upper := oracleQuantile(dens, float64(p)/100)
		fence, q1 := 0.0, 1.0
		if x.Threshold != nil {
			fence = *x.Threshold
		} else {
			q1 = oracleQuantile(rs, 0.25)
			q3 := oracleQuantile(rs, 0.75)
			o.setMeta("R025", "q1", q1)
			o.setMeta("R025", "q3", q3)
			fence = math.FMA(q3-q1, -1.5, q1)
		}
		o.setMeta("R025", "upper_fence", upper)
		o.setMeta("R025", "lower_fence", fence)
		if q1 > 0 && fence > 0 {
			for id, f := range o.r025 {
				r := float64(f[0]) / float64(f[1])
				if float64(f[1]) >= upper && r <= fence {
					o.set("Tenderer", id, "R025", r)
				}
			}
		}
	}
	if x := s.R038; x != nil {
		minBids, minProcs := uint64(2), uint64(2)
		if x.MinimumSubmittedBids != nil {
			minBids = *x.MinimumSubmittedBids
		}
		if x.MinimumContractingProcesses != nil {
			minProcs = *x.MinimumContractingProcesses
		}
		for _, g := range []string{"Buyer", "ProcuringEntity", "Tenderer"} {
			minimum := minProcs
			if g == "Tenderer" {
				minimum = minBids
			}
			kept := map[string]float64{}
			var rs []float64
			for id, f := range o.r038[g] {
				if f[1] >= minimum {
					kept[id] = float64(f[0]) / float64(f[1])
					rs = append(rs, kept[id])
				}
			}
			if len(kept) == 0 {
				continue
			}
			var fence float64
			if x.Threshold != nil {
				fence = *x.Threshold
			} else {
				q1 := oracleQuantile(rs, 0.25)
				q3 := oracleQuantile(rs, 0.75)
				o.setMeta("R038", g+"_q1", q1)
				o.setMeta("R038", g+"_q3", q3)
				fence = math.FMA(q3-q1, 1.5, q3)
			}
			o.setMeta("R038", g+"_upper_fence", fence)
			if fence > 0 {
				for id, r := range kept {
					if r >= fence {
						o.set(g, id, "R038", r)
					}
				}
			}
		}
	}
	if x := s.R048; x != nil {
		minProcs := 20
		if x.MinimumContractingProcesses != nil {
			minProcs = int(*x.MinimumContractingProcesses)
		}
		kept := map[string]float64{}
		var ls []float64
		for id, c := range o.r048 {
			if c.count >= minProcs {
				kept[id] = float64(len(c.codes))
				ls = append(ls, kept[id])
			}
		}
		var fence float64
		if x.Threshold != nil {
			fence = float64(*x.Threshold)
		} else {
			q1 := oracleQuantile(ls, 0.25)
			q3 := oracleQuantile(ls, 0.75)
			o.setMeta("R048", "q1", q1)
			o.setMeta("R048", "q3", q3)
			fence = math.FMA(q3-q1, 1.5, q3)
		}
		o.setMeta("R048", "upper_fence", fence)
		for id, l := range kept {
			if l >= fence {
				o.set("Tenderer", id, "R048", l)
			}
		}
	}
	if x := s.R058; x != nil {
		var fence float64
		if x.Threshold != nil {
			fence = *x.Threshold
		} else {
			q1 := oracleQuantile(ratios, 0.25)
			q3 := oracleQuantile(ratios, 0.75)
			o.setMeta("R058", "q1", q1)
			o.setMeta("R058", "q3", q3)
			fence = math.FMA(q3-q1, 1.5, q3)
		}
		o.setMeta("R058", "upper_fence", fence)
		if fence > 0 {
			for ocid, r := range o.ratios {
				if r >= fence {
					o.set("OCID", ocid, "R058", r)
					o.set("Tenderer", o.pair[ocid][0], "R058", 0)
				}
			}
		}
	}
}

// oracleTime reads an RFC 3339 date-time into Unix seconds and nanoseconds
// (a leap second kept as nanoseconds past the 59th second).
type oracleInstant struct {
	days, secs, nanos int64
}

func oracleTime(s string) (oracleInstant, bool) {
	var y, mo, d, h, mi, se int
	if len(s) < 20 || s[4] != '-' || s[7] != '-' || s[13] != ':' || s[16] != ':' || !strings.ContainsRune("Tt ", rune(s[10])) {
		return oracleInstant{}, false
	}
	for _, f := range []struct {
		p    *int
		a, b int
	}{{&y, 0, 4}, {&mo, 5, 7}, {&d, 8, 10}, {&h, 11, 13}, {&mi, 14, 16}, {&se, 17, 19}} {
		for _, c := range s[f.a:f.b] {
			if c < '0' || c > '9' {
				return oracleInstant{}, false
			}
		}
		*f.p, _ = strconv.Atoi(s[f.a:f.b])
	}
	rest := s[19:]
	var nanos int64
	if strings.HasPrefix(rest, ".") {
		j := 1
		for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
			j++
		}
		if j == 1 {
			return oracleInstant{}, false
		}
		frac := rest[1:j]
		if len(frac) > 9 {
			frac = frac[:9]
		}
		frac += strings.Repeat("0", 9-len(frac))
		nanos, _ = strconv.ParseInt(frac, 10, 64)
		rest = rest[j:]
	}
	var off int
	switch {
	case rest == "Z" || rest == "z":
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':',
		len(rest) == 8 && strings.HasPrefix(rest, "\u2212") && rest[5] == ':':
		sign := 1
		if rest[0] != '+' {
			sign = -1
		}
		tz := rest[len(rest)-5:]
		oh, err1 := strconv.Atoi(tz[:2])
		om, err2 := strconv.Atoi(tz[3:])
		if err1 != nil || err2 != nil || tz[0] == '+' || tz[0] == '-' || tz[3] == '+' || tz[3] == '-' || oh > 23 || om > 59 {
			return oracleInstant{}, false
		}
		off = sign * (oh*3600 + om*60)
	default:
		return oracleInstant{}, false
	}
	monthDays := []int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
	if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		monthDays[1] = 29
	}
	if mo < 1 || mo > 12 || d < 1 || d > monthDays[mo-1] || h > 23 || mi > 59 || se > 60 {
		return oracleInstant{}, false
	}
	if se == 60 {
		se = 59
		nanos += 1e9
	}
	// Days since 0000-03-01, then shifted to 1970.
	yy, mm := y, mo
	if mm <= 2 {
		yy--
		mm += 12
	}
	days := int64(365*yy+yy/4-yy/100+yy/400+(153*(mm-3)+2)/5+d-1) - 719468
	if yy < 0 {
		days = int64(365*yy + floorDiv(yy, 4) - floorDiv(yy, 100) + floorDiv(yy, 400) + (153*(mm-3)+2)/5 + d - 1 - 719468)
	}
	secs := int64(h*3600+mi*60+se) - int64(off)
	days += floorDiv64(secs, 86400)
	secs -= floorDiv64(secs, 86400) * 86400
	return oracleInstant{days, secs, nanos}, true
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorDiv64(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// oracleDays counts whole days from a to b, truncating toward zero, with
// the leap-second adjustment of the reference's date library.
func oracleDays(a, b oracleInstant) int64 {
	secs := (b.days-a.days)*86400 + (b.secs - a.secs)
	if b.secs > a.secs && a.nanos >= 1e9 {
		secs++
	} else if b.secs < a.secs && b.nanos >= 1e9 {
		secs--
	}
	// total = secs + (b.nanos - a.nanos) ns, as an exact rational
	dn := b.nanos - a.nanos
	secs += floorDiv64(dn, 1e9)
	dn -= floorDiv64(dn, 1e9) * 1e9
	if secs < 0 && dn > 0 {
		secs++
	}
	return secs / 86400
}

// json renders the oracle's results like the package's output (NaN and
// infinities as null, Meta rounded to 4 decimals), for comparison after
// normalisation.
func (o *oracle) json() []byte {
	num := func(v float64) any {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil
		}
		return v
	}
	out := map[string]any{}
	for g, m := range o.results {
		gm := map[string]any{}
		for id, codes := range m {
			cm := map[string]any{}
			for c, v := range codes {
				cm[c] = num(v)
			}
			gm[id] = cm
		}
		out[g] = gm
	}
	meta := map[string]any{}
	for c, m := range o.meta {
		mm := map[string]any{}
		for k, v := range m {
			mm[k] = num(math.Round(v*10000) / 10000)
		}
		meta[c] = mm
	}
	out["Meta"] = meta
	b, err := json.Marshal(out)
	if err != nil {
		panic(err)
	}
	return b
}
