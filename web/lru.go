// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"container/list"
	"iter"
)

// lru maps keys to values and, beyond its bound, forgets the least recently
// used one at a time: a flood of distinct URLs (pages of lines, say) pushes
// out what nobody asks for any more, not the sessions and analyses every
// request reads. Not safe for concurrent use; its owner locks.
type lru[V any] struct {
	ll list.List // of *lruEntry[V], the most recently used first
	m  map[string]*list.Element
}

type lruEntry[V any] struct {
	key string
	v   V
}

// get returns the value of key and marks it used.
func (l *lru[V]) get(key string) (V, bool) {
	if e, ok := l.m[key]; ok {
		l.ll.MoveToFront(e)
		return e.Value.(*lruEntry[V]).v, true
	}
	var zero V
	return zero, false
}

// put sets the value of key, marked used.
func (l *lru[V]) put(key string, v V) {
	if e, ok := l.m[key]; ok {
		e.Value.(*lruEntry[V]).v = v
		l.ll.MoveToFront(e)
		return
	}
	if l.m == nil {
		l.m = map[string]*list.Element{}
	}
	l.m[key] = l.ll.PushFront(&lruEntry[V]{key: key, v: v})
}

// remove forgets key.
func (l *lru[V]) remove(key string) {
	if e, ok := l.m[key]; ok {
		l.ll.Remove(e)
		delete(l.m, key)
	}
}

// removeOldest forgets the least recently used entry and returns it; ok
// is false when there is none.
func (l *lru[V]) removeOldest() (key string, v V, ok bool) {
	e := l.ll.Back()
	if e == nil {
		return "", v, false
	}
	x := e.Value.(*lruEntry[V])
	l.ll.Remove(e)
	delete(l.m, x.key)
	return x.key, x.v, true
}

func (l *lru[V]) len() int { return len(l.m) }

// all yields the entries, the most recently used first.
func (l *lru[V]) all() iter.Seq2[string, V] {
	return func(yield func(string, V) bool) {
		for e := l.ll.Front(); e != nil; e = e.Next() {
			x := e.Value.(*lruEntry[V])
			if !yield(x.key, x.v) {
				return
			}
		}
	}
}

// reset forgets everything.
func (l *lru[V]) reset() {
	l.ll.Init()
	l.m = nil
}
