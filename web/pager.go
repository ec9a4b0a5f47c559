// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"net/url"
	"strconv"

	"github.com/cityspend/cityspend"
)

// pager is the page of a long list a request asks for (?page=, ?cal=):
// its number from 1, the range of the list it shows and the links to the
// pages before and after ("" at either end).
type pager struct {
	No                 int
	From, To           int
	more               bool // pages follow
	PrevHref, NextHref string
}

// paginate picks the page named by the query parameter param of a list of
// n entries shown per at a time. A page that is no number or lies past
// the list is not found (what names the list in the error).
func paginate(q url.Values, param string, n, per int, what string) (pager, error) {
	no, err := pageNumber(q, param, what)
	if err != nil {
		return pager{}, err
	}
	return pageOf(no, n, per, what)
}

// pageNumber is the page the query parameter param names, from 1 (1 when
// it names none); not a page number, it is not found.
func pageNumber(q url.Values, param, what string) (int, error) {
	s := q.Get(param)
	if s == "" {
		return 1, nil
	}
	no, err := strconv.Atoi(s)
	if err != nil || no < 1 || no > 1<<20 {
		return 0, cityspend.Errorf(cityspend.ENOTFOUND, "%s has no page %q", what, s)
	}
	return no, nil
}

// pageOf is page no of a list of n entries shown per at a time; a page
// past the list is not found.
func pageOf(no, n, per int, what string) (pager, error) {
	if (no-1)*per >= max(n, 1) {
		return pager{}, cityspend.Errorf(cityspend.ENOTFOUND, "%s has no page %d", what, no)
	}
	pg := pager{No: no, From: (no - 1) * per, To: min(no*per, n)}
	pg.more = pg.To < n
	return pg, nil
}

// link sets the links to the pages around: link(no) is page no's.
func (pg *pager) link(link func(no int) string) {
	if pg.No > 1 {
		pg.PrevHref = link(pg.No - 1)
	}
	if pg.more {
		pg.NextHref = link(pg.No + 1)
	}
}

// pageParam is the page number a link keeps of another list: none for
// the first page.
func pageParam(no int) string {
	if no <= 1 {
		return ""
	}
	return strconv.Itoa(no)
}
