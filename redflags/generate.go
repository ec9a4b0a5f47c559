// SPDX-License-Identifier: EUPL-1.2

package redflags

import (
	"bufio"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
)

// Generate writes n synthetic OCDS compiled releases, one per line, for
// benchmarks and load tests. The same seed gives the same data. The
// releases look like a national procurement feed: a few thousand buyers, a
// long tail of tenderers (some much busier than others), the usual
// procurement methods and statuses, tender periods, bids (from one to
// dozens, a few with disqualifications, late dates or equal prices), awards
// with CPV-classified items, contracts and parties, plus text the indicators
// never read.
func Generate(w io.Writer, seed uint64, n int) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	g := &generator{rng: rand.New(rand.NewPCG(seed, seed^0x9E3779B97F4A7C15))}
	for i := 0; i < n; i++ {
		g.buf = g.release(g.buf[:0], i)
		g.buf = append(g.buf, '\n')
		if _, err := bw.Write(g.buf); err != nil {
			return err
		}
	}
	return bw.Flush()
}

type generator struct {
	rng *rand.Rand
	buf []byte
}

var (
	genMethods = []string{"open", "open", "open", "open", "selective", "limited", "direct", "direct"}
	genDetails = []string{"Licitación Pública", "Licitación Pública", "Licitación Pública", "Compra Menor",
		"Comparación de Precios", "Sorteo de Obras", "Proceso de Excepción", "Subasta Inversa"}
	genBidStatus   = []string{"valid", "valid", "valid", "valid", "valid", "valid", "disqualified", "pending", "invited", "withdrawn"}
	genAwardStatus = []string{"active", "active", "active", "active", "active", "active", "active", "cancelled", "unsuccessful", "pending"}
	genWords       = []string{"supply", "of", "office", "equipment", "maintenance", "services", "for", "the", "regional",
		"hospital", "road", "construction", "works", "school", "furniture", "medical", "consumables", "software",
		"licences", "cleaning", "security", "vehicles", "fuel", "catering", "consultancy"}
)

// tenderer picks a tenderer from a skewed population: low numbers are busy.
func (g *generator) tenderer() int {
	return int(math.Pow(g.rng.Float64(), 2.5) * 40000)
}

func (g *generator) date(b []byte, day int, sec int) []byte {
	// day counts from 2015-01-01.
	y, m, d := civil(int64(day) + daysFromCivil(2015, 1, 1))
	b = appendPad(b, y, 4)
	b = append(b, '-')
	b = appendPad(b, m, 2)
	b = append(b, '-')
	b = appendPad(b, d, 2)
	b = append(b, 'T')
	b = appendPad(b, int64(sec/3600), 2)
	b = append(b, ':')
	b = appendPad(b, int64(sec/60%60), 2)
	b = append(b, ':')
	b = appendPad(b, int64(sec%60), 2)
	return append(b, "-04:00"...)
}

func civil(z int64) (y, m, d int64) {
	z += 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	m = mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

func appendPad(b []byte, v int64, width int) []byte {
	s := strconv.FormatInt(v, 10)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

func (g *generator) words(b []byte, n int) []byte {
	for i := 0; i < n; i++ {
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(b, genWords[g.rng.IntN(len(genWords))]...)
	}
	return b
}

func (g *generator) amount(b []byte, v float64) []byte {
	return strconv.AppendFloat(b, math.Round(v*100)/100, 'f', -1, 64)
}

func (g *generator) org(b []byte, prefix string, id int) []byte {
	b = append(b, `{"id":"`...)
	b = append(b, prefix...)
	b = strconv.AppendInt(b, int64(id), 10)
	b = append(b, `","name":"`...)
	b = append(b, prefix...)
	b = append(b, " Company "...)
	b = strconv.AppendInt(b, int64(id), 10)
	return append(b, `"}`...)
}

func (g *generator) release(b []byte, i int) []byte {
	r := g.rng
	buyer := r.IntN(2000)
	method := genMethods[r.IntN(len(genMethods))]
	details := genDetails[r.IntN(len(genDetails))]
	currency := "DOP"
	if r.IntN(40) == 0 {
		currency = "USD"
	}
	day := r.IntN(3650)
	length := 1 + r.IntN(40)
	estimate := math.Exp(8 + 6*r.Float64())

	b = append(b, `{"ocid":"ocds-gen-`...)
	b = appendPad(b, int64(i), 8)
	b = append(b, `","id":"`...)
	b = strconv.AppendInt(b, int64(i), 10)
	b = append(b, `-compiled","date":"`...)
	b = g.date(b, day+length+30, 43200)
	b = append(b, `","tag":["compiled"],"initiationType":"tender","language":"es","buyer":`...)
	b = g.org(b, "DO-UC-", buyer)

	// Tender.
	status := "active"
	switch x := r.IntN(100); {
	case x < 4:
		status = "cancelled"
	case x < 30:
		status = "complete"
	}
	nBids := 1 + int(math.Pow(r.Float64(), 3)*30)
	if r.IntN(200) == 0 {
		nBids = 80 + r.IntN(150) // the odd process with very many bids
	}
	b = append(b, `,"tender":{"id":"T-`...)
	b = strconv.AppendInt(b, int64(i), 10)
	b = append(b, `","title":"`...)
	b = g.words(b, 6)
	b = append(b, `","description":"`...)
	b = g.words(b, 25)
	b = append(b, `","status":"`...)
	b = append(b, status...)
	b = append(b, `","procuringEntity":`...)
	pe := buyer
	if r.IntN(5) == 0 {
		pe = r.IntN(2000)
	}
	b = g.org(b, "DO-UC-", pe)
	b = append(b, `,"procurementMethod":"`...)
	b = append(b, method...)
	b = append(b, `","procurementMethodDetails":"`...)
	b = append(b, details...)
	b = append(b, `","mainProcurementCategory":"goods","tenderPeriod":{"startDate":"`...)
	b = g.date(b, day, 28800+r.IntN(3600))
	b = append(b, `","endDate":"`...)
	b = g.date(b, day+length, 64800)
	b = append(b, `"},"numberOfTenderers":`...)
	b = strconv.AppendInt(b, int64(nBids), 10)
	b = append(b, `,"value":{"amount":`...)
	b = g.amount(b, estimate)
	b = append(b, `,"currency":"`...)
	b = append(b, currency...)
	b = append(b, `"},"documents":[{"id":"D1","documentType":"tenderNotice","url":"https://example.org/notices/`...)
	b = strconv.AppendInt(b, int64(i), 10)
	b = append(b, `.pdf","format":"application/pdf"}]}`...)

	// Bids.
	tenderers := make([]int, nBids)
	for j := range tenderers {
		tenderers[j] = g.tenderer()
	}
	winner := -1
	b = append(b, `,"bids":{"statistics":[{"id":"1","measure":"bids","value":`...)
	b = strconv.AppendInt(b, int64(nBids), 10)
	b = append(b, `}],"details":[`...)
	lowest := math.Inf(1)
	prices := make([]float64, nBids)
	// One bid leads; the others are usually well above it, but in a few
	// processes they are cover bids just above it.
	lead, base := r.IntN(nBids), estimate*(0.8+0.2*r.Float64())
	rigged := r.IntN(30) == 0
	for j := 0; j < nBids; j++ {
		if j > 0 {
			b = append(b, ',')
		}
		st := genBidStatus[r.IntN(len(genBidStatus))]
		price := base
		switch {
		case j == lead:
		case rigged:
			price = base * (1.01 + 0.04*r.Float64())
		default:
			price = base * (1.1 + 0.5*r.Float64())
		}
		if j > 0 && r.IntN(50) == 0 {
			price = prices[j-1] // an identical price
		}
		prices[j] = price
		if st == "valid" && price < lowest {
			lowest, winner = price, j
		}
		b = append(b, `{"id":"B`...)
		b = strconv.AppendInt(b, int64(j), 10)
		b = append(b, `","date":"`...)
		bidDay := day + length - r.IntN(length)
		if r.IntN(30) == 0 {
			bidDay = day + length + 1 + r.IntN(5) // after the tender period
		}
		b = g.date(b, bidDay, 36000+r.IntN(20000))
		b = append(b, `","status":"`...)
		b = append(b, st...)
		b = append(b, `","tenderers":[`...)
		b = g.org(b, "DO-RPE-", tenderers[j])
		if r.IntN(40) == 0 { // a consortium
			b = append(b, ',')
			b = g.org(b, "DO-RPE-", g.tenderer())
		}
		b = append(b, `],"value":{"amount":`...)
		b = g.amount(b, price)
		b = append(b, `,"currency":"`...)
		b = append(b, currency...)
		b = append(b, `"}}`...)
	}
	b = append(b, `]}`...)

	// Awards.
	nAwards := 1
	if r.IntN(8) == 0 {
		nAwards = 2 + r.IntN(2)
	}
	b = append(b, `,"awards":[`...)
	for a := 0; a < nAwards; a++ {
		if a > 0 {
			b = append(b, ',')
		}
		st := genAwardStatus[r.IntN(len(genAwardStatus))]
		sup := tenderers[r.IntN(nBids)]
		if winner >= 0 && r.IntN(10) < 8 {
			sup = tenderers[winner]
		}
		b = append(b, `{"id":"A`...)
		b = strconv.AppendInt(b, int64(a), 10)
		b = append(b, `","status":"`...)
		b = append(b, st...)
		b = append(b, `","date":"`...)
		b = g.date(b, day+length+10, 40000)
		b = append(b, `","value":{"amount":`...)
		b = g.amount(b, estimate*0.9)
		b = append(b, `,"currency":"`...)
		b = append(b, currency...)
		b = append(b, `"},"suppliers":[`...)
		b = g.org(b, "DO-RPE-", sup)
		b = append(b, `],"items":[`...)
		nItems := 1 + r.IntN(4)
		for k := 0; k < nItems; k++ {
			if k > 0 {
				b = append(b, ',')
			}
			// Busy suppliers stick to a few divisions; others roam.
			div := 3 + (sup*7+k)%12
			if r.IntN(6) == 0 {
				div = 3 + r.IntN(45)
			}
			b = append(b, `{"id":"`...)
			b = strconv.AppendInt(b, int64(k), 10)
			b = append(b, `","description":"`...)
			b = g.words(b, 5)
			b = append(b, `","classification":{"scheme":"CPV","id":"`...)
			b = appendPad(b, int64(div), 2)
			b = appendPad(b, int64(r.IntN(1000)), 3)
			b = append(b, "000"...)
			b = append(b, `","description":"`...)
			b = g.words(b, 3)
			b = append(b, `"},"quantity":`...)
			b = strconv.AppendInt(b, int64(1+r.IntN(100)), 10)
			b = append(b, `,"unit":{"name":"unit"}}`...)
		}
		b = append(b, `]}`...)
	}
	b = append(b, `]`...)

	// Contracts and parties: bulk the indicators skip.
	b = append(b, `,"contracts":[{"id":"C1","awardID":"A0","status":"active","value":{"amount":`...)
	b = g.amount(b, estimate*0.9)
	b = append(b, `,"currency":"`...)
	b = append(b, currency...)
	b = append(b, `"},"period":{"startDate":"`...)
	b = g.date(b, day+length+20, 0)
	b = append(b, `"}}],"parties":[`...)
	b = g.org(b, "DO-UC-", buyer)
	b = b[:len(b)-1]
	b = append(b, `,"roles":["buyer","procuringEntity"],"address":{"streetAddress":"Calle `...)
	b = strconv.AppendInt(b, int64(buyer), 10)
	b = append(b, `","locality":"Santo Domingo","countryName":"República Dominicana"}}`...)
	for j := 0; j < nBids; j++ {
		b = append(b, ',')
		b = g.org(b, "DO-RPE-", tenderers[j])
		b = b[:len(b)-1]
		b = append(b, `,"roles":["tenderer"]}`...)
	}
	b = append(b, `]}`...)
	return b
}
