// SPDX-License-Identifier: EUPL-1.2

package osa

import (
	"strings"
	"testing"
)

// reference is the textbook distance, without a limit or a buffer.
func reference(a, b []rune) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

func TestDistance(t *testing.T) {
	for _, c := range []struct {
		a, b  string
		limit int
		want  int
	}{
		{"", "", 2, 0},
		{"abc", "", 5, 3},
		{"kitten", "sitting", 5, 3},
		{"expenditure", "expenditrue", 2, 1}, // a transposition
		{"catergory", "category", 2, 1},
		{"ca", "abc", 5, 3}, // OSA, not Damerau: no edit of a transposed pair
		{"larvik", "oslo", 1, 2},
		{"bjørn", "bjorn", 2, 1}, // one rune
	} {
		t.Run(c.a+"/"+c.b, func(t *testing.T) {
			got := Distance([]rune(c.a), []rune(c.b), c.limit)
			if c.want > c.limit {
				if got <= c.limit {
					t.Errorf("Distance = %d, want more than %d", got, c.limit)
				}
				return
			}
			if got != c.want {
				t.Errorf("Distance = %d, want %d", got, c.want)
			}
		})
	}
	// By bytes, ø is two: the distance counts what it is given.
	if got := Distance([]byte("bjørn"), []byte("bjorn"), 3); got != 2 {
		t.Errorf("bytes: %d, want 2", got)
	}
	// Long sequences use a buffer of their own.
	long := strings.Repeat("ab", 60)
	if got := Distance([]rune(long), []rune(long+"c"), 3); got != 1 {
		t.Errorf("long: %d", got)
	}
}

func TestDistanceDoesNotAllocate(t *testing.T) {
	a, b := []byte("kommunerevisjon"), []byte("kommunerevisjonen")
	if n := testing.AllocsPerRun(100, func() { Distance(a, b, 3) }); n != 0 {
		t.Errorf("%v allocations", n)
	}
}

func FuzzDistance(f *testing.F) {
	for _, s := range [][2]string{{"kitten", "sitting"}, {"expenditure", "expenditrue"}, {"bjørn", "bjorn"}, {"", "x"}} {
		f.Add(s[0], s[1], 2)
	}
	f.Fuzz(func(t *testing.T, a, b string, limit int) {
		if limit < 0 || limit > 100 || len(a) > 200 || len(b) > 200 {
			return
		}
		ra, rb := []rune(a), []rune(b)
		want := reference(ra, rb)
		got := Distance(ra, rb, limit)
		if want <= limit && got != want || want > limit && got <= limit {
			t.Fatalf("Distance(%q, %q, %d) = %d, reference %d", a, b, limit, got, want)
		}
		if got != Distance(rb, ra, limit) && want <= limit {
			t.Fatalf("not symmetric: %q %q", a, b)
		}
	})
}
