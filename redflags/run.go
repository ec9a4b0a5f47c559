// SPDX-License-Identifier: EUPL-1.2

package redflags

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// Options tunes a run.
type Options struct {
	// Workers is the number of goroutines decoding and folding releases;
	// 0 means GOMAXPROCS.
	Workers int
	// Warn, if set, receives the skipped lines (line number and reason), in
	// line order, after the input is read; and notes about the settings
	// (line 0).
	Warn func(line int64, reason string)
	// MaxWarnings caps how many skipped lines are reported one by one (the
	// rest are counted); 0 means 1000.
	MaxWarnings int
}

// set is a set of strings.
type set = map[string]struct{}

func has(s set, v string) bool {
	_, ok := s[v]
	return ok
}

// engine is the resolved configuration, shared read-only by the workers.
type engine struct {
	on             [numCodes]bool
	slbr           bool // R024 or R058: the second-lowest bid ratio is needed
	exclude        set  // [exclusions] procurement_method_details
	priceInclude   set  // price_comparison_procurement_methods
	priceExclude   set  // no_price_comparison_procurement_methods
	currency       string
	fixedCurrency  bool
	r003Threshold  int64
	r003Methods    set
	r003Details    map[string]int64
	r018Methods    set
	r024Threshold  *float64
	r025Percentile uint64
	r025Threshold  *float64
	r035Threshold  uint64
	r038Threshold  *float64
	r038MinBids    uint64
	r038MinProcs   uint64
	r048Digits     uint64
	r048Threshold  *uint64
	r048MinProcs   uint64
	r058Threshold  *float64
}

func orDefault[T any](p *T, def T) T {
	if p != nil {
		return *p
	}
	return def
}

func newEngine(s *Settings) *engine {
	if s == nil {
		s = &Settings{}
	}
	e := &engine{
		exclude:      pipeSet(s.Exclusions.ProcurementMethodDetails, ""),
		priceInclude: pipeSet(s.PriceComparisonProcurementMethods, ""),
		priceExclude: pipeSet(s.NoPriceComparisonProcurementMethods, ""),
	}
	for _, c := range codes {
		e.on[c] = s.enabled(c)
	}
	e.slbr = e.on[r024] || e.on[r058]
	if s.Currency != nil {
		e.currency, e.fixedCurrency = *s.Currency, true
	}
	if x := s.R003; x != nil {
		e.r003Threshold = orDefault(x.Threshold, 15)
		e.r003Methods = pipeSet(x.ProcurementMethods, "")
		e.r003Details = x.ProcurementMethodDetails
	}
	if x := s.R018; x != nil {
		e.r018Methods = pipeSet(x.ProcurementMethods, "open|selective")
	}
	if x := s.R024; x != nil {
		e.r024Threshold = x.Threshold
	}
	if x := s.R025; x != nil {
		e.r025Percentile = orDefault(x.Percentile, 75)
		e.r025Threshold = x.Threshold
	}
	if x := s.R035; x != nil {
		e.r035Threshold = max(orDefault(x.Threshold, 1), 1)
	}
	if x := s.R038; x != nil {
		e.r038Threshold = x.Threshold
		e.r038MinBids = orDefault(x.MinimumSubmittedBids, 2)
		e.r038MinProcs = orDefault(x.MinimumContractingProcesses, 2)
	}
	if x := s.R048; x != nil {
		e.r048Digits = orDefault(x.Digits, 2)
		e.r048Threshold = x.Threshold
		e.r048MinProcs = orDefault(x.MinimumContractingProcesses, 20)
	}
	if x := s.R058; x != nil {
		e.r058Threshold = x.Threshold
	}
	return e
}

// matchesDetails applies an allow list (include) or, when it is empty, a
// deny list (exclude) to tender/procurementMethodDetails. A release without
// the field passes only a deny list.
func matchesDetails(r *release, include, exclude set) bool {
	d := r.tender.methodDetails
	if !d.ok {
		return len(include) == 0
	}
	if len(include) == 0 {
		return !has(exclude, d.v)
	}
	return has(include, d.v)
}

// matchesMethod checks tender/procurementMethod against a list; an empty
// list matches everything.
func matchesMethod(r *release, methods set) bool {
	if len(methods) == 0 {
		return true
	}
	return r.tender.method.ok && has(methods, r.tender.method.v)
}

// submitted reports whether a bid counts as submitted: its status is a
// string other than invited or withdrawn (pending, valid, disqualified…).
func (b *bid) submitted() bool {
	return b.status.ok && b.status.v != "invited" && b.status.v != "withdrawn"
}

// completeAwards finds the awards in a final state. It reports final=false
// if an award has a status other than active, cancelled or unsuccessful
// (awards without a string status are ignored); otherwise n is the number
// of active awards and idx the index of the last one.
func completeAwards(r *release) (idx, n int, final bool) {
	for i := range r.awards {
		st := r.awards[i].status
		if !st.ok {
			continue
		}
		switch st.v {
		case "active":
			idx, n = i, n+1
		case "cancelled", "unsuccessful":
		default:
			return 0, 0, false
		}
	}
	return idx, n, true
}

// soleSupplier returns the id of the only supplier of the only complete
// award, if all awards are final and there is exactly one such supplier.
func soleSupplier(r *release) (string, bool) {
	idx, n, final := completeAwards(r)
	if !final || n != 1 {
		return "", false
	}
	sup := r.awards[idx].suppliers
	if len(sup) != 1 || !sup[0].ok {
		return "", false
	}
	return sup[0].v, true
}

// Accumulated state of one worker.

type foldResult struct {
	seq   int64
	group Group
	code  code
	key   string
	value float64
}

type fraction struct {
	num, den uint64
	first    int64 // first line that touched it
}

type classes struct {
	count    uint64
	codes    map[string]struct{}
	first    int64
	lastLine int64
}

type slbrRec struct {
	line          int64
	ocid          string
	currency      string
	ratio         float64
	winner, loser string
}

type r036Rec struct {
	line     int64
	ocid     string
	currency string
}

type warning struct {
	line   int64
	reason string
}

const seqShift = 20 // results per line before sequence numbers collide

type worker struct {
	e   *engine
	dec decoder

	line int64 // current line
	k    int64 // results set on the current line

	fold []foldResult
	slbr []slbrRec
	r036 []r036Rec

	firstCurLine int64 // line of the first observed currency, or -1
	firstCur     string

	r025 map[string]*fraction
	r038 [3]map[string]*fraction // Buyer, ProcuringEntity, Tenderer
	r048 map[string]*classes

	warnings    []warning
	maxWarnings int
	dropped     int64
	stats       Stats

	maxLine int64 // the last line seen

	// scratch space, reused from release to release
	prices           map[priceKey][]string
	arena            []string
	gaps             []gap
	lows             []lowestBid
	setA, setB, setC strSet
}

func newWorker(e *engine, maxWarnings int) *worker {
	w := &worker{e: e, firstCurLine: -1, maxWarnings: maxWarnings}
	w.r025 = map[string]*fraction{}
	for i := range w.r038 {
		w.r038[i] = map[string]*fraction{}
	}
	w.r048 = map[string]*classes{}
	w.prices = map[priceKey][]string{}
	return w
}

func (w *worker) set(g Group, key string, c code, v float64) {
	w.fold = append(w.fold, foldResult{seq: w.line<<seqShift | min(w.k, 1<<seqShift-1), group: g, code: c, key: key, value: v})
	w.k++
}

func (w *worker) warn(line int64, reason string) {
	w.stats.Skipped++
	if len(w.warnings) < w.maxWarnings {
		w.warnings = append(w.warnings, warning{line, reason})
	} else {
		w.dropped++
	}
}

// observeCurrency records the first currency seen by the currency-aware
// indicators, when no currency is configured.
func (w *worker) observeCurrency(c string) {
	if w.firstCurLine < 0 {
		w.firstCurLine, w.firstCur = w.line, c
	}
}

func isBlank(line []byte) bool {
	for _, c := range line {
		switch c {
		case ' ', '\t', '\n', '\f', '\r':
		default:
			return false
		}
	}
	return true
}

func (w *worker) processLine(line []byte, n int64) {
	w.stats.Lines++
	w.maxLine = max(w.maxLine, n)
	if !utf8.Valid(line) {
		w.warn(n, "not valid UTF-8")
		return
	}
	r, kind := w.dec.decode(line)
	switch kind {
	case lineInvalid:
		if isBlank(line) {
			return // blank lines are skipped silently
		}
		w.warn(n, "invalid JSON: "+w.dec.s.msg)
		return
	case lineNotObject:
		w.warn(n, "not a JSON object")
		return
	case lineNoOCID:
		w.warn(n, "no ocid (a string)")
		return
	}
	w.stats.Releases++
	w.release(r, n)
}

// release folds one release into the worker's state.
func (w *worker) release(r *release, n int64) {
	e := w.e
	if r.tender.status.is("cancelled") || !matchesDetails(r, nil, e.exclude) {
		w.stats.Excluded++
		return
	}
	w.line, w.k = n, 0
	if e.slbr {
		w.foldSLBR(r)
	}
	if e.on[r003] {
		w.foldR003(r)
	}
	if e.on[r018] {
		w.foldR018(r)
	}
	if e.on[r025] {
		w.foldR025(r)
	}
	if e.on[r028] {
		w.foldR028(r)
	}
	if e.on[r030] {
		w.foldR030(r)
	}
	if e.on[r035] {
		w.foldR035(r)
	}
	if e.on[r036] {
		w.foldR036(r)
	}
	if e.on[r038] {
		w.foldR038(r)
	}
	if e.on[r048] {
		w.foldR048(r)
	}
}

func (w *worker) frac(m map[string]*fraction, id string) *fraction {
	f := m[id]
	if f == nil {
		f = &fraction{first: w.line}
		m[id] = f
	}
	return f
}

// Reading.

type batch struct {
	first int64 // number of the first line
	data  []byte
	spans []int // start, end of each line in data
}

const (
	batchBytes = 1 << 20
	batchLines = 2048
)

// Run reads compiled releases, one JSON object per line, and calculates
// the indicators enabled in the settings (nil settings enable nothing).
// Lines that are not valid JSON, not objects or have no string ocid are
// skipped and reported through opts.Warn. Only a read error stops the run.
func Run(ctx context.Context, in io.Reader, s *Settings, opts Options) (*Result, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	e := newEngine(s)
	nw := opts.Workers
	if nw <= 0 {
		nw = runtime.GOMAXPROCS(0)
	}
	maxWarn := opts.MaxWarnings
	if maxWarn <= 0 {
		maxWarn = 1000
	}
	if s != nil && s.NoPriceComparisonProcurementMethods != nil && s.PriceComparisonProcurementMethods != nil && opts.Warn != nil {
		opts.Warn(0, "no_price_comparison_procurement_methods has no effect if price_comparison_procurement_methods is set")
	}

	work := make(chan *batch, nw*2)
	free := make(chan *batch, nw*3)
	workers := make([]*worker, nw)
	var wg sync.WaitGroup
	for i := range workers {
		w := newWorker(e, maxWarn)
		workers[i] = w
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range work {
				for j := 0; j < len(b.spans); j += 2 {
					w.processLine(b.data[b.spans[j]:b.spans[j+1]], b.first+int64(j/2))
				}
				select {
				case free <- b:
				default:
				}
			}
		}()
	}

	readErr := readBatches(ctx, in, work, free)
	close(work)
	wg.Wait()
	if readErr != nil {
		return nil, readErr
	}

	res := merge(e, workers)
	if opts.Warn != nil {
		var all []warning
		var dropped int64
		for _, w := range workers {
			all = append(all, w.warnings...)
			dropped += w.dropped
		}
		slices.SortFunc(all, func(a, b warning) int { return int(a.line - b.line) })
		if len(all) > maxWarn {
			dropped += int64(len(all) - maxWarn)
			all = all[:maxWarn]
		}
		for _, wn := range all {
			opts.Warn(wn.line, wn.reason)
		}
		if dropped > 0 {
			opts.Warn(0, fmt.Sprintf("%d more skipped lines not reported", dropped))
		}
	}
	return res, nil
}

// readBatches splits the input into lines (without the \n or \r\n ending)
// and hands them to the workers in batches.
func readBatches(ctx context.Context, in io.Reader, work chan<- *batch, free chan *batch) error {
	br := bufio.NewReaderSize(in, 256*1024)
	var line int64 = 1
	newBatch := func() *batch {
		var b *batch
		select {
		case b = <-free:
			b.data, b.spans = b.data[:0], b.spans[:0]
		default:
			b = &batch{data: make([]byte, 0, batchBytes+64*1024), spans: make([]int, 0, 2*batchLines)}
		}
		b.first = line
		return b
	}
	b := newBatch()
	start := 0
	for {
		chunk, err := br.ReadSlice('\n')
		b.data = append(b.data, chunk...)
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		end := len(b.data)
		if end > start || err == nil {
			if end > start && b.data[end-1] == '\n' {
				end--
				if end > start && b.data[end-1] == '\r' {
					end--
				}
			}
			b.spans = append(b.spans, start, end)
			start = len(b.data)
			line++
		}
		if err != nil { // EOF
			break
		}
		if len(b.data) >= batchBytes || len(b.spans) >= 2*batchLines {
			if cerr := ctx.Err(); cerr != nil {
				return cerr
			}
			work <- b
			b = newBatch()
			start = 0
		}
	}
	if len(b.spans) > 0 {
		work <- b
	}
	return ctx.Err()
}

// merge combines the workers' states and runs the indicators that need the
// whole input (fences and ratios across organisations).
func merge(e *engine, workers []*worker) *Result {
	res := &Result{}
	var maxLine int64
	for _, w := range workers {
		maxLine = max(maxLine, w.maxLine)
		res.Stats.Lines += w.stats.Lines
		res.Stats.Releases += w.stats.Releases
		res.Stats.Skipped += w.stats.Skipped
		res.Stats.Excluded += w.stats.Excluded
	}
	// Apply the results in input order, so that a later line wins for a
	// repeated ocid. Each worker's list is already in order (a worker
	// takes batches in order): merge them.
	heads := make([]int, len(workers))
	for {
		best := -1
		for i, w := range workers {
			if heads[i] < len(w.fold) && (best < 0 || w.fold[heads[i]].seq < workers[best].fold[heads[best]].seq) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		f := &workers[best].fold[heads[best]]
		res.set(f.group, f.key, f.seq, f.code, f.value)
		heads[best]++
	}
	for _, w := range workers {
		w.fold = nil
	}

	// The main currency: configured, or the first one observed.
	currency, haveCurrency := e.currency, e.fixedCurrency
	if !haveCurrency {
		firstLine := int64(-1)
		for _, w := range workers {
			if w.firstCurLine >= 0 && (firstLine < 0 || w.firstCurLine < firstLine) {
				firstLine, currency, haveCurrency = w.firstCurLine, w.firstCur, true
			}
		}
	}

	f := &finisher{e: e, res: res, seq: (maxLine + 1) << seqShift}
	if e.on[r036] && haveCurrency {
		for _, w := range workers {
			for _, rec := range w.r036 {
				if rec.currency == currency {
					res.set(OCID, rec.ocid, rec.line<<seqShift|(1<<seqShift-1), r036, 1)
				}
			}
		}
	}
	var ratios []slbrRec
	if e.slbr && haveCurrency {
		ratios = secondLowestBidRatios(workers, currency)
	}
	if e.on[r024] {
		f.r024(ratios)
	}
	if e.on[r025] {
		f.r025(mergeFractions(workers, func(w *worker) map[string]*fraction { return w.r025 }))
	}
	if e.on[r038] {
		for i, g := range []Group{Buyer, ProcuringEntity, Tenderer} {
			f.r038(g, mergeFractions(workers, func(w *worker) map[string]*fraction { return w.r038[i] }))
		}
	}
	if e.on[r048] {
		f.r048(mergeClasses(workers))
	}
	if e.on[r058] {
		f.r058(ratios)
	}
	for g := range res.groups {
		res.groups[g].sort()
	}
	return res
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// finisher sets the results worked out after reading, numbering them after
// every result set while reading.
type finisher struct {
	e   *engine
	res *Result
	seq int64
}

func (f *finisher) set(g Group, key string, c code, v float64) {
	f.res.set(g, key, f.seq, c, v)
	f.seq++
}

type keyedFraction struct {
	key string
	*fraction
}

// mergeFractions sums per-identifier fractions across workers and returns
// them in the order identifiers were first seen.
func mergeFractions(workers []*worker, field func(*worker) map[string]*fraction) []keyedFraction {
	total := map[string]*fraction{}
	for _, w := range workers {
		for k, v := range field(w) {
			if t, ok := total[k]; ok {
				t.num += v.num
				t.den += v.den
				t.first = min(t.first, v.first)
			} else {
				total[k] = v
			}
		}
	}
	out := make([]keyedFraction, 0, len(total))
	for k, v := range total {
		out = append(out, keyedFraction{k, v})
	}
	slices.SortFunc(out, func(a, b keyedFraction) int {
		if c := cmpInt(a.first, b.first); c != 0 {
			return c
		}
		return strings.Compare(a.key, b.key)
	})
	return out
}

type keyedClasses struct {
	key string
	*classes
}

func mergeClasses(workers []*worker) []keyedClasses {
	total := map[string]*classes{}
	for _, w := range workers {
		for k, v := range w.r048 {
			if t, ok := total[k]; ok {
				t.count += v.count
				t.first = min(t.first, v.first)
				for c := range v.codes {
					t.codes[c] = struct{}{}
				}
			} else {
				total[k] = v
			}
		}
	}
	out := make([]keyedClasses, 0, len(total))
	for k, v := range total {
		out = append(out, keyedClasses{k, v})
	}
	slices.SortFunc(out, func(a, b keyedClasses) int {
		if c := cmpInt(a.first, b.first); c != 0 {
			return c
		}
		return strings.Compare(a.key, b.key)
	})
	return out
}
