// SPDX-License-Identifier: EUPL-1.2

package redflags

// strSet is a set of strings in insertion order, reused from release to
// release. It scans a slice while small and switches to a map when large,
// so that processes with thousands of bids stay linear.
type strSet struct {
	list   []string
	m      map[string]int // position in list, once hashed
	hashed bool
}

const strSetSmall = 32

func (s *strSet) reset() {
	s.list = s.list[:0]
	if s.hashed {
		clear(s.m)
		s.hashed = false
	}
}

// index returns the position of v, if present.
func (s *strSet) index(v string) (int, bool) {
	if s.hashed {
		i, ok := s.m[v]
		return i, ok
	}
	for i, x := range s.list {
		if x == v {
			return i, true
		}
	}
	return 0, false
}

func (s *strSet) has(v string) bool {
	_, ok := s.index(v)
	return ok
}

// add inserts v if absent and returns its position.
func (s *strSet) add(v string) int {
	if i, ok := s.index(v); ok {
		return i
	}
	s.list = append(s.list, v)
	switch {
	case s.hashed:
		s.m[v] = len(s.list) - 1
	case len(s.list) > strSetSmall:
		if s.m == nil {
			s.m = make(map[string]int, 2*strSetSmall)
		}
		for i, x := range s.list {
			s.m[x] = i
		}
		s.hashed = true
	}
	return len(s.list) - 1
}

func (s *strSet) len() int { return len(s.list) }
