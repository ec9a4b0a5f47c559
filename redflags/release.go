// SPDX-License-Identifier: EUPL-1.2

package redflags

// The decoder below keeps only the members of a compiled release that the
// indicators read. A member of the wrong JSON type counts as absent, as it
// does for the reference, which tests each value's type before using it.
// Where the reference tells an absent array from an empty one, no indicator
// result depends on the difference, so both decode to a nil slice.

// optStr is a string member that may be absent (or not a string).
type optStr struct {
	v  string
	ok bool
}

func (o optStr) is(v string) bool { return o.ok && o.v == v }

type release struct {
	ocid    optStr
	tender  tender
	buyerID optStr  // /buyer/id
	bids    []bid   // /bids/details
	awards  []award // /awards
}

type tender struct {
	status            optStr // /tender/status
	method            optStr // /tender/procurementMethod
	methodDetails     optStr // /tender/procurementMethodDetails
	startDate         optStr // /tender/tenderPeriod/startDate
	endDate           optStr // /tender/tenderPeriod/endDate
	procuringEntityID optStr // /tender/procuringEntity/id
	oneTenderer       bool   // /tender/numberOfTenderers is the integer 1
}

type bid struct {
	status    optStr
	date      optStr
	amount    float64 // value/amount, when hasAmount
	hasAmount bool
	currency  optStr   // value/currency
	tenderers []optStr // tenderers[]/id, one entry per array element
}

type award struct {
	status    optStr
	suppliers []optStr // suppliers[]/id, one entry per array element
	items     []string // items[]/classification/id, only string ids
}

// decoder turns lines into releases, reusing its buffers.
type decoder struct {
	s   scanner
	in  interner
	rel release
}

// interner shares the memory of repeated short strings (statuses,
// currencies, organisation identifiers) and avoids allocating them again.
type interner struct {
	m map[string]string
}

const internMax = 1 << 18

func (in *interner) get(b []byte) string {
	if len(b) > 64 {
		return string(b)
	}
	if in.m == nil {
		in.m = make(map[string]string, 1024)
	}
	if v, ok := in.m[bytesView(b)]; ok {
		return v
	}
	v := string(b)
	if len(in.m) >= internMax {
		clear(in.m)
	}
	in.m[v] = v
	return v
}

// lineKind says what a decoded line held.
type lineKind int

const (
	lineRelease   lineKind = iota // an object with a string ocid
	lineNotObject                 // valid JSON, but not an object
	lineNoOCID                    // an object without a string ocid
	lineInvalid                   // not valid JSON
)

// decode parses one line (which must be valid UTF-8). The release is only
// valid until the next call.
func (d *decoder) decode(line []byte) (*release, lineKind) {
	s := &d.s
	s.reset(line)
	r := &d.rel
	r.reset()
	if s.peek() != '{' {
		if !s.skip() || !s.end() {
			return nil, lineInvalid
		}
		return nil, lineNotObject
	}
	if !d.object(func(k []byte) bool {
		switch bytesView(k) {
		case "ocid":
			return d.plain(&r.ocid)
		case "tender":
			r.tender = tender{}
			return d.tender(&r.tender)
		case "buyer":
			r.buyerID = optStr{}
			return d.idObject(&r.buyerID)
		case "bids":
			r.bids = r.bids[:0]
			return d.bidsObject(r)
		case "awards":
			r.awards = r.awards[:0]
			return d.awards(r)
		}
		return s.skip()
	}) || !s.end() {
		return nil, lineInvalid
	}
	if !r.ocid.ok {
		return nil, lineNoOCID
	}
	return r, lineRelease
}

func (r *release) reset() {
	r.ocid = optStr{}
	r.tender = tender{}
	r.buyerID = optStr{}
	r.bids = r.bids[:0]
	r.awards = r.awards[:0]
}

// object walks the members of an object, calling member with each name
// (valid only during the call) positioned before its value.
func (d *decoder) object(member func(k []byte) bool) bool {
	s := &d.s
	if !s.enter('{') {
		return false
	}
	for first := true; ; first = false {
		more, ok := s.next('}', first)
		if !ok {
			return false
		}
		if !more {
			return true
		}
		k, ok := s.key()
		if !ok || !member(k) {
			return false
		}
	}
}

// array walks the elements of an array, calling elem positioned before each.
func (d *decoder) array(elem func() bool) bool {
	s := &d.s
	if !s.enter('[') {
		return false
	}
	for first := true; ; first = false {
		more, ok := s.next(']', first)
		if !ok {
			return false
		}
		if !more {
			return true
		}
		if !elem() {
			return false
		}
	}
}

// str reads a string member into dst, interned; any other type is skipped
// and leaves dst absent.
func (d *decoder) str(dst *optStr) bool {
	s := &d.s
	if s.peek() != '"' {
		*dst = optStr{}
		return s.skip()
	}
	b, ok := s.str()
	if !ok {
		return false
	}
	*dst = optStr{v: d.in.get(b), ok: true}
	return true
}

// plain reads a string member without interning it, for values that rarely
// repeat (the ocid, dates).
func (d *decoder) plain(dst *optStr) bool {
	s := &d.s
	if s.peek() != '"' {
		*dst = optStr{}
		return s.skip()
	}
	b, ok := s.str()
	if !ok {
		return false
	}
	*dst = optStr{v: string(b), ok: true}
	return true
}

// idObject reads {"id": "..."} into dst; dst is absent if the value is not
// an object or its id is not a string.
func (d *decoder) idObject(dst *optStr) bool {
	s := &d.s
	*dst = optStr{}
	if s.peek() != '{' {
		return s.skip()
	}
	return d.object(func(k []byte) bool {
		if bytesView(k) == "id" {
			return d.str(dst)
		}
		return s.skip()
	})
}

// idArray reads an array of {"id": ...} objects, one entry per element.
func (d *decoder) idArray(dst []optStr) ([]optStr, bool) {
	s := &d.s
	dst = dst[:0]
	if s.peek() != '[' {
		return dst, s.skip()
	}
	ok := d.array(func() bool {
		dst = append(dst, optStr{})
		return d.idObject(&dst[len(dst)-1])
	})
	return dst, ok
}

func (d *decoder) tender(t *tender) bool {
	s := &d.s
	if s.peek() != '{' {
		return s.skip()
	}
	return d.object(func(k []byte) bool {
		switch bytesView(k) {
		case "status":
			return d.str(&t.status)
		case "procurementMethod":
			return d.str(&t.method)
		case "procurementMethodDetails":
			return d.str(&t.methodDetails)
		case "numberOfTenderers":
			t.oneTenderer = false
			c := s.peek()
			if c == '-' || (c >= '0' && c <= '9') {
				lit, integer, ok := s.number()
				if !ok {
					return false
				}
				// Only an unsigned integer literal equal to 1 reads as 1;
				// 1.0 is a float and does not.
				t.oneTenderer = integer && len(lit) == 1 && lit[0] == '1'
				return true
			}
			return s.skip()
		case "tenderPeriod":
			t.startDate, t.endDate = optStr{}, optStr{}
			if s.peek() != '{' {
				return s.skip()
			}
			return d.object(func(k []byte) bool {
				switch bytesView(k) {
				case "startDate":
					return d.plain(&t.startDate)
				case "endDate":
					return d.plain(&t.endDate)
				}
				return s.skip()
			})
		case "procuringEntity":
			return d.idObject(&t.procuringEntityID)
		}
		return s.skip()
	})
}

func (d *decoder) bidsObject(r *release) bool {
	s := &d.s
	if s.peek() != '{' {
		return s.skip()
	}
	return d.object(func(k []byte) bool {
		if bytesView(k) != "details" {
			return s.skip()
		}
		r.bids = r.bids[:0]
		if s.peek() != '[' {
			return s.skip()
		}
		return d.array(func() bool {
			r.bids = grow(r.bids)
			b := &r.bids[len(r.bids)-1]
			tenderers := b.tenderers[:0]
			*b = bid{tenderers: tenderers}
			if s.peek() != '{' {
				return s.skip()
			}
			return d.object(func(k []byte) bool {
				switch bytesView(k) {
				case "status":
					return d.str(&b.status)
				case "date":
					return d.plain(&b.date)
				case "tenderers":
					var ok bool
					b.tenderers, ok = d.idArray(b.tenderers)
					return ok
				case "value":
					b.hasAmount, b.amount, b.currency = false, 0, optStr{}
					if s.peek() != '{' {
						return s.skip()
					}
					return d.object(func(k []byte) bool {
						switch bytesView(k) {
						case "amount":
							b.hasAmount = false
							c := s.peek()
							if c == '-' || (c >= '0' && c <= '9') {
								f, ok := s.float()
								if !ok {
									return false
								}
								b.amount, b.hasAmount = f, true
								return true
							}
							return s.skip()
						case "currency":
							return d.str(&b.currency)
						}
						return s.skip()
					})
				}
				return s.skip()
			})
		})
	})
}

func (d *decoder) awards(r *release) bool {
	s := &d.s
	if s.peek() != '[' {
		return s.skip()
	}
	return d.array(func() bool {
		r.awards = grow(r.awards)
		a := &r.awards[len(r.awards)-1]
		*a = award{suppliers: a.suppliers[:0], items: a.items[:0]}
		if s.peek() != '{' {
			return s.skip()
		}
		return d.object(func(k []byte) bool {
			switch bytesView(k) {
			case "status":
				return d.str(&a.status)
			case "suppliers":
				var ok bool
				a.suppliers, ok = d.idArray(a.suppliers)
				return ok
			case "items":
				a.items = a.items[:0]
				if s.peek() != '[' {
					return s.skip()
				}
				return d.array(func() bool {
					if s.peek() != '{' {
						return s.skip()
					}
					// The last "classification" member of an item wins.
					var id optStr
					ok := d.object(func(k []byte) bool {
						if bytesView(k) == "classification" {
							return d.idObject(&id)
						}
						return s.skip()
					})
					if ok && id.ok {
						a.items = append(a.items, id.v)
					}
					return ok
				})
			}
			return s.skip()
		})
	})
}

// grow extends a slice by one element, reusing spare capacity (and the
// buffers inside the reused element).
func grow[T any](s []T) []T {
	if len(s) < cap(s) {
		return s[:len(s)+1]
	}
	var zero T
	return append(s, zero)
}
