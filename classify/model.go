// SPDX-License-Identifier: EUPL-1.2

package classify

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"math"
)

// Model is a text classifier over character n-grams (3 to 5 characters of
// each word, with word boundaries), hashed into a fixed number of features:
// each class is the TF-IDF centroid of its examples, normalised, and a text
// goes to the class whose centroid is most like it (cosine). Classes are
// CPV groups; it learns from the CPV labels in every language the list has,
// from the keyword rules, and from the lines people have confirmed. Unlike
// whole-word rules it copes with typos, abbreviations and compound words;
// unlike naive Bayes it does not favour classes with few examples.
type Model struct {
	Classes []string             // CPV codes (8 digits), at group level or finer
	Feats   map[uint32][]posting // feature → weight in each class's unit centroid
	IDF     map[uint32]float32
	// Specific maps a class to the most specific code people confirmed in
	// it, so that a prediction names that code.
	Specific map[string]string
	// Decided counts the examples of each class that are the buyer's own
	// decisions, so that a prediction can say it learned from them.
	Decided map[string]int
	// Fallback is the model of the official CPV labels (every language of
	// the loaded list), asked only where this one is not sure: loading the
	// list adds classifications and never changes this model's.
	Fallback *Model
	// Version is the way the model was built (ModelVersion when trained);
	// a stored model of an older way is trained again.
	Version int
}

// ModelVersion is the way TrainModel builds models now: 2 keeps the
// official labels in a fallback model of their own.
const ModelVersion = 2

type posting struct {
	Class  uint16
	Weight float32
}

const (
	featureBits = 20
	// sharpness turns cosine similarities into probabilities (softmax).
	sharpness = 25
)

// grams calls fn with the hashed character n-grams of a text (FNV-1a of
// the n-gram's UTF-8 bytes, computed in place).
func grams(text string, fn func(uint32)) {
	var starts [64]int
	for _, w := range words(text) {
		b := make([]byte, 0, len(w)+2)
		b = append(b, '<')
		b = append(b, w...)
		b = append(b, '>')
		// Byte offsets of the runes.
		n := 0
		for i := range string(b) {
			if n == len(starts)-1 {
				break
			}
			starts[n] = i
			n++
		}
		starts[n] = len(b)
		for size := 3; size <= 5; size++ {
			for i := 0; i+size <= n; i++ {
				h := uint32(2166136261)
				for _, c := range b[starts[i]:starts[i+size]] {
					h ^= uint32(c)
					h *= 16777619
				}
				fn(h & (1<<featureBits - 1))
			}
		}
	}
}

// Example is a text with its CPV code, and a weight (how many lines it
// stands for, or how sure we are).
type Example struct {
	Text   string
	CPV    string
	Weight float64
}

// TrainModel builds a model from examples.
func TrainModel(examples []Example) *Model {
	m := &Model{Feats: map[uint32][]posting{}, IDF: map[uint32]float32{}, Specific: map[string]string{}, Version: ModelVersion}
	index := map[string]int{}
	df := map[uint32]int{}
	sums := []map[uint32]float64{}
	for _, e := range examples {
		c, ok := index[e.CPV]
		if !ok {
			c = len(m.Classes)
			index[e.CPV] = c
			m.Classes = append(m.Classes, e.CPV)
			sums = append(sums, map[uint32]float64{})
		}
		w := e.Weight
		if w <= 0 {
			w = 1
		}
		tf := map[uint32]float64{}
		grams(e.Text, func(f uint32) { tf[f]++ })
		for f, n := range tf {
			df[f]++
			sums[c][f] += w * (1 + math.Log(n))
		}
	}
	nDocs := float64(len(examples))
	for f, n := range df {
		m.IDF[f] = float32(math.Log(1 + nDocs/float64(n)))
	}
	for c, vec := range sums {
		var norm float64
		for f, v := range vec {
			x := v * float64(m.IDF[f])
			vec[f] = x
			norm += x * x
		}
		norm = math.Sqrt(norm)
		if norm == 0 {
			continue
		}
		for f, v := range vec {
			m.Feats[f] = append(m.Feats[f], posting{uint16(c), float32(v / norm)})
		}
	}
	return m
}

// Prediction is the model's best class and its probability.
type Prediction struct {
	CPV         string
	Probability float64
	Similarity  float64 // cosine with the best class
	// scores are the similarities of every class, for comparing the
	// candidates the rules propose.
	scores []float64
}

// Predict scores a text. With no known n-gram it returns no class.
func (m *Model) Predict(text string) Prediction {
	if m == nil || len(m.Classes) == 0 {
		return Prediction{}
	}
	tf := map[uint32]float64{}
	grams(text, func(f uint32) {
		if _, ok := m.IDF[f]; ok {
			tf[f]++
		}
	})
	if len(tf) == 0 {
		return Prediction{}
	}
	var norm float64
	for f, n := range tf {
		x := (1 + math.Log(n)) * float64(m.IDF[f])
		tf[f] = x
		norm += x * x
	}
	norm = math.Sqrt(norm)
	scores := make([]float64, len(m.Classes))
	for f, x := range tf {
		for _, p := range m.Feats[f] {
			scores[p.Class] += x / norm * float64(p.Weight)
		}
	}
	best := 0
	for c := range scores {
		if scores[c] > scores[best] {
			best = c
		}
	}
	var z float64
	for _, s := range scores {
		z += math.Exp(sharpness * (s - scores[best]))
	}
	code := m.Classes[best]
	if s, ok := m.Specific[code]; ok {
		code = s
	}
	return Prediction{CPV: code, Probability: 1 / z, Similarity: scores[best], scores: scores}
}

// score is the model's similarity with the class that holds a code (the
// class whose code is the code's ancestor, descendant or the code itself;
// the best of several), or -1.
func (m *Model) score(p Prediction, code string) float64 {
	best := -1.0
	if p.scores == nil {
		return best
	}
	for c, cls := range m.Classes {
		if related(cls, code) && p.scores[c] > best {
			best = p.scores[c]
		}
	}
	return best
}

// Encode writes the model for the store; Decode reads it.
func (m *Model) Encode() ([]byte, error) {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(m); err != nil {
		return nil, fmt.Errorf("encode model: %w", err)
	}
	return buf.Bytes(), nil
}

// Decode reads a model that Encode wrote.
func Decode(b []byte) (*Model, error) {
	var m Model
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&m); err != nil {
		return nil, fmt.Errorf("decode model: %w", err)
	}
	return &m, nil
}
